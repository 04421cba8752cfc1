/**
 * One line per stable diagnostic code, for reports that list rules apart from results
 * (SARIF `rules`). docs/validation.md has the same table; a test keeps the two in step.
 * Schema keywords without their own entry are reported as `schema-<keyword>`.
 */
export const DIAGNOSTIC_CODES: Readonly<Record<string, string>> = {
  'json-syntax': 'JSON syntax error (missing comma, invalid symbol, unterminated string, empty file…).',
  'trailing-comma': 'Trailing comma: Qualys takes strict JSON.',
  'json-comment': 'Comment: Qualys takes strict JSON.',
  'string-newline': 'Raw line break inside a string.',
  'invalid-whitespace': 'Non-breaking or other Unicode space outside strings.',
  'schema-type': 'Wrong JSON type.',
  'schema-required': 'Missing required property.',
  'schema-enum': 'Value not allowed (criticality, posture status…).',
  'unknown-field': 'Field Qualys does not document.',
  'unknown-operator': 'Operator `op` not known to Qualys.',
  'unknown-cardinality': 'Cardinality `cd` not known to Qualys.',
  'cardinality-not-applicable': 'Cardinality `cd` has no meaning with this operator.',
  'integer-value-required': 'lt/le/gt/ge/range value is not an integer.',
  'in-needs-value': "Operator 'in' with no value.",
  'range-needs-two-bounds': "Operator 'range' without exactly two bounds.",
  'range-bounds-order': 'Range lower bound above its upper bound.',
  'empty-value': "Empty 'v' (allowed only with cardinality empty / not empty).",
  'too-many-values': 'More values than a single-value operator uses.',
  'invalid-regex': 're/xre value is not a valid PCRE pattern.',
  'regex-backtracking': 'Pattern open to catastrophic backtracking.',
  'fv-set-invalid': 'Fixed value `set` is not "0" or "1".',
  'fv-duplicate': 'Fixed value listed twice.',
  'duplicate-control': 'controlId already in the policy.',
  'section-number-mismatch': "Control's sectionNumber differs from its section's.",
  'duplicate-section-number': 'Section number used twice.',
  'control-number-sequence': 'Control numbers not unique, or not 1, 2, 3… in order.',
  'technology-not-in-policy': "Control technology missing from the policy's technologies.",
  'technology-name-mismatch': 'technologyName differs from the name of that id elsewhere in the file.',
  'policy-locked': 'The policy is locked: push will be refused until it is unlocked.',
};
