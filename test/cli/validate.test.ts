/**
 * `qualys-policy validate`: in-process through `main()` for every format and exit code,
 * plus the built `dist/cli.js` end to end (what CI pipelines run).
 */
import { strict as assert } from 'node:assert';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../cli/src/cli';
import type { CliIo } from '../../cli/src/io';
import { dpPolicy } from '../support/policyText';

const repoRoot = path.resolve(__dirname, '../..');

async function runCli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('cli: qualys-policy validate', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qp-validate-'));
    fs.writeFileSync(path.join(dir, 'clean.policy.json'), dpPolicy({}));
    fs.writeFileSync(path.join(dir, 'warn.policy.json'), dpPolicy({ op: 'eq', cd: 'match any' }));
    fs.writeFileSync(path.join(dir, 'bad.policy.json'), '{"policyId": 1, "policyTitle": "T",\n "isLocked": true,}');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exits 0 on a clean file and prints a summary', async () => {
    const r = await runCli(['validate', 'clean.policy.json'], dir);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '0 errors, 0 warnings, 0 info in 1 file\n');
  });

  it('exits 0 with warnings only', async () => {
    const r = await runCli(['validate', 'warn.policy.json'], dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /warn\.policy\.json:\d+:\d+: warning cardinality-not-applicable: /);
  });

  it('exits 1 on errors; text lines are file:line:column', async () => {
    const r = await runCli(['validate', 'bad.policy.json', 'clean.policy.json'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^bad\.policy\.json:2:18: error trailing-comma: /m);
    assert.match(r.stdout, /^bad\.policy\.json:2:14: info policy-locked: /m);
    assert.match(r.stdout, /1 error, 0 warnings, 1 info in 2 files\n$/);
  });

  it('--format json prints the contract shape with 1-based positions', async () => {
    const r = await runCli(['validate', '--format', 'json', 'bad.policy.json'], dir);
    assert.equal(r.code, 1);
    const problems = JSON.parse(r.stdout);
    assert.deepEqual(problems[1], {
      file: 'bad.policy.json',
      line: 2,
      column: 18,
      endLine: 2,
      endColumn: 19,
      severity: 'error',
      code: 'trailing-comma',
      message: 'Trailing comma: Qualys takes strict JSON.',
    });
    assert.equal(problems[0].severity, 'info');
  });

  it('--format json prints [] for clean files', async () => {
    const r = await runCli(['validate', '--format=json', 'clean.policy.json'], dir);
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout), []);
  });

  it('--format sarif prints SARIF 2.1.0', async () => {
    const r = await runCli(['validate', '--format', 'sarif', 'bad.policy.json'], dir);
    assert.equal(r.code, 1);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, 'qualys-policy');
    const result = run.results.find((x: { ruleId: string }) => x.ruleId === 'trailing-comma');
    assert.equal(result.level, 'error');
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 2, startColumn: 18, endLine: 2, endColumn: 19 });
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'trailing-comma');
    assert.equal(run.results.find((x: { ruleId: string }) => x.ruleId === 'policy-locked').level, 'note');
  });

  it('exits 2 on usage errors, with a message and no stack trace', async () => {
    for (const args of [['validate'], ['validate', 'missing.json'], ['validate', '--format', 'xml', 'clean.policy.json'], ['validate', '.'], ['validate', '--bogus', 'x']]) {
      const r = await runCli(args, dir);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /^qualys-policy validate: /);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  });

  describe('the built dist/cli.js', function () {
    this.timeout(120000);
    before(() => execFileSync(process.execPath, [path.join(repoRoot, 'scripts/build.mjs')], { cwd: repoRoot }));

    const spawnCli = (args: string[]) =>
      new Promise<{ code: number; stdout: string }>((resolve) => {
        execFile(process.execPath, [path.join(repoRoot, 'dist/cli.js'), ...args], { cwd: dir }, (error, stdout) => {
          resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout });
        });
      });

    it('gives the same results as in-process, with the same exit codes', async () => {
      const spawned = await spawnCli(['validate', '--format', 'json', 'bad.policy.json', 'warn.policy.json']);
      const inProcess = await runCli(['validate', '--format', 'json', 'bad.policy.json', 'warn.policy.json'], dir);
      assert.equal(spawned.code, 1);
      assert.deepEqual(JSON.parse(spawned.stdout), JSON.parse(inProcess.stdout));
      assert.equal((await spawnCli(['validate', 'clean.policy.json'])).code, 0);
      assert.equal((await spawnCli(['validate'])).code, 2);
    });
  });
});
