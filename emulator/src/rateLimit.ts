/** A fixed-window call budget, reported on every API response as the gateway's X-RateLimit-* headers. */
import type { RateLimitConfig } from './types';

export class RateWindow {
  private start = Date.now();
  private used = 0;

  constructor(public config: RateLimitConfig) {}

  /** Count one call; answers whether it fits in the budget and the headers to send. */
  take(now = Date.now()): { allowed: boolean; headers: Record<string, string> } {
    if (now - this.start >= this.config.windowSec * 1000) {
      this.start = now;
      this.used = 0;
    }
    const allowed = !this.config.enforce || this.used < this.config.limit;
    if (allowed) this.used++;
    const remaining = Math.max(0, this.config.limit - this.used);
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(this.config.limit),
      'X-RateLimit-Window-Sec': String(this.config.windowSec),
      'X-RateLimit-Remaining': String(remaining),
    };
    if (!allowed) {
      const wait = String(Math.max(1, Math.ceil((this.start + this.config.windowSec * 1000 - now) / 1000)));
      headers['Retry-After'] = wait;
      headers['X-RateLimit-ToWait-Sec'] = wait;
    }
    return { allowed, headers };
  }

  reset(): void {
    this.start = Date.now();
    this.used = 0;
  }
}
