// `npm run test:electron`: the same extension-host suite as test/host/, run by @vscode/test-electron
// in a downloaded VS Code (for machines that can reach Microsoft's CDN; `npm test` uses code-server).
// Starts the emulator, writes the same profile settings, and fails when the suite fails.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const { spawn } = require('node:child_process');

const root = path.resolve(__dirname, '../..');

async function main() {
  require('tsx/cjs');
  const { runTests } = require('@vscode/test-electron');
  const { buildSuite } = require('../host/buildSuites.ts');
  const { profileSettings, EMULATOR_PASSWORD } = require('../host/codeServer.ts');

  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qualys-electron-'));
  const workspace = path.join(tempDir, 'workspace');
  fs.cpSync(path.join(root, 'test/host/workspace'), workspace, { recursive: true });
  const emulator = spawn(process.execPath, [path.join(root, 'dist/cli.js'), 'emulator', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      emulator.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
        if (m) resolve(m[1]);
      });
      emulator.once('exit', (code) => reject(new Error(`emulator exited with code ${code}`)));
    });
    const userDataDir = path.join(tempDir, 'user-data');
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(profileSettings(url), null, 2));
    const resultsFile = path.join(tempDir, 'results.json');
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: await buildSuite('suite'),
      launchArgs: [workspace, '--user-data-dir', userDataDir, '--extensions-dir', path.join(tempDir, 'extensions'), '--disable-workspace-trust'],
      extensionTestsEnv: {
        QUALYS_PASSWORD: EMULATOR_PASSWORD,
        QUALYS_HOST_TEST_RESULTS: resultsFile,
        QUALYS_TEST_EMULATOR_URL: url,
        QUALYS_TEST_WORKSPACE: workspace,
      },
    });
  } finally {
    emulator.kill('SIGTERM');
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`test:electron: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
