/** The emulator's data: evidence text round-trips through the model's parser, and every catalog control evaluates. */
import assert from 'node:assert/strict';
import { getOperator } from '../../server/src/model/catalog';
import { parseExpectedValues } from '../../server/src/model/expectedValues';
import { allControlDefinitions } from '../../emulator/src/data/controls';
import { collectedValues, makeFleet } from '../../emulator/src/data/fleet';
import { displayedValues, expectedValuesText } from '../../emulator/src/posture/evidenceText';
import { evaluate } from '../../emulator/src/posture/evaluate';

const dataPoints = allControlDefinitions().flatMap((c) => c.technologies.flatMap((t) => (t.evaluate ? [{ controlId: c.controlId, dp: t.evaluate.dp }] : [])));

describe('emulator data', () => {
  it('has a catalog covering every operator', () => {
    const ops = new Set(dataPoints.map((d) => d.dp.op));
    for (const op of ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'in', 'range', 're', 'xre', 'xeq']) assert.ok(ops.has(op), op);
    assert.ok(new Set(dataPoints.map((d) => d.dp.cd).filter(Boolean)).size >= 8);
  });

  it('writes expectedValues that the model parser reads back: compliant fixed values, operator and values', () => {
    for (const { controlId, dp } of dataPoints) {
      const parsed = parseExpectedValues(expectedValuesText(dp));
      assert.equal(parsed.operator?.op, getOperator(dp.op)?.name, `control ${controlId}`);
      assert.deepEqual(parsed.operator?.values, dp.v, `control ${controlId}`);
      const compliant = (dp.fv ?? []).filter((f) => f.set === '1').length;
      assert.equal(parsed.fixedValues.length, compliant, `control ${controlId}`);
    }
  });

  it('gives every control passing and failing hosts across a fleet, and never an engine error', () => {
    const fleet = makeFleet(200, 1);
    const seen = new Map<number, Set<string>>();
    for (const { controlId, dp } of dataPoints) {
      for (const host of fleet.slice(0, 60)) {
        const outcome = evaluate(dp, displayedValues(dp, collectedValues(host, dp.k, 1)));
        assert.notEqual(outcome.status, 'Error', `control ${controlId} on ${host.hostId}: ${outcome.reason}`);
        let s = seen.get(controlId);
        if (!s) seen.set(controlId, (s = new Set()));
        s.add(outcome.status);
      }
    }
    // CIS ships some controls with the default value '.*', which always passes (as its cover pages say).
    const alwaysPass = new Set(dataPoints.filter((d) => d.dp.v.length === 1 && d.dp.v[0] === '.*').map((d) => d.controlId));
    const onlyOne = [...seen].filter(([id, s]) => s.size < 2 && !alwaysPass.has(id)).map(([id]) => id);
    assert.deepEqual(onlyOne, []);
  });
});
