// The emulator's knobs: parsed from the command line, changed at run time through
// POST /_control/config, and shown back as the "effective config".

import { parseArgs } from 'node:util';
import { FAULT_NAMES, isFaultName } from './faults.js';

export const DEFAULTS = Object.freeze({
  port: 0,
  host: '127.0.0.1',
  latency_ms: 0,
  latency_jitter_ms: 0,
  chunk_delay_ms: 0,
  max_concurrency: 0,
  rpm: 0,
  tpm: 0,
  api_key: null,
  seed: 1,
  models: null,
  fault_retry_after_ms: 1000,
  faults: {},
  log_messages: false,
});

export const USAGE = `usage: node server.js [options]
  --port N                 port to listen on (0 = any free port)            [0]
  --host ADDR              address to listen on                            [127.0.0.1]
  --latency-ms N           delay before each chat answer                   [0]
  --latency-jitter-ms N    plus a deterministic 0..N ms                    [0]
  --chunk-delay-ms N       delay between streamed chunks                   [0]
  --max-concurrency N      refuse chat requests beyond N in flight (0 = no limit) [0]
  --rpm N                  requests per minute (0 = no limit)              [0]
  --tpm N                  tokens per minute (0 = no limit)                [0]
  --api-key KEY            require "Authorization: Bearer KEY"             [none]
  --seed N                 seed of every deterministic choice              [1]
  --models a,b,c           known models; others get 404 (default: accept any)
  --fault-rate NAME=RATE   inject a fault with probability RATE (repeatable, or a=0.1,b=0.2)
  --fault-retry-after-ms N retry-after of the rate_limit and unavailable faults [1000]
  --log-messages           record each chat request's messages in /_control/log
faults: ${FAULT_NAMES.join(', ')}`;

export class ConfigError extends Error {}

const INTEGER_KEYS = [
  'latency_ms',
  'latency_jitter_ms',
  'chunk_delay_ms',
  'max_concurrency',
  'rpm',
  'tpm',
  'fault_retry_after_ms',
];

function nonNegativeInteger(key, value) {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (!Number.isInteger(n) || n < 0)
    throw new ConfigError(`${key} must be a non-negative integer, got ${JSON.stringify(value)}`);
  return n;
}

function parseRates(list) {
  const faults = {};
  for (const item of list.flatMap((s) => s.split(','))) {
    if (!item.trim()) continue;
    const [name, rate] = item.split('=');
    faults[name.trim()] = Number(rate);
  }
  return faults;
}

function checkedFaults(faults) {
  if (faults === null || typeof faults !== 'object' || Array.isArray(faults))
    throw new ConfigError('faults must be an object {name: rate}');
  const out = {};
  for (const [name, rate] of Object.entries(faults)) {
    if (!isFaultName(name)) throw new ConfigError(`unknown fault "${name}" (known: ${FAULT_NAMES.join(', ')})`);
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1))
      throw new ConfigError(`fault rate of ${name} must be a number in [0, 1]`);
    out[name] = rate;
  }
  return out;
}

/** Command line → config. Throws ConfigError on anything it does not understand. */
export function parseCommandLine(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'latency-ms': { type: 'string' },
        'latency-jitter-ms': { type: 'string' },
        'chunk-delay-ms': { type: 'string' },
        'max-concurrency': { type: 'string' },
        rpm: { type: 'string' },
        tpm: { type: 'string' },
        'api-key': { type: 'string' },
        seed: { type: 'string' },
        models: { type: 'string' },
        'fault-rate': { type: 'string', multiple: true },
        'fault-retry-after-ms': { type: 'string' },
        'log-messages': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new ConfigError(error.message);
  }
  const v = parsed.values;
  if (v.help) return { help: true };
  const patch = {};
  for (const key of [
    'latency-ms',
    'latency-jitter-ms',
    'chunk-delay-ms',
    'max-concurrency',
    'rpm',
    'tpm',
    'fault-retry-after-ms',
    'seed',
  ]) {
    if (v[key] !== undefined) patch[key.replace(/-/g, '_')] = key === 'seed' ? Number(v[key]) : v[key];
  }
  if (v['api-key'] !== undefined) patch.api_key = v['api-key'];
  if (v.models !== undefined)
    patch.models = v.models
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean);
  if (v['fault-rate']) patch.faults = parseRates(v['fault-rate']);
  if (v['log-messages']) patch.log_messages = true;
  const config = applyPatch(structuredClone(DEFAULTS), patch);
  config.port = v.port === undefined ? DEFAULTS.port : nonNegativeInteger('port', v.port);
  if (config.port > 65535) throw new ConfigError('port must be at most 65535');
  config.host = v.host ?? DEFAULTS.host;
  return config;
}

const PATCHABLE = new Set([...INTEGER_KEYS, 'api_key', 'seed', 'models', 'faults', 'log_messages']);

/**
 * Merges a patch (POST /_control/config body, or the command line) into a copy of `config`.
 * "faults" merges per name (rate 0 removes one); "force" is not config and is handled by the caller.
 */
export function applyPatch(config, patch) {
  const next = structuredClone(config);
  for (const [key, value] of Object.entries(patch)) {
    if (!PATCHABLE.has(key))
      throw new ConfigError(`unknown config key "${key}" (known: ${[...PATCHABLE, 'force'].join(', ')})`);
    if (INTEGER_KEYS.includes(key)) next[key] = nonNegativeInteger(key, value);
    else if (key === 'seed') {
      if (!Number.isSafeInteger(value)) throw new ConfigError('seed must be an integer');
      next.seed = value;
    } else if (key === 'api_key') {
      if (value !== null && typeof value !== 'string') throw new ConfigError('api_key must be a string or null');
      next.api_key = value || null;
    } else if (key === 'models') {
      if (value !== null && !(Array.isArray(value) && value.every((m) => typeof m === 'string'))) {
        throw new ConfigError('models must be an array of strings or null');
      }
      next.models = value && value.length > 0 ? [...value] : null;
    } else if (key === 'log_messages') {
      if (typeof value !== 'boolean') throw new ConfigError('log_messages must be true or false');
      next.log_messages = value;
    } else if (key === 'faults') {
      const merged = { ...next.faults, ...checkedFaults(value) };
      next.faults = Object.fromEntries(Object.entries(merged).filter(([, rate]) => rate > 0));
    }
  }
  const total = Object.values(next.faults).reduce((a, b) => a + b, 0);
  if (total > 1 + 1e-9)
    throw new ConfigError(`fault rates add up to ${total}; at most one fault per request, so the sum must be ≤ 1`);
  return next;
}

/** Validates a {name: count} object for POST /_control/config {"force": ...}. */
export function checkedForce(force) {
  if (force === null || typeof force !== 'object' || Array.isArray(force))
    throw new ConfigError('force must be an object {name: count}');
  for (const [name, count] of Object.entries(force)) {
    if (!isFaultName(name)) throw new ConfigError(`unknown fault "${name}" (known: ${FAULT_NAMES.join(', ')})`);
    if (!Number.isInteger(count) || count < 0)
      throw new ConfigError(`force count of ${name} must be a non-negative integer`);
  }
  return force;
}
