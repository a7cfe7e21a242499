// What the emulator saw: one entry per API request (the last 10,000 kept), counters by route and
// status. Tests read it through GET /_control/log to assert what a client did: how many retries,
// which operations, which faults it met.

export const LOG_CAPACITY = 10_000;

// Entries carry the log generation they were started in, under a symbol so JSON output omits it:
// a request still running across a reset must not count in the fresh log.
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

  start({ id, method, path }) {
    const entry = {
      id,
      method,
      path,
      route: null,
      org: null,
      project: null,
      api_version: null,
      status: null,
      fault: null,
      limited: null,
      started_at_ms: Date.now(),
      duration_ms: null,
      work_item_ids: [],
      [GENERATION]: this.generation,
    };
    this.count += 1;
    this.requests.push(entry);
    if (this.requests.length > this.capacity) this.requests.splice(0, this.requests.length - this.capacity);
    return entry;
  }

  /** The route (operation name) is known only after routing; counted then. */
  route(entry, route) {
    entry.route = route;
    if (entry[GENERATION] === this.generation) this.byRoute[route] = (this.byRoute[route] ?? 0) + 1;
  }

  /** status 499 (nginx's "client closed request") marks a request whose connection ended unanswered. */
  finish(entry, status, durationMs) {
    if (entry.status !== null) return;
    entry.status = status;
    entry.duration_ms = Math.round(durationMs * 1000) / 1000;
    if (entry[GENERATION] !== this.generation) return;
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
  }

  snapshot(inFlight) {
    return {
      count: this.count,
      by_route: this.byRoute,
      by_status: this.byStatus,
      in_flight: inFlight,
      requests: this.requests,
    };
  }
}
