/** Persistence of the tenant state: one JSON file per emulator data directory, replaced atomically. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const FILE = 'tenant.json';

export function readStateFile<T>(dataDir: string): T | undefined {
  const file = path.join(dataDir, FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${file} is not valid JSON; move it away to start from the initial tenant`);
  }
}

/** Write temp + rename, so a crash never leaves a half-written state file. */
export function writeStateFile(dataDir: string, value: unknown): void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, FILE);
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, JSON.stringify(value));
  renameSync(tmp, file);
}
