/** Runs the CLI in-process through `main()` with captured streams, or the built dist/cli.js as a child process. */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { main } from '../../cli/src/cli';
import type { CliIo } from '../../cli/src/io';

export const repoRoot = path.resolve(__dirname, '../..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, cwd };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** `node dist/cli.js …` (build it first); the environment holds only PATH unless given. */
export function spawnCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = { PATH: process.env.PATH }): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(repoRoot, 'dist/cli.js'), ...args], { cwd, env }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}
