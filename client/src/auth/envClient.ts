/** A Qualys client from QUALYS_BASE_URL / QUALYS_USERNAME / QUALYS_PASSWORD (the CLI's only way in). */
import { QualysClient, resolvePlatform, type ApiLogEntry } from '../api';
import { credentialsFromEnv, ENV_BASE_URL } from './envCredentials';

export class MissingCredentialsError extends Error {}

export function clientFromEnv(env: Record<string, string | undefined>, log?: (e: ApiLogEntry) => void): QualysClient {
  const creds = credentialsFromEnv(env);
  if ('missing' in creds) {
    throw new MissingCredentialsError(
      `set ${creds.missing.join(', ')} (${ENV_BASE_URL} is a pod name such as qg2 or a gateway URL)`,
    );
  }
  const { baseUrl } = resolvePlatform(creds.platform);
  // The same env for the proxy variables (HTTPS_PROXY, NO_PROXY): the CLI injects its own, not process.env.
  return new QualysClient({ baseUrl, username: creds.username, password: creds.password, log, env });
}
