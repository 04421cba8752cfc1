import { strict as assert } from 'node:assert';
import { codesOf, dpPolicy, findProblems, only, underlined } from '../../support/policyText';

describe('validation: evaluate.dp rules', () => {
  describe('op', () => {
    it('accepts every catalog operator', () => {
      for (const op of ['eq', 'ne', 'lt', 'le', 'gt', 'ge']) assert.deepEqual(codesOf(dpPolicy({ op, v: ['1'] })), [], op);
      assert.deepEqual(codesOf(dpPolicy({ op: 'in', v: ['1', '2'] })), []);
      assert.deepEqual(codesOf(dpPolicy({ op: 'range', v: ['1', '5'] })), []);
      assert.deepEqual(codesOf(dpPolicy({ op: 're', v: ['^a$'], cd: 'match all' })), []);
      assert.deepEqual(codesOf(dpPolicy({ op: 'xre', v: ['a', 'b'], cd: 'intersect' })), []);
      assert.deepEqual(codesOf(dpPolicy({ op: 'xeq', v: ['3', '5'], cd: 'is contained in' })), []);
    });

    it('reports an unknown op with did-you-mean at the value', () => {
      const text = dpPolicy({ op: 'gte' });
      const f = only(text, 'unknown-operator');
      assert.equal(f.severity, 'error');
      assert.equal(underlined(text, f), '"gte"');
      assert.match(f.message, /Did you mean 'ge' or 'gt'\?/);
      assert.deepEqual(f.data?.replacements, ['"ge"', '"gt"']);
    });

    it('maps UI symbols and labels to the operator', () => {
      assert.deepEqual(only(dpPolicy({ op: '>=' }), 'unknown-operator').data?.replacements?.[0], '"ge"');
      assert.deepEqual(only(dpPolicy({ op: 'regex', v: ['a'] }), 'unknown-operator').data?.replacements?.[0], '"re"');
      assert.deepEqual(only(dpPolicy({ op: 'equals' }), 'unknown-operator').data?.replacements?.[0], '"eq"');
      assert.deepEqual(only(dpPolicy({ op: 'less than' }), 'unknown-operator').data?.replacements?.[0], '"lt"');
    });
  });

  describe('cd', () => {
    it('accepts the seed spellings matches/match and contain/contains', () => {
      for (const cd of ['match', 'matches', 'contain', 'contains']) assert.deepEqual(codesOf(dpPolicy({ op: 'xre', v: ['a'], cd })), [], cd);
    });

    it('reports an unknown cd with did-you-mean among those valid for the op', () => {
      const text = dpPolicy({ op: 're', v: ['a'], cd: 'match anyy' });
      const f = only(text, 'unknown-cardinality');
      assert.equal(underlined(text, f), '"match anyy"');
      assert.equal(f.data?.replacements?.[0], '"match any"');
    });

    it('warns when a cd is given to an operator that takes none, offering to remove it', () => {
      const text = dpPolicy({ op: 'eq', cd: 'match any' });
      const f = only(text, 'cardinality-not-applicable');
      assert.equal(f.severity, 'warning');
      assert.equal(underlined(text, f), '"match any"');

    });

    it('warns when a cd does not fit the operator (line cardinality on a list operator)', () => {
      assert.deepEqual(codesOf(dpPolicy({ op: 're', v: ['a'], cd: 'intersect' })), ['cardinality-not-applicable']);
      assert.deepEqual(codesOf(dpPolicy({ op: 'xeq', v: ['a'], cd: 'match any' })), ['cardinality-not-applicable']);
    });
  });

  describe('v', () => {
    it('lt/le/gt/ge need integer values', () => {
      for (const op of ['lt', 'le', 'gt', 'ge']) {
        const text = dpPolicy({ op, v: ['abc'] });
        assert.equal(underlined(text, only(text, 'integer-value-required')), '"abc"', op);
        assert.deepEqual(codesOf(dpPolicy({ op, v: ['-3'] })), [], op);
      }
    });

    it('in needs at least one value', () => {
      const text = dpPolicy({ op: 'in', v: [] });
      assert.deepEqual(codesOf(text), ['in-needs-value']);
      assert.deepEqual(codesOf(dpPolicy({ op: 'in', v: ['x'] })), []);
    });

    it('range needs exactly two integer bounds', () => {
      assert.deepEqual(codesOf(dpPolicy({ op: 'range', v: ['1'] })), ['range-needs-two-bounds']);
      assert.deepEqual(codesOf(dpPolicy({ op: 'range', v: [] })), ['range-needs-two-bounds']);
      assert.deepEqual(codesOf(dpPolicy({ op: 'range', v: ['1', '2', '3'] })), ['range-needs-two-bounds']);
      assert.deepEqual(codesOf(dpPolicy({ op: 'range', v: ['1', 'x'] })), ['integer-value-required']);
      assert.deepEqual(codesOf(dpPolicy({ op: 'range', v: ['9', '2'] })), ['range-bounds-order']);
      assert.deepEqual(codesOf(dpPolicy({ op: 'range', v: ['2', '9'] })), []);
    });

    it('v must not be empty, except with empty / not empty', () => {
      assert.deepEqual(codesOf(dpPolicy({ op: 'eq', v: [] })), ['empty-value']);
      assert.deepEqual(codesOf(dpPolicy({ op: 'eq', v: [''] })), ['empty-value']);
      assert.deepEqual(codesOf(dpPolicy({ op: 're', v: [], cd: 'match any' })), ['empty-value']);
      assert.deepEqual(codesOf(dpPolicy({ op: 're', v: [], cd: 'empty' })), []);
      assert.deepEqual(codesOf(dpPolicy({ op: 'xre', v: [''], cd: 'not empty' })), []);
    });

    it('warns when a single-value operator gets several values', () => {
      assert.deepEqual(codesOf(dpPolicy({ op: 'eq', v: ['1', '2'] })), ['too-many-values']);
    });
  });

  describe('fv', () => {
    it('fv.set must be "0" or "1"', () => {
      const text = dpPolicy({ fv: [{ value: '161803399999999', set: 'yes' }] });
      const f = only(text, 'fv-set-invalid');
      assert.equal(underlined(text, f), '"yes"');
      assert.deepEqual(codesOf(dpPolicy({ fv: [{ value: '1', set: '1' }, { value: '2', set: '0' }] })), []);
    });

    it('suggests the string for a boolean or number set', () => {
      assert.deepEqual(only(dpPolicy({ fv: [{ value: '1', set: true }] }), 'fv-set-invalid').data?.replacements, ['"1"']);
      assert.deepEqual(only(dpPolicy({ fv: [{ value: '1', set: 0 }] }), 'fv-set-invalid').data?.replacements, ['"0"']);
    });

    it('fixed values must be unique', () => {
      const text = dpPolicy({ fv: [{ value: '161803399999999', set: '1' }, { value: '161803399999999', set: '0' }] });
      const f = only(text, 'fv-duplicate');
      assert.equal(f.offset, text.lastIndexOf('"161803399999999"'));
    });
  });

  it('reports every problem of a data point at once', () => {
    const codes = findProblems(dpPolicy({ op: 'lt', v: ['x'], cd: 'match any', fv: [{ value: '1', set: '2' }] })).map((f) => f.code).sort();
    assert.deepEqual(codes, ['cardinality-not-applicable', 'fv-set-invalid', 'integer-value-required']);
  });
});
