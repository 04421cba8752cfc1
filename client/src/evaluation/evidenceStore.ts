/**
 * Posture evidence of tenant policies, fetched through the API client and cached on
 * disk per policy, with a metadata file (date, filters, count). No `vscode` import:
 * the extension, the CLI and tests share it.
 *
 * The evidence file is a JSON array written one record per line, which the language
 * server streams line by line. Both files are written to a temp name and renamed, and
 * a cancelled or failed fetch removes its temp files, so a cache is either the old one
 * or the complete new one, never half written.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { QualysClient } from '../api';

/** postureInfo filters the user picked; empty lists mean "all". */
export interface EvidenceFilters {
  statuses: readonly ('Passed' | 'Failed' | 'Error')[];
  /** Criticality values 0–5 (catalog CRITICALITIES). */
  criticalities: readonly number[];
}

export interface EvidenceMetadata {
  formatVersion: 1;
  policyId: number;
  /** ISO date of the fetch. */
  fetchedAt: string;
  filters: EvidenceFilters;
  /** Posture records in the evidence file. */
  count: number;
  /** Hosts the policy applies to (hostids), whether or not they had postures. */
  hosts: number;
  /** Size of the evidence file, to detect a file that does not belong to this metadata. */
  bytes: number;
}

export interface FetchProgress {
  phase: 'hosts' | 'postures';
  hostsTotal: number;
  hostsDone: number;
  records: number;
}

export interface FetchOptions {
  signal?: AbortSignal;
  onProgress?: (p: FetchProgress) => void;
  /** Hosts per postureInfo call. Default 500. */
  batchSize?: number;
  /** Clock for `fetchedAt` (tests). */
  now?: () => Date;
}

const DEFAULT_BATCH = 500;
/** Progress is reported after each batch and every this many records within one. */
export const PROGRESS_EVERY = 250;
/** Bytes buffered before a write. */
const WRITE_CHUNK = 1 << 20;

export class EvidenceStore {
  /** `dir`: e.g. `<globalStorage>/evidence`. Created on first write. */
  constructor(readonly dir: string) {}

  evidencePath(policyId: number): string {
    return path.join(this.dir, `${policyId}.json`);
  }

  metadataPath(policyId: number): string {
    return path.join(this.dir, `${policyId}.meta.json`);
  }

  /** The metadata of a complete cache of `policyId`, or undefined when there is none. */
  async cached(policyId: number): Promise<EvidenceMetadata | undefined> {
    let meta: EvidenceMetadata;
    try {
      meta = JSON.parse(await readFile(this.metadataPath(policyId), 'utf8')) as EvidenceMetadata;
    } catch {
      return undefined;
    }
    if (meta?.formatVersion !== 1 || meta.policyId !== policyId || typeof meta.count !== 'number') return undefined;
    try {
      const info = await stat(this.evidencePath(policyId));
      // A crash between the two renames leaves a data file the metadata does not describe.
      return info.size === meta.bytes ? meta : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Fetches the evidence of `policyId`: hostids, then postureInfo v5 with evidence,
   * compressed and streamed, in batches of hosts; replaces the cache when complete.
   * Cancelling through `options.signal` rejects (the client's `cancelled` error, or an AbortError)
   * and leaves the previous cache as it was.
   */
  async fetch(client: QualysClient, policyId: number, filters: EvidenceFilters, options: FetchOptions = {}): Promise<EvidenceMetadata> {
    const { signal, onProgress } = options;
    const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
    const progress: FetchProgress = { phase: 'hosts', hostsTotal: 0, hostsDone: 0, records: 0 };
    onProgress?.({ ...progress });

    const entries = await client.resolveHostIds([policyId], undefined, signal);
    const entry = entries.find((e) => String(e.policyId) === String(policyId));
    const hostIds = entry?.hostIds ?? [];
    progress.phase = 'postures';
    progress.hostsTotal = hostIds.length;
    onProgress?.({ ...progress });

    await mkdir(this.dir, { recursive: true });
    const suffix = `${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const dataTemp = `${this.evidencePath(policyId)}.${suffix}`;
    const metaTemp = `${this.metadataPath(policyId)}.${suffix}`;
    try {
      const handle = await open(dataTemp, 'wx');
      let bytes = 0;
      try {
        let buffer = '[';
        const flush = async (): Promise<void> => {
          if (buffer === '') return;
          const chunk = Buffer.from(buffer, 'utf8');
          buffer = '';
          await handle.write(chunk);
          bytes += chunk.length;
        };
        for (let i = 0; i < hostIds.length && entry; i += batchSize) {
          signal?.throwIfAborted();
          const batch = hostIds.slice(i, i + batchSize);
          const records = client.streamPostures([{ policyId: entry.policyId, subscriptionId: entry.subscriptionId, hostIds: batch }], {
            evidence: true,
            compression: true,
            status: filters.statuses.length > 0 ? filters.statuses : undefined,
            criticalityValues: filters.criticalities.length > 0 ? filters.criticalities : undefined,
            signal,
          });
          for await (const record of records) {
            buffer += `${progress.records === 0 ? '\n' : ',\n'}${JSON.stringify(record)}`;
            progress.records++;
            if (progress.records % PROGRESS_EVERY === 0) onProgress?.({ ...progress });
            if (buffer.length >= WRITE_CHUNK) await flush();
          }
          progress.hostsDone = Math.min(hostIds.length, i + batch.length);
          onProgress?.({ ...progress });
        }
        signal?.throwIfAborted();
        buffer += '\n]\n';
        await flush();
        await handle.sync();
      } finally {
        await handle.close();
      }
      const meta: EvidenceMetadata = {
        formatVersion: 1,
        policyId,
        fetchedAt: (options.now?.() ?? new Date()).toISOString(),
        filters: { statuses: [...filters.statuses], criticalities: [...filters.criticalities] },
        count: progress.records,
        hosts: hostIds.length,
        bytes,
      };
      await writeFile(metaTemp, `${JSON.stringify(meta, null, 2)}\n`, { flag: 'wx' });
      signal?.throwIfAborted();
      await rename(dataTemp, this.evidencePath(policyId));
      await rename(metaTemp, this.metadataPath(policyId));
      return meta;
    } catch (e) {
      await rm(dataTemp, { force: true });
      await rm(metaTemp, { force: true });
      throw e;
    }
  }

  /** Removes the cache of `policyId` (metadata first, so a half-removed cache is no cache). */
  async clear(policyId: number): Promise<void> {
    await rm(this.metadataPath(policyId), { force: true });
    await rm(this.evidencePath(policyId), { force: true });
  }
}

/** "2026-11-23 09:40" in local time, for "Use cached evidence from …". */
export function formatFetchDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "Failed, Error · criticality 4, 5" or "all statuses · all criticalities". */
export function describeFilters(filters: EvidenceFilters): string {
  const statuses = filters.statuses.length > 0 ? filters.statuses.join(', ') : 'all statuses';
  const criticalities = filters.criticalities.length > 0 ? `criticality ${filters.criticalities.join(', ')}` : 'all criticalities';
  return `${statuses} · ${criticalities}`;
}
