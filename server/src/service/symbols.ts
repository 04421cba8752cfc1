/**
 * The outline of a policy: sections → controls → technologies.
 */
import type { Node } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentSymbol, Range, SymbolKind } from 'vscode-languageserver-types';
import { arrayItems, numberProperty, propertyValue, stringProperty } from './jsonPath';
import type { ParsedPolicy } from './parse';

export function findDocumentSymbols(document: TextDocument, parsed: ParsedPolicy): DocumentSymbol[] {
  const root = parsed.root;
  if (root?.type !== 'object') return [];
  const rangeOf = (node: Node): Range => Range.create(document.positionAt(node.offset), document.positionAt(node.offset + node.length));
  // VS Code rejects symbols with an empty name, hence the fallbacks.
  const symbol = (name: string, detail: string | undefined, kind: SymbolKind, node: Node, nameNode: Node | undefined, children: DocumentSymbol[]): DocumentSymbol =>
    DocumentSymbol.create(name.trim() || '(unnamed)', detail, kind, rangeOf(node), rangeOf(nameNode ?? node), children);

  return arrayItems(root, 'sections').map((section) => {
    const sectionNumber = numberProperty(section, 'sectionNumber');
    const heading = stringProperty(section, 'sectionHeading') ?? '';
    const controls = arrayItems(section, 'controls').map((control) => {
      const controlNumber = numberProperty(control, 'controlNumber');
      const controlId = numberProperty(control, 'controlId');
      const statement = stringProperty(control, 'statement') ?? '';
      const number = sectionNumber !== undefined && controlNumber !== undefined ? `${sectionNumber}.${controlNumber}` : undefined;
      const name = [number, controlId, singleLine(statement)].filter((p) => p !== undefined && p !== '').join(' ');
      const technologies = arrayItems(control, 'technologies').map((technology) => {
        const id = numberProperty(technology, 'technologyId');
        const techName = stringProperty(technology, 'technologyName');
        return symbol(techName ?? `Technology ${id ?? '?'}`, id !== undefined ? String(id) : undefined, SymbolKind.EnumMember, technology, propertyValue(technology, 'technologyName'), []);
      });
      return symbol(name || 'Control', stringProperty(control, 'criticality'), SymbolKind.Class, control, propertyValue(control, 'statement') ?? propertyValue(control, 'controlId'), technologies);
    });
    const name = [sectionNumber, singleLine(heading)].filter((p) => p !== undefined && p !== '').join(' ');
    return symbol(name || 'Section', controls.length === 1 ? '1 control' : `${controls.length} controls`, SymbolKind.Namespace, section, propertyValue(section, 'sectionHeading'), controls);
  });
}

/** Statements from real exports contain raw line breaks; the outline shows one line. */
function singleLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
