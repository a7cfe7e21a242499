// One chat request, in the order a provider handles it:
//   arrival (counted in flight) → auth → concurrency → validation → model → reply generation →
//   rpm/tpm → fault draw → latency → error fault or (possibly bent) reply.
// Refusals (auth, concurrency, validation, limits) are answered at once, without latency. The
// two dialects (OpenAI, Ollama) differ only in parsing, error shape and response format.

import { createHash } from 'node:crypto';
import * as openai from './openai.js';
import * as ollama from './ollama.js';
import { applyContentFault, CONTENT_FAULTS, generateContent, limitContent } from './content.js';
import { faultError, invalidKeyError } from './faults.js';
import { bearerToken, BodyTooLarge, gone, parseJson, readBody, sendJson, sleep } from './http.js';
import { ORGANIZATION, retryHeaders } from './limits.js';
import { promptDigest, promptTokens } from './prompt.js';
import { pick } from './rand.js';

export const OPENAI = {
  name: 'openai',
  parse: openai.parseChatRequest,
  errorBody: openai.errorBody,
  respond: openai.respond,
  modelNotFound: (model) => ({
    message: `The model \`${model}\` does not exist or you do not have access to it.`,
    type: 'invalid_request_error',
    param: null,
    code: 'model_not_found',
  }),
  // Ollama sends none of the OpenAI bookkeeping headers; the OpenAI API sends them on every call.
  providerHeaders: true,
  streamsByDefault: false,
};

export const OLLAMA = {
  name: 'ollama',
  parse: ollama.parseChatRequest,
  errorBody: ollama.errorBody,
  respond: ollama.respond,
  modelNotFound: (model) => ({
    message: `model "${model}" not found, try pulling it first`,
    type: 'not_found_error',
    param: null,
    code: null,
  }),
  providerHeaders: false,
  streamsByDefault: true,
};

/** "llama3.1" and "llama3.1:latest" name the same Ollama model. */
export function knownModel(models, model) {
  return models.some((m) => m === model || `${m}:latest` === model || m === `${model}:latest`);
}

export function fingerprint(seed) {
  return `fp_${createHash('sha256').update(`fake-llm|${seed}`).digest('hex').slice(0, 10)}`;
}

export async function handleChat(emu, req, res, dialect, route) {
  const arrival = emu.arrive(req, res, route);
  const { entry, startedMs } = arrival;
  const cfg = emu.config; // the config at arrival applies to the whole request

  const providerHeaders = () =>
    dialect.providerHeaders
      ? {
          'openai-version': '2020-10-01',
          'openai-organization': ORGANIZATION,
          'openai-processing-ms': String(Math.round(performance.now() - startedMs)),
        }
      : {};
  let rateHeaders = {};
  const fail = (status, error, headers = {}) =>
    sendJson(res, status, dialect.errorBody(error), { ...providerHeaders(), ...rateHeaders, ...headers });

  let raw;
  try {
    raw = await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLarge)
      fail(413, { message: error.message, type: 'invalid_request_error', param: null, code: null });
    return; // otherwise the client went away mid-body
  }
  const parsed = parseJson(raw);
  if (typeof parsed.value?.model === 'string') entry.model = parsed.value.model;

  if (cfg.api_key) {
    const key = bearerToken(req);
    if (key !== cfg.api_key) {
      const refusal = invalidKeyError(key);
      return fail(refusal.status, refusal.error);
    }
  }

  if (arrival.refuse) {
    entry.limited = 'concurrency';
    return fail(
      429,
      {
        message:
          `Rate limit reached for ${entry.model ?? 'this model'} in organization ${ORGANIZATION} on concurrent requests: ` +
          `Limit ${cfg.max_concurrency}, Current ${arrival.before}. Please try again in 1s.`,
        type: 'requests',
        param: null,
        code: 'rate_limit_exceeded',
      },
      { 'retry-after': '1', 'retry-after-ms': '1000' },
    );
  }

  const result = dialect.parse(parsed);
  if (result.failure) return fail(result.failure.status, result.failure.error);
  const { request } = result;
  entry.model = request.model;
  entry.stream = request.stream;
  entry.schema_name = request.schemaName;
  entry.prompt_digest = promptDigest(request.messages);
  // Opt-in: tests that map requests back to what asked for them need the text, not only its digest.
  if (cfg.log_messages) entry.messages = request.messages;
  entry.tokens.prompt = promptTokens(request.messages);

  if (cfg.models && !knownModel(cfg.models, request.model)) return fail(404, dialect.modelNotFound(request.model));

  // The reply is known before the limits are checked: its size is what the token budget charges.
  const content = request.load ? '' : generateContent(request, cfg.seed);
  let reply = limitContent(content, 'stop', request);

  const verdict = emu.limits.admit(cfg, request.model, entry.tokens.prompt + reply.completionTokens, Date.now());
  if (dialect.providerHeaders) rateHeaders = verdict.headers;
  if (!verdict.ok) {
    entry.limited = verdict.error.type;
    return fail(
      429,
      { message: verdict.error.message, type: verdict.error.type, param: null, code: 'rate_limit_exceeded' },
      retryHeaders(verdict.error.retryMs),
    );
  }

  const fault = request.load ? null : emu.faults.next(cfg.faults, cfg.seed);
  entry.fault = fault;
  if (fault === 'hang') {
    emu.hang(res, arrival.token); // accepted, never answered: the client's timeout is what ends it
    return;
  }

  const jitter =
    cfg.latency_jitter_ms > 0 ? pick(cfg.latency_jitter_ms + 1, 'jitter', cfg.seed, emu.faults.counter) : 0;
  if (cfg.latency_ms + jitter > 0) await sleep(cfg.latency_ms + jitter);
  if (gone(res)) return;

  const errorFault = faultError(fault, {
    model: request.model,
    retryAfterMs: cfg.fault_retry_after_ms,
    presentedKey: bearerToken(req),
  });
  if (errorFault) return fail(errorFault.status, errorFault.error, errorFault.headers);
  if (CONTENT_FAULTS.has(fault)) {
    const bent = applyContentFault(fault, content, `${cfg.seed}|${entry.prompt_digest}`);
    reply = limitContent(bent.content, bent.finishReason, request);
  }
  entry.tokens.completion = reply.completionTokens;

  await dialect.respond(
    res,
    request,
    { ...reply, promptTokens: entry.tokens.prompt },
    {
      id: openai.completionId(),
      created: Math.floor(Date.now() / 1000),
      fingerprint: fingerprint(cfg.seed),
      headers: { ...providerHeaders(), ...rateHeaders },
      chunkDelayMs: cfg.chunk_delay_ms,
      seed: entry.prompt_digest,
      startedMs,
    },
  );
}
