/**
 * Rules on one `evaluate.dp` block that the schema cannot express: operator and
 * cardinality names (with did-you-mean), which cardinality fits which operator, value
 * counts and kinds per operator, and fixed values. All names come from the catalog.
 */
import type { Node } from 'jsonc-parser';
import {
  CARDINALITIES,
  OPERATORS,
  getCardinality,
  getOperator,
  type OperatorInfo,
} from '../../model/catalog';
import type { Finding } from './findings';
import { propertyNode } from './nodes';
import { validateRegexValues } from './regexRules';
import { didYouMean, suggest } from './suggest';

const OPERATOR_NAMES = OPERATORS.map((o) => o.name);
const CARDINALITY_NAMES = CARDINALITIES.map((c) => c.name);
const OPERATORS_WITH_CD = OPERATORS.filter((o) => o.cardinalities.length > 0).map((o) => o.name);

/** Other spellings people write for an operator: its UI label and symbol. */
const OPERATOR_ALIASES = new Map<string, string>(
  OPERATORS.flatMap((o) => [[o.label.toLowerCase(), o.name], ...(o.symbol ? [[o.symbol, o.name] as [string, string]] : [])] as [string, string][]),
);
// Spellings from other tools and languages.
for (const [alias, op] of [['==', 'eq'], ['equals', 'eq'], ['neq', 'ne'], ['<>', 'ne'], ['not equals', 'ne'], ['gte', 'ge'], ['lte', 'le'], ['regex', 're'], ['regexp', 're'], ['between', 'range']]) {
  OPERATOR_ALIASES.set(alias, op);
}

const INTEGER = /^-?\d+$/;

function valueOf(dp: Node, key: string): Node | undefined {
  return propertyNode(dp, key)?.children?.[1];
}

/**
 * Quick-fix data for an unknown name: the did-you-mean suggestions, or, when nothing is
 * close, every valid name (offered as fixes, none preferred: it would be a guess).
 */
function replacementsData(suggestions: readonly string[], valid: readonly string[]): Finding['data'] {
  if (suggestions.length) return { replacements: suggestions.map((s) => JSON.stringify(s)) };
  return { replacements: valid.map((s) => JSON.stringify(s)), guess: true };
}

/** Checks one data point node (`…evaluate.dp`). */
export function validateDataPoint(dp: Node): Finding[] {
  if (dp.type !== 'object') return [];
  const findings: Finding[] = [];
  const opNode = valueOf(dp, 'op');
  const cdProp = propertyNode(dp, 'cd');
  const cdNode = cdProp?.children?.[1];
  const vNode = valueOf(dp, 'v');

  let op: OperatorInfo | undefined;
  if (opNode?.type === 'string') {
    op = getOperator(opNode.value as string);
    if (!op) {
      const suggestions = suggest(opNode.value as string, OPERATOR_NAMES, OPERATOR_ALIASES);
      findings.push({
        offset: opNode.offset,
        length: opNode.length,
        severity: 'error',
        code: 'unknown-operator',
        message: `Unknown operator '${opNode.value}'. Qualys accepts ${OPERATOR_NAMES.join(', ')}.${didYouMean(suggestions)}`,
        data: replacementsData(suggestions, OPERATOR_NAMES),
      });
    }
  }

  let cd: string | undefined;
  if (cdNode?.type === 'string') {
    const name = cdNode.value as string;
    const info = getCardinality(name);
    if (!info) {
      const valid = op && op.cardinalities.length ? op.cardinalities : CARDINALITY_NAMES;
      const suggestions = suggest(name, valid);
      findings.push({
        offset: cdNode.offset,
        length: cdNode.length,
        severity: 'error',
        code: 'unknown-cardinality',
        message: `Unknown cardinality '${name}'. Expected one of: ${valid.join(', ')}.${didYouMean(suggestions)}`,
        data: replacementsData(suggestions, valid),
      });
    } else if (op && !op.cardinalities.includes(info.name)) {
      const meaning = op.cardinalities.length
        ? `'${name}' has no meaning with operator '${op.name}'; it takes ${op.cardinalities.join(', ')}.`
        : `A cardinality has no meaning with operator '${op.name}' (only ${OPERATORS_WITH_CD.join(', ')} take one).`;
      findings.push({
        offset: cdNode.offset,
        length: cdNode.length,
        severity: 'warning',
        code: 'cardinality-not-applicable',
        message: meaning,
      });
    } else {
      cd = info.name;
    }
  }

  if (vNode?.type === 'array' && op) findings.push(...checkValues(op, cd, vNode));
  if (vNode?.type === 'array' && op && (op.valueKind === 'regex' || op.valueKind === 'regexList')) {
    findings.push(...validateRegexValues(vNode));
  }
  const fvNode = valueOf(dp, 'fv');
  if (fvNode?.type === 'array') findings.push(...checkFixedValues(fvNode));
  return findings;
}

function checkValues(op: OperatorInfo, cd: string | undefined, v: Node): Finding[] {
  const findings: Finding[] = [];
  const items = v.children ?? [];
  const emptyAllowed = cd !== undefined && (getCardinality(cd)?.allowsEmptyValue ?? false);
  const at = (n: Node) => ({ offset: n.offset, length: n.length });

  if (op.name === 'in' && items.length === 0) {
    findings.push({ ...at(v), severity: 'error', code: 'in-needs-value', message: "Operator 'in' needs at least one value in 'v'." });
    return findings;
  }
  if (op.valueKind === 'range' && items.length !== 2) {
    findings.push({
      ...at(v),
      severity: 'error',
      code: 'range-needs-two-bounds',
      message: `Operator 'range' needs exactly two bounds in 'v' (lower, upper); found ${items.length}.`,
    });
  }
  if (!emptyAllowed) {
    // An empty `range` already has its own finding (two bounds needed).
    if (items.length === 0 && op.valueKind !== 'range') {
      findings.push({ ...at(v), severity: 'error', code: 'empty-value', message: `'v' must not be empty with operator '${op.name}' (only cardinality 'empty' / 'not empty' checks X on its own).` });
    }
    for (const item of items) {
      if (item.type === 'string' && item.value === '') {
        findings.push({ ...at(item), severity: 'error', code: 'empty-value', message: `Empty value in 'v' with operator '${op.name}'.` });
      }
    }
  }
  if (op.valueKind === 'integer' || op.valueKind === 'range') {
    for (const item of items) {
      if (item.type === 'string' && item.value !== '' && !INTEGER.test((item.value as string).trim())) {
        findings.push({
          ...at(item),
          severity: 'error',
          code: 'integer-value-required',
          message: `Operator '${op.name}' compares integers: ${JSON.stringify(item.value)} is not an integer.`,
        });
      }
    }
  }
  if (op.valueKind === 'range' && items.length === 2) {
    const [lo, hi] = items.map((i) => (typeof i.value === 'string' && INTEGER.test(i.value.trim()) ? Number(i.value) : NaN));
    if (lo > hi) {
      findings.push({ ...at(v), severity: 'warning', code: 'range-bounds-order', message: `The lower bound ${lo} is greater than the upper bound ${hi}: no value can match.` });
    }
  }
  if (op.maxValues !== Infinity && op.valueKind !== 'range' && items.length > op.maxValues) {
    findings.push({
      ...at(v),
      severity: 'warning',
      code: 'too-many-values',
      message: `Operator '${op.name}' takes ${op.maxValues === 1 ? 'one value' : `${op.maxValues} values`} in 'v'; found ${items.length}.`,
    });
  }
  return findings;
}

function checkFixedValues(fv: Node): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const item of fv.children ?? []) {
    if (item.type !== 'object') continue;
    const set = valueOf(item, 'set');
    if (set && !(set.type === 'string' && (set.value === '0' || set.value === '1'))) {
      const fix = set.value === true || set.value === 1 || set.value === 'true' ? '"1"' : set.value === false || set.value === 0 || set.value === 'false' ? '"0"' : undefined;
      findings.push({
        offset: set.offset,
        length: set.length,
        severity: 'error',
        code: 'fv-set-invalid',
        message: `'set' must be "1" (this fixed value counts as compliant) or "0" (it does not); found ${JSON.stringify(set.value)}.`,
        data: { replacements: fix ? [fix] : ['"1"', '"0"'] },
      });
    }
    const value = valueOf(item, 'value');
    if (value?.type === 'string') {
      const key = value.value as string;
      if (seen.has(key)) {
        findings.push({ offset: value.offset, length: value.length, severity: 'error', code: 'fv-duplicate', message: `Fixed value ${JSON.stringify(key)} appears more than once in 'fv'.` });
      }
      seen.add(key);
    }
  }
  return findings;
}
