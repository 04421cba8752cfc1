import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CARDINALITIES, CRITICALITY_NAMES, FIXED_VALUE_SENTINELS, OPERATORS } from '../../server/src/model/catalog';

const repoRoot = resolve(__dirname, '../..');

interface Rule { match?: string; captures?: Record<string, { name: string }> }
const grammar = JSON.parse(readFileSync(resolve(repoRoot, 'syntaxes/qualys-policy.tmLanguage.json'), 'utf8')) as {
  scopeName: string;
  repository: Record<string, Rule>;
};

/** The names in a rule `(")(a|b|c)(")`, unescaped, sorted. */
function alternationOf(ruleName: string): string[] {
  const match = grammar.repository[ruleName]?.match;
  assert.ok(match, `grammar rule #${ruleName} is missing`);
  const inner = /^\(\"\)\((.*)\)\(\"\)$/.exec(match)?.[1];
  assert.ok(inner !== undefined, `unexpected shape of #${ruleName}: ${match}`);
  return inner.split('|').map((n) => n.replace(/\\(.)/g, '$1')).sort();
}

// scripts/gen-grammar.mjs writes the grammar from the catalog; this fails when they drift.
describe('TextMate grammar matches the catalog', () => {
  it('declares the scope the manifest contributes', () => {
    const manifest = JSON.parse(readFileSync(resolve(repoRoot, 'package.json'), 'utf8'));
    const contributed = manifest.contributes.grammars.find((g: { language: string }) => g.language === 'qualys-policy');
    assert.equal(contributed.scopeName, grammar.scopeName);
    assert.equal(resolve(repoRoot, contributed.path), resolve(repoRoot, 'syntaxes/qualys-policy.tmLanguage.json'));
  });

  const expectations: [string, string[], string][] = [
    ['operator', OPERATORS.map((o) => o.name), 'keyword.operator.qualys'],
    ['cardinality', CARDINALITIES.map((c) => c.name), 'keyword.control.cardinality.qualys'],
    ['criticality', [...CRITICALITY_NAMES], 'constant.language.criticality.qualys'],
    ['sentinel', FIXED_VALUE_SENTINELS.map((s) => s.value), 'constant.numeric.sentinel.qualys'],
  ];
  for (const [rule, names, scope] of expectations) {
    it(`#${rule} lists exactly the catalog's names, scoped ${scope}`, () => {
      assert.deepEqual(alternationOf(rule), [...names].sort());
      assert.equal(grammar.repository[rule]!.captures?.['2']?.name, scope);
    });
  }
});
