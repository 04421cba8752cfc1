/**
 * Everything about one control that depends only on the control's own text: its schema
 * errors, its data-point rules, and a summary (ids, numbers, technologies) for the
 * cross-control checks. Being context-free is what lets the validator cache it.
 */
import type { Node } from 'jsonc-parser';
import type { Finding } from './findings';
import { validateDataPoint } from './evaluateRules';
import { propertyNode } from './nodes';
import { validateControlSchema } from './schema';

/** A value with its node's range, relative to the start of the control. */
export interface Ref<T> {
  value: T;
  offset: number;
  length: number;
}

export interface ControlSummary {
  controlId?: Ref<number>;
  sectionNumber?: Ref<number>;
  controlNumber?: Ref<number>;
  technologies: { id?: Ref<number>; name?: Ref<string> }[];
}

export interface ControlResult {
  /** Offsets relative to the control's start. */
  findings: Finding[];
  summary: ControlSummary;
}

function ref<T>(node: Node | undefined, type: 'number' | 'string', base: number): Ref<T> | undefined {
  if (node?.type !== type) return undefined;
  return { value: node.value as T, offset: node.offset - base, length: node.length };
}

function child(obj: Node, key: string): Node | undefined {
  return propertyNode(obj, key)?.children?.[1];
}

/** `clean`: no syntax error lies inside the control, so its text is valid JSON. */
export function validateControl(control: Node, text: string, clean: boolean): ControlResult {
  const base = control.offset;
  const findings: Finding[] = validateControlSchema(control, clean ? text.slice(base, base + control.length) : undefined);
  const summary: ControlSummary = { technologies: [] };
  if (control.type === 'object') {
    summary.controlId = ref(child(control, 'controlId'), 'number', base);
    summary.sectionNumber = ref(child(control, 'sectionNumber'), 'number', base);
    summary.controlNumber = ref(child(control, 'controlNumber'), 'number', base);
    const techs = child(control, 'technologies');
    for (const tech of techs?.type === 'array' ? (techs.children ?? []) : []) {
      if (tech.type !== 'object') continue;
      summary.technologies.push({ id: ref(child(tech, 'technologyId'), 'number', base), name: ref(child(tech, 'technologyName'), 'string', base) });
      const evaluate = child(tech, 'evaluate');
      const dp = evaluate?.type === 'object' ? child(evaluate, 'dp') : undefined;
      if (dp) findings.push(...validateDataPoint(dp));
    }
  }
  for (const f of findings) f.offset -= base;
  return { findings, summary };
}
