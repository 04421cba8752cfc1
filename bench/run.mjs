// Runs every benchmark section (`bench/*.bench.mjs`, in name order). Each exports
// `default async function run({ root, log })` and prints its own table.
// Usage: npm run bench   (builds first, then `node --expose-gc bench/run.mjs`)
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const only = process.argv.slice(2);

const sections = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const log = (line) => process.stdout.write(line + '\n');
log(`qualys-policy benchmarks — node ${process.version}, ${new Date().toISOString()}`);
log('');
for (const file of sections) {
  const mod = await import(pathToFileURL(path.join(here, file)).toString());
  await mod.default({ root, log });
}
