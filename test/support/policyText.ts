/** Builds policy documents from small pieces, so each test states only what it is about. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService, type LanguageServiceParams } from '../../server/src/service/languageService';
import type { Finding } from '../../server/src/service/validation/findings';

export const VALID_DP = { k: 'win.auth.passwords.minage', v: ['1'], l: 0, description: 'The Integer value <B>X</B>.', op: 'ge', fv: [{ value: '161803399999999', set: '0', description: 'Attribute not found' }] };

export function controlWith(dp: unknown, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    controlId: 1072,
    sectionNumber: 1,
    controlNumber: 1,
    statement: "Status of the 'Minimum Password Age' setting",
    criticality: 'CRITICAL',
    isControlDisable: false,
    referenceText: 'Control 1072',
    technologies: [{ technologyId: 18, technologyName: 'Windows Vista', evaluate: { dp }, remediation: 'Set it.', rationale: 'Because.' }],
    ...overrides,
  };
}

export function policyWith(controls: unknown[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    policyId: 5656121,
    policyTitle: 'Documentation_Policy',
    exported: '20-06-2024 06:05:25',
    isActive: true,
    isLocked: false,
    technologies: [{ technologyId: 18, technologyName: 'Windows Vista' }],
    sections: [{ sectionNumber: 1, sectionHeading: 'Section-1', controls }],
    ...overrides,
  };
}

/** A policy whose only data point is `dp` (merged over a valid one). */
export function dpPolicy(dp: Record<string, unknown>): string {
  return JSON.stringify(policyWith([controlWith({ ...VALID_DP, ...dp })]), null, 2);
}

export function doc(text: string, uri = 'file:///test.policy.json'): TextDocument {
  return TextDocument.create(uri, 'qualys-policy', 1, text);
}

export function findProblems(text: string, params?: LanguageServiceParams): Finding[] {
  const service = createLanguageService(params);
  const d = doc(text);
  return service.findProblems(d, service.parse(d));
}

export function codesOf(text: string, params?: LanguageServiceParams): string[] {
  return findProblems(text, params).map((f) => f.code);
}

/** The text a finding underlines. */
export function underlined(text: string, f: Finding): string {
  return text.slice(f.offset, f.offset + f.length);
}

/** The single finding with `code`; fails when there are none or several. */
export function only(text: string, code: string, params?: LanguageServiceParams): Finding {
  const found = findProblems(text, params).filter((f) => f.code === code);
  if (found.length !== 1) throw new Error(`expected one '${code}', got ${found.length}: ${JSON.stringify(findProblems(text, params))}`);
  return found[0];
}
