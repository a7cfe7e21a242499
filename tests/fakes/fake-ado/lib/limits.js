// Azure DevOps style rate limiting, simplified to one number: each API request costs one usage
// unit; `rate_limit` units are allowed in any sliding `rate_window_ms` (the service's model is
// 200 TSTUs per five minutes). Past the limit the service first delays requests, then blocks them
// with 429; the emulator does one or the other (`rate_delay_ms` > 0 delays, else blocks), so a
// client's handling of each can be tested on its own. While a limit is configured every API
// answer carries the X-RateLimit-* headers, as the service sends them before it starts delaying.

export const RESOURCE = 'WorkItemTracking.TSTU';

export class RateLimiter {
  constructor() {
    this.uses = []; // timestamps (ms) of admitted requests, oldest first
  }

  clear() {
    this.uses = [];
  }

  prune(now, windowMs) {
    let drop = 0;
    while (drop < this.uses.length && this.uses[drop] + windowMs <= now) drop += 1;
    if (drop > 0) this.uses.splice(0, drop);
  }

  /**
   * @returns {{verdict: 'ok'|'delay'|'block', headers: object, retryAfterS: number, delayMs: number}}
   */
  admit({ rate_limit: limit, rate_window_ms: windowMs, rate_delay_ms: delayMs }, now) {
    if (!(limit > 0)) return { verdict: 'ok', headers: {}, retryAfterS: 0, delayMs: 0 };
    this.prune(now, windowMs);
    const over = this.uses.length >= limit;
    // Seconds until the oldest use leaves the window, i.e. until one more request fits.
    const untilFree = this.uses.length > 0 ? this.uses[0] + windowMs - now : 0;
    const retryAfterS = Math.max(1, Math.ceil(untilFree / 1000));
    if (over && delayMs === 0) {
      return {
        verdict: 'block',
        headers: { ...this.headers(limit, windowMs, now), 'Retry-After': String(retryAfterS) },
        retryAfterS,
        delayMs: 0,
      };
    }
    this.uses.push(now);
    const headers = this.headers(limit, windowMs, now);
    if (!over) return { verdict: 'ok', headers, retryAfterS: 0, delayMs: 0 };
    headers['X-RateLimit-Delay'] = (delayMs / 1000).toFixed(3);
    headers['Retry-After'] = String(retryAfterS); // on a 2xx: no retry needed, but slow down
    return { verdict: 'delay', headers, retryAfterS, delayMs };
  }

  headers(limit, windowMs, now) {
    const last = this.uses.length > 0 ? this.uses[this.uses.length - 1] : now;
    return {
      'X-RateLimit-Resource': RESOURCE,
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': String(Math.max(0, limit - this.uses.length)),
      // Epoch seconds at which usage is back to zero if the client stops now.
      'X-RateLimit-Reset': String(Math.ceil((last + windowMs) / 1000)),
    };
  }
}
