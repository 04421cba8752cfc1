/**
 * Posture evidence indexed for evaluation: records grouped by control and technology,
 * reduced to what evaluation and display need (the full records can be huge:
 * rationale, remediation and extended evidence are dropped).
 */
import { POSTURE_STATUSES, type PostureStatus } from '../../model/catalog';

/** One posture: a host's recorded result for one control technology. */
export interface HostPosture {
  readonly hostId: string;
  /** DNS name, else NetBIOS name, else IP, else the host id. */
  readonly hostName: string;
  readonly ip?: string;
  readonly technologyName?: string;
  /** evidence.currentValues as collected. */
  readonly values: readonly string[];
  readonly recorded: PostureStatus;
}

export interface EvidenceIndex {
  /** controlId → technologyId → postures, in file order. */
  readonly byControl: ReadonlyMap<number, ReadonlyMap<number, readonly HostPosture[]>>;
  /** Records indexed. */
  readonly records: number;
  readonly hosts: number;
  /** Records of other policies left out (when the file holds several policies). */
  readonly otherPolicyRecords: number;
  readonly skipped: number;
  /** Why records were skipped or left out, one line per reason. */
  readonly notes: readonly string[];
}

export interface IndexOptions {
  /**
   * The policy evaluated. When some records belong to it, records of other policies
   * are left out (the same control can be evaluated differently by another policy).
   */
  policyId?: number;
}

function toInteger(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** evidence.currentValues as strings; undefined when the record carries none to evaluate. */
function currentValuesOf(evidence: Record<string, unknown> | undefined): string[] | undefined {
  const values = evidence?.currentValues;
  if (!Array.isArray(values)) return undefined;
  return values.map((v) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v)));
}

/** One usable posture record, reduced to what evaluation needs. */
export interface EvidenceEntry {
  readonly policyId: number | undefined;
  readonly controlId: number;
  readonly technologyId: number;
  readonly posture: HostPosture;
}

/** Why a record cannot be used (the same words for every record, so they can be counted). */
export type SkipReason = string;

const NO_EVIDENCE: SkipReason = 'no evidence.currentValues (fetch postures with evidenceRequired=1)';

/** The entry of a record, or why it cannot be used. */
export function toEvidenceEntry(raw: unknown): EvidenceEntry | { skip: SkipReason } {
  const r = asRecord(raw);
  if (!r) return { skip: 'not an object' };
  const controlId = toInteger(r.controlId);
  const technology = asRecord(r.technology);
  const technologyId = toInteger(r.technologyId) ?? toInteger(technology?.id);
  const hostId = toInteger(r.hostId)?.toString() ?? nonEmptyString(r.hostId);
  const recorded = POSTURE_STATUSES.find((s) => s === r.status);
  if (controlId === undefined || technologyId === undefined || hostId === undefined || recorded === undefined) {
    const missing = [controlId === undefined && 'controlId', technologyId === undefined && 'technologyId', hostId === undefined && 'hostId', recorded === undefined && 'status (Passed/Failed/Error)']
      .filter(Boolean)
      .join(', ');
    return { skip: `no usable ${missing}` };
  }
  const values = currentValuesOf(asRecord(r.evidence));
  if (values === undefined) return { skip: NO_EVIDENCE };
  const ip = nonEmptyString(r.ip);
  const posture: HostPosture = {
    hostId,
    hostName: nonEmptyString(r.dns) ?? nonEmptyString(r.netBios) ?? ip ?? hostId,
    ip,
    technologyName: nonEmptyString(technology?.name),
    values,
    recorded,
  };
  return { policyId: toInteger(r.policyId), controlId, technologyId, posture };
}

/**
 * Collects posture records one at a time (as parsed from JSON, so untrusted), keeping
 * only the slim `HostPosture` of each: a reader can stream a huge file through it.
 */
export class EvidenceIndexBuilder {
  private entries: EvidenceEntry[] = [];
  /** Skip reason → how many records, and the first one (1-based). */
  private skips = new Map<SkipReason, { count: number; first: number }>();
  private skipped = 0;
  private seen = 0;

  /** Forgets everything added so far. */
  reset(): void {
    this.entries = [];
    this.skips = new Map();
    this.skipped = 0;
    this.seen = 0;
  }

  add(raw: unknown): void {
    const entry = toEvidenceEntry(raw);
    if ('skip' in entry) this.addSkipped(entry.skip);
    else this.addEntry(entry);
  }

  /** An entry made elsewhere (the evaluation worker). */
  addEntry(entry: EvidenceEntry): void {
    this.seen++;
    this.entries.push(entry);
  }

  /** A record that could not be used, and why. */
  addSkipped(reason: SkipReason): void {
    const n = ++this.seen;
    this.skipped++;
    const known = this.skips.get(reason);
    if (known) known.count++;
    else this.skips.set(reason, { count: 1, first: n });
  }

  build(options: IndexOptions = {}): EvidenceIndex {
    const notes = [...this.skips].map(([reason, { count, first }]) => (count === 1 ? `record ${first}: ${reason}` : `${count} records (the first is record ${first}): ${reason}`));
    const wanted = options.policyId;
    const ownPolicy = wanted !== undefined && this.entries.some((e) => e.policyId === wanted);
    const byControl = new Map<number, Map<number, HostPosture[]>>();
    const hosts = new Set<string>();
    let indexed = 0;
    let otherPolicy = 0;
    for (const { policyId, controlId, technologyId, posture } of this.entries) {
      if (ownPolicy && policyId !== wanted) {
        otherPolicy++;
        continue;
      }
      let technologies = byControl.get(controlId);
      if (!technologies) byControl.set(controlId, (technologies = new Map()));
      let postures = technologies.get(technologyId);
      if (!postures) technologies.set(technologyId, (postures = []));
      postures.push(posture);
      hosts.add(posture.hostId);
      indexed++;
    }
    if (otherPolicy > 0) notes.push(`${otherPolicy} record(s) of other policies were left out`);
    return { byControl, records: indexed, hosts: hosts.size, otherPolicyRecords: otherPolicy, skipped: this.skipped, notes };
  }
}

/** Groups posture records by control and technology (see `EvidenceIndexBuilder`). */
export function indexEvidence(records: readonly unknown[], options: IndexOptions = {}): EvidenceIndex {
  const builder = new EvidenceIndexBuilder();
  for (const r of records) builder.add(r);
  return builder.build(options);
}
