/**
 * Posture statuses come from the language server's evaluation engine, so the emulator and a local
 * evaluation of the same evidence agree by construction. Compiled forms are cached per data point
 * object (edits replace the object, which drops the stale entry).
 */
import type { DataPoint } from '../../../server/src/model/policy';
import { compileDataPoint, type CompiledDataPoint, type EvaluationOutcome } from '../../../server/src/service/evaluation/engine';

const compiledByDp = new WeakMap<DataPoint, CompiledDataPoint>();

export function evaluate(dp: DataPoint, values: readonly string[]): EvaluationOutcome {
  let fn = compiledByDp.get(dp);
  if (!fn) {
    fn = compileDataPoint(dp);
    compiledByDp.set(dp, fn);
  }
  return fn(values);
}
