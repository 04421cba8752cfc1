import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/service/languageService';
import { OPERATORS } from '../../server/src/model/catalog';
import { controlWith, dpPolicy, policyWith, VALID_DP } from '../support/policyText';

const service = createLanguageService();

function diagnose(text: string) {
  const document = TextDocument.create('file:///fix.policy.json', 'qualys-policy', 1, text);
  const parsed = service.parse(document);
  return { document, parsed, diagnostics: service.doValidation(document, parsed) };
}

/** Applies the quick fixes for diagnostics with `code` (the preferred one, or the first). */
function fixes(text: string, code: string): { actions: CodeAction[]; diagnostic: Diagnostic; apply: (a?: CodeAction) => string } {
  const { document, parsed, diagnostics } = diagnose(text);
  const diagnostic = diagnostics.find((d) => d.code === code);
  assert.ok(diagnostic, `no ${code} in ${JSON.stringify(diagnostics.map((d) => d.code))}`);
  const actions = service.getCodeActions(document, parsed, diagnostic.range, [diagnostic]);
  const apply = (a: CodeAction = actions.find((x) => x.isPreferred) ?? actions[0]) => {
    assert.ok(a, 'no action');
    assert.deepEqual(a.diagnostics, [diagnostic]);
    return TextDocument.applyEdits(document, a.edit!.changes![document.uri]);
  };
  return { actions, diagnostic, apply };
}

const codes = (text: string) => diagnose(text).diagnostics.map((d) => d.code);

describe('code actions', () => {
  it('replaces an unknown op with the did-you-mean', () => {
    const { actions, apply } = fixes(dpPolicy({ op: 'gte' }), 'unknown-operator');
    assert.deepEqual(actions.map((a) => a.title), ['Change operator to "ge"', 'Change operator to "gt"']);
    assert.deepEqual(codes(apply(actions[0])), []);
  });

  it('replaces an unknown cd', () => {
    const { apply } = fixes(dpPolicy({ op: 're', v: ['a'], cd: 'mach all' }), 'unknown-cardinality');
    assert.deepEqual(codes(apply()), []);
  });

  it('offers every operator, none preferred, when no name is close', () => {
    const { actions, apply } = fixes(dpPolicy({ op: 'foo' }), 'unknown-operator');
    assert.deepEqual(actions.map((a) => a.title), OPERATORS.map((o) => `Change operator to "${o.name}"`));
    assert.ok(actions.every((a) => !a.isPreferred));
    assert.deepEqual(codes(apply(actions[0])), []);
  });

  it("offers the op's cardinalities, none preferred, when no cardinality is close", () => {
    const { actions, apply } = fixes(dpPolicy({ op: 're', v: ['a'], cd: 'zzz' }), 'unknown-cardinality');
    assert.deepEqual(actions.map((a) => a.title), OPERATORS.find((o) => o.name === 're')!.cardinalities.map((c) => `Change cardinality to "${c}"`));
    assert.ok(actions.every((a) => !a.isPreferred));
    assert.deepEqual(codes(apply(actions[0])), []);
  });

  it('removes a meaningless cd cleanly (valid JSON afterwards)', () => {
    const text = dpPolicy({ op: 'eq', cd: 'match any' });
    const fixed = fixes(text, 'cardinality-not-applicable').apply();
    assert.deepEqual(codes(fixed), []);
    assert.ok(!fixed.includes('"cd"'));
    JSON.parse(fixed);
  });

  it('removes a meaningless cd that is the last property', () => {
    const text = JSON.stringify(policyWith([controlWith({ k: 'a', v: ['1'], op: 'eq', cd: 'match any' })]));
    const fixed = fixes(text, 'cardinality-not-applicable').apply();
    assert.deepEqual(codes(fixed), []);
    JSON.parse(fixed);
  });

  it('fixes fv.set to "0"/"1"', () => {
    const { apply } = fixes(dpPolicy({ fv: [{ value: '1', set: true }] }), 'fv-set-invalid');
    assert.deepEqual(codes(apply()), []);
  });

  it('fixes a technologyName to match its id', () => {
    const c = controlWith(VALID_DP);
    (c.technologies as Record<string, unknown>[])[0].technologyName = 'Vista';
    const { apply } = fixes(JSON.stringify(policyWith([c]), null, 2), 'technology-name-mismatch');
    assert.deepEqual(codes(apply()), []);
  });

  it("fixes a control's sectionNumber", () => {
    const { apply } = fixes(JSON.stringify(policyWith([controlWith(VALID_DP, { sectionNumber: 4 })])), 'section-number-mismatch');
    assert.deepEqual(codes(apply()), []);
  });

  it('renumbers the controls of a section', () => {
    const controls = [1, 5, 5, 9].map((n, i) => controlWith(VALID_DP, { controlId: 100 + i, controlNumber: n }));
    const { apply } = fixes(JSON.stringify(policyWith(controls), null, 2), 'control-number-sequence');
    const fixed = apply();
    assert.deepEqual(codes(fixed), []);
    const numbers = JSON.parse(fixed).sections[0].controls.map((c: { controlNumber: number }) => c.controlNumber);
    assert.deepEqual(numbers, [1, 2, 3, 4]);
  });

  it('fixes an unknown criticality and renames an unknown field', () => {
    assert.deepEqual(codes(fixes(JSON.stringify(policyWith([controlWith(VALID_DP, { criticality: 'URGNET' })])), 'schema-enum').apply()), []);
    assert.deepEqual(codes(fixes(JSON.stringify(policyWith([], { policyTitel: 'x', policyTitle: undefined })), 'unknown-field').apply()), []);
  });

  it('removes a trailing comma and a comment', () => {
    assert.deepEqual(codes(fixes('{"policyId": 1, "policyTitle": "T",}', 'trailing-comma').apply()), []);
    assert.deepEqual(codes(fixes('{"policyId": 1, /* x */ "policyTitle": "T"}', 'json-comment').apply()), []);
  });

  it('escapes raw line breaks in a string', () => {
    const fixed = fixes('{"policyId": 1, "policyTitle": "a\nb\nc"}', 'string-newline').apply();
    assert.equal(fixed, '{"policyId": 1, "policyTitle": "a\\nb\\nc"}');
    assert.deepEqual(codes(fixed), []);
  });

  it("offers to rename legacy 'rational' to 'rationale' when on the key", () => {
    const c = controlWith(VALID_DP);
    const tech = (c.technologies as Record<string, unknown>[])[0];
    delete tech.rationale;
    tech.rational = 'why';
    const text = JSON.stringify(policyWith([c]));
    const document = TextDocument.create('file:///r.json', 'qualys-policy', 1, text);
    const parsed = service.parse(document);
    const at = document.positionAt(text.indexOf('"rational"') + 2);
    const [action] = service.getCodeActions(document, parsed, { start: at, end: at }, []);
    assert.equal(action.title, "Rename legacy 'rational' to 'rationale'");
    const fixed = TextDocument.applyEdits(document, action.edit!.changes![document.uri]);
    assert.equal(JSON.parse(fixed).sections[0].controls[0].technologies[0].rationale, 'why');
    // Not offered when rationale already exists.
    tech.rationale = 'x';
    const both = JSON.stringify(policyWith([c]));
    const d2 = TextDocument.create('file:///r2.json', 'qualys-policy', 1, both);
    const p2 = service.parse(d2);
    const at2 = d2.positionAt(both.indexOf('"rational"') + 2);
    assert.deepEqual(service.getCodeActions(d2, p2, { start: at2, end: at2 }, []), []);
  });

  it('ignores diagnostics from other sources', () => {
    const { document, parsed } = diagnose(dpPolicy({}));
    const foreign: Diagnostic = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'x', code: 'unknown-operator', source: 'other', data: { replacements: ['"eq"'] } };
    assert.deepEqual(service.getCodeActions(document, parsed, foreign.range, [foreign]), []);
  });
});
