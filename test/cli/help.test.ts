import { strict as assert } from 'node:assert';
import { runCli, repoRoot } from '../support/cliRunner';

describe('cli: help', () => {
  for (const command of ['validate', 'evaluate', 'pull', 'push', 'emulator']) {
    it(`${command} --help prints its usage and exits 0`, async () => {
      const run = await runCli([command, '--help'], repoRoot);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`^usage: qualys-policy ${command}\\b`));
      assert.equal(run.stderr, '');
    });
  }

  it('an unknown command exits 2 and lists the commands', async () => {
    const run = await runCli(['frobnicate'], repoRoot);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown command 'frobnicate'/);
    assert.match(run.stderr, /validate/);
  });
});
