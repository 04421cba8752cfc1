/**
 * Reads the text Qualys writes into posture `evidence.expectedValues`: the acceptable
 * results, joined by "------------ OR ------------" (older records: "\n OR \n"):
 *
 *   "\nSetting not found\n------------ OR ------------\nFile not found\n------------ OR ------------\ngreater than or equal to\n0"
 *
 * Entries are fixed-value descriptions, then (usually last) the operator phrase from the
 * catalog followed by the expected values, one per line. Option-list data points show their
 * options as "Label (value)" and no operator phrase: "Disabled (0) … Enabled (1)".
 */
import { OPERATORS, type CardinalityName, type OperatorName } from './catalog';
import type { DataPoint } from './policy';

export interface ExpectedOperator {
  readonly op: OperatorName;
  /** When the phrase spells it out ("match all regular expression match"). */
  readonly cd?: CardinalityName;
  readonly phrase: string;
  readonly values: readonly string[];
}

export interface ExpectedOption {
  readonly label: string;
  readonly value: string;
}

export interface ExpectedValues {
  /** Descriptions of the fixed values that count as compliant, in order. */
  readonly fixedValues: readonly string[];
  readonly operator?: ExpectedOperator;
  /** "Label (value)" entries of an option list (only when there is no operator phrase). */
  readonly options: readonly ExpectedOption[];
}

const SEPARATOR = /\s*-{2,}\s*OR\s*-{2,}\s*|\n[ \t\u00a0]*OR[ \t\u00a0]*\n/;
const OPTION = /^(.*\S)\s*\((-?\d+)\)$/;

interface Phrase {
  readonly text: string;
  readonly op: OperatorName;
  readonly cd?: CardinalityName;
}

/** Every phrase the catalog knows, longest first so "greater than or equal to" beats "greater than". */
const PHRASES: readonly Phrase[] = OPERATORS.flatMap((o): Phrase[] => [
  { text: o.evidencePhrase, op: o.name },
  ...(o.cardinalityEvidencePhrase ? o.cardinalities.map((cd) => ({ text: o.cardinalityEvidencePhrase!.replace('{cd}', cd), op: o.name, cd })) : []),
]).sort((a, b) => b.text.length - a.text.length);

const normalise = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();

export function splitExpectedValues(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(SEPARATOR)
    .map((e) => e.replace(/^\s*\n|\n\s*$/g, '').trim())
    .filter((e) => e !== '');
}

export function parseExpectedValues(text: string): ExpectedValues {
  const fixedValues: string[] = [];
  const candidates: string[] = [];
  let operator: ExpectedOperator | undefined;
  for (const entry of splitExpectedValues(text)) {
    const [head, ...rest] = entry.split('\n');
    const phrase = operator ? undefined : PHRASES.find((p) => p.text === normalise(head));
    if (phrase) {
      operator = { op: phrase.op, cd: phrase.cd, phrase: phrase.text, values: rest };
      continue;
    }
    candidates.push(entry);
  }
  const options: ExpectedOption[] = [];
  for (const entry of candidates) {
    const m = operator ? null : OPTION.exec(entry);
    if (m && !entry.includes('\n')) options.push({ label: m[1], value: m[2] });
    else fixedValues.push(entry);
  }
  return { fixedValues, operator, options };
}

/**
 * Does the evidence's expectedValues text describe this data point? `undefined` when the
 * text cannot tell (no operator phrase and no options: only fixed values are shown).
 * A record whose text describes another data point was evaluated before the policy changed,
 * so its recorded status need not match a local evaluation.
 */
export function expectedValuesDescribe(dp: DataPoint, expected: ExpectedValues): boolean | undefined {
  const fvDescriptions = (dp.fv ?? []).filter((f) => String(f.set) === '1').map((f) => f.description?.trim());
  if (fvDescriptions.every((d): d is string => !!d) && !sameSet(fvDescriptions, expected.fixedValues)) return false;
  const v = (dp.v ?? []).map((x) => String(x).trim());
  if (expected.operator) {
    if (expected.operator.op !== dp.op) return false;
    if (expected.operator.cd && expected.operator.cd !== dp.cd) return false;
    return sameList(v, expected.operator.values.map((x) => x.trim()));
  }
  if (expected.options.length) return dp.op === 'in' && sameSet(v, expected.options.map((o) => o.value));
  return undefined;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}
