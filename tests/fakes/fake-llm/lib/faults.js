// Injected failures. Each chat request that passes validation and the limits is numbered; its
// fault (at most one) is a pure function of the seed, that number and the configured rates, so a
// run with the same seed and the same sequence of requests fails the same way. Forced faults
// ("the next 2 requests get rate_limit") take precedence over the random draw.

import { unit } from './rand.js';
import { retryHeaders } from './limits.js';

// Order matters: the random draw walks the rates in this order.
export const FAULT_NAMES = [
  'rate_limit',
  'quota',
  'server_error',
  'unavailable',
  'hang',
  'malformed',
  'prose',
  'fenced',
  'truncate',
  'unauthorized',
];

export function isFaultName(name) {
  return FAULT_NAMES.includes(name);
}

export class FaultPicker {
  constructor() {
    this.forced = new Map(); // name → remaining count, in the order they were forced
    this.counter = 0;
  }

  force(name, count) {
    this.forced.delete(name);
    if (count > 0) this.forced.set(name, count);
  }

  forcedSnapshot() {
    return Object.fromEntries(this.forced);
  }

  clear() {
    this.forced.clear();
    this.counter = 0;
  }

  /** The fault for the next request, or null. */
  next(rates, seed) {
    this.counter += 1;
    for (const [name, left] of this.forced) {
      if (left <= 1) this.forced.delete(name);
      else this.forced.set(name, left - 1);
      return name;
    }
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

/** Shows a key the way the OpenAI API does in its 401 message: start and end only. */
function maskKey(key) {
  if (!key) return '';
  return key.length <= 8 ? key : `${key.slice(0, 3)}${'*'.repeat(Math.min(key.length - 7, 20))}${key.slice(-4)}`;
}

export function invalidKeyError(presentedKey) {
  const message = presentedKey
    ? `Incorrect API key provided: ${maskKey(presentedKey)}. You can find your API key at https://platform.openai.com/account/api-keys.`
    : "You didn't provide an API key. You need to provide your API key in an Authorization header using " +
      "Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're " +
      'accessing the API from your browser and are prompted for a username and password. ' +
      'You can obtain an API key from https://platform.openai.com/account/api-keys.';
  return {
    status: 401,
    error: { message, type: 'invalid_request_error', param: null, code: 'invalid_api_key' },
    headers: {},
  };
}

/**
 * The HTTP answer of an error fault: { status, error: {message, type, param, code}, headers },
 * or null for faults that are not errors (content faults, hang).
 */
export function faultError(name, { model, retryAfterMs, presentedKey }) {
  switch (name) {
    case 'rate_limit':
      return {
        status: 429,
        error: {
          message:
            `Rate limit reached for ${model} in organization org-fake-llm on requests per min (RPM): Limit 3, Used 3, Requested 1. ` +
            `Please try again in ${Math.max(1, Math.ceil(retryAfterMs / 1000))}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
          type: 'requests',
          param: null,
          code: 'rate_limit_exceeded',
        },
        headers: retryHeaders(retryAfterMs),
      };
    case 'quota':
      // No retry-after: waiting does not help, a client must stop (the SDK would still retry).
      return {
        status: 429,
        error: {
          message:
            'You exceeded your current quota, please check your plan and billing details. For more information on this error, ' +
            'read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
          type: 'insufficient_quota',
          param: null,
          code: 'insufficient_quota',
        },
        headers: {},
      };
    case 'server_error':
      return {
        status: 500,
        error: {
          message: 'The server had an error while processing your request. Sorry about that!',
          type: 'server_error',
          param: null,
          code: null,
        },
        headers: {},
      };
    case 'unavailable':
      return {
        status: 503,
        error: {
          message: 'The engine is currently overloaded, please try again later.',
          type: 'server_error',
          param: null,
          code: null,
        },
        headers: retryHeaders(retryAfterMs),
      };
    case 'unauthorized':
      return invalidKeyError(presentedKey || 'sk-fake-llm-revoked-key');
    default:
      return null;
  }
}
