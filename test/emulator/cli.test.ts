/** `qualys-policy emulator`: prints its URL first, serves, and exits 0 on SIGTERM; bad options are usage errors. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { serve } from '../../cli/src/commands/emulator';
import { main } from '../../cli/src/cli';
import type { CliIo } from '../../cli/src/io';

const repoRoot = path.resolve(__dirname, '../..');
const FIRST_LINE = /^Qualys emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/;

function io(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {}, cwd: repoRoot };
}

describe('cli: qualys-policy emulator', () => {
  it('runs as a process: URL on the first line, credentials, then a clean exit 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'cli/src/cli.ts'), 'emulator', '--port', '0'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const firstLine = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0]);
      });
      child.on('exit', () => reject(new Error(`emulator exited early: ${stderr}`)));
    });
    const m = FIRST_LINE.exec(firstLine);
    assert.ok(m, `first line: ${firstLine}`);
    const auth = await fetch(`${m[1]}/auth`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'username=emulator&password=emulator&token=true' });
    assert.equal(auth.status, 201);
    // The banner's last line says how to stop it; wait for it rather than for a time.
    while (!stdout.includes('Stop with Ctrl+C')) await new Promise((resolve) => child.stdout.once('data', resolve));
    assert.match(stdout, /Credentials: username 'emulator', password 'emulator'/);
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    assert.match(stdout, /Qualys emulator stopped\./);
  });

  it('in process: serves until stopped, with overridden credentials', async () => {
    const stop = new AbortController();
    const cap = io();
    const running = serve(['--port', '0', '--username', 'u', '--password', 'p', '--hosts', '5'], cap, stop.signal);
    while (!cap.out.length) await new Promise((resolve) => setImmediate(resolve));
    const url = FIRST_LINE.exec(cap.out[0].trimEnd())?.[1];
    assert.ok(url, cap.out[0]);
    const bad = await fetch(`${url}/auth`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'username=emulator&password=emulator' });
    assert.equal(bad.status, 401);
    stop.abort();
    assert.equal(await running, 0);
  });

  it('bad options exit 2 with a specific message', async () => {
    for (const [args, message] of [
      [['emulator', '--port', 'abc'], /--port must be an integer from 0 to 65535/],
      [['emulator', '--fail-rate', '250'], /--fail-rate must be an integer from 0 to 100/],
      [['emulator', '--bogus'], /unknown option --bogus/],
      // A data directory under a regular file can never be created.
      [['emulator', '--port', '0', '--data', 'package.json/state'], /^qualys-policy emulator: cannot start the emulator: cannot read the emulator state in .*package\.json\/state \(ENOTDIR\)\n$/],
    ] as const) {
      const cap = io();
      assert.equal(await main([...args], cap), 2);
      assert.match(cap.err.join(''), message);
    }
  });
});
