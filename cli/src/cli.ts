/**
 * `qualys-policy validate | evaluate | pull | push | emulator`
 * The same service code as the editor, for CI pipelines and terminals.
 */
import { CliError, EXIT_USAGE, type CliIo } from './io';
import * as validate from './commands/validate';
import * as evaluate from './commands/evaluate';
import * as pull from './commands/pull';
import * as push from './commands/push';
import * as emulator from './commands/emulator';

export interface CliCommand {
  readonly usage: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

const COMMANDS: Record<string, CliCommand> = { validate, evaluate, pull, push, emulator };

function usage(): string {
  return ['usage: qualys-policy <command> [options]', '', ...Object.values(COMMANDS).map((c) => '  ' + c.usage)].join('\n') + '\n';
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.stdout : io.stderr)(usage());
    return name ? 0 : EXIT_USAGE;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`qualys-policy: unknown command '${name}'\n${usage()}`);
    return EXIT_USAGE;
  }
  // `<command> --help` works for every command, whatever its own option parser accepts.
  if (rest.length === 1 && (rest[0] === '--help' || rest[0] === '-h')) {
    io.stdout(`usage: qualys-policy ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    // Users never see a stack trace: known failures carry their own message and exit code.
    if (e instanceof CliError) {
      io.stderr(`qualys-policy ${name}: ${e.message}\n`);
      return e.exitCode;
    }
    io.stderr(`qualys-policy ${name}: unexpected error: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_USAGE;
  }
}

if (require.main === module) {
  // A reader that stops early (`… --format json | head`) closes the pipe: stop quietly, as Unix tools do, not with a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') process.stderr.write(`qualys-policy: cannot write the output: ${e.message}\n`);
    process.exit(e.code === 'EPIPE' ? 0 : 1);
  });
  const io: CliIo = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
  };
  void main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
