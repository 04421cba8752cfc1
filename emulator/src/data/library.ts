/**
 * The policy library (`/pcas/v1/library/...`): the seed's library policies, each with sections and
 * controls drawn from the control catalog. Titles, versions, dates and descriptions come from the seeds.
 */
import seed from './seedSamples.json';
import { GENERATED } from './controls';

export interface LibraryControlRef {
  readonly controlId: number;
  readonly referenceText: string;
  /** Library policies mark manual checks inactive. */
  readonly isControlDisable?: boolean;
}

export interface LibrarySection {
  readonly sectionNumber: number;
  readonly sectionHeading: string;
  readonly controls: readonly LibraryControlRef[];
}

export interface LibraryPolicy {
  readonly policyId: number;
  readonly policyTitle: string;
  readonly description: string;
  readonly coverPage: string;
  readonly version: number;
  /** dd/mm/yyyy, as the list API prints it. */
  readonly date: string;
  readonly labelIds: readonly number[];
  readonly technologyIds: readonly number[];
  readonly sections: readonly LibrarySection[];
  /** "dd-mm-yyyy HH:MM:SS" shown by details=full. */
  readonly exported: string;
}

const CIS = 1001;
const DISA = 2050;
const VENDOR = 1051;
const MANDATE = 1017;
const QUALYS = 1000;
const RANSOMWARE = 7325;

const CIS_SECTIONS = seed.centos7Basic.sections.map((s) => s.sectionHeading);

/** Spread `ids` over the headings round-robin in blocks, numbering reference texts like CIS does. */
function sectionsOf(headings: readonly string[], ids: readonly number[], leading: Record<number, readonly number[]> = {}): LibrarySection[] {
  const per = Math.ceil(ids.length / headings.length);
  return headings.map((sectionHeading, i) => {
    const sectionNumber = i + 1;
    const chosen = [...(leading[sectionNumber] ?? []), ...ids.slice(i * per, (i + 1) * per)];
    return {
      sectionNumber,
      sectionHeading,
      controls: chosen.map((controlId, j) => ({
        controlId,
        referenceText: `${sectionNumber}.${Math.floor(j / 4) + 1}.${(j % 4) + 1}`,
        isControlDisable: j % 17 === 16 ? true : undefined,
      })),
    };
  });
}

function listEntry(id: number): { policyTitle: string; version: number; date: string; description: string } {
  const e = seed.libraryList.find((x) => x.policyId === id);
  if (!e) throw new Error(`library seed entry ${id} missing`);
  return { policyTitle: e.policyTitle, version: e.version, date: e.date, description: e.description ?? defaultDescription(e.policyTitle) };
}

function defaultDescription(title: string): string {
  return `This policy is based on the ${title.replace(/\s*\[.*$/, '')}. The controls within the policy are configured on the basis of values provided by the benchmark.`;
}

const linux = GENERATED.linux;
const windows = GENERATED.windows;

const RHEL8_L1 = linux.filter((_, i) => i % 3 !== 2);

export const LIBRARY: readonly LibraryPolicy[] = [
  {
    policyId: 1464495,
    ...listEntry(1464495),
    coverPage: seed.rhel8Full.coverPage,
    labelIds: [CIS, QUALYS],
    technologyIds: [217],
    sections: sectionsOf(CIS_SECTIONS, linux, { 1: [28951, 29271], 2: [1114], 4: [1071] }),
    exported: seed.rhel8Full.exported,
  },
  {
    policyId: 1464494,
    ...listEntry(1464494),
    coverPage: seed.rhel8Full.coverPage.replace('Level 1 and Level 2', 'Level 1'),
    labelIds: [CIS],
    technologyIds: [217],
    sections: sectionsOf(CIS_SECTIONS, RHEL8_L1, { 1: [28951, 29271], 4: [1071] }),
    exported: seed.rhel8Full.exported,
  },
  {
    policyId: 1464240,
    policyTitle: seed.centos7Basic.policyTitle,
    description: defaultDescription(seed.centos7Basic.policyTitle),
    coverPage: seed.centos7Basic.coverPage,
    version: 9,
    date: '02/06/2025',
    labelIds: [CIS],
    technologyIds: [80],
    sections: sectionsOf(CIS_SECTIONS, linux.slice(0, 120), { 1: [28951, 29271], 4: [1071] }),
    exported: '02-06-2025 11:20:45',
  },
  {
    policyId: 1465339,
    ...listEntry(1465339),
    coverPage: defaultDescription(listEntry(1465339).policyTitle),
    labelIds: [CIS, MANDATE],
    technologyIds: [106],
    sections: sectionsOf(['Account Policies', 'Local Policies', 'Windows Firewall', 'Advanced Audit Policy Configuration', 'Administrative Templates'], windows, { 1: [1071, 1072], 2: [1048] }),
    exported: '13-11-2024 09:12:03',
  },
  {
    policyId: 1465356,
    ...listEntry(1465356),
    coverPage: defaultDescription(listEntry(1465356).policyTitle),
    labelIds: [CIS, MANDATE],
    technologyIds: [409],
    sections: sectionsOf(['Account Policies', 'Local Policies', 'Advanced Audit Policy Configuration', 'Administrative Templates'], windows, { 1: [1071, 1072], 2: [1048] }),
    exported: '09-05-2025 14:02:51',
  },
  {
    policyId: 1464300,
    ...listEntry(1464300),
    coverPage: defaultDescription(listEntry(1464300).policyTitle),
    labelIds: [DISA, MANDATE],
    technologyIds: [23],
    sections: sectionsOf(['CAT I', 'CAT II', 'CAT III'], windows.slice(0, 30), { 1: [1071, 1072] }),
    exported: '02-06-2025 10:01:12',
  },
  {
    policyId: 1464200,
    ...listEntry(1464200),
    coverPage: defaultDescription(listEntry(1464200).policyTitle),
    labelIds: [CIS, VENDOR],
    technologyIds: [120],
    sections: sectionsOf(['Install Updates, Patches and Additional Security Software', 'System Preferences'], GENERATED.macos),
    exported: '02-06-2025 10:03:40',
  },
  {
    policyId: 1441206,
    ...listEntry(1441206),
    coverPage: defaultDescription(listEntry(1441206).policyTitle),
    labelIds: [CIS, QUALYS],
    technologyIds: [96],
    sections: sectionsOf(['Installation and Patches', 'DB2 Configuration'], GENERATED.database),
    exported: '02-06-2025 10:05:10',
  },
  {
    policyId: 1466012,
    policyTitle: 'Qualys Ransomware Best Practices for Linux and BIND [Debian, MariaDB, BIND 9]',
    description: 'Qualys ransomware best practices for Debian hosts running MariaDB and ISC BIND.',
    coverPage: 'This Qualys policy checks the Debian, MariaDB and ISC BIND configuration settings most often abused by ransomware operators.',
    version: 2,
    date: '21/01/2026',
    labelIds: [RANSOMWARE, QUALYS],
    technologyIds: [346, 78, 391],
    sections: sectionsOf(['Operating System', 'Database', 'DNS'], [...GENERATED.debian.slice(0, 24), ...GENERATED.database, ...GENERATED.dns], { 1: [1071] }),
    exported: '21-01-2026 08:30:00',
  },
];

export function libraryPolicyById(id: number): LibraryPolicy | undefined {
  return LIBRARY.find((p) => p.policyId === id);
}

export function libraryPolicyByTitle(title: string): LibraryPolicy | undefined {
  return LIBRARY.find((p) => p.policyTitle === title);
}
