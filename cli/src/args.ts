import { CliError } from './io';

export interface OptionSpec {
  /** Option takes a value (`--format json`); otherwise it is a flag. */
  value?: boolean;
  /** Allowed values, when fixed. */
  choices?: readonly string[];
}

export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | boolean | undefined>;
}

/**
 * Minimal, strict option parser: unknown options and bad choices are usage errors
 * (exit 2), so a typo in a CI pipeline fails loudly instead of being ignored.
 */
export function parseArgs(argv: readonly string[], spec: Record<string, OptionSpec>): ParsedArgs {
  const positionals: string[] = [];
  const options: Record<string, string | boolean | undefined> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const s = spec[name];
    if (!s) throw new CliError(`unknown option --${name}`);
    if (!s.value) {
      if (eq !== -1) throw new CliError(`option --${name} takes no value`);
      options[name] = true;
      continue;
    }
    const value = eq !== -1 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq === -1 && value.startsWith('--'))) throw new CliError(`option --${name} needs a value`);
    if (s.choices && !s.choices.includes(value)) {
      throw new CliError(`option --${name} must be one of ${s.choices.join(', ')} (got '${value}')`);
    }
    options[name] = value;
  }
  return { positionals, options };
}
