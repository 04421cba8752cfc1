/**
 * Completion: property names from the schemas, `op`/`cd`/criticality/fixed values
 * from the catalog, technology ids and names, and snippets for new sections,
 * controls, technology entries and data points.
 *
 * Where the cursor is comes from jsonc-parser's `getLocation` (robust on the half
 * typed text completion sees); what already exists comes from the parse tree.
 */
import { findNodeAtOffset, getLocation, getNodePath, type JSONPath, type Node } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  Command,
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  Range,
  TextEdit,
  type CompletionItem,
  type CompletionList,
  type Position,
} from 'vscode-languageserver-types';
import {
  CARDINALITIES,
  CRITICALITIES,
  FIXED_VALUE_SENTINELS,
  FIXED_VALUE_SET_VALUES,
  getOperator,
  OPERATORS,
  type CardinalityInfo,
} from '../model/catalog';
import type { Technology } from '../model/policy';
import type { ServiceContext } from './context';
import { cardinalityMarkdown, operatorMarkdown } from './catalogDocs';
import { arrayItems, elementKindOfPath, numberProperty, objectAt, stringProperty, type PolicyElementKind } from './jsonPath';
import { escapeMarkdown, inlineCode } from './markdown';
import type { ParsedPolicy } from './parse';
import { schemaPropertiesAt, schemaProperty, type SchemaProperty } from './schemaProperties';
import { knownTechnologies } from './technologies';

/** Where the completion goes and what surrounds it. */
interface Site {
  parsed: ParsedPolicy;
  ctx: ServiceContext;
  offset: number;
  /** Text replaced by the completion. */
  range: Range;
  /** The replaced text starts with a quote: filter on the quoted form. */
  quoted: boolean;
  /** A comma must precede the insertion (cursor follows a complete value). */
  leadingComma: boolean;
  /** A comma must follow the insertion (another property/item follows). */
  trailingComma: boolean;
}

export function doComplete(document: TextDocument, parsed: ParsedPolicy, position: Position, ctx: ServiceContext): CompletionList {
  const text = document.getText();
  const offset = document.offsetAt(position);
  const { path, previousNode: prev } = locate(text, offset, parsed.root);
  const items: CompletionItem[] = [];
  const list: CompletionList = { isIncomplete: false, items };

  const insideToken = prev !== undefined && offset > prev.offset && offset <= prev.offset + prev.length;
  let start: number;
  let end: number;
  if (insideToken) {
    start = prev.offset;
    end = prev.offset + prev.length;
  } else {
    // A bare word being typed (e.g. `eq` without quotes) is replaced as well.
    start = offset;
    while (start > 0 && /[\w.$-]/.test(text[start - 1]!)) start--;
    end = offset;
    while (end < text.length && /[\w.$-]/.test(text[end]!)) end++;
  }
  const before = previousSignificantChar(text, start);
  const after = nextSignificantChar(text, end);
  const site = (leadingComma: boolean, trailingComma: boolean): Site => ({
    parsed,
    ctx,
    offset,
    range: Range.create(document.positionAt(start), document.positionAt(end)),
    quoted: text[start] === '"',
    leadingComma,
    trailingComma,
  });

  const last = path[path.length - 1];
  if (insideToken && prev.type === 'property') {
    // Typing a key: if a colon already follows, replace the key only.
    const keyOnly = after === ':';
    addPropertyCompletions(items, site(false, !keyOnly && after === '"'), path.slice(0, -1), keyOnly);
  } else if (insideToken || before === ':') {
    if (typeof last === 'string') addValueCompletions(items, site(false, after === '"'), path);
    else if (typeof last === 'number') addArrayItemCompletions(items, site(false, after === '{' || after === '"'), path);
  } else if (prev?.type === 'property') {
    // After a key with no colon yet: nothing sensible to offer.
  } else if (typeof last === 'string') {
    // After `{` or `,`: a new key. After a complete value (no comma yet): a new key, comma first.
    const needsComma = before !== '{' && before !== ',' && before !== undefined;
    addPropertyCompletions(items, site(needsComma, after === '"'), path.slice(0, -1), false);
  } else if (typeof last === 'number') {
    const needsComma = before !== '[' && before !== ',' && before !== undefined;
    addArrayItemCompletions(items, site(needsComma, after === '{' || after === '"'), path);
  }
  return list;
}

// ------------------------------------------------------------------ properties

/** Properties whose values have their own completions: insert `"key": "|"` and suggest again. */
const SUGGEST_VALUE_OF = new Set(['op', 'cd', 'criticality', 'technologyId', 'technologyName', 'value', 'set']);

function addPropertyCompletions(items: CompletionItem[], site: Site, objectPath: JSONPath, keyOnly: boolean): void {
  const obj = objectAt(site.parsed.root, objectPath);
  // Keys already present, except the one being typed over.
  const present = new Set<string>();
  for (const prop of obj?.children ?? []) {
    const key = prop.children?.[0];
    if (key && !(site.offset > key.offset && site.offset <= key.offset + key.length)) present.add(key.value as string);
  }
  const kind = elementKindOfPath(objectPath);
  for (const prop of schemaPropertiesAt(objectPath)) {
    if (present.has(prop.name)) continue;
    // `rational` is the legacy spelling of `rationale`: don't offer both.
    if ((prop.name === 'rational' && present.has('rationale')) || (prop.name === 'rationale' && present.has('rational'))) continue;
    const label = prop.name;
    let insert: string;
    let command: Command | undefined;
    if (keyOnly) {
      insert = JSON.stringify(label);
    } else {
      const value = propertyValueSnippet(kind, prop, new TabStops());
      insert = `${JSON.stringify(label)}: ${value}`;
      if (SUGGEST_VALUE_OF.has(label)) command = Command.create('Suggest', 'editor.action.triggerSuggest');
    }
    items.push({
      label,
      kind: CompletionItemKind.Property,
      ...(prop.description ? { documentation: { kind: MarkupKind.Markdown, value: prop.description.markdown ? prop.description.text : escapeMarkdown(prop.description.text) } } : {}),
      detail: prop.types.join(' | ') + (prop.required ? ' (required)' : ''),
      sortText: `${prop.required ? '0' : '1'}_${label}`,
      ...edit(site, insert, JSON.stringify(label), InsertTextFormat.Snippet),
      ...(command ? { command } : {}),
    });
  }
}

/** The value part of a property completion, shaped by what the property holds. */
function propertyValueSnippet(kind: PolicyElementKind | undefined, prop: SchemaProperty, stops: TabStops): string {
  if (kind === 'controlTechnology' && prop.name === 'evaluate') return `{\n\t"dp": ${indent(dataPointSnippet(stops))}\n}`;
  if (kind === 'evaluate' && prop.name === 'dp') return dataPointSnippet(stops);
  // Their values have completions of their own (suggest is triggered again).
  if (SUGGEST_VALUE_OF.has(prop.name)) {
    return prop.types.includes('string') ? `"${stops.next()}"` : stops.next();
  }
  if (prop.enum && prop.enum.length > 0) {
    const values = prop.enum.map((v) => JSON.stringify(v));
    return stops.choice(values);
  }
  const type = prop.types[0];
  switch (type) {
    case 'string':
      return `"${stops.next()}"`;
    case 'integer':
    case 'number':
      return stops.next('0');
    case 'boolean':
      return stops.choice(['true', 'false']);
    case 'array':
      return `[${stops.next()}]`;
    case 'object':
      return `{${stops.next()}}`;
    case 'null':
      return 'null';
    default:
      return stops.next();
  }
}

// ---------------------------------------------------------------------- values

function addValueCompletions(items: CompletionItem[], site: Site, path: JSONPath): void {
  const key = path[path.length - 1] as string;
  const objectPath = path.slice(0, -1);
  const kind = elementKindOfPath(objectPath);
  const obj = objectAt(site.parsed.root, objectPath);

  if (kind === 'dataPoint' && key === 'op') {
    for (const op of OPERATORS) {
      items.push(valueItem(site, op.name, CompletionItemKind.Operator, `${op.label}${op.symbol ? ` (${op.symbol})` : ''}`, operatorMarkdown(op)));
    }
    return;
  }
  if (kind === 'dataPoint' && key === 'cd') {
    const op = stringProperty(obj, 'op');
    for (const cd of cardinalitiesFor(op)) {
      items.push(valueItem(site, cd.name, CompletionItemKind.EnumMember, cd.aliasOf ? `same as "${cd.aliasOf}"` : cd.meaning, cardinalityMarkdown(cd, op)));
    }
    return;
  }
  if (kind === 'control' && key === 'criticality') {
    for (const c of CRITICALITIES) {
      const detail = c.aliasOf ? `${c.value}, same as ${c.aliasOf}` : `${c.value}: ${c.meaning}`;
      items.push({ ...valueItem(site, c.name, CompletionItemKind.EnumMember, detail, escapeMarkdown(c.meaning)), sortText: String(9 - c.value) });
    }
    return;
  }
  if ((kind === 'policyTechnology' || kind === 'controlTechnology') && (key === 'technologyId' || key === 'technologyName')) {
    addTechnologyValues(items, site, kind, key, obj);
    return;
  }
  if (kind === 'fixedValue' && key === 'value') {
    for (const s of FIXED_VALUE_SENTINELS) {
      const doc = `${escapeMarkdown(s.meaning)}\n\nTypical descriptions: ${s.typicalDescriptions.map((d) => escapeMarkdown(d)).join(', ')}.`;
      items.push(valueItem(site, s.value, CompletionItemKind.Constant, s.typicalDescriptions.join(' / '), doc));
    }
    return;
  }
  if (kind === 'fixedValue' && key === 'set') {
    for (const v of FIXED_VALUE_SET_VALUES) {
      const meaning = v === '1' ? 'the fixed value counts as compliant' : 'the fixed value does not count as compliant';
      items.push(valueItem(site, v, CompletionItemKind.EnumMember, meaning, `${inlineCode(`"${v}"`)}: ${meaning}.`));
    }
    return;
  }
  if (kind === 'controlTechnology' && key === 'evaluate') {
    const stops = new TabStops();
    items.push(snippetItem(site, 'evaluate block', 'New evaluate block with a data point', `{\n\t"dp": ${indent(dataPointSnippet(stops))}\n}`));
    return;
  }
  if (kind === 'evaluate' && key === 'dp') {
    items.push(snippetItem(site, 'dp block', 'New data point: key, expected values, operator', dataPointSnippet(new TabStops())));
    return;
  }
  // Anything else: enum and boolean values the schema knows.
  const prop = schemaProperty(objectPath, key);
  if (!prop) return;
  const values: unknown[] = prop.enum ? [...prop.enum] : prop.types.includes('boolean') ? [true, false] : [];
  for (const v of values) {
    items.push({ label: String(v), kind: CompletionItemKind.Value, ...edit(site, JSON.stringify(v), JSON.stringify(v), InsertTextFormat.PlainText) });
  }
}

/** Valid cardinalities for `op` (all of them while the operator is unknown). */
function cardinalitiesFor(op: string | undefined): readonly CardinalityInfo[] {
  const info = op !== undefined ? getOperator(op) : undefined;
  return info ? CARDINALITIES.filter((c) => info.cardinalities.includes(c.name)) : CARDINALITIES;
}

function addTechnologyValues(items: CompletionItem[], site: Site, kind: PolicyElementKind, key: 'technologyId' | 'technologyName', obj: Node | undefined): void {
  const root = site.parsed.root;
  // The policy's own list is where new entries come from: don't offer its own entries back.
  const candidates = kind === 'policyTechnology' ? knownTechnologies(undefined, site.ctx.libraryTechnologies) : knownTechnologies(root, site.ctx.libraryTechnologies);
  const siblingId = numberProperty(obj, 'technologyId');
  for (const t of candidates) {
    const fromFile = kind === 'controlTechnology' && t.source === 'file';
    const where = fromFile ? 'declared in this policy' : 'Qualys library';
    if (key === 'technologyId') {
      items.push({
        label: String(t.technologyId),
        kind: CompletionItemKind.Value,
        detail: `${t.technologyName} (${where})`,
        sortText: `${fromFile ? 0 : 1}_${String(t.technologyId).padStart(8, '0')}`,
        ...edit(site, String(t.technologyId), String(t.technologyId), InsertTextFormat.PlainText),
      });
    } else {
      // With an id already written, only its own name makes sense.
      if (siblingId !== undefined && siblingId !== t.technologyId) continue;
      items.push({
        ...valueItem(site, t.technologyName, CompletionItemKind.Value, `technology ${t.technologyId} (${where})`, undefined),
        sortText: `${fromFile ? 0 : 1}_${t.technologyName}`,
      });
    }
  }
}

// ------------------------------------------------------------------ array items

function addArrayItemCompletions(items: CompletionItem[], site: Site, path: JSONPath): void {
  const arrayKey = path[path.length - 2];
  const ownerPath = path.slice(0, -2);
  const ownerKind = elementKindOfPath(ownerPath);
  const root = site.parsed.root;
  const owner = objectAt(root, ownerPath);

  if (ownerKind === 'policy' && arrayKey === 'sections') {
    const next = 1 + Math.max(0, ...arrayItems(owner, 'sections').map((s) => numberProperty(s, 'sectionNumber') ?? 0));
    const stops = new TabStops();
    items.push(snippetItem(site, 'New section', `Section ${next}`, `{\n\t"sectionNumber": ${next},\n\t"sectionHeading": "${stops.next()}",\n\t"controls": [${stops.next()}]\n}`));
  } else if (ownerKind === 'section' && arrayKey === 'controls') {
    const sectionNumber = numberProperty(owner, 'sectionNumber');
    const next = 1 + Math.max(0, ...arrayItems(owner, 'controls').map((c) => numberProperty(c, 'controlNumber') ?? 0));
    const stops = new TabStops();
    const criticalities = CRITICALITIES.filter((c) => !c.aliasOf).map((c) => c.name);
    const body = [
      `"controlId": ${stops.next('0')}`,
      `"sectionNumber": ${sectionNumber ?? stops.next('1')}`,
      `"controlNumber": ${next}`,
      `"statement": "${stops.next()}"`,
      `"criticality": "${stops.choice(criticalities)}"`,
      `"isControlDisable": false`,
      `"referenceText": "${stops.next()}"`,
      `"technologies": [${stops.next()}]`,
    ];
    items.push(snippetItem(site, 'New control', `Control ${sectionNumber ?? '?'}.${next}`, `{\n\t${body.join(',\n\t')}\n}`));
  } else if ((ownerKind === 'policy' || ownerKind === 'control') && arrayKey === 'technologies') {
    const used = new Set(arrayItems(owner, 'technologies').map((t) => numberProperty(t, 'technologyId')));
    const candidates = ownerKind === 'policy' ? knownTechnologies(undefined, site.ctx.libraryTechnologies) : knownTechnologies(root, site.ctx.libraryTechnologies);
    for (const t of candidates) {
      if (used.has(t.technologyId)) continue;
      items.push(snippetItem(site, `${t.technologyName} (${t.technologyId})`, ownerKind === 'policy' ? 'Technology entry' : 'Control technology with a data point', technologySnippet(t, ownerKind === 'control', new TabStops())));
    }
    const stops = new TabStops();
    const generic = `{\n\t"technologyId": ${stops.next('0')},\n\t"technologyName": "${stops.next()}"${ownerKind === 'control' ? controlTechnologyRest(stops) : ''}\n}`;
    items.push({ ...snippetItem(site, 'New technology entry', 'Technology by id and name', generic), sortText: 'z' });
  } else if (ownerKind === 'dataPoint' && arrayKey === 'fv') {
    const used = new Set(arrayItems(owner, 'fv').map((f) => stringProperty(f, 'value')));
    for (const s of FIXED_VALUE_SENTINELS) {
      if (used.has(s.value)) continue;
      const stops = new TabStops();
      const body = `{\n\t"value": "${s.value}",\n\t"set": "${stops.choice([...FIXED_VALUE_SET_VALUES])}",\n\t"description": "${stops.choice(s.typicalDescriptions)}"\n}`;
      items.push({ ...snippetItem(site, `${s.value} (${s.typicalDescriptions[0]})`, s.meaning, body), kind: CompletionItemKind.Constant });
    }
  }
}

function technologySnippet(t: Technology, forControl: boolean, stops: TabStops): string {
  const head = `{\n\t"technologyId": ${t.technologyId},\n\t"technologyName": ${escapeSnippet(JSON.stringify(t.technologyName))}`;
  return `${head}${forControl ? controlTechnologyRest(stops) : ''}\n}`;
}

/** The part of a control technology after its id and name: evaluate, remediation, rationale. */
function controlTechnologyRest(stops: TabStops): string {
  const dp = indent(indent(dataPointSnippet(stops)));
  return `,\n\t"evaluate": {\n\t\t"dp": ${dp}\n\t},\n\t"remediation": "${stops.next()}",\n\t"rationale": "${stops.next()}"`;
}

/** A `dp` object: key, one expected value, description, operator (choice from the catalog). */
function dataPointSnippet(stops: TabStops): string {
  return [
    '{',
    `\t"k": "${stops.next()}",`,
    `\t"v": [\n\t\t"${stops.next()}"\n\t],`,
    `\t"description": "${stops.next()}",`,
    `\t"op": "${stops.choice(OPERATORS.map((o) => o.name))}"`,
    '}',
  ].join('\n');
}

// ---------------------------------------------------------------- item helpers

function valueItem(site: Site, value: string, kind: CompletionItemKind, detail: string | undefined, markdown: string | undefined): CompletionItem {
  const literal = JSON.stringify(value);
  return {
    label: value,
    kind,
    ...(detail !== undefined ? { detail } : {}),
    ...(markdown !== undefined ? { documentation: { kind: MarkupKind.Markdown, value: markdown } } : {}),
    ...edit(site, literal, literal, InsertTextFormat.PlainText),
  };
}

function snippetItem(site: Site, label: string, detail: string, snippet: string): CompletionItem {
  return {
    label,
    kind: CompletionItemKind.Snippet,
    detail,
    documentation: { kind: MarkupKind.Markdown, value: '```json\n' + snippetPreview(snippet) + '\n```' },
    ...edit(site, snippet, undefined, InsertTextFormat.Snippet),
  };
}

/** The text edit (with the commas the surroundings need) and filter text of an item. */
function edit(site: Site, insert: string, quotedFilter: string | undefined, format: InsertTextFormat): Pick<CompletionItem, 'textEdit' | 'insertTextFormat' | 'filterText'> {
  const text = `${site.leadingComma ? ',' : ''}${insert}${site.trailingComma ? ',' : ''}`;
  return {
    textEdit: TextEdit.replace(site.range, text),
    insertTextFormat: format,
    ...(site.quoted && quotedFilter !== undefined ? { filterText: quotedFilter } : {}),
  };
}

/** Numbers snippet tab stops in insertion order. */
class TabStops {
  private n = 0;
  next(placeholder?: string): string {
    this.n++;
    return placeholder === undefined ? `\${${this.n}}` : `\${${this.n}:${escapeSnippet(placeholder)}}`;
  }
  choice(values: readonly string[]): string {
    this.n++;
    return `\${${this.n}|${values.map((v) => v.replace(/[\\$}|,]/g, '\\$&')).join(',')}|}`;
  }
}

function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}

function indent(text: string): string {
  return text.replace(/\n/g, '\n\t');
}

/** A snippet as the user will see it: placeholders replaced by their defaults. */
function snippetPreview(snippet: string): string {
  return snippet
    .replace(/\$\{\d+\|([^|]*)\|\}/g, (_, choices: string) => choices.split(/(?<!\\),/)[0]!)
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\}/g, '')
    .replace(/\\([\\$}|,])/g, '$1')
    .replace(/\t/g, '  ');
}

// ------------------------------------------------------------------ text scans

function previousSignificantChar(text: string, offset: number): string | undefined {
  for (let i = offset - 1; i >= 0; i--) if (!/\s/.test(text[i]!)) return text[i];
  return undefined;
}

function nextSignificantChar(text: string, offset: number): string | undefined {
  for (let i = offset; i < text.length; i++) if (!/\s/.test(text[i]!)) return text[i];
  return undefined;
}

/**
 * `getLocation`, but scanning from the start of the control around the cursor rather
 * than from the start of a 10 MB document. getLocation reads only up to the cursor, so
 * a control whose start the parse tree knows is a safe place to begin.
 */
function locate(text: string, offset: number, root: Node | undefined): { path: JSONPath; previousNode?: { offset: number; length: number; type: string } } {
  let anchor: Node | undefined;
  for (let n = root && findNodeAtOffset(root, offset, true); n; n = n.parent) {
    if (n.type === 'object' && n.offset < offset && elementKindOfPath(getNodePath(n)) === 'control') {
      anchor = n;
      break;
    }
  }
  if (!anchor) return getLocation(text, offset);
  const loc = getLocation(text.substring(anchor.offset), offset - anchor.offset);
  const prev = loc.previousNode;
  return {
    path: [...getNodePath(anchor), ...loc.path],
    ...(prev ? { previousNode: { offset: prev.offset + anchor.offset, length: prev.length, type: prev.type } } : {}),
  };
}
