/**
 * Child processes for the harnesses: started in their own process group so that
 * stopping one (by its own PID) also ends what it spawned (code-server's extension host,
 * file watcher, pty host), and waiting on a line of output instead of sleeping.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export interface Started {
  readonly child: ChildProcess;
  readonly logFile: string;
  /** Resolves with the first regex match in stdout/stderr; rejects when the process exits first or on timeout. */
  waitForOutput(re: RegExp, timeoutMs: number, what: string): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

export function start(command: string, args: string[], logFile: string, options: SpawnOptions = {}): Started {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let exited: string | undefined;
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    log.write(text);
    // Keep a bounded tail: matches are looked for in recent output only.
    output = (output + text).slice(-64_000);
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  child.on('exit', (code, signal) => {
    exited = signal ? `signal ${signal}` : `code ${code}`;
    for (const l of listeners) l();
  });

  return {
    child,
    logFile,
    waitForOutput(re, timeoutMs, what) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const m = output.match(re);
          if (m) return done(() => resolve(m));
          if (exited) return done(() => reject(new Error(`${what}: process exited (${exited}) before it was ready; log: ${logFile}`)));
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`${what}: not ready after ${Math.round(timeoutMs / 1000)} s; log: ${logFile}`))),
          timeoutMs,
        );
        const done = (settle: () => void): void => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    stop: () => stopProcess(child),
  };
}

/** SIGTERM to the process group led by this child, SIGKILL if it lingers. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  // Grandchildren that outlived their parent are still in the group.
  signalGroup(pid, 'SIGKILL');
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
