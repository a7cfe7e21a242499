// The control API used by tests, demos and benchmarks. These routes are never subject to faults,
// limits, latency or the API key, and are not logged.
//   GET  /_control/log     what the emulator saw
//   GET  /_control/config  the effective config
//   POST /_control/config  merge {latency_ms, latency_jitter_ms, chunk_delay_ms, max_concurrency,
//                          rpm, tpm, api_key, seed, models, fault_retry_after_ms,
//                          faults: {name: rate}, force: {name: count}}
//   POST /_control/reset   clear log, counters, rate windows, forced faults, hung requests;
//                          {"config": true} also restores the command-line config

import { applyPatch, checkedForce, ConfigError } from './config.js';
import { parseJson, readBody, sendJson } from './http.js';

async function jsonBody(req) {
  const text = await readBody(req);
  if (text.trim() === '') return {};
  const parsed = parseJson(text);
  if (parsed.error !== undefined) throw new ConfigError(`invalid JSON body: ${parsed.error}`);
  if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    throw new ConfigError('the body must be a JSON object');
  }
  return parsed.value;
}

export async function handleControl(emu, req, res, path) {
  const routes = {
    '/_control/log': { GET: () => emu.logSnapshot() },
    '/_control/config': {
      GET: () => emu.effectiveConfig(),
      POST: async () => {
        const { force, ...patch } = await jsonBody(req);
        const next = applyPatch(emu.config, patch);
        const forced = force === undefined ? {} : checkedForce(force);
        // Validated in full before anything changes: a bad patch changes nothing.
        emu.config = next;
        for (const [name, count] of Object.entries(forced)) emu.faults.force(name, count);
        return emu.effectiveConfig();
      },
    },
    '/_control/reset': {
      POST: async () => {
        const body = await jsonBody(req);
        emu.reset({ config: body.config === true });
        return { reset: true, config: emu.effectiveConfig() };
      },
    },
  };
  const route = routes[path];
  if (!route) return sendJson(res, 404, { error: `unknown control route ${path}` });
  const handler = route[req.method];
  if (!handler)
    return sendJson(
      res,
      405,
      { error: `${req.method} not allowed on ${path}` },
      { allow: Object.keys(route).join(', ') },
    );
  try {
    sendJson(res, 200, await handler());
  } catch (error) {
    if (error instanceof ConfigError) return sendJson(res, 400, { error: error.message });
    throw error;
  }
}
