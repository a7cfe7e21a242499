// The Ollama dialect: POST /api/chat (streams NDJSON unless "stream": false), GET /api/tags,
// errors as {"error": "..."}.

import { createHash } from 'node:crypto';
import { gone, sleep } from './http.js';
import { splitIntoChunks, writeOut } from './openai.js';

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function invalid(message, status = 400) {
  return { failure: { status, error: { message, type: 'invalid_request_error', param: null, code: null } } };
}

/**
 * Validates a POST /api/chat body.
 * @returns { request } or { failure }; request.load is true for the "load the model" call
 *          Ollama answers when messages are missing or empty.
 */
export function parseChatRequest(parsed) {
  if (parsed.error !== undefined) return invalid(`invalid JSON body: ${parsed.error}`);
  if (!isObject(parsed.value)) return invalid('invalid JSON body: expected an object');
  const body = parsed.value;
  if (typeof body.model !== 'string' || body.model === '') return invalid('model is required');
  if (body.messages !== undefined && body.messages !== null && !Array.isArray(body.messages)) {
    return invalid('json: cannot unmarshal messages: expected an array of messages');
  }
  const messages = body.messages ?? [];
  for (const message of messages) {
    if (!isObject(message) || typeof message.role !== 'string')
      return invalid('invalid message: each message needs a role');
  }
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean')
    return invalid('stream must be a boolean');

  let mode = 'text';
  let schema = null;
  let schemaName = null;
  const { format } = body;
  if (format === 'json') mode = 'json';
  else if (isObject(format)) {
    mode = 'schema';
    schema = format;
    schemaName = typeof format.title === 'string' ? format.title : null;
  } else if (format !== undefined && format !== null && format !== '') {
    return invalid(`invalid format: ${JSON.stringify(format)}; expected "json" or a JSON schema object`);
  }

  const options = isObject(body.options) ? body.options : {};
  if (options.temperature !== undefined && (typeof options.temperature !== 'number' || options.temperature < 0)) {
    return invalid('invalid options: temperature must be a non-negative number');
  }
  if (options.num_predict !== undefined && !Number.isInteger(options.num_predict)) {
    return invalid('invalid options: num_predict must be an integer');
  }
  // num_predict -1 (infinite) and -2 (fill the context) mean no limit.
  const maxTokens = Number.isInteger(options.num_predict) && options.num_predict >= 0 ? options.num_predict : null;

  return {
    request: {
      model: body.model,
      messages,
      load: messages.length === 0,
      stream: body.stream !== false, // Ollama streams unless told not to
      includeUsage: false,
      mode,
      schema,
      schemaName,
      maxTokens,
      stop: options.stop ?? null,
      requestSeed: Number.isInteger(options.seed) ? options.seed : null,
    },
  };
}

export function errorBody(error) {
  return { error: error.message };
}

/** Plausible timings in nanoseconds (the reply itself takes microseconds here). */
function timings(reply, elapsedMs) {
  const load = 2_000_000;
  const promptEval = reply.promptTokens * 50_000;
  const evalNs = reply.completionTokens * 1_000_000;
  return {
    total_duration: Math.max(Math.round(elapsedMs * 1e6), load + promptEval + evalNs),
    load_duration: load,
    prompt_eval_count: reply.promptTokens,
    prompt_eval_duration: promptEval,
    eval_count: reply.completionTokens,
    eval_duration: evalNs,
  };
}

/** @param meta { headers, chunkDelayMs, seed, startedMs (performance.now() at arrival) } */
export async function respond(res, request, reply, meta) {
  const createdAt = () => new Date().toISOString();
  const message = (content) => ({ role: 'assistant', content });
  const final = () =>
    request.load
      ? { model: request.model, created_at: createdAt(), message: message(''), done_reason: 'load', done: true }
      : {
          model: request.model,
          created_at: createdAt(),
          message: message(''),
          done: true,
          done_reason: reply.finishReason,
          ...timings(reply, performance.now() - meta.startedMs),
        };

  if (!request.stream) {
    const body = JSON.stringify({ ...final(), message: message(request.load ? '' : reply.content) });
    if (gone(res)) return;
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      ...meta.headers,
    });
    res.end(body);
    return;
  }

  res.writeHead(200, { 'content-type': 'application/x-ndjson', ...meta.headers });
  const pieces = request.load ? [] : splitIntoChunks(reply.content, meta.seed);
  for (const [i, piece] of pieces.entries()) {
    if (i > 0 && meta.chunkDelayMs > 0) await sleep(meta.chunkDelayMs);
    const line = JSON.stringify({
      model: request.model,
      created_at: createdAt(),
      message: message(piece),
      done: false,
    });
    if (!(await writeOut(res, `${line}\n`))) return;
  }
  if (meta.chunkDelayMs > 0 && pieces.length > 0) await sleep(meta.chunkDelayMs);
  if (await writeOut(res, `${JSON.stringify(final())}\n`)) res.end();
}

function digestOf(name) {
  return createHash('sha256').update(name).digest('hex');
}

export function tagList(names) {
  return {
    models: names.map((name) => {
      const full = name.includes(':') ? name : `${name}:latest`;
      return {
        name: full,
        model: full,
        modified_at: '2025-01-06T09:30:00Z',
        size: 4_920_753_328,
        digest: digestOf(full),
        details: {
          parent_model: '',
          format: 'gguf',
          family: 'llama',
          families: ['llama'],
          parameter_size: '8.0B',
          quantization_level: 'Q4_K_M',
        },
      };
    }),
  };
}
