// The emulator's knobs: parsed from the command line, changed at run time through
// POST /_control/config, and shown back as the "effective config".

import { parseArgs } from 'node:util';
import { FAULT_NAMES, isFaultName } from './faults.js';
import { DEFAULT_PROJECTS, processByName } from './fixtures.js';

/** The known PAT by default: 52 characters, the length of a classic PAT. */
export const DEFAULT_PAT = 'fakeadopatfakeadopatfakeadopatfakeadopatfakeadopat42';

export const DEFAULTS = Object.freeze({
  port: 0,
  host: '127.0.0.1',
  orgs: ['fabrikam'],
  projects: DEFAULT_PROJECTS,
  pats: [DEFAULT_PAT],
  auth_failure: 'auto',
  latency_ms: 0,
  latency_jitter_ms: 0,
  seed: 1,
  faults: {},
  fault_retry_after_s: 1,
  rate_limit: 0,
  rate_window_ms: 300_000,
  rate_delay_ms: 0,
  max_body_bytes: 16 * 1024 * 1024,
  max_ids: 200,
  batch_max: 200,
  batch_atomic: true,
  wiql_max_results: 20_000,
  link_bumps_target_rev: true,
  test_plans: true,
  resource_areas: 'empty',
  first_work_item_id: 1,
  log_bodies: false,
});

export const USAGE = `usage: node server.js [options]
  --port N                  port to listen on (0 = any free port)                 [0]
  --host ADDR               address to listen on                                  [127.0.0.1]
  --org NAME                organisation (repeatable or a,b)                      [fabrikam]
  --project NAME=PROCESS    project and its process, Agile|Scrum|Basic|CMMI (repeatable;
                            replaces the default AgileProject, ScrumProject, BasicProject, CmmiProject)
  --pat TOKEN               accepted personal access token (repeatable)           [${DEFAULT_PAT}]
  --auth-failure MODE       bad PAT: auto (401 with X-TFS-FedAuthRedirect: Suppress, else 203 HTML),
                            401, or 203                                           [auto]
  --latency-ms N            delay before each API answer                          [0]
  --latency-jitter-ms N     plus a deterministic 0..N ms                          [0]
  --seed N                  seed of the fault draws and the jitter                [1]
  --fault-rate NAME=RATE    inject a fault with probability RATE (repeatable, or a=0.1,b=0.2)
  --fault-retry-after-s N   Retry-After of the throttle and unavailable faults    [1]
  --rate-limit N            usage units (one per API request) per window; 0 = off [0]
  --rate-window-ms N        the sliding window of --rate-limit                    [300000]
  --rate-delay-ms N         over the limit, delay requests by N ms instead of blocking with 429 [0]
  --max-body-bytes N        largest request body                                  [16777216]
  --max-ids N               ids per workitems?ids= / workitemsbatch call          [200]
  --batch-max N             sub-requests per $batch                               [200]
  --batch-per-item          $batch answers per item instead of all-or-nothing
  --wiql-max-results N      WIQL result size limit without $top                   [20000]
  --no-link-rev             adding a link from one side does not bump the other item's rev
  --no-test-plans           the Test Plans API answers 403 (no Basic + Test Plans access)
  --resource-areas MODE     GET _apis/ResourceAreas: empty (on-premises style) or listed [empty]
  --first-id N              first work item id                                    [1]
  --log-bodies              record request bodies in /_control/log
faults: ${FAULT_NAMES.join(', ')}`;

export class ConfigError extends Error {}

const INTEGER_KEYS = [
  'latency_ms',
  'latency_jitter_ms',
  'fault_retry_after_s',
  'rate_limit',
  'rate_window_ms',
  'rate_delay_ms',
  'max_body_bytes',
  'max_ids',
  'batch_max',
  'wiql_max_results',
  'first_work_item_id',
];
const BOOLEAN_KEYS = ['batch_atomic', 'link_bumps_target_rev', 'test_plans', 'log_bodies'];
const ENUM_KEYS = { auth_failure: ['auto', '401', '203'], resource_areas: ['empty', 'listed'] };
/** Keys whose change rebuilds the store (every work item is dropped). */
export const STRUCTURAL_KEYS = ['orgs', 'projects', 'first_work_item_id'];

function nonNegativeInteger(key, value) {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (!Number.isInteger(n) || n < 0)
    throw new ConfigError(`${key} must be a non-negative integer, got ${JSON.stringify(value)}`);
  return n;
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

function checkedProjects(projects) {
  if (!Array.isArray(projects) || projects.length === 0)
    throw new ConfigError('projects must be a non-empty array of {name, process}');
  const seen = new Set();
  return projects.map((p) => {
    if (
      !p ||
      typeof p.name !== 'string' ||
      !/^[^\\/:*?"<>|;#$%&+,@'=[\]{}]{1,64}$/u.test(p.name) ||
      p.name.startsWith('_')
    ) {
      throw new ConfigError(`invalid project name ${JSON.stringify(p?.name)}`);
    }
    const process = processByName(p.process ?? '');
    if (!process) throw new ConfigError(`project ${p.name}: process must be Agile, Scrum, Basic or CMMI`);
    if (seen.has(p.name.toLowerCase())) throw new ConfigError(`project ${p.name} is listed twice`);
    seen.add(p.name.toLowerCase());
    return { name: p.name, process: process.name };
  });
}

function checkedNames(key, list) {
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    !list.every((s) => typeof s === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s))
  ) {
    throw new ConfigError(`${key} must be a non-empty array of names (letters, digits, . _ -)`);
  }
  return [...list];
}

function checkedPats(list) {
  if (!Array.isArray(list) || list.length === 0 || !list.every((s) => typeof s === 'string' && s.length > 0)) {
    throw new ConfigError('pats must be a non-empty array of strings');
  }
  return [...list];
}

const PATCHABLE = new Set([
  ...INTEGER_KEYS,
  ...BOOLEAN_KEYS,
  ...Object.keys(ENUM_KEYS),
  'seed',
  'faults',
  'orgs',
  'projects',
  'pats',
]);

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
    else if (BOOLEAN_KEYS.includes(key)) {
      if (typeof value !== 'boolean') throw new ConfigError(`${key} must be true or false`);
      next[key] = value;
    } else if (ENUM_KEYS[key]) {
      if (!ENUM_KEYS[key].includes(String(value)))
        throw new ConfigError(`${key} must be one of ${ENUM_KEYS[key].join(', ')}`);
      next[key] = String(value);
    } else if (key === 'seed') {
      if (!Number.isSafeInteger(value)) throw new ConfigError('seed must be an integer');
      next.seed = value;
    } else if (key === 'faults') {
      const merged = { ...next.faults, ...checkedFaults(value) };
      next.faults = Object.fromEntries(Object.entries(merged).filter(([, rate]) => rate > 0));
    } else if (key === 'orgs') next.orgs = checkedNames('orgs', value);
    else if (key === 'projects') next.projects = checkedProjects(value);
    else if (key === 'pats') next.pats = checkedPats(value);
  }
  if (next.first_work_item_id < 1) throw new ConfigError('first_work_item_id must be at least 1');
  if (next.max_ids < 1 || next.batch_max < 1) throw new ConfigError('max_ids and batch_max must be at least 1');
  const total = Object.values(next.faults).reduce((a, b) => a + b, 0);
  if (total > 1 + 1e-9)
    throw new ConfigError(`fault rates add up to ${total}; at most one fault per request, so the sum must be ≤ 1`);
  return next;
}

/** Validates {name: count | {count, route}} for POST /_control/config {"force": ...}; returns a list. */
export function checkedForce(force) {
  if (force === null || typeof force !== 'object' || Array.isArray(force))
    throw new ConfigError('force must be an object {name: count | {count, route}}');
  const out = [];
  for (const [fault, spec] of Object.entries(force)) {
    if (!isFaultName(fault)) throw new ConfigError(`unknown fault "${fault}" (known: ${FAULT_NAMES.join(', ')})`);
    const { count, route = null } = typeof spec === 'number' ? { count: spec } : (spec ?? {});
    if (!Number.isInteger(count) || count < 0)
      throw new ConfigError(`force count of ${fault} must be a non-negative integer`);
    const routes = route === null ? [] : Array.isArray(route) ? route : [route];
    if (!routes.every((r) => typeof r === 'string' && r.length > 0))
      throw new ConfigError(`force route of ${fault} must be a route name or a list of them`);
    out.push({ fault, count, route });
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
        org: { type: 'string', multiple: true },
        project: { type: 'string', multiple: true },
        pat: { type: 'string', multiple: true },
        'auth-failure': { type: 'string' },
        'latency-ms': { type: 'string' },
        'latency-jitter-ms': { type: 'string' },
        seed: { type: 'string' },
        'fault-rate': { type: 'string', multiple: true },
        'fault-retry-after-s': { type: 'string' },
        'rate-limit': { type: 'string' },
        'rate-window-ms': { type: 'string' },
        'rate-delay-ms': { type: 'string' },
        'max-body-bytes': { type: 'string' },
        'max-ids': { type: 'string' },
        'batch-max': { type: 'string' },
        'batch-per-item': { type: 'boolean' },
        'wiql-max-results': { type: 'string' },
        'no-link-rev': { type: 'boolean' },
        'no-test-plans': { type: 'boolean' },
        'resource-areas': { type: 'string' },
        'first-id': { type: 'string' },
        'log-bodies': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new ConfigError(error.message);
  }
  const v = parsed.values;
  if (v.help) return { help: true };
  const patch = {};
  const numeric = {
    'latency-ms': 'latency_ms',
    'latency-jitter-ms': 'latency_jitter_ms',
    'fault-retry-after-s': 'fault_retry_after_s',
    'rate-limit': 'rate_limit',
    'rate-window-ms': 'rate_window_ms',
    'rate-delay-ms': 'rate_delay_ms',
    'max-body-bytes': 'max_body_bytes',
    'max-ids': 'max_ids',
    'batch-max': 'batch_max',
    'wiql-max-results': 'wiql_max_results',
    'first-id': 'first_work_item_id',
  };
  for (const [flag, key] of Object.entries(numeric)) if (v[flag] !== undefined) patch[key] = v[flag];
  if (v.seed !== undefined) patch.seed = Number(v.seed);
  const list = (values) =>
    values
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean);
  if (v.org) patch.orgs = list(v.org);
  if (v.pat) patch.pats = list(v.pat);
  if (v.project) {
    patch.projects = v.project.map((spec) => {
      const eq = spec.lastIndexOf('=');
      if (eq <= 0) throw new ConfigError(`--project wants NAME=PROCESS, got "${spec}"`);
      return { name: spec.slice(0, eq), process: spec.slice(eq + 1) };
    });
  }
  if (v['auth-failure'] !== undefined) patch.auth_failure = v['auth-failure'];
  if (v['resource-areas'] !== undefined) patch.resource_areas = v['resource-areas'];
  if (v['fault-rate']) {
    patch.faults = {};
    for (const item of list(v['fault-rate'])) {
      const [name, rate] = item.split('=');
      patch.faults[name.trim()] = Number(rate);
    }
  }
  if (v['batch-per-item']) patch.batch_atomic = false;
  if (v['no-link-rev']) patch.link_bumps_target_rev = false;
  if (v['no-test-plans']) patch.test_plans = false;
  if (v['log-bodies']) patch.log_bodies = true;
  const config = applyPatch(structuredClone(DEFAULTS), patch);
  config.port = v.port === undefined ? DEFAULTS.port : nonNegativeInteger('port', v.port);
  if (config.port > 65535) throw new ConfigError('port must be at most 65535');
  config.host = v.host ?? DEFAULTS.host;
  return config;
}
