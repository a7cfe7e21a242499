// What the emulator saw: one entry per request (the last 10,000 kept), counters by route and
// status, and the in-flight high-water mark. Tests read it through GET /_control/log to assert
// what a client did (how many retries, whether it kept within its own concurrency bound, which
// schema it sent).

export const LOG_CAPACITY = 10_000;

// Entries carry the log generation they were started in, under a symbol so that JSON output
// omits it: a request still running across a reset must not count in the fresh log.
const GENERATION = Symbol('generation');

export class RequestLog {
  constructor(capacity = LOG_CAPACITY) {
    this.capacity = capacity;
    this.generation = 0;
    this.clear();
  }

  clear() {
    this.generation += 1;
    this.count = 0;
    this.byRoute = {};
    this.byStatus = {};
    this.requests = [];
  }

  start({ id, method, route, stream = false }) {
    const entry = {
      id,
      method,
      route,
      model: null,
      status: null,
      fault: null,
      limited: null,
      stream,
      started_at_ms: Date.now(),
      duration_ms: null,
      schema_name: null,
      prompt_digest: null,
      tokens: { prompt: 0, completion: 0 },
      [GENERATION]: this.generation,
    };
    this.count += 1;
    this.byRoute[route] = (this.byRoute[route] ?? 0) + 1;
    this.requests.push(entry);
    if (this.requests.length > this.capacity) this.requests.splice(0, this.requests.length - this.capacity);
    return entry;
  }

  /** status 499 (nginx's "client closed request") marks a request the client gave up on. */
  finish(entry, status, durationMs) {
    if (entry.status !== null) return;
    entry.status = status;
    entry.duration_ms = Math.round(durationMs * 1000) / 1000;
    if (entry[GENERATION] !== this.generation) return;
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
  }

  snapshot(inFlight, maxInFlight) {
    return {
      count: this.count,
      by_route: this.byRoute,
      by_status: this.byStatus,
      max_in_flight: maxInFlight,
      in_flight: inFlight,
      requests: this.requests,
    };
  }
}
