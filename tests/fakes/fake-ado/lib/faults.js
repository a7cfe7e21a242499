// Injected failures. Each API request that passes auth, version checks and the rate limit is
// numbered (from 1, restarting at reset); its fault (at most one) is a pure function of the seed,
// that number and the configured rates, so the same seed and the same sequence of requests fail
// the same way. Forced faults come first: {"throttle": 3} forces the next three API requests,
// {"lost_response": {"count": 1, "route": "workitems.create"}} the next create only.

import { unit } from './rand.js';

// Order matters: the random draw walks the rates in this order.
export const FAULT_NAMES = [
  'throttle',
  'server_error',
  'unavailable',
  'hang',
  'disconnect',
  'lost_response',
  'unauthorized',
];

export function isFaultName(name) {
  return FAULT_NAMES.includes(name);
}

/** "workitems" matches "workitems.create"; "workitems.create" matches only itself. */
export function routeMatches(pattern, op) {
  if (pattern === null || pattern === undefined) return true;
  const patterns = Array.isArray(pattern) ? pattern : [pattern];
  return patterns.some((p) => op === p || op.startsWith(`${p}.`));
}

export class FaultPicker {
  constructor() {
    this.forced = []; // { fault, left, route } in the order they were forced
    this.counter = 0;
  }

  /** count 0 cancels pending forcings of that fault (and route). */
  force(fault, count, route = null) {
    const key = JSON.stringify(route);
    this.forced = this.forced.filter((f) => !(f.fault === fault && JSON.stringify(f.route) === key));
    if (count > 0) this.forced.push({ fault, left: count, route });
  }

  forcedSnapshot() {
    return this.forced.map(({ fault, left, route }) => ({ fault, count: left, route }));
  }

  clear() {
    this.forced = [];
    this.counter = 0;
  }

  /**
   * The fault for the next request on operation `op`, or null. `random` is false for the location
   * discovery calls, which only forced faults naming them can hit.
   */
  next(op, rates, seed, { random = true } = {}) {
    this.counter += 1;
    const index = this.forced.findIndex((f) => (f.route === null ? random : routeMatches(f.route, op)));
    if (index >= 0) {
      const entry = this.forced[index];
      entry.left -= 1;
      if (entry.left <= 0) this.forced.splice(index, 1);
      return entry.fault;
    }
    if (!random) return null;
    const draw = unit('fault', seed, this.counter);
    let cumulative = 0;
    for (const name of FAULT_NAMES) {
      const rate = rates[name] ?? 0;
      if (rate <= 0) continue;
      cumulative += rate;
      if (draw < cumulative) return name;
    }
    return null;
  }
}
