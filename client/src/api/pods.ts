/**
 * Known Qualys platforms (pods) and their API gateway URLs. The user may also type any
 * URL (private cloud platforms have their own host), so the map is a convenience, not a gate.
 */
import { baseUrlString, checkBaseUrl } from './baseUrl';
import { QualysApiError } from './errors';

export interface Pod {
  /** Short name, as the Qualys UI shows it under "Know your platform". */
  readonly name: string;
  readonly gatewayUrl: string;
  readonly region: string;
}

export const PODS: readonly Pod[] = [
  { name: 'qg1', gatewayUrl: 'https://gateway.qg1.apps.qualys.com', region: 'US Platform 1' },
  { name: 'qg2', gatewayUrl: 'https://gateway.qg2.apps.qualys.com', region: 'US Platform 2' },
  { name: 'qg3', gatewayUrl: 'https://gateway.qg3.apps.qualys.com', region: 'US Platform 3' },
  { name: 'qg4', gatewayUrl: 'https://gateway.qg4.apps.qualys.com', region: 'US Platform 4' },
  { name: 'eu1', gatewayUrl: 'https://gateway.qg1.apps.qualys.eu', region: 'EU Platform 1' },
  { name: 'eu2', gatewayUrl: 'https://gateway.qg2.apps.qualys.eu', region: 'EU Platform 2' },
  { name: 'eu3', gatewayUrl: 'https://gateway.qg3.apps.qualys.eu', region: 'EU Platform 3' },
  { name: 'in1', gatewayUrl: 'https://gateway.qg1.apps.qualys.in', region: 'India Platform' },
  { name: 'ca1', gatewayUrl: 'https://gateway.qg1.apps.qualys.ca', region: 'Canada Platform' },
  { name: 'ae1', gatewayUrl: 'https://gateway.qg1.apps.qualys.ae', region: 'UAE Platform' },
  { name: 'uk1', gatewayUrl: 'https://gateway.qg1.apps.qualys.co.uk', region: 'UK Platform' },
  { name: 'au1', gatewayUrl: 'https://gateway.qg1.apps.qualys.com.au', region: 'Australia Platform' },
  { name: 'ksa1', gatewayUrl: 'https://gateway.qg1.apps.qualysksa.com', region: 'KSA Platform' },
];

/** Names the Qualys UI also uses for the US pods. */
const ALIASES: Readonly<Record<string, string>> = { us1: 'qg1', us2: 'qg2', us3: 'qg3', us4: 'qg4' };

export interface ResolvedPlatform {
  baseUrl: string;
  /** The pod name when the input was (or maps to) a known pod. */
  pod?: string;
  /** Set when the input was adjusted, e.g. a UI host turned into its gateway host. */
  note?: string;
}

/**
 * Accepts a pod name (`qg2`, `EU1`, `us3`), a gateway URL, or a bare host name.
 * A Qualys UI or classic-API host (`qualysguard.…`, `qualysapi.…`) is turned into its gateway host.
 */
export function resolvePlatform(input: string): ResolvedPlatform {
  const raw = input.trim();
  if (!raw) throw new QualysApiError({ kind: 'usage', message: `No Qualys platform given; use a pod name (${podNames()}) or an https:// gateway URL` });
  const key = raw.toLowerCase();
  const pod = PODS.find((p) => p.name === (ALIASES[key] ?? key));
  if (pod) return { baseUrl: pod.gatewayUrl, pod: pod.name };
  if (/^[a-z]{2,4}\d$/i.test(raw)) {
    throw new QualysApiError({ kind: 'usage', message: `Unknown Qualys pod "${raw}"; known pods: ${podNames()} — or give the gateway URL` });
  }
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  const url = checkBaseUrl(withScheme);
  let note: string | undefined;
  const m = /^(qualysguard|qualysapi)\.(.+)$/i.exec(url.hostname);
  if (m) {
    note = `${url.hostname} is not the API gateway; using gateway.${m[2]}`;
    url.hostname = `gateway.${m[2]}`;
  }
  const baseUrl = baseUrlString(url);
  const known = PODS.find((p) => p.gatewayUrl === baseUrl);
  return { baseUrl, ...(known ? { pod: known.name } : {}), ...(note ? { note } : {}) };
}

function podNames(): string {
  return PODS.map((p) => p.name).join(', ');
}
