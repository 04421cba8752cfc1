/**
 * Hovers: a control's full text on its `controlId`/`statement`, operator and
 * cardinality semantics from the catalog, data point and fixed value descriptions,
 * and technology names.
 */
import type { Node } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { MarkupKind, Range, type Hover, type Position } from 'vscode-languageserver-types';
import { FIXED_VALUE_SENTINELS, getCardinality, getCriticality, getOperator } from '../model/catalog';
import { cardinalityMarkdown, operatorMarkdown } from './catalogDocs';
import type { ServiceContext } from './context';
import { arrayItems, elementAtOffset, numberProperty, owningPropertyName, owningPropertyValue, stringProperty, type ElementAt } from './jsonPath';
import { escapeMarkdown, inlineCode, qualysTextToMarkdown } from './markdown';
import type { ParsedPolicy } from './parse';
import { findTechnology } from './technologies';

export function doHover(document: TextDocument, parsed: ParsedPolicy, position: Position, ctx: ServiceContext): Hover | null {
  const found = elementAtOffset(parsed.root, document.offsetAt(position));
  if (!found) return null;
  const { element, node } = found;
  const key = owningPropertyName(node);
  const value = owningPropertyValue(node);
  // Only direct properties of the element: `rest` is [key] there.
  if (key === undefined || element.rest.length !== 1 || element.rest[0] !== key || !element.node) return null;

  const markdown = hoverMarkdown(element, key, value, parsed.root, ctx);
  if (!markdown) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: markdown },
    range: Range.create(document.positionAt(node.offset), document.positionAt(node.offset + node.length)),
  };
}

function hoverMarkdown(element: ElementAt, key: string, value: Node | undefined, root: Node | undefined, ctx: ServiceContext): string | undefined {
  const obj = element.node!;
  switch (element.kind) {
    case 'control':
      return key === 'controlId' || key === 'statement' ? controlMarkdown(obj, root, ctx) : undefined;
    case 'dataPoint':
      if (key === 'op' && value?.type === 'string') {
        const op = getOperator(value.value as string);
        return op && operatorMarkdown(op);
      }
      if (key === 'cd' && value?.type === 'string') {
        const cd = getCardinality(value.value as string);
        return cd && cardinalityMarkdown(cd, stringProperty(obj, 'op'));
      }
      if (key === 'k') {
        const description = stringProperty(obj, 'description');
        const k = stringProperty(obj, 'k');
        return description !== undefined || k !== undefined
          ? [k !== undefined ? `Data point ${inlineCode(k)}` : undefined, description !== undefined ? qualysTextToMarkdown(description) : undefined].filter(Boolean).join('\n\n')
          : undefined;
      }
      return undefined;
    case 'fixedValue':
      return key === 'value' ? fixedValueMarkdown(obj) : undefined;
    case 'policyTechnology':
    case 'controlTechnology':
      return key === 'technologyId' && value?.type === 'number' ? technologyMarkdown(value.value as number, root, ctx) : undefined;
    default:
      return undefined;
  }
}

/** Statement, criticality, reference, and each technology's rationale and remediation. */
function controlMarkdown(control: Node, root: Node | undefined, ctx: ServiceContext): string {
  const lines: string[] = [];
  const controlId = numberProperty(control, 'controlId');
  const statement = stringProperty(control, 'statement');
  lines.push(`**Control ${controlId ?? '?'}**${statement ? `: ${escapeMarkdown(statement.trim())}` : ''}`);
  const facts: string[] = [];
  const criticality = stringProperty(control, 'criticality');
  if (criticality !== undefined) {
    const info = getCriticality(criticality);
    facts.push(`Criticality: **${escapeMarkdown(criticality)}**${info ? ` (${info.value})` : ''}`);
  }
  const reference = stringProperty(control, 'referenceText');
  if (reference) facts.push(`Reference: ${escapeMarkdown(reference)}`);
  if (facts.length) lines.push(facts.join(' · '));

  for (const technology of arrayItems(control, 'technologies')) {
    const id = numberProperty(technology, 'technologyId');
    const name = stringProperty(technology, 'technologyName') ?? (id !== undefined ? findTechnology(root, ctx.libraryTechnologies, id)?.technologyName : undefined);
    lines.push(`---\n\n### ${escapeMarkdown(name ?? 'Technology')}${id !== undefined ? ` (${id})` : ''}`);
    // Real exports spell it `rationale` or, in older ones, `rational`.
    const rationale = stringProperty(technology, 'rationale') ?? stringProperty(technology, 'rational');
    if (rationale) lines.push(`**Rationale:** ${qualysTextToMarkdown(rationale)}`);
    const remediation = stringProperty(technology, 'remediation');
    if (remediation) lines.push(`**Remediation:** ${qualysTextToMarkdown(remediation)}`);
  }
  return lines.join('\n\n');
}

function fixedValueMarkdown(fv: Node): string | undefined {
  const value = stringProperty(fv, 'value');
  const description = stringProperty(fv, 'description');
  const set = stringProperty(fv, 'set');
  const sentinel = FIXED_VALUE_SENTINELS.find((s) => s.value === value);
  const lines: string[] = [];
  if (description) lines.push(`**${escapeMarkdown(description)}**`);
  if (sentinel) lines.push(escapeMarkdown(sentinel.meaning));
  if (set === '1') lines.push('`set: "1"`: this result counts as compliant.');
  else if (set === '0') lines.push('`set: "0"`: this result does not count as compliant.');
  return lines.length ? lines.join('\n\n') : undefined;
}

function technologyMarkdown(id: number, root: Node | undefined, ctx: ServiceContext): string | undefined {
  const technology = findTechnology(root, ctx.libraryTechnologies, id);
  if (!technology) return undefined;
  const source = technology.source === 'file' ? 'declared in this policy' : 'from the Qualys library (not declared in this policy)';
  return `**${escapeMarkdown(technology.technologyName)}**: technology ${id}, ${source}`;
}
