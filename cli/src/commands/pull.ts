/**
 * `qualys-policy pull <policyId|title> [--library] [--out FILE] [--force]`: writes a policy export
 * as `<slug-of-title>.<policyId>.policy.json` (or FILE) and records it as the base for `push`.
 * Credentials: QUALYS_BASE_URL (pod name or gateway URL), QUALYS_USERNAME, QUALYS_PASSWORD.
 */
import * as path from 'node:path';
import { isQualysApiError, type QualysClient } from '../../../client/src/api';
import { clientFromEnv, MissingCredentialsError } from '../../../client/src/auth/envClient';
import { policyFileIn, pullToFile } from '../../../client/src/sync/pull';
import { parseArgs } from '../args';
import { CliError, EXIT_FINDINGS, EXIT_OK, type CliIo } from '../io';

export const usage =
  'pull <policyId|title> [--library] [--out FILE] [--force]   write a tenant (or library) policy to a file; --force overwrites local edits';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { positionals, options } = parseArgs(argv, { library: {}, out: { value: true }, force: {} });
  if (positionals.length !== 1) throw new CliError(`give one policy id or title\nusage: qualys-policy ${usage}`);
  const [which] = positionals;
  const ref = /^\d+$/.test(which) ? { policyId: Number(which) } : { policyTitle: which };
  const library = options.library === true;

  return withClient(io, async (client) => {
    const policy = library ? await client.getLibraryPolicy({ ...ref, details: 'full' }) : await client.exportPolicy(ref);
    const file = typeof options.out === 'string' ? path.resolve(io.cwd, options.out) : await policyFileIn(io.cwd, policy);
    const result = await pullToFile({
      policy,
      file,
      recordBase: !library,
      confirmOverwrite: async () => options.force === true,
    });
    const shown = path.relative(io.cwd, result.file) || result.file;
    if (result.status === 'kept') {
      throw new CliError(`not overwriting ${shown}: it has local edits since it was last pulled or pushed; use --force to replace them`, EXIT_FINDINGS);
    }
    const what = library ? 'library policy' : 'policy';
    const verb = { created: 'wrote', updated: 'updated', unchanged: 'unchanged:' }[result.status];
    io.stdout(`${verb} ${shown} (${what} ${policy.policyId} "${policy.policyTitle}")\n`);
    return EXIT_OK;
  });
}

/** Runs `work` with a client from the environment, closing it afterwards; Qualys failures exit 1 with their message. */
export async function withClient<T>(io: CliIo, work: (client: QualysClient) => Promise<T>): Promise<T> {
  let client: QualysClient;
  try {
    client = clientFromEnv(io.env);
  } catch (e) {
    if (e instanceof MissingCredentialsError) throw new CliError(`no Qualys credentials: ${e.message}`);
    if (isQualysApiError(e)) throw new CliError(e.message);
    throw e;
  }
  try {
    return await work(client);
  } catch (e) {
    if (isQualysApiError(e)) throw new CliError(e.message, EXIT_FINDINGS);
    throw e;
  } finally {
    await client.close();
  }
}
