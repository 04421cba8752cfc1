/**
 * Technologies and library labels. Ids and names marked "seed" appear in the seed documents;
 * the others are emulator additions so that every library policy has a technology.
 */
import seed from './seedSamples.json';

export type Family = 'windows' | 'linux' | 'debian' | 'macos' | 'database' | 'dns';

export interface TechnologyInfo {
  readonly technologyId: number;
  readonly technologyName: string;
  readonly family: Family;
  /** Operating system string reported by hosts of this technology (null for applications). */
  readonly os: string | null;
}

export const TECHNOLOGIES: readonly TechnologyInfo[] = [
  { technologyId: 1, technologyName: 'Windows XP desktop', family: 'windows', os: 'Windows XP Professional SP3' }, // seed
  { technologyId: 18, technologyName: 'Windows Vista', family: 'windows', os: 'Windows Vista Business SP2' }, // seed
  { technologyId: 54, technologyName: 'Windows 8', family: 'windows', os: 'Windows 8.1 Pro' }, // seed
  { technologyId: 106, technologyName: 'Windows 2016 Server', family: 'windows', os: 'Windows Server 2016 Datacenter' }, // seed (posture)
  { technologyId: 331, technologyName: 'Windows 11', family: 'windows', os: 'Windows 11 Enterprise 23H2' }, // seed
  { technologyId: 25, technologyName: 'Red Hat Enterprise Linux 5.x', family: 'linux', os: 'Red Hat Enterprise Linux Server 5.11' },
  { technologyId: 43, technologyName: 'CentOS 6.x', family: 'linux', os: 'CentOS 6.10' }, // seed (posture)
  { technologyId: 45, technologyName: 'Red Hat Enterprise Linux 6.x', family: 'linux', os: 'Red Hat Enterprise Linux Server 6.10' }, // seed
  { technologyId: 80, technologyName: 'CentOS 7.x', family: 'linux', os: 'CentOS Linux 7.9.2009' }, // seed
  { technologyId: 81, technologyName: 'Red Hat Enterprise Linux 7.x', family: 'linux', os: 'Red Hat Enterprise Linux Server 7.9' }, // seed
  { technologyId: 217, technologyName: 'Red Hat Enterprise Linux 8.x', family: 'linux', os: 'Red Hat Enterprise Linux 8.8' }, // seed
  { technologyId: 372, technologyName: 'Red Hat Enterprise Linux 9.x', family: 'linux', os: 'Red Hat Enterprise Linux 9.3' }, // seed
  { technologyId: 261, technologyName: 'Ubuntu 20.x', family: 'debian', os: 'Ubuntu 20.04.6 LTS' }, // seed
  { technologyId: 346, technologyName: 'Debian GNU/Linux 11.x', family: 'debian', os: 'Debian Linux 11.1' }, // seed
  { technologyId: 391, technologyName: 'ISC BIND 9.x', family: 'dns', os: null }, // seed
  { technologyId: 78, technologyName: 'MariaDB 10.x', family: 'database', os: null }, // seed
  { technologyId: 96, technologyName: 'IBM DB2 11.x', family: 'database', os: null },
  { technologyId: 120, technologyName: 'Mac OS X 10.12', family: 'macos', os: 'macOS Sierra 10.12.6' },
  { technologyId: 409, technologyName: 'Windows Server 2025', family: 'windows', os: 'Windows Server 2025 Datacenter' },
  { technologyId: 23, technologyName: 'Windows 2008 Server', family: 'windows', os: 'Windows Server 2008 Enterprise SP2' },
];

const BY_ID = new Map(TECHNOLOGIES.map((t) => [t.technologyId, t]));

export function technologyById(id: number): TechnologyInfo | undefined {
  return BY_ID.get(id);
}

export function technologyName(id: number): string {
  return BY_ID.get(id)?.technologyName ?? `Technology ${id}`;
}

export interface Label {
  readonly labelId: number;
  readonly labelName: string;
}

/** The label list of the seed (`GET /pcas/v1/library/label`). */
export const LABELS: readonly Label[] = seed.labels;
