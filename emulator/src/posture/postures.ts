/**
 * Postures are computed, never stored: one per (policy, control, control technology, host running that
 * technology), with the status the evaluation engine gives the host's collected values. Only the history
 * of status flips (`TenantState.changes`) is kept, for previousStatus and the dates.
 */
import { getCriticality, type PostureStatus } from '../../../server/src/model/catalog';
import { rationaleOf, type Control, type ControlTechnology, type DataPoint } from '../../../server/src/model/policy';
import { controlDefinition } from '../data/controls';
import { collectedValues, hash32, type Host } from '../data/fleet';
import { technologyById } from '../data/technologies';
import { isoNow, type StoredPolicy, type TenantState } from '../tenant';
import { evaluate } from './evaluate';
import { displayedValues, expectedValuesText, plainDescription } from './evidenceText';

export interface World {
  readonly tenant: TenantState;
  readonly hosts: readonly Host[];
  readonly hostsByTech: ReadonlyMap<number, readonly Host[]>;
  readonly seed: number;
}

export function makeWorld(tenant: TenantState, hosts: readonly Host[], seed: number): World {
  const hostsByTech = new Map<number, Host[]>();
  for (const h of hosts) {
    for (const t of h.technologyIds) {
      let list = hostsByTech.get(t);
      if (!list) hostsByTech.set(t, (list = []));
      list.push(h);
    }
  }
  return { tenant, hosts, hostsByTech, seed };
}

export interface Slot {
  readonly sp: StoredPolicy;
  readonly control: Control;
  readonly tech: ControlTechnology;
  readonly host: Host;
  readonly key: string;
}

export interface SlotFilter {
  controlIds?: ReadonlySet<number>;
  hostIds?: ReadonlySet<number>;
}

export function postureKey(policyId: number, controlId: number, technologyId: number, hostId: number): string {
  return `${policyId}:${controlId}:${technologyId}:${hostId}`;
}

/** Every posture slot of a policy, in section / control / technology / host order. */
export function* policySlots(world: World, sp: StoredPolicy, filter: SlotFilter = {}): Generator<Slot> {
  const policyTechs = new Set((sp.policy.technologies ?? []).map((t) => t.technologyId));
  for (const section of sp.policy.sections ?? []) {
    for (const control of section.controls ?? []) {
      if (filter.controlIds && !filter.controlIds.has(control.controlId)) continue;
      for (const tech of control.technologies ?? []) {
        if (!policyTechs.has(tech.technologyId)) continue;
        for (const host of world.hostsByTech.get(tech.technologyId) ?? []) {
          if (filter.hostIds && !filter.hostIds.has(host.hostId)) continue;
          yield { sp, control, tech, host, key: postureKey(sp.policy.policyId, control.controlId, tech.technologyId, host.hostId) };
        }
      }
    }
  }
}

/** Hosts that have at least one posture in the policy. */
export function policyHosts(world: World, sp: StoredPolicy): Host[] {
  const techs = new Set((sp.policy.technologies ?? []).map((t) => t.technologyId));
  return world.hosts.filter((h) => h.technologyIds.some((t) => techs.has(t)));
}

export interface Evaluated {
  status: PostureStatus;
  reason: string;
  /** currentValues as the posture shows them. */
  values: string[];
  dp: DataPoint | undefined;
}

export function evaluateSlot(world: World, slot: Slot): Evaluated {
  const dp = slot.tech.evaluate?.dp;
  if (!dp) return { status: 'Error', reason: 'The control technology has no evaluation.', values: [], dp };
  const values = displayedValues(dp, collectedValues(slot.host, dp.k, world.seed));
  const outcome = evaluate(dp, values);
  return { status: outcome.status, reason: outcome.reason, values, dp };
}

/** Statuses of the policy's postures (restricted by `filter`), to diff before and after an edit. */
export function snapshot(world: World, sp: StoredPolicy, filter: SlotFilter = {}): Map<string, PostureStatus> {
  const out = new Map<string, PostureStatus>();
  for (const slot of policySlots(world, sp, filter)) out.set(slot.key, evaluateSlot(world, slot).status);
  return out;
}

/** Record every posture whose status differs from `before` as a flip that happened now. */
export function recordFlips(world: World, sp: StoredPolicy, before: ReadonlyMap<string, PostureStatus>, filter: SlotFilter = {}): number {
  const now = isoNow();
  let flips = 0;
  for (const slot of policySlots(world, sp, filter)) {
    const old = before.get(slot.key);
    if (old === undefined) continue;
    const status = evaluateSlot(world, slot).status;
    if (status !== old) {
      world.tenant.changes[slot.key] = { status, previousStatus: old, modifiedDate: now };
      flips++;
    }
  }
  sp.lastEvaluatedDate = now;
  return flips;
}

export function forgetPolicyHistory(tenant: TenantState, policyId: number): void {
  const prefix = `${policyId}:`;
  for (const key of Object.keys(tenant.changes)) if (key.startsWith(prefix)) delete tenant.changes[key];
}

/** Posture ids are stable per slot, so postureId requests and repeated downloads agree. */
export function postureIdOf(key: string): number {
  return 20_000_000 + (hash32(key) % 70_000_000);
}

export interface RecordOptions {
  evidence: boolean;
  extendedEvidence: boolean;
  qds: boolean;
  cloudMetaData: boolean;
  scanSource: boolean;
}

function instanceOf(host: Host, technologyId: number): string {
  const tech = technologyById(technologyId);
  if (!tech || tech.os !== null) return 'os';
  const port = tech.family === 'dns' ? 53 : technologyId === 78 ? 3306 : 50000;
  return `${tech.technologyName}:1:${port}:${(host.netBios ?? `HOST${host.hostId}`).toLowerCase()}`;
}

/** One posture record, with the fields (and field order) of the v5 seed sample. */
export function postureRecord(world: World, slot: Slot, ev: Evaluated, opts: RecordOptions, batch: { current: number; total: number }): Record<string, unknown> {
  const { sp, control, tech, host } = slot;
  const def = controlDefinition(control.controlId);
  const change = world.tenant.changes[slot.key];
  const previousStatus = change && change.status === ev.status ? change.previousStatus : ev.status;
  const modified = change && change.status === ev.status ? change.modifiedDate : host.complianceLastScanDate;
  const lastEvaluated = sp.lastEvaluatedDate > host.complianceLastScanDate ? sp.lastEvaluatedDate : host.complianceLastScanDate;
  const passed = ev.status === 'Passed';
  const failed = ev.status === 'Failed';
  const crit = getCriticality(control.criticality ?? 'UNDEFINED');
  const critLabel = crit?.aliasOf ?? crit?.name ?? 'UNDEFINED';
  const expected = ev.dp ? expectedValuesText(ev.dp) : '';
  const record: Record<string, unknown> = {
    id: postureIdOf(slot.key),
    instance: instanceOf(host, tech.technologyId),
    policyId: sp.policy.policyId,
    policyTitle: sp.policy.policyTitle,
    netBios: host.netBios,
    controlId: control.controlId,
    controlStatement: control.statement ?? def?.statement ?? '',
    rationale: rationaleOf(tech) ?? null,
    remediation: tech.remediation ?? null,
    category: def?.category ?? null,
    subCategory: def?.subCategory ?? null,
    controlReference: control.referenceText ?? null,
    technologyId: tech.technologyId,
    status: ev.status,
    previousStatus,
    firstFailDate: failed ? modified : '',
    lastFailDate: failed ? lastEvaluated : '',
    firstPassDate: passed ? modified : '',
    lastPassDate: passed ? lastEvaluated : '',
    postureModifiedDate: modified,
    lastEvaluatedDate: lastEvaluated,
    created: sp.createdDate,
    hostId: host.hostId,
    ip: host.ip,
    trackingMethod: host.trackingMethod,
    os: host.os,
    osCpe: host.osCpe,
    domainName: host.domainName,
    dns: host.dns,
    qgHostid: host.qgHostid,
    networkId: 0,
    networkName: 'Global Default Network',
    complianceLastScanDate: host.complianceLastScanDate,
    customerUuid: '872f6779-71cc-c748-8045-7dfa12015834',
    customerId: '2727621',
    assetId: host.assetId,
    technology: { id: tech.technologyId, name: tech.technologyName },
    criticality: { label: critLabel, value: crit?.value ?? 0 },
    evidence: opts.evidence
      ? {
          expectedValues: expected,
          currentValues: ev.values,
          actualValues: null,
          directoryFimUdc: null,
          lastUpdated: host.complianceLastScanDate,
          extendedEvidence: opts.extendedEvidence && ev.dp ? `Row 1:Data point,Value\nRow 2:${ev.dp.k},${ev.values.join('|')}\n` : null,
          description: plainDescription(ev.dp?.description),
        }
      : null,
    causeOfFailure: failed
      ? { missing: { logic: null, value: expected.split('\n').filter((l) => l !== '') }, unexpected: { value: ev.values } }
      : null,
    userDefinedAttributesList: null,
    currentDataSizeKB: '0.00',
    totalDataSizeKB: '0.00',
    currentBatch: batch.current,
    totalBatches: batch.total,
  };
  if (opts.qds) record.qds = (hash32(slot.key) % 100) + 1;
  if (opts.cloudMetaData) record.cloudMetaData = null;
  if (opts.scanSource) {
    record.scannerLastDetectedDate = host.trackingMethod === 'AGENT' ? null : host.complianceLastScanDate;
    record.agentLastDetectedDate = host.trackingMethod === 'AGENT' ? host.complianceLastScanDate : null;
    record.scanSource = host.trackingMethod === 'AGENT' ? 'Agent' : 'Scanner';
  }
  record.CLOUD_RESOURCE_ID = null;
  return record;
}
