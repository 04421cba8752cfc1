// Bundle entry for bench/evaluation.bench.mjs: the engine as the server and CLI run it.
export { compileDataPoint, evaluateDataPoint } from '../server/src/service/evaluation/engine';
export { indexPolicy, PostureEvaluator } from '../server/src/service/evaluation/postures';
