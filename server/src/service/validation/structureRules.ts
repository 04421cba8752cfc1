/**
 * Rules across controls and sections, run on every validation over the cached control
 * summaries (cheap: no tree walk). Offsets here are absolute.
 */
import type { Node } from 'jsonc-parser';
import type { Finding } from './findings';
import type { ControlSummary, Ref } from './controlRules';
import { propertyNode } from './nodes';

export interface SectionInfo {
  /** Index of the section in `sections`. */
  index: number;
  sectionNumber?: Ref<number>; // absolute
  controls: { offset: number; summary: ControlSummary }[];
}

export interface PolicyTechnology {
  id?: Ref<number>; // absolute
  name?: Ref<string>;
}

export interface StructureInput {
  sections: SectionInfo[];
  technologies: PolicyTechnology[] | undefined;
  root: Node;
}

const abs = (r: Ref<unknown>, base: number) => ({ offset: base + r.offset, length: r.length });

export function validateStructure(input: StructureInput): Finding[] {
  const findings: Finding[] = [];
  checkLocked(input.root, findings);
  checkSections(input.sections, findings);
  checkTechnologies(input, findings);
  return findings;
}

function checkLocked(root: Node, findings: Finding[]): void {
  const locked = root.type === 'object' ? propertyNode(root, 'isLocked')?.children?.[1] : undefined;
  if (locked?.type === 'boolean' && locked.value === true) {
    findings.push({
      offset: locked.offset,
      length: locked.length,
      severity: 'info',
      code: 'policy-locked',
      message: 'This policy is locked: push will be refused until it is unlocked.',
    });
  }
}

function checkSections(sections: SectionInfo[], findings: Finding[]): void {
  const sectionNumbers = new Map<number, number>();
  const controlIds = new Map<number, { section?: number; control?: number }>();
  for (const section of sections) {
    const sn = section.sectionNumber;
    if (sn) {
      const first = sectionNumbers.get(sn.value);
      if (first !== undefined) {
        findings.push({ ...sn, severity: 'error', code: 'duplicate-section-number', message: `Section number ${sn.value} is already used by section ${first + 1} of this policy.` });
      } else {
        sectionNumbers.set(sn.value, section.index);
      }
    }
    const numbers = new Set<number>();
    let outOfSequence = false;
    section.controls.forEach(({ offset, summary }, i) => {
      const id = summary.controlId;
      if (id) {
        const prior = controlIds.get(id.value);
        if (prior) {
          const where = prior.section !== undefined ? ` in section ${prior.section}` : '';
          findings.push({ ...abs(id, offset), severity: 'error', code: 'duplicate-control', message: `Control ${id.value} already appears${where}: a control may appear only once in a policy.` });
        } else {
          controlIds.set(id.value, { section: sn?.value, control: summary.controlNumber?.value });
        }
      }
      const csn = summary.sectionNumber;
      if (csn && sn && csn.value !== sn.value) {
        findings.push({
          ...abs(csn, offset),
          severity: 'error',
          code: 'section-number-mismatch',
          message: `This control is in section ${sn.value} but says sectionNumber ${csn.value}.`,
          data: { replacements: [String(sn.value)] },
        });
      }
      const cn = summary.controlNumber;
      if (cn) {
        if (numbers.has(cn.value)) {
          findings.push({ ...abs(cn, offset), severity: 'error', code: 'control-number-sequence', message: `Control number ${cn.value} is used twice in this section.` });
        } else if (cn.value !== i + 1 && !outOfSequence) {
          // One finding per section: the fix renumbers the whole section anyway.
          outOfSequence = true;
          findings.push({
            ...abs(cn, offset),
            severity: 'warning',
            code: 'control-number-sequence',
            message: `Control numbers should run 1, 2, 3… in order; this is control ${i + 1} of the section but says ${cn.value}.`,
          });
        }
        numbers.add(cn.value);
      }
    });
  }
}

function checkTechnologies(input: StructureInput, findings: Finding[]): void {
  // The policy's own list names each id; otherwise the first use in the file does.
  const names = new Map<number, string>();
  const declared = new Set<number>();
  for (const t of input.technologies ?? []) {
    if (!t.id) continue;
    declared.add(t.id.value);
    if (!t.name) continue;
    const known = names.get(t.id.value);
    if (known === undefined) names.set(t.id.value, t.name.value);
    else if (known !== t.name.value) findings.push(nameMismatch(t.name, 0, t.id.value, known));
  }
  for (const section of input.sections) {
    for (const { offset, summary } of section.controls) {
      for (const t of summary.technologies) {
        if (!t.id) continue;
        if (input.technologies && !declared.has(t.id.value)) {
          findings.push({
            ...abs(t.id, offset),
            severity: 'error',
            code: 'technology-not-in-policy',
            message: `Technology ${t.id.value}${t.name ? ` (${t.name.value})` : ''} is not among the policy's technologies: add it to the top-level 'technologies' first.`,
          });
        }
        if (!t.name) continue;
        const known = names.get(t.id.value);
        if (known === undefined) names.set(t.id.value, t.name.value);
        else if (known !== t.name.value) findings.push(nameMismatch(t.name, offset, t.id.value, known));
      }
    }
  }
}

function nameMismatch(name: Ref<string>, base: number, id: number, expected: string): Finding {
  return {
    ...abs(name, base),
    severity: 'error',
    code: 'technology-name-mismatch',
    message: `Technology ${id} is named ${JSON.stringify(expected)} elsewhere in this file, not ${JSON.stringify(name.value)}.`,
    data: { replacements: [JSON.stringify(expected)] },
  };
}
