import { strict as assert } from 'node:assert';
import { looksLikeExportedPolicy } from '../../server/src/model/detect';

describe('looksLikeExportedPolicy', () => {
  it('detects an exported policy by its top-level keys', () => {
    assert.equal(looksLikeExportedPolicy('{"policyId": 1, "policyTitle": "x", "sections": []}'), true);
    assert.equal(looksLikeExportedPolicy('\uFEFF\n {\n"policyTitle": "x",\n"technologies": []}'), true);
    assert.equal(looksLikeExportedPolicy('{"technologies": [], "policyId": 3}'), true);
  });

  it('ignores the same keys when nested', () => {
    assert.equal(looksLikeExportedPolicy('{"data": {"policyId": 1, "sections": []}}'), false);
    assert.equal(looksLikeExportedPolicy('[{"policyId": 1, "sections": []}]'), false);
  });

  it('needs both an id/title and sections/technologies', () => {
    assert.equal(looksLikeExportedPolicy('{"policyId": 1, "policyTitle": "x"}'), false);
    assert.equal(looksLikeExportedPolicy('{"sections": []}'), false);
  });

  it('ignores keys inside string values and handles escapes', () => {
    assert.equal(looksLikeExportedPolicy('{"a": "\\"policyId\\": 1, \\"sections\\": 2"}'), false);
  });

  it('returns false for non-JSON and empty text', () => {
    assert.equal(looksLikeExportedPolicy(''), false);
    assert.equal(looksLikeExportedPolicy('policyId sections'), false);
  });
});
