import { strict as assert } from 'node:assert';
import { codesOf, findProblems, only, underlined } from '../../support/policyText';

const VALID = '{"policyId": 1, "policyTitle": "T"}';

describe('validation: JSON syntax (strict JSON)', () => {
  it('accepts strict JSON', () => {
    assert.deepEqual(codesOf(VALID), []);
  });

  it('reports an empty or blank file', () => {
    for (const text of ['', '  \n\t']) {
      const f = only(text, 'json-syntax');
      assert.equal(f.severity, 'error');
      assert.match(f.message, /empty/);
    }
  });

  it('reports a trailing comma in an object at the comma', () => {
    const text = '{"policyId": 1, "policyTitle": "T",}';
    const f = only(text, 'trailing-comma');
    assert.equal(f.severity, 'error');
    assert.equal(f.offset, text.lastIndexOf(','));
  });

  it('reports a trailing comma in an array', () => {
    const text = '{"policyId": 1, "policyTitle": "T", "technologies": [{"technologyId": 1, "technologyName": "A"},]}';
    assert.equal(only(text, 'trailing-comma').offset, text.indexOf('},') + 1);
  });

  it('reports line and block comments', () => {
    const text = '{"policyId": 1, // id\n "policyTitle": /* t */ "T"}';
    const found = findProblems(text).filter((f) => f.code === 'json-comment');
    assert.deepEqual(found.map((f) => underlined(text, f)), ['// id', '/* t */']);
  });

  it('reports a raw newline inside a string once, and keeps parsing the rest', () => {
    const text = '{"policyId": 1, "policyTitle": "line one\nline two\nline three", "isLocked": "no"}';
    const f = only(text, 'string-newline');
    assert.equal(f.offset, text.indexOf('\n'));
    // The tree survived: the schema still sees isLocked's wrong type.
    assert.ok(codesOf(text).includes('schema-type'));
  });

  it('ends an unterminated string at the line break', () => {
    const text = '{"policyId": 1, "policyTitle": "abc\n "isActive": true}';
    const codes = codesOf(text);
    assert.ok(codes.includes('json-syntax'));
    assert.ok(!codes.includes('string-newline'));
  });

  it('reports invalid symbols such as placeholders, never throws', () => {
    const text = '{"policyId": <PolicyID>, "policyTitle": xxx}';
    const found = findProblems(text).filter((f) => f.code === 'json-syntax');
    assert.deepEqual(found.map((f) => underlined(text, f)), ['<PolicyID>', 'xxx']);
  });

  it('reports a missing comma and a missing closing brace', () => {
    const text = '{"policyId": 1 "policyTitle": "T"';
    assert.deepEqual(codesOf(text), ['json-syntax', 'json-syntax']);
  });

  it('reports content after the value', () => {
    assert.ok(codesOf(VALID + ' {}').includes('json-syntax'));
  });

  it('handles empty and deeply nested input without crashing', () => {
    assert.deepEqual(codesOf(''), ['json-syntax']);
    assert.ok(codesOf('['.repeat(5000)).length > 0);
  });
});

describe('validation: non-JSON whitespace', () => {
  it('reports non-breaking spaces outside strings, and keeps the structure', () => {
    const text = '{\n\u00a0 "policyId": 1,\n\u00a0 "policyTitle": "a\u00a0b"}';
    const found = findProblems(text);
    assert.deepEqual(found.map((f) => f.code), ['invalid-whitespace', 'invalid-whitespace']);
    assert.equal(found[0].offset, 2);
  });
});
