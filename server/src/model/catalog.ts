/**
 * The operator / cardinality / criticality / fixed-value catalog.
 *
 * This is the single source of truth for what a control's `evaluate.dp` may say.
 * Validation, completion, hover, the TextMate grammar test and the evaluation
 * engine all read it; nothing else may hard-code an operator or cardinality name.
 */

/** What kind of values an operator expects in `dp.v`. */
export type ValueKind =
  | 'scalar' // one string or integer (eq, ne)
  | 'integer' // one integer (lt, le, gt, ge)
  | 'list' // one or more strings (in, xeq)
  | 'range' // exactly two integer bounds (range)
  | 'regex' // one PCRE pattern (re)
  | 'regexList'; // one or more PCRE patterns (xre)

export type OperatorName = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'in' | 'range' | 're' | 'xre' | 'xeq';

export interface OperatorInfo {
  readonly name: OperatorName;
  /** Short label as the Qualys UI names it. */
  readonly label: string;
  /** Symbol shown in the Qualys UI, when it has one. */
  readonly symbol?: string;
  /** The phrase Qualys writes into posture `evidence.expectedValues`. */
  readonly evidencePhrase: string;
  /**
   * The phrase when the cardinality is spelled out too, `{cd}` standing for it
   * (seen: "match all regular expression match").
   */
  readonly cardinalityEvidencePhrase?: string;
  /** One-line meaning, in terms of X (collected) and Y (the policy's `v`). */
  readonly meaning: string;
  readonly valueKind: ValueKind;
  /** Minimum / maximum number of entries in `dp.v`. */
  readonly minValues: number;
  readonly maxValues: number;
  /** Cardinalities that are meaningful with this operator (empty = none). */
  readonly cardinalities: readonly CardinalityName[];
}

export type CardinalityName =
  | 'match any'
  | 'match all'
  | 'match none'
  | 'empty'
  | 'not empty'
  | 'contain'
  | 'contains'
  | 'does not contain'
  | 'intersect'
  | 'match'
  | 'matches'
  | 'is contained in';

/** The canonical semantic a cardinality spelling maps to. */
export type CardinalitySemantic =
  | 'matchAny'
  | 'matchAll'
  | 'matchNone'
  | 'empty'
  | 'notEmpty'
  | 'contain'
  | 'doesNotContain'
  | 'intersect'
  | 'match'
  | 'isContainedIn';

export interface CardinalityInfo {
  readonly name: CardinalityName;
  readonly semantic: CardinalitySemantic;
  /** The preferred spelling when this one is an accepted alias (seeds use both). */
  readonly aliasOf?: CardinalityName;
  readonly meaning: string;
  /** `v` may be empty with this cardinality (X is checked on its own). */
  readonly allowsEmptyValue: boolean;
}

const LINE_CDS: readonly CardinalityName[] = ['match any', 'match all', 'match none', 'empty', 'not empty'];
const LIST_CDS: readonly CardinalityName[] = [
  'contain',
  'contains',
  'does not contain',
  'intersect',
  'match',
  'matches',
  'is contained in',
  'empty',
  'not empty',
];

export const OPERATORS: readonly OperatorInfo[] = [
  { name: 'eq', label: 'equal', symbol: '=', evidencePhrase: 'equal to', meaning: 'X equals Y (integer comparison when both are integers, else string comparison).', valueKind: 'scalar', minValues: 1, maxValues: 1, cardinalities: [] },
  { name: 'ne', label: 'not equal', symbol: '!=', evidencePhrase: 'not equal to', meaning: 'X differs from Y.', valueKind: 'scalar', minValues: 1, maxValues: 1, cardinalities: [] },
  { name: 'lt', label: 'less than', symbol: '<', evidencePhrase: 'less than', meaning: 'X is an integer less than Y.', valueKind: 'integer', minValues: 1, maxValues: 1, cardinalities: [] },
  { name: 'le', label: 'less than or equal', symbol: '<=', evidencePhrase: 'less than or equal to', meaning: 'X is an integer less than or equal to Y.', valueKind: 'integer', minValues: 1, maxValues: 1, cardinalities: [] },
  { name: 'gt', label: 'greater than', symbol: '>', evidencePhrase: 'greater than', meaning: 'X is an integer greater than Y.', valueKind: 'integer', minValues: 1, maxValues: 1, cardinalities: [] },
  { name: 'ge', label: 'greater than or equal', symbol: '>=', evidencePhrase: 'greater than or equal to', meaning: 'X is an integer greater than or equal to Y.', valueKind: 'integer', minValues: 1, maxValues: 1, cardinalities: [] },
  { name: 'in', label: 'in', evidencePhrase: 'in', meaning: 'X is one of the values in Y.', valueKind: 'list', minValues: 1, maxValues: Infinity, cardinalities: [] },
  { name: 'range', label: 'range', evidencePhrase: 'in range', meaning: 'X is an integer between the two bounds of Y, both inclusive.', valueKind: 'range', minValues: 2, maxValues: 2, cardinalities: [] },
  { name: 're', label: 'regular expression', evidencePhrase: 'matches regular expression', cardinalityEvidencePhrase: '{cd} regular expression match', meaning: 'X (one value per line) is matched against the PCRE pattern Y; the cardinality says how many lines must match.', valueKind: 'regex', minValues: 1, maxValues: 1, cardinalities: LINE_CDS },
  { name: 'xre', label: 'regular expression list', evidencePhrase: 'matches regular expression list', meaning: 'The list X is compared with the list of PCRE patterns Y; the cardinality says how the lists relate.', valueKind: 'regexList', minValues: 1, maxValues: Infinity, cardinalities: LIST_CDS },
  { name: 'xeq', label: 'string list', evidencePhrase: 'matches string list', meaning: 'The list X is compared with the list of strings Y; the cardinality says how the lists relate.', valueKind: 'list', minValues: 1, maxValues: Infinity, cardinalities: LIST_CDS },
];

export const CARDINALITIES: readonly CardinalityInfo[] = [
  { name: 'match any', semantic: 'matchAny', meaning: 'At least one line of X matches Y.', allowsEmptyValue: false },
  { name: 'match all', semantic: 'matchAll', meaning: 'Every line of X matches Y.', allowsEmptyValue: false },
  { name: 'match none', semantic: 'matchNone', meaning: 'No line of X matches Y.', allowsEmptyValue: false },
  { name: 'empty', semantic: 'empty', meaning: 'X is empty (no value was collected).', allowsEmptyValue: true },
  { name: 'not empty', semantic: 'notEmpty', meaning: 'X is not empty (some value was collected).', allowsEmptyValue: true },
  { name: 'contain', semantic: 'contain', meaning: 'X contains every item of Y.', allowsEmptyValue: false },
  { name: 'contains', semantic: 'contain', aliasOf: 'contain', meaning: 'X contains every item of Y (same as "contain").', allowsEmptyValue: false },
  { name: 'does not contain', semantic: 'doesNotContain', meaning: 'X contains none of the items of Y.', allowsEmptyValue: false },
  { name: 'intersect', semantic: 'intersect', meaning: 'Some item of X matches some item of Y.', allowsEmptyValue: false },
  { name: 'match', semantic: 'match', meaning: 'Every item of X matches an item of Y and every item of Y is matched, in any order.', allowsEmptyValue: false },
  { name: 'matches', semantic: 'match', aliasOf: 'match', meaning: 'Same as "match": every item of X matches an item of Y and every item of Y is matched.', allowsEmptyValue: false },
  { name: 'is contained in', semantic: 'isContainedIn', meaning: 'Every item of X is in Y.', allowsEmptyValue: false },
];

const OPERATOR_BY_NAME = new Map<string, OperatorInfo>(OPERATORS.map((o) => [o.name, o]));
const CARDINALITY_BY_NAME = new Map<string, CardinalityInfo>(CARDINALITIES.map((c) => [c.name, c]));

export function getOperator(name: string): OperatorInfo | undefined {
  return OPERATOR_BY_NAME.get(name);
}

export function getCardinality(name: string): CardinalityInfo | undefined {
  return CARDINALITY_BY_NAME.get(name);
}

/** The phrase posture evidence uses for `op` (with `cd` when the operator spells it out). */
export function evidencePhraseOf(op: string, cd?: string): string | undefined {
  const info = getOperator(op);
  if (!info) return undefined;
  if (cd && info.cardinalityEvidencePhrase) return info.cardinalityEvidencePhrase.replace('{cd}', cd);
  return info.evidencePhrase;
}

export function operatorTakesCardinality(op: string): boolean {
  return (getOperator(op)?.cardinalities.length ?? 0) > 0;
}

/** Is `cd` meaningful with `op`? Unknown names answer false. */
export function isCardinalityValidFor(op: string, cd: string): boolean {
  return getOperator(op)?.cardinalities.includes(cd as CardinalityName) ?? false;
}

// ---------------------------------------------------------------- criticality

export interface CriticalityInfo {
  readonly name: string;
  /** Numeric level used by postureInfo `criticalityValues` and `criticality.value`. */
  readonly value: number;
  readonly aliasOf?: string;
  readonly meaning: string;
}

export const CRITICALITIES: readonly CriticalityInfo[] = [
  { name: 'UNDEFINED', value: 0, meaning: 'No criticality assigned.' },
  { name: 'UNDEFINE', value: 0, aliasOf: 'UNDEFINED', meaning: 'Spelling used by the PCAS update API for UNDEFINED.' },
  { name: 'MINIMAL', value: 1, meaning: 'Minimal impact.' },
  { name: 'MEDIUM', value: 2, meaning: 'Medium impact.' },
  { name: 'SERIOUS', value: 3, meaning: 'Serious impact.' },
  { name: 'CRITICAL', value: 4, meaning: 'Critical impact.' },
  { name: 'URGENT', value: 5, meaning: 'Urgent: the highest level.' },
];

export const CRITICALITY_NAMES: readonly string[] = CRITICALITIES.map((c) => c.name);

export function getCriticality(name: string): CriticalityInfo | undefined {
  return CRITICALITIES.find((c) => c.name === name);
}

// --------------------------------------------------------------- fixed values

export interface FixedValueSentinel {
  readonly value: string;
  /** Descriptions seen with this sentinel in real exports. */
  readonly typicalDescriptions: readonly string[];
  readonly meaning: string;
}

/** Special results the scanner returns instead of a collected value. */
export const FIXED_VALUE_SENTINELS: readonly FixedValueSentinel[] = [
  {
    value: '161803399999999',
    typicalDescriptions: ['Setting not found', 'Attribute not found', 'Module exists but is not loaded', 'Service disabled'],
    meaning: 'The scanner could not find the setting or attribute it looks for.',
  },
  {
    value: '314159265358979',
    typicalDescriptions: ['File not found', 'Key not found', 'Module does not exist', 'Service not found'],
    meaning: 'The file, registry key, module or service that holds the setting does not exist.',
  },
];

/** `fv.set`: "1" = the fixed value counts as compliant, "0" = it does not. */
export const FIXED_VALUE_SET_VALUES = ['0', '1'] as const;

/** Posture statuses, as postureInfo reports them. */
export const POSTURE_STATUSES = ['Passed', 'Failed', 'Error'] as const;
export type PostureStatus = (typeof POSTURE_STATUSES)[number];
