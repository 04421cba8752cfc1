/**
 * Staying inside Qualys's limits: a concurrency cap, a shared pause after a throttle response,
 * retry delays (server hint first, else capped exponential backoff with jitter), and the
 * rate budget read from `X-RateLimit-*` headers.
 */
import type { RateBudget, RetryOptions } from './types';

export const DEFAULT_RETRY: Required<RetryOptions> = {
  maxRetries: 4,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxWaitMs: 300_000,
};

type Headers = Record<string, string | string[] | undefined>;

/** At most `max` holders at once; FIFO; waiting honours an AbortSignal. */
export class Limiter {
  private active = 0;
  private readonly queue: Array<() => void> = [];
  private pausedUntil = 0;

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxConcurrency must be a positive integer, got ${max}`);
  }

  get inUse(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Every caller waits until `until` (epoch ms) before starting: one 429 pauses them all. */
  pauseUntil(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  /** Resolves with a release function once a slot is free (and any pause is over). */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    if (this.active >= this.max) {
      await new Promise<void>((resolve, reject) => {
        const grant = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = (): void => {
          const i = this.queue.indexOf(grant);
          if (i >= 0) this.queue.splice(i, 1);
          reject(signal?.reason);
        };
        this.queue.push(grant);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    } else {
      this.active++;
    }
    // The slot is ours now (a releasing holder hands it over without decrementing).
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    };
    try {
      const wait = this.pausedUntil - Date.now();
      if (wait > 0) await sleep(wait, signal);
    } catch (e) {
      release();
      throw e;
    }
    return release;
  }
}

/** setTimeout as a promise that rejects with the signal's reason on abort. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function header(headers: Headers, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Seconds the server asked us to wait: `X-RateLimit-ToWait-Sec`, else `Retry-After` (seconds or HTTP date). */
export function serverWaitMs(headers: Headers, now = Date.now()): number | undefined {
  const toWait = header(headers, 'x-ratelimit-towait-sec');
  if (toWait !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(toWait)) return Number(toWait) * 1000;
  const retryAfter = header(headers, 'retry-after');
  if (retryAfter === undefined) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(retryAfter)) return Number(retryAfter) * 1000;
  const at = Date.parse(retryAfter);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Does this 409 come from the rate/concurrency limiter (rather than a real conflict)? */
export function isThrottle409(headers: Headers): boolean {
  return (
    header(headers, 'x-ratelimit-towait-sec') !== undefined ||
    header(headers, 'retry-after') !== undefined ||
    header(headers, 'x-concurrency-limit-limit') !== undefined ||
    header(headers, 'x-ratelimit-remaining') === '0'
  );
}

/**
 * Delay before retry number `retry` (1-based). A server hint is honoured (plus up to 10 %
 * jitter so parallel clients don't return in lockstep); otherwise full-jitter exponential backoff.
 */
export function retryDelayMs(retry: number, opts: Required<RetryOptions>, hintMs: number | undefined, random = Math.random): number {
  if (hintMs !== undefined) return Math.round(hintMs * (1 + 0.1 * random()));
  const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** Merges any `X-RateLimit-*` headers of a response into the budget. */
export function readRateBudget(headers: Headers, previous: RateBudget): RateBudget {
  const num = (name: string): number | undefined => {
    const v = header(headers, name);
    return v !== undefined && /^\s*\d+\s*$/.test(v) ? Number(v) : undefined;
  };
  const remaining = num('x-ratelimit-remaining');
  const limit = num('x-ratelimit-limit');
  const windowSec = num('x-ratelimit-window-sec');
  if (remaining === undefined && limit === undefined && windowSec === undefined) return previous;
  return {
    remaining: remaining ?? previous.remaining,
    limit: limit ?? previous.limit,
    windowSec: windowSec ?? previous.windowSec,
  };
}
