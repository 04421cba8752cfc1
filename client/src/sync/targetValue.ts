/**
 * What a policy holds at a planner target (`control:1072.criticality`, `section:2.order`, …), in a
 * few words: the values of the three-way picture a refused push shows (at the pull, in the file,
 * in the tenant now).
 */
import type { Control, ControlTechnology, Policy, Section } from '../../../server/src/model/policy';

const ABSENT = '(absent)';
const MAX = 60;

function short(value: unknown): string {
  if (value === undefined) return ABSENT;
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…"` : text;
}

function findControl(p: Policy, id: number): Control | undefined {
  for (const s of p.sections ?? []) for (const c of s.controls ?? []) if (c.controlId === id) return c;
  return undefined;
}

function findSection(p: Policy, n: number): Section | undefined {
  return (p.sections ?? []).find((s) => s.sectionNumber === n);
}

function evaluation(t: ControlTechnology): string {
  const dp = t.evaluate?.dp;
  if (!dp) return ABSENT;
  return `${dp.op}${dp.cd ? ` ${dp.cd}` : ''} ${short(dp.v)}`;
}

function controlPart(c: Control, rest: string): string {
  if (!rest) return `control ${c.controlId} in section ${c.sectionNumber}`;
  const tech = /^technology:(\d+)(?:\.(\w+))?$/.exec(rest);
  if (tech) {
    const t = (c.technologies ?? []).find((x) => x.technologyId === Number(tech[1]));
    if (!t) return ABSENT;
    if (tech[2] === 'evaluate') return evaluation(t);
    if (tech[2] === 'remediation') return short(t.remediation);
    return tech[2] ? ABSENT : 'present';
  }
  return short((c as unknown as Record<string, unknown>)[rest]);
}

/** The value at `target` in `policy`, for people ("URGENT", "ge [\"8\"]", "(absent)"). */
export function describeTarget(policy: Policy, target: string): string {
  const [head, ...more] = target.split('.');
  const rest = more.join('.');
  if (head === 'policy') {
    const tech = /^technology:(\d+)$/.exec(rest);
    if (tech) return (policy.technologies ?? []).some((t) => t.technologyId === Number(tech[1])) ? 'present' : ABSENT;
    return short((policy as unknown as Record<string, unknown>)[rest]);
  }
  if (head === 'sections') return short((policy.sections ?? []).map((s) => s.sectionHeading));
  const control = /^control:(\d+)$/.exec(head);
  if (control) {
    const c = findControl(policy, Number(control[1]));
    return c ? controlPart(c, rest) : ABSENT;
  }
  const section = /^section:(\d+)$/.exec(head);
  if (section) {
    const s = findSection(policy, Number(section[1]));
    if (!s) return ABSENT;
    if (rest === 'heading' || !rest) return short(s.sectionHeading);
    if (rest === 'order') {
      const ids = [...(s.controls ?? [])].sort((a, b) => a.controlNumber - b.controlNumber).map((c) => c.controlId);
      return `controls ${ids.join(', ') || 'none'}`;
    }
  }
  return ABSENT;
}
