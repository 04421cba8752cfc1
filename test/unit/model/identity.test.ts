import { strict as assert } from 'node:assert';
import { policyIdOf } from '../../../server/src/model/identity';

describe('model: policyIdOf', () => {
  it('reads the top-level policyId', () => {
    assert.equal(policyIdOf('{ "policyId": 5656121, "policyTitle": "x", "sections": [] }'), 5656121);
  });
  it('finds it in a file with syntax errors further down (mid-edit)', () => {
    assert.equal(policyIdOf('{ "policyId": 42, "sections": [ { "sectionNumber": 1, } '), 42);
  });
  it('ignores nested and non-numeric ids', () => {
    assert.equal(policyIdOf('{ "sections": [ { "policyId": 7 } ] }'), undefined);
    assert.equal(policyIdOf('{ "policyId": "7" }'), undefined);
    assert.equal(policyIdOf('{ "policyId": 1.5 }'), undefined);
    assert.equal(policyIdOf('not json'), undefined);
  });
});
