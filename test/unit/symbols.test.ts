import * as assert from 'node:assert/strict';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import { findDocumentSymbols } from '../../server/src/service/symbols';
import { plainDocument } from './support/cursorDocument';

const POLICY = `{
  "policyId": 1, "policyTitle": "T",
  "technologies": [{ "technologyId": 18, "technologyName": "Windows Vista" }],
  "sections": [
    { "sectionNumber": 1, "sectionHeading": "Initial Setup", "controls": [
      { "controlId": 5215, "sectionNumber": 1, "controlNumber": 2, "statement": "Status of the 'AllowGroups'\\n setting",
        "criticality": "SERIOUS",
        "technologies": [
          { "technologyId": 18, "technologyName": "Windows Vista" },
          { "technologyId": 45, "technologyName": "RHEL 6.x" }
        ] },
      { "controlId": 1072, "sectionNumber": 1, "controlNumber": 3, "technologies": [] }
    ] },
    { "sectionNumber": 2, "sectionHeading": "" }
  ]
}`;

function symbols(text: string): { list: DocumentSymbol[]; textOf: (r: DocumentSymbol['range']) => string } {
  const { document, parsed } = plainDocument(text);
  const list = findDocumentSymbols(document, parsed);
  return { list, textOf: (r) => document.getText(r) };
}

describe('document symbols', () => {
  it('outlines sections → controls → technologies', () => {
    const { list } = symbols(POLICY);
    assert.deepEqual(
      list.map((s) => [s.name, s.kind, s.children!.map((c) => [c.name, c.detail, c.children!.map((t) => [t.name, t.detail])])]),
      [
        ['1 Initial Setup', SymbolKind.Namespace, [
          ["1.2 5215 Status of the 'AllowGroups' setting", 'SERIOUS', [['Windows Vista', '18'], ['RHEL 6.x', '45']]],
          ['1.3 1072', undefined, []],
        ]],
        ['2', SymbolKind.Namespace, []],
      ],
    );
    assert.equal(list[0]!.detail, '2 controls');
  });

  it('ranges cover the element; selection ranges its name', () => {
    const { list, textOf } = symbols(POLICY);
    const control = list[0]!.children![0]!;
    assert.ok(textOf(control.range).startsWith('{ "controlId": 5215'));
    assert.ok(textOf(control.range).endsWith('] }'));
    assert.equal(textOf(control.selectionRange), '"Status of the \'AllowGroups\'\\n setting"');
    assert.equal(textOf(list[0]!.selectionRange), '"Initial Setup"');
    assert.equal(textOf(list[0]!.children![1]!.selectionRange), '1072', 'no statement: the controlId');
    assert.equal(textOf(list[0]!.children![0]!.children![1]!.selectionRange), '"RHEL 6.x"');
  });

  it('never yields an empty name, and survives broken or non-policy JSON', () => {
    const { list } = symbols('{ "sections": [{ "controls": [{ "technologies": [{ }] }] }] }');
    assert.deepEqual([list[0]!.name, list[0]!.children![0]!.name, list[0]!.children![0]!.children![0]!.name], ['Section', 'Control', 'Technology ?']);
    assert.deepEqual(symbols('[1, 2]').list, []);
    assert.deepEqual(symbols('').list, []);
    const broken = symbols('{ "sections": [{ "sectionNumber": 4, "sectionHeading": "X", "controls": [ { "controlId": 9, ');
    assert.equal(broken.list[0]!.name, '4 X');
  });
});
