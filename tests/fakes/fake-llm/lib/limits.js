// Provider-style rate limits: requests and tokens per minute over sliding 60-second windows, with
// the headers and 429 wording of the OpenAI API, so a client's own limiter and back-off can be
// tested against something that behaves like the real service.

export const WINDOW_MS = 60_000;
export const ORGANIZATION = 'org-fake-llm';

/** Go's time.Duration.String() for whole milliseconds: "0s", "12ms", "1s", "1.5s", "6m0s", "1h0m0s". */
export function goDuration(msIn) {
  const ms = Math.max(0, Math.round(msIn));
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  const s = `${Number(seconds.toFixed(3))}s`;
  if (hours > 0) return `${hours}h${minutes}m${s}`;
  if (minutes > 0) return `${minutes}m${s}`;
  return s;
}

/** Uses within the last minute: each entry is { at, amount }. */
class SlidingWindow {
  constructor() {
    this.entries = [];
  }

  prune(now) {
    let drop = 0;
    while (drop < this.entries.length && this.entries[drop].at + WINDOW_MS <= now) drop += 1;
    if (drop > 0) this.entries.splice(0, drop);
  }

  used(now) {
    this.prune(now);
    return this.entries.reduce((sum, e) => sum + e.amount, 0);
  }

  add(now, amount) {
    this.entries.push({ at: now, amount });
  }

  /** Milliseconds until `amount` more fits under `limit` (0 when it fits now). */
  waitFor(now, amount, limit) {
    let used = this.used(now);
    if (used + amount <= limit) return 0;
    for (const e of this.entries) {
      used -= e.amount;
      if (used + amount <= limit) return e.at + WINDOW_MS - now;
    }
    return WINDOW_MS; // larger than the whole budget: it never fits
  }

  /** Milliseconds until the oldest use leaves the window, i.e. until "remaining" grows again. */
  nextRelease(now) {
    this.prune(now);
    return this.entries.length > 0 ? this.entries[0].at + WINDOW_MS - now : 0;
  }

  clear() {
    this.entries = [];
  }
}

export class RateLimits {
  constructor() {
    this.requests = new SlidingWindow();
    this.tokens = new SlidingWindow();
  }

  clear() {
    this.requests.clear();
    this.tokens.clear();
  }

  /**
   * Admits one request costing `tokens` (prompt + completion) or refuses it.
   * @returns { ok, headers, error?: { message, type, retryMs } }
   */
  admit({ rpm, tpm }, model, tokens, now) {
    let refusal = null;
    if (rpm > 0) {
      const used = this.requests.used(now);
      if (used + 1 > rpm) {
        const retryMs = this.requests.waitFor(now, 1, rpm);
        refusal = {
          type: 'requests',
          retryMs,
          message:
            `Rate limit reached for ${model} in organization ${ORGANIZATION} on requests per min (RPM): ` +
            `Limit ${rpm}, Used ${used}, Requested 1. Please try again in ${goDuration(retryMs)}. ` +
            'Visit https://platform.openai.com/account/rate-limits to learn more.',
        };
      }
    }
    if (!refusal && tpm > 0) {
      const used = this.tokens.used(now);
      if (tokens > tpm) {
        refusal = {
          type: 'tokens',
          retryMs: WINDOW_MS,
          message:
            `Request too large for ${model} in organization ${ORGANIZATION} on tokens per min (TPM): ` +
            `Limit ${tpm}, Requested ${tokens}. The input or output tokens must be reduced in order to run successfully. ` +
            'Visit https://platform.openai.com/account/rate-limits to learn more.',
        };
      } else if (used + tokens > tpm) {
        const retryMs = this.tokens.waitFor(now, tokens, tpm);
        refusal = {
          type: 'tokens',
          retryMs,
          message:
            `Rate limit reached for ${model} in organization ${ORGANIZATION} on tokens per min (TPM): ` +
            `Limit ${tpm}, Used ${used}, Requested ${tokens}. Please try again in ${goDuration(retryMs)}. ` +
            'Visit https://platform.openai.com/account/rate-limits to learn more.',
        };
      }
    }
    if (!refusal) {
      // Both windows always record, so a limit switched on later sees the recent past.
      this.requests.add(now, 1);
      this.tokens.add(now, tokens);
    }
    return { ok: !refusal, error: refusal, headers: this.headers({ rpm, tpm }, now) };
  }

  /** x-ratelimit-* headers for the limits that are set (none when neither is). */
  headers({ rpm, tpm }, now) {
    const headers = {};
    if (rpm > 0) {
      headers['x-ratelimit-limit-requests'] = String(rpm);
      headers['x-ratelimit-remaining-requests'] = String(Math.max(0, rpm - this.requests.used(now)));
      headers['x-ratelimit-reset-requests'] = goDuration(this.requests.nextRelease(now));
    }
    if (tpm > 0) {
      headers['x-ratelimit-limit-tokens'] = String(tpm);
      headers['x-ratelimit-remaining-tokens'] = String(Math.max(0, tpm - this.tokens.used(now)));
      headers['x-ratelimit-reset-tokens'] = goDuration(this.tokens.nextRelease(now));
    }
    return headers;
  }
}

/** retry-after (whole seconds, at least 1) and retry-after-ms, as the SDKs read them. */
export function retryHeaders(retryMs) {
  const ms = Math.max(1, Math.ceil(retryMs));
  return { 'retry-after': String(Math.max(1, Math.ceil(ms / 1000))), 'retry-after-ms': String(ms) };
}
