/**
 * The emulator's mutable state: the tenant (persisted when a data directory is given) and the fleet.
 * Every policy edit goes through `edit`, which diffs the affected postures before and after so status
 * flips are recorded, stamps the modification and schedules an atomic save.
 */
import type { Policy } from '../../server/src/model/policy';
import { makeFleet } from './data/fleet';
import { pcasError } from './http';
import { forgetPolicyHistory, makeWorld, recordFlips, snapshot, type SlotFilter, type World } from './posture/postures';
import { readStateFile, writeStateFile } from './store';
import { initialTenant, isoNow, type StoredPolicy, type TenantState } from './tenant';

export class EmulatorState {
  world: World;
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataDir: string | undefined,
    readonly seed: number,
    private hostCount: number,
  ) {
    const loaded = dataDir ? readStateFile<TenantState>(dataDir) : undefined;
    if (loaded && loaded.version !== 1) throw new Error(`unsupported emulator state version ${String(loaded.version)} in ${dataDir}`);
    this.world = makeWorld(loaded ?? initialTenant(), makeFleet(hostCount, seed), seed);
    // Written now, not on a timer, so a data directory that cannot be written fails the start.
    if (!loaded) this.flush();
  }

  get tenant(): TenantState {
    return this.world.tenant;
  }

  setHostCount(n: number): void {
    this.hostCount = n;
    this.world = makeWorld(this.tenant, makeFleet(n, this.seed), this.seed);
  }

  /** Back to the initial tenant; the token secret is kept so clients' tokens stay valid. */
  reset(): void {
    const tenant = initialTenant();
    tenant.tokenSecret = this.tenant.tokenSecret;
    this.world = makeWorld(tenant, makeFleet(this.hostCount, this.seed), this.seed);
    this.save();
  }

  find(policyId: number): StoredPolicy | undefined {
    return this.tenant.policies.find((p) => p.policy.policyId === policyId);
  }

  findByTitle(title: string): StoredPolicy | undefined {
    return this.tenant.policies.find((p) => p.policy.policyTitle === title);
  }

  /** The policy or a 404 naming the id. */
  get(policyId: number, path: string): StoredPolicy {
    const sp = this.find(policyId);
    if (!sp) throw pcasError(404, `Policy with id ${policyId} does not exist.`, path);
    return sp;
  }

  /** The policy, refusing edits while it is locked (423). */
  editable(policyId: number, path: string): StoredPolicy {
    const sp = this.get(policyId, path);
    if (sp.policy.isLocked) {
      throw pcasError(423, `Policy ${policyId} is locked and cannot be edited. Unlock it first (PUT /pcas/v3/policy/lock with isLocked=false).`, path);
    }
    return sp;
  }

  /**
   * Apply `change` to a policy, recording posture flips among the postures `filter` selects
   * (all of the policy's when omitted).
   */
  edit<T>(sp: StoredPolicy, filter: SlotFilter | undefined, change: (p: Policy) => T): T {
    const before = snapshot(this.world, sp, filter);
    const result = change(sp.policy);
    recordFlips(this.world, sp, before, filter);
    sp.modifiedDate = isoNow();
    sp.modifiedBy = 'emulator';
    this.save();
    return result;
  }

  add(sp: StoredPolicy): void {
    this.tenant.policies.push(sp);
    this.save();
  }

  remove(policyId: number): void {
    this.tenant.policies = this.tenant.policies.filter((p) => p.policy.policyId !== policyId);
    forgetPolicyHistory(this.tenant, policyId);
    this.save();
  }

  /** Coalesce the saves of a burst of edits into one write. */
  save(): void {
    if (!this.dataDir || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      // A failed background save (disk full, directory removed) must not crash the server;
      // the next save retries, and close() reports it if it still fails.
      try {
        this.flush();
      } catch {
        this.saveTimer = undefined;
      }
    }, 20);
  }

  /** Writes the state now; throws an Error naming the data directory when that fails. */
  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.dataDir) return;
    try {
      writeStateFile(this.dataDir, this.tenant);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new Error(`cannot save the emulator state in ${this.dataDir} (${err.code ?? err.message})`);
    }
  }
}
