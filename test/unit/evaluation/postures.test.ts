import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Policy } from '../../../server/src/model/policy';
import { evaluatePostures, indexPolicy, PostureEvaluator } from '../../../server/src/service/evaluation/postures';
import { parseJsonLenient } from '../../../client/src/api/lenientJson';

const FIXTURES = path.resolve(__dirname, '../../fixtures/evaluation');
const policy = JSON.parse(readFileSync(path.join(FIXTURES, 'linux.policy.json'), 'utf8')) as Policy;
const records = parseJsonLenient(readFileSync(path.join(FIXTURES, 'postures.json'), 'utf8')) as Record<string, unknown>[];

describe('evaluating a policy against posture records', () => {
  it('evaluates each record with evidence against its control technology', () => {
    const { results } = evaluatePostures(policy, records, { policyId: policy.policyId });
    assert.deepEqual(
      results.map((r) => [r.hostId, r.controlId, r.technologyId, r.status, r.recordedStatus]),
      [
        ['101', 1071, 80, 'Passed', 'Passed'],
        ['102', 1071, 80, 'Failed', 'Failed'],
        ['103', 1071, 80, 'Passed', 'Passed'],
        ['104', 1071, 80, 'Failed', 'Passed'],
        ['101', 2641, 80, 'Failed', 'Failed'],
        ['101', 1114, 80, 'Passed', 'Passed'],
      ],
    );
    const web02 = results[1];
    assert.equal(web02.reason, '5 < 14 (ge)');
    assert.deepEqual(web02.host, { ip: '10.0.0.2', dns: 'web02', netBios: undefined });
    assert.deepEqual(web02.currentValues, ['5']);
    assert.equal(results[2].reason, "fixed value 'Setting not found' (161803399999999) is allowed");
    assert.deepEqual(results.map((r) => r.definitionChanged), [false, false, false, true, false, false]);
  });

  it('summarises counts, flips, agreement and skipped records', () => {
    const { summary } = evaluatePostures(policy, records, { policyId: policy.policyId });
    assert.deepEqual(summary, {
      records: 9,
      evaluated: 6,
      passed: 3,
      failed: 3,
      error: 0,
      changed: 1,
      flips: { toPassed: 0, toFailed: 1, toError: 0 },
      agreement: { compared: 6, agreed: 5, rate: 5 / 6 },
      // Host 104 was evaluated by Qualys when the threshold was 8: its change is explained.
      definition: { same: 5, changed: 1, unknown: 0, agreement: { compared: 5, agreed: 5, rate: 1 } },
      skipped: { total: 3, noEvidence: 1, noMatchingControl: 1, noDataPoint: 0, otherPolicy: 1, malformed: 0 },
    });
  });

  it('evaluates records of any policy when no policyId is given', () => {
    const { summary } = evaluatePostures(policy, records);
    assert.equal(summary.skipped.otherPolicy, 0);
    assert.equal(summary.evaluated, 7);
  });

  it('reads ids given as strings, and technology.id when technologyId is missing', () => {
    const evaluator = new PostureEvaluator(indexPolicy(policy));
    const r = evaluator.add({ controlId: '1071', technology: { id: '80', name: 'CentOS 7.x' }, hostId: '7', status: 'Failed', evidence: { currentValues: ['20'] } });
    assert.equal(r?.status, 'Passed');
    assert.equal(evaluator.summary.flips.toPassed, 1);
  });

  it('skips what it cannot evaluate, saying why', () => {
    const evaluator = new PostureEvaluator(indexPolicy(policy));
    assert.equal(evaluator.add(null), undefined);
    assert.equal(evaluator.add({ controlId: 'x', technologyId: 80, hostId: 1 }), undefined);
    assert.equal(evaluator.add({ controlId: 1071, technologyId: 99, hostId: 1, evidence: { currentValues: ['1'] } }), undefined);
    assert.equal(evaluator.add({ controlId: 1071, technologyId: 80, hostId: 1, evidence: { currentValues: null } }), undefined);
    assert.deepEqual(evaluator.summary.skipped, { total: 4, noEvidence: 1, noMatchingControl: 0, noDataPoint: 1, otherPolicy: 0, malformed: 2 });
    assert.equal(evaluator.summary.agreement.rate, null);
  });

  it('a record without a known recorded status is evaluated but not compared', () => {
    const evaluator = new PostureEvaluator(indexPolicy(policy));
    const r = evaluator.add({ controlId: 1071, technologyId: 80, hostId: 1, status: 'Unknown', evidence: { currentValues: ['1'] } });
    assert.equal(r?.recordedStatus, undefined);
    assert.equal(evaluator.summary.agreement.compared, 0);
    assert.equal(evaluator.summary.changed, 0);
  });

  it('non-string collected values are read as text', () => {
    const evaluator = new PostureEvaluator(indexPolicy(policy));
    assert.equal(evaluator.add({ controlId: 1071, technologyId: 80, hostId: 1, evidence: { currentValues: [15] } })?.status, 'Passed');
  });
});
