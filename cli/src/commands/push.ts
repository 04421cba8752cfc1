// PLACEHOLDER — replaced by the owner of this command. Must not ship.
import { CliError, type CliIo } from '../io';
export const usage = 'push (not yet built)';
export async function run(_argv: string[], _io: CliIo): Promise<number> {
  throw new CliError('push is not built yet');
}
