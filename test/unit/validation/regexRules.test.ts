import { strict as assert } from 'node:assert';
import { codesOf, dpPolicy, only, underlined } from '../../support/policyText';

describe('validation: re/xre patterns (PCRE)', () => {
  it('accepts PCRE-only syntax JavaScript lacks', () => {
    for (const p of ['(?i)^permit\\s+root', '\\Aabc\\Z', '\\Aabc\\z', 'a++b', '(?>ab|a)c', '.+:\\s*install\\s+cramfs\\s+/bin/(true|false)']) {
      assert.deepEqual(codesOf(dpPolicy({ op: 're', v: [p], cd: 'match any' })), [], p);
    }
  });

  it('reports an invalid pattern as an error at the value', () => {
    const text = dpPolicy({ op: 're', v: ['abc('], cd: 'match any' });
    const f = only(text, 'invalid-regex');
    assert.equal(f.severity, 'error');
    assert.equal(underlined(text, f), '"abc("');
    assert.match(f.message, /Invalid PCRE pattern/);
  });

  it('checks every pattern of an xre list', () => {
    const text = dpPolicy({ op: 'xre', v: ['ok', '[z-a]'], cd: 'match' });
    assert.equal(underlined(text, only(text, 'invalid-regex')), '"[z-a]"');
  });

  it('warns about catastrophic backtracking', () => {
    const f = only(dpPolicy({ op: 're', v: ['(a+)+$'], cd: 'match any' }), 'regex-backtracking');
    assert.equal(f.severity, 'warning');
  });

  it('does not treat values of non-regex operators as patterns', () => {
    assert.deepEqual(codesOf(dpPolicy({ op: 'eq', v: ['abc('] })), []);
  });
});
