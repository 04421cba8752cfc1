/**
 * `qualys-policy emulator`: serve the local fake Qualys gateway until SIGINT/SIGTERM.
 * The first line printed is the URL (scripts parse it), then the credentials and control endpoints.
 */
import path from 'node:path';
import { startEmulator } from '../../../emulator/src/index';
import { parseArgs } from '../args';
import { CliError, EXIT_OK, type CliIo } from '../io';

export const usage =
  'emulator [--port N] [--data DIR] [--username U] [--password P] [--hosts N] [--seed N] [--latency MS] [--fail-rate PCT] [--token-ttl SEC] [--enforce-rate-limit]';

function intOption(value: string | boolean | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || n < min || n > max) {
    throw new CliError(`option --${name} must be an integer from ${min} to ${max} (got '${String(value)}')`);
  }
  return n;
}

/**
 * Runs until `stop` aborts (tests) or the process gets SIGINT/SIGTERM.
 */
export async function serve(argv: string[], io: CliIo, stop?: AbortSignal): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(`usage: qualys-policy ${usage}\n\nServes a local fake Qualys gateway on 127.0.0.1 (default credentials emulator/emulator).\nSee emulator/README.md for the fault and control endpoints.\n`);
    return EXIT_OK;
  }
  const { options, positionals } = parseArgs(argv, {
    port: { value: true },
    data: { value: true },
    username: { value: true },
    password: { value: true },
    hosts: { value: true },
    seed: { value: true },
    latency: { value: true },
    'fail-rate': { value: true },
    'token-ttl': { value: true },
    'enforce-rate-limit': {},
  });
  if (positionals.length) throw new CliError(`unexpected argument '${positionals[0]}'`);
  const port = intOption(options.port, 'port', 0, 65535);
  const latency = intOption(options.latency, 'latency', 0, 600_000);
  const failRate = intOption(options['fail-rate'], 'fail-rate', 0, 100);
  const dataDir = typeof options.data === 'string' ? options.data : undefined;
  let emulator;
  try {
    emulator = await startEmulator({
      port,
      dataDir: dataDir ? path.resolve(io.cwd, dataDir) : undefined,
      username: typeof options.username === 'string' ? options.username : undefined,
      password: typeof options.password === 'string' ? options.password : undefined,
      hosts: intOption(options.hosts, 'hosts', 1, 100_000),
      seed: intOption(options.seed, 'seed', 0, 2 ** 31),
      tokenTtlSec: intOption(options['token-ttl'], 'token-ttl', 1, 86_400),
      rateLimit: options['enforce-rate-limit'] ? { enforce: true } : undefined,
      failRate,
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new CliError(`port ${port} is already in use; pick another with --port, or --port 0 for any free port`);
    throw new CliError(`cannot start the emulator: ${err.message}`);
  }
  // Steady latency on every API call for the whole run (a fault that never runs out).
  if (latency) emulator.setFaults({ kind: 'latency', ms: latency, times: 0 });
  io.stdout(`Qualys emulator listening on ${emulator.url}\n`);
  // The default password is public; one given with --password is a secret and is not echoed.
  const shownPassword = options.password === undefined ? `'${emulator.password}'` : '(the one given with --password)';
  io.stdout(`Credentials: username '${emulator.username}', password ${shownPassword}\n`);
  io.stdout(`State: ${dataDir ? `persisted in ${dataDir}` : 'in memory (lost on exit; use --data DIR to keep it)'}\n`);
  io.stdout(`Control: ${emulator.url}/__emulator/{requests,faults,reset,config,info}. Stop with Ctrl+C.\n`);
  await new Promise<void>((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      stop?.removeEventListener('abort', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    if (stop?.aborted) done();
    else stop?.addEventListener('abort', done);
  });
  try {
    await emulator.close();
  } catch (e) {
    throw new CliError(`stopped, but ${(e as Error).message}`);
  }
  io.stdout('Qualys emulator stopped.\n');
  return EXIT_OK;
}

export function run(argv: string[], io: CliIo): Promise<number> {
  return serve(argv, io);
}
