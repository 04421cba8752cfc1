/**
 * `qualys-policy evaluate`: in-process through `main()` (formats, exit codes, bad input),
 * `--tenant` against the emulator, and the built `dist/cli.js` end to end.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { QualysClient } from '../../client/src/api';
import { DOCUMENTATION_POLICY_ID, startEmulator, type EmulatorHandle } from '../../emulator/src/index';
import type { Policy } from '../../server/src/model/policy';
import { repoRoot, runCli, spawnCli } from '../support/cliRunner';

const fixtures = path.join(repoRoot, 'test/fixtures/evaluation');

describe('cli: qualys-policy evaluate', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qp-evaluate-'));
    fs.copyFileSync(path.join(fixtures, 'linux.policy.json'), path.join(dir, 'linux.policy.json'));
    fs.copyFileSync(path.join(fixtures, 'postures.json'), path.join(dir, 'postures.json'));
    fs.writeFileSync(path.join(dir, 'broken.json'), '{"policyId": 1, "sections": [');
    fs.writeFileSync(path.join(dir, 'object.json'), '{"policyId": 1}');
    fs.writeFileSync(path.join(dir, 'no-dp.policy.json'), JSON.stringify({ policyId: 1, policyTitle: 'T', sections: [{ sectionNumber: 1, sectionHeading: 'S', controls: [] }] }));
    fs.writeFileSync(path.join(dir, 'bad-record.json'), '[{"controlId": 1071}, {"controlId": ]');
    fs.writeFileSync(path.join(dir, 'unclosed.json'), '[{"controlId": 1071, "technologyId": 80, "hostId": 1}');
    fs.writeFileSync(path.join(dir, 'single.json'), '{"controlId": 1071, "technologyId": 80, "hostId": 1}');
    fs.writeFileSync(path.join(dir, 'empty.json'), '\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('--format json prints results with exactly the contract keys, and a summary', async () => {
    const r = await runCli(['evaluate', 'linux.policy.json', '--postures', 'postures.json', '--format', 'json'], dir);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out), ['results', 'summary']);
    assert.equal(out.results.length, 6);
    for (const result of out.results) assert.deepEqual(Object.keys(result), ['hostId', 'controlId', 'technologyId', 'status', 'recordedStatus', 'reason']);
    assert.deepEqual(out.results[3], { hostId: '104', controlId: 1071, technologyId: 80, status: 'Failed', recordedStatus: 'Passed', reason: '9 < 14 (ge)' });
    assert.equal(out.summary.policyId, 5656121);
    assert.equal(out.summary.changed, 1);
    assert.deepEqual(out.summary.flips, { toPassed: 0, toFailed: 1, toError: 0 });
    assert.deepEqual(out.summary.agreement, { compared: 6, agreed: 5, rate: 5 / 6 });
    assert.equal(out.summary.skipped.total, 3);
  });

  it('text format summarises and lists the postures that would change', async () => {
    const r = await runCli(['evaluate', 'linux.policy.json', '--postures=postures.json'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Policy 5656121 "Linux baseline \(evaluation fixture\)" against postures\.json: 9 posture records\n/);
    assert.match(r.stdout, /evaluated 6: 3 passed, 3 failed, 0 error/);
    assert.match(r.stdout, /agreement with the recorded status: 5\/6 \(83\.3%\)/);
    assert.match(r.stdout, /1 record was evaluated by Qualys under other expected values \(the policy changed since\); agreement on the others: 5\/5 \(100\.0%\)/);
    assert.match(r.stdout, /skipped 3: 1 without evidence .*, 1 for controls not in the policy, 1 of other policies/);
    assert.match(r.stdout, /control 1071 technology 80 host 104 \(10\.0\.0\.4\): Passed → Failed: 9 < 14 \(ge\)/);
  });

  it('--all-policies evaluates records of other policies too', async () => {
    const r = await runCli(['evaluate', 'linux.policy.json', '--postures', 'postures.json', '--format', 'json', '--all-policies'], dir);
    assert.equal(JSON.parse(r.stdout).summary.skipped.otherPolicy, 0);
  });

  it('exits 2 on bad input, with a specific message and no stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [['evaluate'], /give one policy file/],
      [['evaluate', 'linux.policy.json'], /give either --postures FILE\.json or --tenant/],
      [['evaluate', 'linux.policy.json', '--postures', 'postures.json', '--tenant'], /give either/],
      [['evaluate', 'missing.json', '--postures', 'postures.json'], /cannot read missing\.json: no such file/],
      [['evaluate', 'broken.json', '--postures', 'postures.json'], /broken\.json is not valid JSON/],
      [['evaluate', 'object.json', '--postures', 'postures.json'], /object\.json is not a policy export: expected an object with "sections"/],
      [['evaluate', 'no-dp.policy.json', '--postures', 'postures.json'], /has no control technology with evaluate\.dp/],
      [['evaluate', 'linux.policy.json', '--postures', 'missing.json'], /cannot read missing\.json: no such file/],
      [['evaluate', 'linux.policy.json', '--postures', '.'], /cannot read \.: is a directory/],
      [['evaluate', 'linux.policy.json', '--postures', 'bad-record.json'], /bad-record\.json: posture record 2 is not valid JSON/],
      [['evaluate', 'linux.policy.json', '--postures', 'unclosed.json'], /unclosed\.json is not a JSON array of posture records: .*ended/],
      [['evaluate', 'linux.policy.json', '--postures', 'single.json'], /single\.json holds one JSON object, not an array/],
      [['evaluate', 'linux.policy.json', '--postures', 'empty.json'], /empty\.json is empty: expected a JSON array of posture records/],
      [['evaluate', 'linux.policy.json', '--postures', 'postures.json', '--format', 'xml'], /--format must be one of text, json/],
      [['evaluate', 'linux.policy.json', '--postures', 'postures.json', '--status', 'Passed'], /do not apply to --postures/],
      [['evaluate', 'linux.policy.json', '--tenant'], /no Qualys credentials/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args, dir);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^qualys-policy evaluate: /);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
      assert.equal(r.stdout, '');
    }
  });

  it('streams a large postures file', async () => {
    const file = path.join(dir, 'large.json');
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, '[\n');
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const record = { policyId: 5656121, controlId: 1071, technologyId: 80, hostId: 1000 + i, status: i % 3 ? 'Passed' : 'Failed', evidence: { currentValues: [String(i % 30)] } };
      fs.writeSync(fd, JSON.stringify(record, null, 2) + (i < n - 1 ? ',\n' : '\n'));
    }
    fs.writeSync(fd, ']\n');
    fs.closeSync(fd);
    const r = await runCli(['evaluate', 'linux.policy.json', '--postures', 'large.json', '--format', 'json'], dir);
    assert.equal(r.code, 0, r.stderr);
    const { results, summary } = JSON.parse(r.stdout);
    assert.equal(results.length, n);
    assert.equal(summary.evaluated, n);
    let passing = 0;
    for (let i = 0; i < n; i++) if (i % 30 >= 14) passing++;
    assert.equal(summary.passed, passing);
  });

  describe('--tenant (against the emulator)', () => {
    let emu: EmulatorHandle;
    let env: NodeJS.ProcessEnv;
    before(async () => {
      emu = await startEmulator({ port: 0 });
      env = { QUALYS_BASE_URL: emu.url, QUALYS_USERNAME: emu.username, QUALYS_PASSWORD: emu.password };
      const client = new QualysClient({ baseUrl: emu.url, username: emu.username, password: emu.password });
      const policy = await client.exportPolicy({ policyId: DOCUMENTATION_POLICY_ID });
      await client.close();
      fs.writeFileSync(path.join(dir, 'tenant.policy.json'), JSON.stringify(policy, null, 2));
    });
    after(async () => emu.close());

    it('fetches postures with evidence and reproduces every recorded status', async () => {
      emu.clearRequests();
      const r = await runCli(['evaluate', 'tenant.policy.json', '--tenant', '--format', 'json'], dir, env);
      assert.equal(r.code, 0, r.stderr);
      const { results, summary } = JSON.parse(r.stdout);
      assert.ok(results.length > 0);
      assert.equal(summary.source, `tenant policy ${DOCUMENTATION_POLICY_ID}`);
      assert.equal(summary.agreement.rate, 1, JSON.stringify(summary));
      const postureCall = emu.requests().find((q) => q.path.endsWith('/posture/postureInfo'));
      assert.ok(postureCall, 'postureInfo was called');
      assert.equal(postureCall.query.evidenceRequired, '1');
      assert.equal(postureCall.query.compressionRequired, '1');
    });

    it('shows what an edit would change', async () => {
      const policy = JSON.parse(fs.readFileSync(path.join(dir, 'tenant.policy.json'), 'utf8')) as Policy;
      // Move every integer expected value far away: hosts that passed with it fail now.
      let edited = 0;
      for (const s of policy.sections ?? []) {
        for (const c of s.controls ?? []) {
          for (const t of c.technologies ?? []) {
            const dp = t.evaluate?.dp;
            if (dp && ['eq', 'ge', 'gt'].includes(dp.op) && /^\d+$/.test(dp.v[0])) {
              dp.v = [String(Number(dp.v[0]) + 1000)];
              edited++;
            }
          }
        }
      }
      assert.ok(edited > 0, 'the emulator policy has an integer expected value to edit');
      fs.writeFileSync(path.join(dir, 'edited.policy.json'), JSON.stringify(policy));
      const r = await runCli(['evaluate', 'edited.policy.json', '--tenant', '--format', 'json'], dir, env);
      assert.equal(r.code, 0, r.stderr);
      const { summary } = JSON.parse(r.stdout);
      assert.ok(summary.flips.toFailed > 0, JSON.stringify(summary));
    });

    it('passes status and criticality filters to postureInfo', async () => {
      emu.clearRequests();
      const r = await runCli(['evaluate', 'tenant.policy.json', '--tenant', '--status', 'Failed', '--criticality', 'SERIOUS,4'], dir, env);
      assert.equal(r.code, 0, r.stderr);
      const call = emu.requests().find((q) => q.path.endsWith('/posture/postureInfo'));
      assert.equal(call?.query.status, 'Failed');
      assert.equal(call?.query.criticalityLabels, 'SERIOUS,CRITICAL');
    });

    it('rejects unknown filter values', async () => {
      const r = await runCli(['evaluate', 'tenant.policy.json', '--tenant', '--criticality', 'HIGH'], dir, env);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--criticality: 'HIGH' is not one of UNDEFINED \(0\), MINIMAL \(1\)/);
    });
  });

  describe('the built dist/cli.js', function () {
    this.timeout(120000);
    before(() => execFileSync(process.execPath, [path.join(repoRoot, 'scripts/build.mjs')], { cwd: repoRoot }));

    it('gives the same results as in-process, with the same exit codes', async () => {
      const args = ['evaluate', 'linux.policy.json', '--postures', 'postures.json', '--format', 'json'];
      const spawned = await spawnCli(args, dir);
      assert.equal(spawned.code, 0, spawned.stderr);
      assert.deepEqual(JSON.parse(spawned.stdout), JSON.parse((await runCli(args, dir)).stdout));
      const bad = await spawnCli(['evaluate', 'linux.policy.json', '--postures', 'bad-record.json'], dir);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /^qualys-policy evaluate: bad-record\.json: posture record 2 is not valid JSON/);
    });

    it('stops quietly when the reader closes the pipe early (`| head`)', async () => {
      const records = Array.from({ length: 20000 }, (_, i) => ({ policyId: 5656121, controlId: 1071, technologyId: 80, hostId: i, status: 'Passed', evidence: { currentValues: ['20'] } }));
      fs.writeFileSync(path.join(dir, 'many.json'), JSON.stringify(records));
      const child = spawn(process.execPath, [path.join(repoRoot, 'dist/cli.js'), 'evaluate', 'linux.policy.json', '--postures', 'many.json', '--format', 'json'], { cwd: dir });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // Read the first piece of output, then close the pipe as `head` does.
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      assert.equal(stderr, '', 'no error, no stack trace');
      assert.equal(code, 0);
    });
  });
});
