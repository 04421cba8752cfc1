/**
 * Reads a posture evidence file (a JSON array of postureInfo records) from disk.
 *
 * Evidence cached by the extension is written one record per line (`[`, `{…},`, …, `]`),
 * which is plain JSON yet can be streamed line by line: a large tenant's evidence never
 * sits in memory as one string. Any other JSON array (pretty-printed, or as saved from
 * postureInfo, trailing commas and raw newlines included) is read whole.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { getNodeValue } from 'jsonc-parser';
import type { EvidenceEntry, EvidenceIndexBuilder } from './service/evaluation/evidence';
import { parseStrictJson } from './service/strictJson';

/** Largest file read whole (files streamed line by line have no limit). */
const MAX_WHOLE_FILE_BYTES = 400 * 1024 * 1024;

export class EvidenceFileError extends Error {}

/** Where records go; `reset` drops what was added when line mode turns out not to fit. */
export interface EvidenceSink {
  add(record: unknown): void;
  reset(): void;
}

export interface EvidenceFileResult {
  /** Records passed to the sink. */
  records: number;
  warnings: string[];
}

/**
 * Adds each element of the array in `path` to `sink`. Throws an
 * `EvidenceFileError` with a message for the user when the file is unusable.
 */
export async function readEvidenceFile(path: string, sink: EvidenceSink): Promise<EvidenceFileResult> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new EvidenceFileError(`${path} is not a file.`);
    size = info.size;
  } catch (e) {
    if (e instanceof EvidenceFileError) throw e;
    throw new EvidenceFileError(`Cannot read the evidence file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
  const lines = await readLineRecords(path, sink);
  if (lines !== undefined) return { records: lines, warnings: [] };
  sink.reset();
  if (size > MAX_WHOLE_FILE_BYTES) {
    throw new EvidenceFileError(
      `The evidence file ${path} is ${Math.round(size / 1048576)} MB of JSON that is not one record per line; files this large must hold one posture record per line (as the extension's evidence cache does).`,
    );
  }
  return readWholeFile(path, sink);
}

/** The record count when the file is a one-record-per-line array; undefined when it is not. */
async function readLineRecords(path: string, sink: EvidenceSink): Promise<number | undefined> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  const reader = createInterface({ input: stream, crlfDelay: Infinity });
  let records = 0;
  let state: 'start' | 'items' | 'end' = 'start';
  try {
    for await (const raw of reader) {
      const line = raw.trim();
      if (line === '') continue;
      if (state === 'start') {
        if (line.replace(/^\uFEFF/, '') !== '[') return undefined;
        state = 'items';
      } else if (state === 'items') {
        if (line === ']') {
          state = 'end';
          continue;
        }
        const item = line.endsWith(',') ? line.slice(0, -1) : line;
        if (!item.startsWith('{') || !item.endsWith('}')) return undefined;
        try {
          sink.add(JSON.parse(item));
          records++;
        } catch {
          return undefined;
        }
      } else {
        return undefined;
      }
    }
  } finally {
    reader.close();
    stream.destroy();
  }
  return state === 'end' ? records : undefined;
}

async function readWholeFile(path: string, sink: EvidenceSink): Promise<EvidenceFileResult> {
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  const warnings: string[] = [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Real exports carry trailing commas and raw newlines in strings: read them leniently.
    const { root, problems } = parseStrictJson(text);
    if (!root) throw new EvidenceFileError(`The evidence file ${path} holds no JSON value.`);
    const fatal = problems.filter((p) => p.code !== 'TrailingComma' && p.code !== 'NewlineInString' && p.code !== 'Comment');
    if (fatal.length > 0) {
      const first = fatal[0]!;
      const line = text.slice(0, first.offset).split('\n').length;
      throw new EvidenceFileError(`The evidence file ${path} is not valid JSON: ${first.code} at line ${line}.`);
    }
    const kinds = [...new Set(problems.map((p) => ({ TrailingComma: 'trailing commas', NewlineInString: 'raw line breaks inside strings', Comment: 'comments' })[p.code] ?? p.code))];
    warnings.push(`The evidence file is not strict JSON (${kinds.join(', ')}); it was read leniently.`);
    value = getNodeValue(root);
  }
  if (!Array.isArray(value)) {
    throw new EvidenceFileError(`The evidence file ${path} must hold a JSON array of posture records (as postureInfo returns), not ${value === null ? 'null' : typeof value}.`);
  }
  for (const r of value) sink.add(r);
  return { records: value.length, warnings };
}

// ------------------------------------------------------------ the worker thread

/** Messages from `evaluationWorker.ts` to the server. */
export type EvidenceWorkerMessage =
  | { type: 'items'; items: (EvidenceEntry | { skip: string })[] }
  | { type: 'reset' }
  | { type: 'done'; records: number; warnings: string[] }
  | { type: 'error'; message: string; forUser: boolean };

/**
 * `readEvidenceFile` in a worker thread (`workerPath`, the built evaluationWorker.js):
 * the JSON parsing of a large file, by far the heaviest part of loading evidence, then
 * never holds up the server's requests. Entries arrive in chunks and go into `builder`.
 */
export function readEvidenceFileInWorker(workerPath: string, path: string, builder: EvidenceIndexBuilder): Promise<EvidenceFileResult> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (work: () => void): void => {
      if (settled) return;
      settled = true;
      work();
      void worker.terminate();
    };
    const worker = new Worker(workerPath, { workerData: { path } });
    worker.on('message', (m: EvidenceWorkerMessage) => {
      switch (m.type) {
        case 'items':
          for (const item of m.items) {
            if ('skip' in item) builder.addSkipped(item.skip);
            else builder.addEntry(item);
          }
          break;
        case 'reset':
          builder.reset();
          break;
        case 'done':
          settle(() => resolve({ records: m.records, warnings: m.warnings }));
          break;
        case 'error':
          settle(() => reject(m.forUser ? new EvidenceFileError(m.message) : new Error(m.message)));
          break;
      }
    });
    worker.on('error', (e) => settle(() => reject(e)));
    worker.on('exit', (code) => settle(() => reject(new Error(`The evaluation worker stopped (exit code ${code}) before reading ${path}.`))));
  });
}
