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
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') return undefined;
    throw new Error(`cannot read the emulator state in ${dataDir} (${err.code ?? err.message})`);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${file} is not valid JSON; move it away to start from the initial tenant`);
  }
}

/** Write temp + rename, so a crash never leaves a half-written state file. */
export function writeStateFile(dataDir: string, value: unknown): void {
  ensureDir(dataDir);
  const file = path.join(dataDir, FILE);
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, JSON.stringify(value));
  renameSync(tmp, file);
}

/**
 * mkdir -p, bounded: Node 20's recursive mkdirSync spins forever where mkdir says ENOENT under an
 * existing parent (e.g. inside /proc), so create the parent chain, then the directory itself once.
 */
function ensureDir(dir: string): void {
  try {
    mkdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code !== 'ENOENT' || path.dirname(dir) === dir) throw e;
    ensureDir(path.dirname(dir));
    try {
      mkdirSync(dir);
    } catch (again) {
      if ((again as NodeJS.ErrnoException).code !== 'EEXIST') throw again;
    }
  }
}
