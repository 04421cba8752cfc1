/**
 * `qualys-policy validate`: in-process through `main()` for every format and exit code,
 * plus the built `dist/cli.js` end to end (what CI pipelines run).
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { repoRoot, runCli, spawnCli } from '../support/cliRunner';
import { dpPolicy } from '../support/policyText';

/**
 * The SARIF 2.1.0 requirements code-scanning uploads enforce: `version`, `runs`, each run's
 * `tool.driver.name`, each result's `message.text`, rule references that resolve, valid
 * levels, 1-based regions that do not end before they start, and URIs without raw spaces.
 */
function assertSarifShape(sarif: any): void {
  assert.equal(sarif.version, '2.1.0');
  assert.ok(Array.isArray(sarif.runs) && sarif.runs.length > 0);
  for (const run of sarif.runs) {
    const driver = run.tool?.driver;
    assert.equal(typeof driver?.name, 'string');
    for (const rule of driver.rules ?? []) assert.equal(typeof rule.id, 'string');
    for (const result of run.results) {
      assert.equal(typeof result.message?.text, 'string');
      assert.ok(['none', 'note', 'warning', 'error'].includes(result.level), result.level);
      assert.equal(driver.rules[result.ruleIndex]?.id, result.ruleId);
      for (const { physicalLocation } of result.locations) {
        const { uri, uriBaseId } = physicalLocation.artifactLocation;
        assert.doesNotMatch(uri, /[\s\\]/, `not a URI: ${uri}`);
        if (uriBaseId !== undefined) assert.equal(typeof run.originalUriBaseIds?.[uriBaseId]?.uri, 'string');
        const r = physicalLocation.region;
        assert.ok(r.startLine >= 1 && r.startColumn >= 1 && r.endLine >= r.startLine);
        assert.ok(r.endLine > r.startLine || r.endColumn >= r.startColumn);
      }
    }
  }
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
    assert.equal(run.tool.driver.rules[result.ruleIndex].shortDescription.text, 'Trailing comma: Qualys takes strict JSON.');
    assert.equal(run.results.find((x: { ruleId: string }) => x.ruleId === 'policy-locked').level, 'note');
    assertSarifShape(sarif);
  });

  it('--format sarif gives percent-encoded artifact URIs: relative to %SRCROOT%, or file: URIs for absolute paths', async () => {
    fs.mkdirSync(path.join(dir, 'sub dir'), { recursive: true });
    fs.copyFileSync(path.join(dir, 'bad.policy.json'), path.join(dir, 'sub dir', 'bad #1.policy.json'));
    const absolute = path.join(dir, 'sub dir', 'bad #1.policy.json');
    const r = await runCli(['validate', '--format', 'sarif', path.join('sub dir', 'bad #1.policy.json'), absolute], dir);
    assert.equal(r.code, 1);
    const sarif = JSON.parse(r.stdout);
    assertSarifShape(sarif);
    const run = sarif.runs[0];
    const locations = run.results.map((x: { locations: { physicalLocation: { artifactLocation: unknown } }[] }) => x.locations[0].physicalLocation.artifactLocation);
    assert.deepEqual(locations[0], { uri: 'sub%20dir/bad%20%231.policy.json', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(locations[locations.length - 1], { uri: pathToFileURL(absolute).href });
    const base = run.originalUriBaseIds['%SRCROOT%'].uri as string;
    assert.ok(base.endsWith('/'));
    // Resolved against the base, the relative URI names the file that was validated.
    assert.equal(fileURLToPath(new URL(locations[0].uri, base)), absolute);
  });

  it('an empty file is an error, not a pass', async () => {
    fs.writeFileSync(path.join(dir, 'empty.policy.json'), '');
    const r = await runCli(['validate', 'empty.policy.json'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^empty\.policy\.json:1:1: error json-syntax: The file is empty/m);
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

    it('gives the same results as in-process, with the same exit codes', async () => {
      const spawned = await spawnCli(['validate', '--format', 'json', 'bad.policy.json', 'warn.policy.json'], dir);
      const inProcess = await runCli(['validate', '--format', 'json', 'bad.policy.json', 'warn.policy.json'], dir);
      assert.equal(spawned.code, 1);
      assert.deepEqual(JSON.parse(spawned.stdout), JSON.parse(inProcess.stdout));
      assert.equal((await spawnCli(['validate', 'clean.policy.json'], dir)).code, 0);
      assert.equal((await spawnCli(['validate'], dir)).code, 2);
    });
  });
});
