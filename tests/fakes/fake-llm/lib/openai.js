// The OpenAI dialect: request validation with the real API's wording, chat.completion objects,
// and SSE streaming exactly as the API sends it (role chunk, content chunks, finish chunk,
// optional usage chunk, [DONE]).

import { randomBytes } from 'node:crypto';
import { pick } from './rand.js';
import { gone, sleep } from './http.js';

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'];

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function typeName(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** A 400 invalid_request_error. */
function invalid(message, param = null, code = null) {
  return { failure: { status: 400, error: { message, type: 'invalid_request_error', param, code } } };
}

function checkInteger(body, key, min) {
  const value = body[key];
  if (value === undefined || value === null) return null;
  if (!Number.isInteger(value))
    return invalid(
      `Invalid type for '${key}': expected an integer, but got ${typeName(value)} instead.`,
      key,
      'invalid_type',
    );
  if (value < min) {
    return invalid(
      `Invalid '${key}': integer below minimum value. Expected a value >= ${min}, but got ${value} instead.`,
      key,
      'integer_below_min_value',
    );
  }
  return null;
}

/**
 * Validates a POST /v1/chat/completions body (already JSON-parsed) like the real API.
 * @returns { request } or { failure: { status, error } }
 */
export function parseChatRequest(parsed) {
  if (parsed.error !== undefined || !isObject(parsed.value)) {
    return invalid(
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. " +
        'The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, ' +
        'please contact us through our help center at help.openai.com.)',
    );
  }
  const body = parsed.value;
  if (typeof body.model !== 'string' || body.model === '') return invalid('you must provide a model parameter');
  if (body.messages === undefined)
    return invalid("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
  if (!Array.isArray(body.messages)) {
    return invalid(
      `Invalid type for 'messages': expected an array, but got ${typeName(body.messages)} instead.`,
      'messages',
      'invalid_type',
    );
  }
  if (body.messages.length === 0) {
    return invalid(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      'messages',
      'empty_array',
    );
  }
  for (const [i, message] of body.messages.entries()) {
    if (!isObject(message)) {
      return invalid(
        `Invalid type for 'messages[${i}]': expected an object, but got ${typeName(message)} instead.`,
        `messages[${i}]`,
        'invalid_type',
      );
    }
    if (!ROLES.includes(message.role)) {
      return invalid(
        `Invalid value: '${message.role}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
        `messages[${i}].role`,
        'invalid_value',
      );
    }
    if (message.content === undefined && message.role !== 'assistant') {
      return invalid(
        `Missing required parameter: 'messages[${i}].content'.`,
        `messages[${i}].content`,
        'missing_required_parameter',
      );
    }
  }
  if (body.temperature !== undefined && body.temperature !== null) {
    const t = body.temperature;
    if (typeof t !== 'number')
      return invalid(
        `Invalid type for 'temperature': expected a decimal, but got ${typeName(t)} instead.`,
        'temperature',
        'invalid_type',
      );
    if (t > 2)
      return invalid(
        `Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got ${t} instead.`,
        'temperature',
        'decimal_above_max_value',
      );
    if (t < 0)
      return invalid(
        `Invalid 'temperature': decimal below minimum value. Expected a value >= 0, but got ${t} instead.`,
        'temperature',
        'decimal_below_min_value',
      );
  }
  for (const key of ['max_tokens', 'max_completion_tokens']) {
    const failure = checkInteger(body, key, 1);
    if (failure) return failure;
  }
  const failure = checkInteger(body, 'n', 1) ?? checkInteger(body, 'seed', Number.MIN_SAFE_INTEGER);
  if (failure) return failure;
  if ((body.n ?? 1) > 1)
    return invalid('fake-llm answers with one choice only; n must be 1.', 'n', 'unsupported_value');
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') {
    return invalid(
      `Invalid type for 'stream': expected a boolean, but got ${typeName(body.stream)} instead.`,
      'stream',
      'invalid_type',
    );
  }
  if (body.stream_options != null && body.stream !== true) {
    return invalid(
      "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
      'stream_options',
      'invalid_value',
    );
  }

  let mode = 'text';
  let schema = null;
  let schemaName = null;
  const format = body.response_format;
  if (format !== undefined && format !== null) {
    if (!isObject(format) || !['text', 'json_object', 'json_schema'].includes(format.type)) {
      return invalid(
        `Invalid value: '${isObject(format) ? format.type : format}'. Supported values are: 'json_object', 'json_schema', and 'text'.`,
        'response_format.type',
        'invalid_value',
      );
    }
    if (format.type === 'json_object') mode = 'json';
    if (format.type === 'json_schema') {
      const spec = format.json_schema;
      if (!isObject(spec))
        return invalid(
          "Missing required parameter: 'response_format.json_schema'.",
          'response_format.json_schema',
          'missing_required_parameter',
        );
      if (typeof spec.name !== 'string' || spec.name === '') {
        return invalid(
          "Missing required parameter: 'response_format.json_schema.name'.",
          'response_format.json_schema.name',
          'missing_required_parameter',
        );
      }
      schemaName = spec.name;
      if (isObject(spec.schema)) {
        mode = 'schema';
        schema = spec.schema;
      } else {
        mode = 'json';
      }
    }
  }

  return {
    request: {
      model: body.model,
      messages: body.messages,
      stream: body.stream === true,
      includeUsage: body.stream_options?.include_usage === true,
      mode,
      schema,
      schemaName,
      // max_completion_tokens is the current name; max_tokens the older one many servers still parse.
      maxTokens: body.max_completion_tokens ?? body.max_tokens ?? null,
      stop: body.stop ?? null,
      requestSeed: body.seed ?? null,
    },
  };
}

export function errorBody(error) {
  return { error };
}

export function completionId() {
  return `chatcmpl-${randomBytes(15).toString('base64url')}`;
}

function usage(reply) {
  return {
    prompt_tokens: reply.promptTokens,
    completion_tokens: reply.completionTokens,
    total_tokens: reply.promptTokens + reply.completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/** Splits content into token-sized pieces (4–20 characters, deterministic), never inside a surrogate pair. */
export function splitIntoChunks(content, seed) {
  const chunks = [];
  let at = 0;
  while (at < content.length) {
    let end = Math.min(content.length, at + 4 + pick(17, seed, chunks.length));
    if (end < content.length && /[\uD800-\uDBFF]/.test(content[end - 1])) end += 1;
    chunks.push(content.slice(at, end));
    at = end;
  }
  return chunks;
}

/** Writes and, when the socket's buffer is full, waits for it to drain (large replies, slow readers). */
export async function writeOut(res, text) {
  if (gone(res)) return false;
  if (!res.write(text)) {
    await new Promise((resolve) => {
      res.once('drain', resolve);
      res.once('close', resolve);
    });
  }
  return !gone(res);
}

/**
 * Writes a successful answer, streamed or not.
 * @param meta { id, created, fingerprint, headers, chunkDelayMs, seed }
 */
export async function respond(res, request, reply, meta) {
  const base = {
    id: meta.id,
    object: 'chat.completion.chunk',
    created: meta.created,
    model: request.model,
    system_fingerprint: meta.fingerprint,
  };
  if (!request.stream) {
    const body = JSON.stringify({
      id: meta.id,
      object: 'chat.completion',
      created: meta.created,
      model: request.model,
      system_fingerprint: meta.fingerprint,
      service_tier: 'default',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: reply.content, refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: reply.finishReason,
        },
      ],
      usage: usage(reply),
    });
    if (gone(res)) return;
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      ...meta.headers,
    });
    res.end(body);
    return;
  }

  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...meta.headers,
  });
  // With include_usage every chunk carries "usage": null and a last chunk carries the numbers.
  const withUsage = request.includeUsage ? { usage: null } : {};
  const chunk = (choices, extra = withUsage) => `data: ${JSON.stringify({ ...base, choices, ...extra })}\n\n`;
  const delta = (d, finish = null) => [{ index: 0, delta: d, logprobs: null, finish_reason: finish }];

  const events = [chunk(delta({ role: 'assistant', content: '' }))];
  for (const piece of splitIntoChunks(reply.content, meta.seed)) events.push(chunk(delta({ content: piece })));
  events.push(chunk(delta({}, reply.finishReason)));
  if (request.includeUsage) events.push(chunk([], { usage: usage(reply) }));
  events.push('data: [DONE]\n\n');

  for (const [i, event] of events.entries()) {
    if (i > 0 && meta.chunkDelayMs > 0) await sleep(meta.chunkDelayMs);
    if (!(await writeOut(res, event))) return;
  }
  res.end();
}

const MODEL_CREATED = 1_700_000_000;

export function modelObject(id) {
  return { id, object: 'model', created: MODEL_CREATED, owned_by: 'fake-llm' };
}

export function modelList(ids) {
  return { object: 'list', data: ids.map(modelObject) };
}
