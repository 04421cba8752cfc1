/**
 * The tenant's fleet: hosts with their technologies and the values the scanner collected from them.
 * Everything is derived deterministically from (seed, host index, data point key), so the fleet needs
 * no storage and any size can be produced (large fleets feed the streaming tests).
 */
import { collectionSamples, FIXED_SENTINELS } from './controls';
import { technologyById } from './technologies';

export interface Host {
  readonly hostId: number;
  readonly assetId: number;
  readonly ip: string;
  readonly dns: string | null;
  readonly domainName: string | null;
  readonly netBios: string | null;
  readonly os: string | null;
  readonly osCpe: string | null;
  readonly trackingMethod: 'AGENT' | 'IP' | 'EC2';
  readonly qgHostid: string | null;
  /** Operating system technology first, then installed applications (MariaDB, BIND, DB2). */
  readonly technologyIds: readonly number[];
  /** ISO date of the last compliance scan. */
  readonly complianceLastScanDate: string;
}

/** Weighted technology mix: each row is [OS technology, extra application technologies]. */
const MIX: readonly (readonly [number, readonly number[]])[] = [
  [217, []], [18, []], [331, []], [80, []], [106, []], [81, []], [217, [96]], [346, [78, 391]],
  [372, []], [261, []], [18, []], [54, []], [217, []], [18, []], [45, []], [43, []],
  [1, []], [80, []], [18, []], [409, []], [346, [391]], [23, []], [120, []], [25, []], [331, []], [106, []],
];

export const FIRST_HOST_ID = 4783701;

export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A number in [0, 1) fixed by the inputs. */
function unit(...parts: (string | number)[]): number {
  return hash32(parts.join('|')) / 0x100000000;
}

function hex(n: number, len: number): string {
  return n.toString(16).padStart(len, '0').slice(-len);
}

export function makeHost(index: number, seed: number): Host {
  const [osTech, apps] = MIX[index % MIX.length];
  const tech = technologyById(osTech);
  const windows = tech?.family === 'windows';
  const hostId = FIRST_HOST_ID + index;
  const name = windows ? `WIN-${hex(hash32(`${seed}:${index}`), 6).toUpperCase()}` : `srv-${String(index + 1).padStart(3, '0')}`;
  const dns = `${name.toLowerCase()}.corp.example.com`;
  const tracking = index % 5 === 0 ? 'IP' : index % 7 === 0 ? 'EC2' : 'AGENT';
  const day = 1 + Math.floor(unit(seed, index, 'scan') * 27);
  const hour = Math.floor(unit(seed, index, 'hour') * 24);
  const h = hash32(`${seed}:${index}:uuid`);
  return {
    hostId,
    assetId: 41157900 + index,
    ip: `10.${20 + Math.floor(index / 250)}.${(index % 250) + 1}.${10 + (hash32(`${seed}:${index}:ip`) % 240)}`,
    dns: index % 9 === 4 ? null : dns,
    domainName: index % 9 === 4 ? null : dns,
    netBios: windows ? name : index % 3 === 0 ? null : name.toUpperCase(),
    os: tech?.os ?? null,
    osCpe: windows ? 'cpe:/o:microsoft:windows:::x64:' : null,
    trackingMethod: tracking,
    qgHostid: tracking === 'AGENT' ? `${hex(h, 8)}-${hex(h >>> 3, 4)}-4${hex(h >>> 7, 3)}-9${hex(h >>> 11, 3)}-${hex(hash32(dns), 8)}${hex(h, 4)}` : null,
    technologyIds: [osTech, ...apps],
    complianceLastScanDate: `2026-02-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:14:09Z`,
  };
}

export function makeFleet(size: number, seed: number): Host[] {
  return Array.from({ length: size }, (_, i) => makeHost(i, seed));
}

/**
 * What the scanner collected for `key` on this host: a passing sample (about 60 %), a failing one (25 %),
 * or a fixed-value sentinel (15 %). Keys the catalog doesn't know yield "setting not found".
 */
export function collectedValues(host: Host, key: string, seed: number): string[] {
  const s = collectionSamples(key);
  if (!s) return [FIXED_SENTINELS.settingNotFound];
  const r = unit(seed, host.hostId, key);
  const pick = (list: readonly (readonly string[])[]): string[] => [...list[Math.floor(unit(seed, host.hostId, key, 'pick') * list.length)]];
  if (r < 0.6 && s.pass.length) return pick(s.pass);
  if (r < 0.85 && s.fail.length) return pick(s.fail);
  return [r < 0.925 ? FIXED_SENTINELS.settingNotFound : FIXED_SENTINELS.fileNotFound];
}
