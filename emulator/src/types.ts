/** Public types of the emulator: its options, its handle and its fault-injection spec. */

export interface RateLimitConfig {
  /** X-RateLimit-Limit (calls per window). Default 300. */
  limit: number;
  /** X-RateLimit-Window-Sec. Default 3600. */
  windowSec: number;
  /** Answer 429 once the window's budget is spent. Default false: headers only, so long test runs never trip it. */
  enforce: boolean;
}

export interface EmulatorOptions {
  /** 0 (default) = an ephemeral port. Always bound to 127.0.0.1. */
  port?: number;
  /** Persist tenant state as JSON in this directory (written atomically); omitted = in memory for this run. */
  dataDir?: string;
  /** Accepted credentials; default emulator / emulator. */
  username?: string;
  password?: string;
  /** Seed of the fleet's collected values (default 1); the same seed always gives the same postures. */
  seed?: number;
  /** Number of hosts in the fleet (default 48). Raise it to get hundreds of thousands of posture records. */
  hosts?: number;
  /** Token lifetime in seconds (default 4 h, as Qualys). */
  tokenTtlSec?: number;
  rateLimit?: Partial<RateLimitConfig>;
  /** Percentage (0-100) of API calls answered 503, spread evenly (every 4th call at 25). Default 0. */
  failRate?: number;
}

/** Runtime settings that tests may change on a running emulator (`configure` or `POST /__emulator/config`). */
export interface EmulatorConfig {
  tokenTtlSec?: number;
  rateLimit?: Partial<RateLimitConfig>;
  hosts?: number;
  failRate?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON or form body (`password` redacted), raw text when unparseable, null when empty. */
  body: unknown;
  status: number;
}

/** Which requests a fault applies to. */
export interface FaultMatch {
  /** HTTP method, case-insensitive; omitted = any. */
  method?: string;
  /** Path prefix (no query), e.g. "/pcas/v3/policy/section"; omitted = any path. Control paths (/__emulator) never match. */
  path?: string;
  /** Let this many matching requests through before the fault fires (e.g. skip 2 = "the 3rd PUT"). Default 0. */
  skip?: number;
  /** How many matching requests the fault fires on; default 1; 0 or Infinity = every one. */
  times?: number;
}

export type FaultSpec =
  /** Delay the response by `ms`. Combines with other faults. */
  | (FaultMatch & { kind: 'latency'; ms: number })
  /**
   * Answer `status` instead of serving. 429 and 409 carry Retry-After and X-RateLimit-* headers
   * (409 also X-Concurrency-Limit-*); `retryAfterSec` sets them (default 1). `body` overrides the default body.
   */
  | (FaultMatch & { kind: 'status'; status: number; retryAfterSec?: number; body?: unknown; headers?: Record<string, string> })
  /** Answer 401 "JWT expired" to authenticated calls, whatever token they carry. */
  | (FaultMatch & { kind: 'expire-token' })
  /** Serve normally, but destroy the socket after `afterBytes` bytes of the response body (default 0). */
  | (FaultMatch & { kind: 'drop'; afterBytes?: number })
  /** Serve normally, but end the body cleanly after `keepBytes` bytes (default 64), cutting the gzip stream short. */
  | (FaultMatch & { kind: 'truncate-gzip'; keepBytes?: number });

export type FaultKind = FaultSpec['kind'];

export interface EmulatorHandle {
  /** Base URL, e.g. http://127.0.0.1:40123 (no trailing slash). */
  readonly url: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  /** The subscription id the emulator reports in posture calls. */
  readonly subscriptionId: string;
  close(): Promise<void>;
  /** Every API request served, oldest first (control calls under /__emulator are not recorded). */
  requests(): RecordedRequest[];
  clearRequests(): void;
  /** Replace the active faults (an empty array clears them). */
  setFaults(faults: FaultSpec | FaultSpec[]): void;
  /** Faults still armed, with their remaining counts. */
  faults(): FaultSpec[];
  configure(config: EmulatorConfig): void;
  /** Back to the initial tenant (and no faults, empty request log). Persists when dataDir is set. */
  reset(): Promise<void>;
}
