// Conformance: the official `openai` npm package, pointed at the emulator, must work exactly as
// against the real API — responses, streaming, structured outputs, models, and its error classes
// and retry rules.

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import OpenAI from 'openai';
import { BACKLOG_SCHEMA, schemaProblems, startServer } from '../support/harness.mjs';

const VISION =
  'Generate the backlog for this product vision: a mobile check-in app for Clinic patients. ' +
  'Patients book appointments, check in on arrival and get reminders; it integrates with the EHR of Riverside Health.';

describe('official openai SDK against fake-llm', () => {
  let server;
  let client;

  before(async () => {
    server = await startServer();
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test', maxRetries: 0 });
  });
  after(() => server.stop());
  beforeEach(() => server.reset({ config: true }));

  test('chat.completions.create answers like the API', async () => {
    const messages = [
      { role: 'system', content: 'You are a helpful product owner.' },
      { role: 'user', content: VISION },
    ];
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    assert.equal(completion.object, 'chat.completion');
    assert.match(completion.id, /^chatcmpl-/);
    assert.equal(completion.model, 'gpt-4o-mini');
    assert.match(completion.system_fingerprint, /^fp_/);
    const [choice] = completion.choices;
    assert.equal(choice.message.role, 'assistant');
    assert.equal(choice.finish_reason, 'stop');
    assert.ok(choice.message.content.length > 40);
    const chars = messages.reduce((n, m) => n + m.content.length, 0);
    assert.equal(completion.usage.prompt_tokens, Math.ceil(chars / 4));
    assert.equal(completion.usage.completion_tokens, Math.ceil(choice.message.content.length / 4));
    assert.equal(completion.usage.total_tokens, completion.usage.prompt_tokens + completion.usage.completion_tokens);

    // The raw response carries the provider headers the client may log.
    const { response } = await client.chat.completions.create({ model: 'gpt-4o-mini', messages }).withResponse();
    assert.match(response.headers.get('x-request-id'), /^req_/);
    assert.match(response.headers.get('openai-processing-ms'), /^\d+$/);
  });

  test('streaming with include_usage: role chunk, content, finish chunk, usage chunk, end', async () => {
    const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: VISION }] };
    const plain = await client.chat.completions.create(body);
    const stream = await client.chat.completions.create({
      ...body,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);

    assert.ok(chunks.length >= 4);
    for (const chunk of chunks) {
      assert.equal(chunk.object, 'chat.completion.chunk');
      assert.equal(chunk.id, chunks[0].id);
    }
    assert.equal(chunks[0].choices[0].delta.role, 'assistant');
    const withChoices = chunks.filter((c) => c.choices.length > 0);
    const content = withChoices.map((c) => c.choices[0].delta.content ?? '').join('');
    assert.equal(content, plain.choices[0].message.content, 'streamed and plain answers are the same text');
    const finish = withChoices.at(-1);
    assert.equal(finish.choices[0].finish_reason, 'stop');
    assert.deepEqual(finish.choices[0].delta, {});
    assert.ok(withChoices.slice(0, -1).every((c) => c.choices[0].finish_reason === null && c.usage === null));
    const last = chunks.at(-1);
    assert.deepEqual(last.choices, []);
    assert.equal(last.usage.prompt_tokens, plain.usage.prompt_tokens);
    assert.equal(last.usage.completion_tokens, plain.usage.completion_tokens);
  });

  test('response_format json_schema: the content parses and follows the schema', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: VISION }],
      response_format: { type: 'json_schema', json_schema: { name: 'backlog', schema: BACKLOG_SCHEMA, strict: true } },
    });
    const backlog = JSON.parse(completion.choices[0].message.content);
    assert.deepEqual(schemaProblems(BACKLOG_SCHEMA, backlog), []);
    const story = backlog.epics[0].features[0].stories[0];
    assert.equal(typeof story.title, 'string');
    assert.equal(typeof story.story_points, 'number');
    assert.ok(Array.isArray(story.acceptance_criteria));
    const log = await server.log();
    assert.equal(log.requests[0].schema_name, 'backlog');
  });

  test('models.list', async () => {
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    assert.ok(ids.includes('gpt-4o-mini'));
  });

  test('429 rate_limit → RateLimitError with retry-after headers', async () => {
    await server.config({ force: { rate_limit: 1 } });
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e) => e);
    assert.ok(error instanceof OpenAI.RateLimitError, `got ${error?.constructor?.name}`);
    assert.equal(error.status, 429);
    assert.equal(error.code, 'rate_limit_exceeded');
    assert.equal(error.type, 'requests');
    assert.match(error.headers.get('retry-after'), /^[1-9]\d*$/);
    assert.match(error.headers.get('retry-after-ms'), /^\d+$/);
  });

  test("the SDK's own retry succeeds after one forced rate_limit", async () => {
    await server.config({ force: { rate_limit: 1 }, fault_retry_after_ms: 50 });
    const retrying = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test', maxRetries: 2 });
    const completion = await retrying.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.equal(completion.choices[0].finish_reason, 'stop');
    const log = await server.log();
    assert.equal(log.count, 2);
    assert.deepEqual(
      log.requests.map((r) => [r.status, r.fault]),
      [
        [429, 'rate_limit'],
        [200, null],
      ],
    );
  });

  test('insufficient_quota → RateLimitError whose code is insufficient_quota', async () => {
    await server.config({ force: { quota: 1 } });
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e) => e);
    assert.ok(error instanceof OpenAI.RateLimitError);
    assert.equal(error.status, 429);
    assert.equal(error.code, 'insufficient_quota');
    assert.equal(error.type, 'insufficient_quota');
    assert.equal(error.headers.get('retry-after'), null);
  });

  test('500 → InternalServerError, 503 too', async () => {
    await server.config({ force: { server_error: 1 } });
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e) => e);
    assert.ok(error instanceof OpenAI.InternalServerError);
    assert.equal(error.status, 500);
    assert.equal(error.type, 'server_error');
    await server.config({ force: { unavailable: 1 } });
    const busy = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e) => e);
    assert.ok(busy instanceof OpenAI.InternalServerError);
    assert.equal(busy.status, 503);
  });

  test('a hung request ends in the client timeout', async () => {
    await server.config({ force: { hang: 1 } });
    const impatient = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test', maxRetries: 0, timeout: 300 });
    const error = await impatient.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e) => e);
    assert.ok(error instanceof OpenAI.APIConnectionTimeoutError, `got ${error?.constructor?.name}`);
  });
});

describe('official openai SDK with --api-key', () => {
  let server;
  before(async () => {
    server = await startServer(['--api-key', 'sk-right-key-123456']);
  });
  after(() => server.stop());

  test('a wrong key → AuthenticationError (401 invalid_api_key); the right key works', async () => {
    const wrong = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'sk-wrong-key-000000', maxRetries: 0 });
    const error = await wrong.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e) => e);
    assert.ok(error instanceof OpenAI.AuthenticationError, `got ${error?.constructor?.name}`);
    assert.equal(error.status, 401);
    assert.equal(error.code, 'invalid_api_key');
    assert.doesNotMatch(error.message, /sk-wrong-key-000000/, 'the key is masked');
    const models = await wrong.models.list().catch((e) => e);
    assert.ok(models instanceof OpenAI.AuthenticationError);

    const right = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'sk-right-key-123456', maxRetries: 0 });
    const completion = await right.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.equal(completion.choices[0].finish_reason, 'stop');
  });
});
