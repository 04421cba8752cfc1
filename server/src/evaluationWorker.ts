/**
 * Worker thread entry (built to dist/evaluationWorker.js): reads one posture evidence
 * file and sends its slim entries to the server in chunks, so parsing a large file never
 * holds up the server's requests. See `readEvidenceFileInWorker`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EvidenceFileError, readEvidenceFile, type EvidenceWorkerMessage } from './evidenceFile';
import { toEvidenceEntry, type EvidenceEntry } from './service/evaluation/evidence';

/** Records per message: small enough that the server deserialises each one quickly. */
const CHUNK = 2000;

function run(port: NonNullable<typeof parentPort>, path: string): void {
  const post = (m: EvidenceWorkerMessage): void => port.postMessage(m);
  // In file order, so the server numbers skipped records as an in-process read would.
  let items: (EvidenceEntry | { skip: string })[] = [];
  const flush = (): void => {
    if (items.length === 0) return;
    post({ type: 'items', items });
    items = [];
  };
  readEvidenceFile(path, {
    add(raw) {
      items.push(toEvidenceEntry(raw));
      if (items.length >= CHUNK) flush();
    },
    reset() {
      items = [];
      post({ type: 'reset' });
    },
  }).then(
    ({ records, warnings }) => {
      flush();
      post({ type: 'done', records, warnings });
    },
    (e: unknown) => post({ type: 'error', message: e instanceof Error ? e.message : String(e), forUser: e instanceof EvidenceFileError }),
  );
}

if (parentPort) run(parentPort, (workerData as { path: string }).path);
