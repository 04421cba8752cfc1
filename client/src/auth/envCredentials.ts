/**
 * Credentials from the environment: how the CLI always signs in, and how the extension signs in
 * without prompts in tests and the sandbox (QUALYS_PASSWORD set, platform and user in settings).
 */
export interface Credentials {
  /** A pod name or gateway URL, as given. */
  platform: string;
  username: string;
  password: string;
}

export const ENV_BASE_URL = 'QUALYS_BASE_URL';
export const ENV_USERNAME = 'QUALYS_USERNAME';
export const ENV_PASSWORD = 'QUALYS_PASSWORD';

/** The credentials, or the names of the variables that are missing. */
export function credentialsFromEnv(env: Record<string, string | undefined>): Credentials | { missing: string[] } {
  const platform = env[ENV_BASE_URL]?.trim() ?? '';
  const username = env[ENV_USERNAME]?.trim() ?? '';
  const password = env[ENV_PASSWORD] ?? '';
  const missing = [
    ...(platform ? [] : [ENV_BASE_URL]),
    ...(username ? [] : [ENV_USERNAME]),
    ...(password ? [] : [ENV_PASSWORD]),
  ];
  return missing.length ? { missing } : { platform, username, password };
}
