/** The Qualys API client: no `vscode` import, shared by the extension, the CLI and tests. */
export { QualysClient, HOST_IDS_POLICIES_PER_CALL, type ControlTechnologies } from './client';
export { QualysApiError, isQualysApiError, parseQualysError, type QualysApiErrorKind } from './errors';
export { redact } from './redact';
export { PODS, resolvePlatform, type Pod, type ResolvedPlatform } from './pods';
export { isLoopbackHost } from './baseUrl';
export { TOKEN_LIFETIME_MS, jwtExpiry } from './auth';
export { postureQuery, POSTURE_INFO_PATH } from './postures';
export type * from './types';
