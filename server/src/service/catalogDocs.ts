/**
 * Markdown documentation of catalog entries (operators, cardinalities), shared by
 * hover and completion so both explain them the same way.
 */
import { getOperator, isCardinalityValidFor, type CardinalityInfo, type OperatorInfo } from '../model/catalog';
import { escapeMarkdown, inlineCode } from './markdown';

export function operatorMarkdown(op: OperatorInfo): string {
  const lines = [`${inlineCode(op.name)}: **${escapeMarkdown(op.label)}**${op.symbol ? ` (${inlineCode(op.symbol)})` : ''}`, escapeMarkdown(op.meaning), `Values (\`v\`): ${valueCount(op)}.`];
  if (op.cardinalities.length > 0) lines.push(`Cardinalities (\`cd\`): ${op.cardinalities.map(inlineCode).join(', ')}.`);
  else lines.push('Takes no cardinality (`cd`).');
  return lines.join('\n\n');
}

function valueCount(op: OperatorInfo): string {
  const kind = { scalar: 'a value', integer: 'an integer', list: 'values', range: 'integer bounds', regex: 'a PCRE pattern', regexList: 'PCRE patterns' }[op.valueKind];
  if (op.minValues === op.maxValues) return op.minValues === 1 ? `exactly one, ${kind}` : `exactly ${op.minValues}, ${kind}`;
  return op.maxValues === Infinity ? `at least ${op.minValues}, ${kind}` : `${op.minValues} to ${op.maxValues}, ${kind}`;
}

export function cardinalityMarkdown(cd: CardinalityInfo, op: string | undefined): string {
  const lines = [`${inlineCode(cd.name)}${cd.aliasOf ? ` (same as ${inlineCode(cd.aliasOf)})` : ''}`, escapeMarkdown(cd.meaning)];
  if (cd.allowsEmptyValue) lines.push('`v` may be empty with this cardinality.');
  if (op !== undefined && getOperator(op) && !isCardinalityValidFor(op, cd.name)) {
    lines.push(`Not meaningful with operator ${inlineCode(op)}.`);
  }
  return lines.join('\n\n');
}
