// Evaluation benchmark: postures per second of the engine over 100 000 and 1 000 000
// generated evidence records on a realistic policy, the CLI end to end on a postures file,
// and live re-evaluation latency after a one-value edit (recompile one data point, re-run
// its postures), as the editor does while the user types.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generatePolicy } from './generatePolicy.mjs';

const COUNTS = [100_000, 1_000_000];
/** Distinct generated records; larger runs cycle through them (with other host ids). */
const DISTINCT = 200_000;
const EDITS = 21;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n) => Math.round(n).toLocaleString('en-US');

async function loadEngine(root) {
  const outfile = path.join(root, 'out/bench/evaluation.cjs');
  await esbuild.build({ entryPoints: [path.join(root, 'bench/evaluation-entry.ts')], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
  return createRequire(import.meta.url)(outfile);
}

/** A deterministic pseudo-random generator, so every run measures the same records. */
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const SSHD = ['Port 22', 'Protocol 2', 'PermitRootLogin no', 'PermitRootLogin yes', 'X11Forwarding no', 'MaxAuthTries 4', 'UsePAM yes'];

/** currentValues a scanner would plausibly collect for a data point, fixed values included. */
function valuesFor(dp, random, host) {
  const r = random();
  if (r < 0.04) return ['Setting not found'];
  if (r < 0.06) return ['314159265358979'];
  const int = (max) => String(Math.floor(random() * max));
  switch (dp.op) {
    case 're': {
      const lines = Array.from({ length: 3 + Math.floor(random() * 5) }, () => SSHD[Math.floor(random() * SSHD.length)]);
      if (random() < 0.3) lines.push(`# managed by host-${host}`); // per-host text defeats any memo
      return [lines.join('\n')];
    }
    case 'xre':
      return dp.cd === 'does not contain' ? (random() < 0.7 ? [] : ['cramfs 16384 0']) : [`/etc/modprobe.d/cramfs.conf: install cramfs /bin/${random() < 0.8 ? 'true' : 'sh'}`];
    case 'xeq':
      return random() < 0.8 ? [['3', '5'][Math.floor(random() * 2)]] : ['3', '5', '2'];
    case 'range':
      return [int(120)];
    default:
      return [int(20)];
  }
}

function generateRecords(policy, count) {
  const targets = [];
  for (const s of policy.sections) for (const c of s.controls) for (const t of c.technologies) targets.push({ controlId: c.controlId, technologyId: t.technologyId, dp: t.evaluate.dp });
  const random = rng(42);
  const records = new Array(count);
  for (let i = 0; i < count; i++) {
    const target = targets[i % targets.length];
    const hostId = 100000 + Math.floor(i / targets.length);
    records[i] = {
      id: i,
      policyId: policy.policyId,
      controlId: target.controlId,
      technologyId: target.technologyId,
      hostId,
      ip: `10.${(hostId >> 16) & 255}.${(hostId >> 8) & 255}.${hostId & 255}`,
      dns: `host-${hostId}.example.test`,
      status: random() < 0.7 ? 'Passed' : 'Failed',
      evidence: { expectedValues: '', currentValues: valuesFor(target.dp, random, hostId) },
    };
  }
  return { records, targets };
}

export default async function run({ root, log }) {
  log('## Evaluation');
  const engine = await loadEngine(root);
  const { text, controls } = generatePolicy(1024 * 1024);
  const policy = JSON.parse(text);
  const { records, targets } = generateRecords(policy, DISTINCT);
  log(`policy: ${controls} controls, ${targets.length} data points (${(text.length / 1048576).toFixed(1)} MB); ${fmt(DISTINCT)} distinct generated records`);
  log('');
  // Warm up the JIT on other records, so the first row does not measure compilation.
  const warm = new engine.PostureEvaluator(engine.indexPolicy(policy), {});
  for (let i = 0; i < 20_000; i++) warm.add(generateRecords(policy, 1).records[0]);
  log('| records | index policy | evaluate | postures/s | passed | failed | error |');
  log('|---:|---:|---:|---:|---:|---:|---:|');
  for (const count of COUNTS) {
    global.gc?.();
    const t0 = performance.now();
    const index = engine.indexPolicy(policy);
    const t1 = performance.now();
    const evaluator = new engine.PostureEvaluator(index, { policyId: policy.policyId });
    for (let i = 0; i < count; i++) evaluator.add(records[i % DISTINCT]);
    const t2 = performance.now();
    const s = evaluator.summary;
    log(`| ${fmt(count)} | ${(t1 - t0).toFixed(1)} ms | ${(t2 - t1).toFixed(0)} ms | ${fmt(count / ((t2 - t1) / 1000))} | ${fmt(s.passed)} | ${fmt(s.failed)} | ${fmt(s.error)} |`);
  }

  // Live re-evaluation: one value of one data point changes; only its postures are re-run.
  log('');
  const byTarget = new Map();
  for (let i = 0; i < 1_000_000; i++) {
    const r = records[i % DISTINCT];
    const key = `${r.controlId}:${r.technologyId}`;
    let list = byTarget.get(key);
    if (!list) byTarget.set(key, (list = []));
    list.push(r.evidence.currentValues);
  }
  const target = targets.find((t) => t.dp.op === 're') ?? targets[0];
  const values = byTarget.get(`${target.controlId}:${target.technologyId}`);
  const times = [];
  for (let e = 0; e < EDITS; e++) {
    const dp = { ...target.dp, v: e % 2 ? target.dp.v : ['(?i)^\\s*PermitRootLogin\\s+(no|prohibit-password)\\s*$'] };
    const t0 = performance.now();
    const evaluate = engine.compileDataPoint(dp);
    let failed = 0;
    for (const v of values) if (evaluate(v).status === 'Failed') failed++;
    times.push(performance.now() - t0);
    if (failed < 0) log('unreachable');
  }
  log(`live re-evaluation after a one-value edit (${target.dp.op} data point, ${fmt(values.length)} of 1,000,000 postures): median ${median(times).toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms over ${EDITS} edits`);

  // The CLI end to end: stream a postures file from disk, parse, evaluate, print the summary.
  const dir = path.join(os.tmpdir(), `qp-bench-eval-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  try {
    writeFileSync(path.join(dir, 'bench.policy.json'), text);
    const file = path.join(dir, 'postures.json');
    const fd = openSync(file, 'w');
    writeSync(fd, '[\n');
    for (let i = 0; i < COUNTS[0]; i++) writeSync(fd, JSON.stringify(records[i]) + (i < COUNTS[0] - 1 ? ',\n' : '\n'));
    writeSync(fd, ']\n');
    closeSync(fd);
    const t0 = performance.now();
    const out = execFileSync(process.execPath, [path.join(root, 'dist/cli.js'), 'evaluate', 'bench.policy.json', '--postures', 'postures.json', '--format', 'json'], { cwd: dir, maxBuffer: 1 << 30 });
    const ms = performance.now() - t0;
    const { summary } = JSON.parse(out.toString());
    log(`CLI end to end (dist/cli.js evaluate --format json, ${fmt(summary.records)} records from a file): ${ms.toFixed(0)} ms, ${fmt(summary.records / (ms / 1000))} postures/s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  log('');
}
