// Behaviour over raw HTTP: determinism, schema adherence, prompt-derived wording, truncation,
// every fault shape, concurrency and rate limits, Ollama's native API, validation, the control
// API and the command line.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, beforeEach, describe, test } from 'node:test';
import { BACKLOG_SCHEMA, chatBody, parses, schemaProblems, SERVER, startServer } from '../support/harness.mjs';

const VISION =
  'Generate 3 epics for this product vision: a mobile check-in app for Clinic patients. ' +
  'Patients book appointments, check in on arrival and get reminders; it integrates with the EHR of Riverside Health.';
const SCHEMA_FORMAT = { type: 'json_schema', json_schema: { name: 'backlog', schema: BACKLOG_SCHEMA, strict: true } };

describe('fake-llm behaviour', () => {
  let server;
  before(async () => {
    server = await startServer(['--seed', '7']);
  });
  after(() => server.stop());
  beforeEach(() => server.reset({ config: true }));

  const content = async (body, path = '/v1/chat/completions') => {
    const res = await server.post(path, body);
    assert.equal(res.status, 200);
    const json = await res.json();
    return json.choices[0].message.content;
  };

  test('the same request gets the same reply; a different prompt or seed a different one', async () => {
    const body = chatBody(VISION, { response_format: SCHEMA_FORMAT });
    const first = await content(body);
    assert.equal(await content(body), first);
    assert.equal(await content({ ...body, model: 'other-model' }), first, 'the model does not change the wording');
    assert.notEqual(
      await content(
        chatBody(`${VISION} Also add a loyalty programme for Harbour Gym members.`, { response_format: SCHEMA_FORMAT }),
      ),
      first,
    );
    assert.notEqual(await content({ ...body, seed: 99 }), first, 'the request seed counts');
    await server.config({ seed: 8 });
    assert.notEqual(await content(body), first, 'the server seed counts');
    // Plain prose and JSON mode are deterministic too.
    await server.config({ seed: 7 });
    assert.equal(await content(chatBody(VISION)), await content(chatBody(VISION)));
    const echo = JSON.parse(await content(chatBody(VISION, { response_format: { type: 'json_object' } })));
    assert.equal(typeof echo.topic, 'string');
  });

  test('the reply follows a nested schema with $defs, definitions, enums, bounds, anyOf and nullable types', async () => {
    const backlog = JSON.parse(await content(chatBody(VISION, { response_format: SCHEMA_FORMAT })));
    assert.deepEqual(schemaProblems(BACKLOG_SCHEMA, backlog), []);
    assert.equal(backlog.epics.length, 3, '"Generate 3 epics" sets the count within minItems/maxItems');
    // Elements of one array differ from each other.
    const titles = backlog.epics.flatMap((e) => e.features.flatMap((f) => f.stories.map((s) => s.title)));
    assert.equal(new Set(titles).size, titles.length, titles.join(' | '));

    // Bounds, multipleOf, exclusive bounds, patterns and lengths on a flat schema.
    const schema = {
      type: 'object',
      properties: {
        code: { type: 'string', pattern: '^[A-Z]{3}-\\d{2}$' },
        short: { type: 'string', minLength: 5, maxLength: 12 },
        long_text: { type: 'string', minLength: 300 },
        ratio: { type: 'number', minimum: 0, maximum: 1 },
        step: { type: 'number', minimum: 10, maximum: 20, multipleOf: 2.5 },
        odd: { type: 'integer', exclusiveMinimum: 100, exclusiveMaximum: 103 },
        tags: { type: 'array', items: { type: 'string', enum: ['a', 'b', 'c', 'd'] }, minItems: 4, uniqueItems: true },
        maybe: { type: ['null', 'boolean'] },
        fixed: { const: 'yes' },
        when: { type: 'string', format: 'date-time' },
        tree: { $ref: '#/$defs/Node' },
      },
      required: ['code', 'short', 'long_text', 'ratio', 'step', 'odd', 'tags', 'maybe', 'fixed', 'when', 'tree'],
      $defs: {
        Node: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/Node' } } },
        },
      },
    };
    const value = JSON.parse(
      await content(
        chatBody(VISION, { response_format: { type: 'json_schema', json_schema: { name: 'flat', schema } } }),
      ),
    );
    assert.deepEqual(schemaProblems(schema, value), []);
    assert.match(value.when, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.equal(value.fixed, 'yes');
  });

  test('the wording reflects the prompt: its terms, its role, stories and Given/When/Then criteria', async () => {
    const text = await content(chatBody(VISION, { response_format: SCHEMA_FORMAT }));
    for (const term of ['EHR', 'Riverside Health'])
      assert.ok(text.includes(term), `"${term}" missing from ${text.slice(0, 300)}`);
    const backlog = JSON.parse(text);
    for (const epic of backlog.epics) {
      assert.ok(epic.title.length <= 60);
      for (const feature of epic.features) {
        for (const story of feature.stories) {
          assert.match(story.user_story, /^As an? Clinic patient, I want to [^,]+, so that [^.]+\.$/);
          assert.ok(
            story.acceptance_criteria.every((c) => /^Given .+, when .+, then .+\.$/.test(c)),
            story.acceptance_criteria.join('\n'),
          );
          assert.ok(story.tasks.every((t) => t.estimate_hours >= 0.5 && t.estimate_hours <= 16));
          const [testCase] = story.test_cases;
          assert.match(testCase.steps[0].action, /^Sign in as/);
          assert.notEqual(testCase.steps[0].expected, testCase.steps[1].expected);
        }
      }
    }
  });

  test('a tiny max_tokens truncates honestly: finish_reason length and invalid JSON', async () => {
    for (const limit of [{ max_tokens: 5 }, { max_completion_tokens: 5 }]) {
      const res = await server.post(
        '/v1/chat/completions',
        chatBody(VISION, { response_format: SCHEMA_FORMAT, ...limit }),
      );
      const json = await res.json();
      assert.equal(json.choices[0].finish_reason, 'length');
      assert.ok(json.choices[0].message.content.length <= 20);
      assert.equal(parses(json.choices[0].message.content), false);
      assert.equal(json.usage.completion_tokens, 5);
    }
  });

  test('error faults have the provider shapes', async () => {
    const expectations = {
      rate_limit: { status: 429, type: 'requests', code: 'rate_limit_exceeded', retryAfter: true },
      quota: { status: 429, type: 'insufficient_quota', code: 'insufficient_quota', retryAfter: false },
      server_error: { status: 500, type: 'server_error', code: null, retryAfter: false },
      unavailable: { status: 503, type: 'server_error', code: null, retryAfter: true },
      unauthorized: { status: 401, type: 'invalid_request_error', code: 'invalid_api_key', retryAfter: false },
    };
    await server.config({ fault_retry_after_ms: 2500 });
    for (const [fault, want] of Object.entries(expectations)) {
      await server.config({ force: { [fault]: 1 } });
      const res = await server.post('/v1/chat/completions', chatBody('hello'));
      assert.equal(res.status, want.status, fault);
      const { error } = await res.json();
      assert.equal(error.type, want.type, fault);
      assert.equal(error.code, want.code, fault);
      assert.equal(typeof error.message, 'string');
      assert.ok('param' in error);
      if (want.retryAfter) {
        assert.equal(res.headers.get('retry-after'), '3', fault);
        assert.equal(res.headers.get('retry-after-ms'), '2500', fault);
      } else {
        assert.equal(res.headers.get('retry-after'), null, fault);
      }
    }
    const log = await server.log();
    assert.deepEqual(
      log.requests.map((r) => r.fault),
      Object.keys(expectations),
    );
  });

  test('content faults bend the JSON the way real models do', async () => {
    const body = chatBody(VISION, { response_format: SCHEMA_FORMAT });
    const clean = await content(body);
    const bent = async (fault) => {
      await server.config({ force: { [fault]: 1 } });
      const json = await (await server.post('/v1/chat/completions', body)).json();
      return { text: json.choices[0].message.content, finish: json.choices[0].finish_reason };
    };
    const malformed = await bent('malformed');
    assert.equal(malformed.finish, 'stop');
    assert.equal(parses(malformed.text), false);

    const prose = await bent('prose');
    assert.equal(parses(prose.text), false);
    assert.ok(!prose.text.startsWith('{') && !prose.text.endsWith('}'));
    assert.equal(prose.text.slice(prose.text.indexOf('{'), prose.text.lastIndexOf('}') + 1), clean);

    const fenced = await bent('fenced');
    const fence = /^[^\n]+\n```json\n([\s\S]*)\n```$/.exec(fenced.text);
    assert.ok(fence, fenced.text.slice(0, 80));
    assert.equal(fence[1], clean);

    const truncated = await bent('truncate');
    assert.equal(truncated.finish, 'length');
    assert.equal(parses(truncated.text), false);
    assert.ok(clean.startsWith(truncated.text));

    // Both kinds of malformed answer occur (the prompt picks one), and both are broken.
    const kinds = new Set();
    for (let i = 0; i < 10; i += 1) {
      await server.config({ force: { malformed: 1 } });
      const json = await (
        await server.post('/v1/chat/completions', chatBody(`project ${i}`, { response_format: SCHEMA_FORMAT }))
      ).json();
      const text = json.choices[0].message.content;
      assert.equal(parses(text), false, text);
      kinds.add(/,[}\]]$/.test(text) ? 'trailing comma' : 'cut');
    }
    assert.equal(kinds.size, 2);
  });

  test('streaming: truncation shows in the finish chunk; latency and chunk delay slow the answer', async () => {
    const res = await server.post('/v1/chat/completions', chatBody(VISION, { stream: true, max_tokens: 3 }));
    assert.match(res.headers.get('content-type'), /^text\/event-stream/);
    const events = (await res.text()).split('\n\n').filter(Boolean);
    assert.equal(events.at(-1), 'data: [DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.replace(/^data: /, '')));
    assert.equal(chunks.at(-1).choices[0].finish_reason, 'length');
    assert.equal(chunks.map((c) => c.choices[0].delta.content ?? '').join('').length, 12);
    assert.ok(
      chunks.every((c) => !('usage' in c)),
      'no usage field without include_usage',
    );

    await server.config({ latency_ms: 150, chunk_delay_ms: 20 });
    const started = Date.now();
    const slow = await server.post('/v1/chat/completions', chatBody('hi', { stream: true }));
    const count = (await slow.text()).split('\n\n').filter(Boolean).length;
    assert.ok(Date.now() - started >= 150 + 20 * (count - 1) - 5, `${Date.now() - started} ms for ${count} events`);
  });

  test('a hung request is never answered, shows in flight, and is released by reset', async () => {
    await server.config({ force: { hang: 2 } });
    const aborted = await server
      .post('/v1/chat/completions', chatBody('hello'), { signal: AbortSignal.timeout(300) })
      .then(() => 'answered')
      .catch((e) => e.name);
    assert.equal(aborted, 'TimeoutError');
    await new Promise((r) => setTimeout(r, 50));
    let log = await server.log();
    assert.equal(log.requests[0].fault, 'hang');
    assert.equal(log.requests[0].status, 499, 'the client gave up');
    assert.equal(log.in_flight, 0);

    const pending = server.post('/v1/chat/completions', chatBody('hello')).then(
      () => 'answered',
      () => 'dropped',
    );
    await new Promise((r) => setTimeout(r, 100));
    log = await server.log();
    assert.equal(log.in_flight, 1);
    await server.reset();
    assert.equal(await pending, 'dropped');
    log = await server.log();
    assert.equal(log.in_flight, 0);
    assert.equal(log.count, 0);
  });

  test('random faults are reproducible for a seed', async () => {
    const run = async () => {
      await server.reset();
      await server.config({ faults: { server_error: 0.3, malformed: 0.2 } });
      const outcomes = [];
      for (let i = 0; i < 20; i += 1) {
        const res = await server.post('/v1/chat/completions', chatBody(`request ${i}`));
        await res.arrayBuffer();
        outcomes.push(res.status);
      }
      const log = await server.log();
      return { outcomes, faults: log.requests.map((r) => r.fault) };
    };
    const first = await run();
    assert.deepEqual(await run(), first);
    assert.ok(first.faults.includes('server_error') && first.faults.includes(null), JSON.stringify(first.faults));
  });

  test('max_concurrency refuses at once and the log keeps the high-water mark', async () => {
    await server.config({ max_concurrency: 4, latency_ms: 300 });
    const statuses = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const res = await server.post('/v1/chat/completions', chatBody(`burst ${i}`));
        const body = await res.json();
        if (res.status === 429) {
          assert.equal(body.error.code, 'rate_limit_exceeded');
          assert.equal(body.error.type, 'requests');
          assert.equal(res.headers.get('retry-after'), '1');
        }
        return res.status;
      }),
    );
    assert.equal(statuses.filter((s) => s === 200).length, 4);
    assert.equal(statuses.filter((s) => s === 429).length, 6);
    let log = await server.log();
    assert.ok(log.max_in_flight > 4 && log.max_in_flight <= 10, `max_in_flight ${log.max_in_flight}`);
    assert.equal(log.requests.filter((r) => r.limited === 'concurrency').length, 6);

    // A client that keeps its own bound of 4 is never refused, and the log proves the bound.
    await server.reset();
    await server.config({ latency_ms: 50 });
    let next = 0;
    const worker = async () => {
      while (next < 12) {
        next += 1;
        const res = await server.post('/v1/chat/completions', chatBody(`pooled ${next}`));
        assert.equal(res.status, 200);
        await res.arrayBuffer();
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    log = await server.log();
    assert.equal(log.count, 12);
    assert.equal(log.max_in_flight, 4);
    assert.equal(log.in_flight, 0);
  });

  test('rpm: x-ratelimit headers count down, then 429 with the real wording', async () => {
    await server.config({ rpm: 3, tpm: 100000 });
    for (let i = 0; i < 3; i += 1) {
      const res = await server.post('/v1/chat/completions', chatBody('hello'));
      assert.equal(res.status, 200);
      await res.arrayBuffer();
      assert.equal(res.headers.get('x-ratelimit-limit-requests'), '3');
      assert.equal(res.headers.get('x-ratelimit-remaining-requests'), String(2 - i));
      assert.match(res.headers.get('x-ratelimit-reset-requests'), /^(\d+ms|\d+(\.\d+)?s|\d+m\d+(\.\d+)?s)$/);
      assert.equal(res.headers.get('x-ratelimit-limit-tokens'), '100000');
      assert.match(res.headers.get('x-ratelimit-remaining-tokens'), /^\d+$/);
    }
    const res = await server.post('/v1/chat/completions', chatBody('hello'));
    assert.equal(res.status, 429);
    const { error } = await res.json();
    assert.equal(error.code, 'rate_limit_exceeded');
    assert.equal(error.type, 'requests');
    assert.match(
      error.message,
      /^Rate limit reached for gpt-4o-mini in organization \S+ on requests per min \(RPM\): Limit 3, Used 3, Requested 1\. Please try again in [\d.]+m?s\./,
    );
    const retryAfter = Number(res.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60);
    assert.ok(Number(res.headers.get('retry-after-ms')) > 50_000);
    assert.equal(res.headers.get('x-ratelimit-remaining-requests'), '0');
  });

  test('tpm: a request over the token budget is refused with type tokens', async () => {
    await server.config({ tpm: 100 });
    const small = await server.post('/v1/chat/completions', chatBody('hi', { max_tokens: 10 }));
    assert.equal(small.status, 200);
    await small.arrayBuffer();
    const big = await server.post('/v1/chat/completions', chatBody('word '.repeat(200)));
    assert.equal(big.status, 429);
    const { error } = await big.json();
    assert.equal(error.type, 'tokens');
    assert.match(error.message, /on tokens per min \(TPM\): Limit 100/);
  });

  test('Ollama /api/chat streams NDJSON by default', async () => {
    const res = await server.post('/api/chat', { model: 'llama3.1:8b', messages: [{ role: 'user', content: VISION }] });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /application\/x-ndjson/);
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.ok(lines.length >= 3);
    assert.ok(lines.slice(0, -1).every((l) => l.done === false && l.message.role === 'assistant'));
    const last = lines.at(-1);
    assert.equal(last.done, true);
    assert.equal(last.done_reason, 'stop');
    for (const key of [
      'total_duration',
      'load_duration',
      'prompt_eval_count',
      'prompt_eval_duration',
      'eval_count',
      'eval_duration',
    ]) {
      assert.ok(Number.isInteger(last[key]) && last[key] > 0, key);
    }
    const text = lines.map((l) => l.message.content).join('');
    assert.equal(last.eval_count, Math.ceil(text.length / 4));
    assert.ok(text.includes('EHR') || text.includes('Riverside Health'));
  });

  test('Ollama /api/chat without streaming, a schema in format, num_predict, errors and tags', async () => {
    const schema = BACKLOG_SCHEMA;
    const res = await server.post('/api/chat', {
      model: 'llama3.1:8b',
      stream: false,
      format: schema,
      messages: [{ role: 'user', content: VISION }],
    });
    const json = await res.json();
    assert.equal(json.done, true);
    assert.equal(json.done_reason, 'stop');
    assert.deepEqual(schemaProblems(schema, JSON.parse(json.message.content)), []);

    const asJson = await (
      await server.post('/api/chat', {
        model: 'm',
        stream: false,
        format: 'json',
        messages: [{ role: 'user', content: VISION }],
      })
    ).json();
    assert.equal(typeof JSON.parse(asJson.message.content).topic, 'string');

    const cut = await (
      await server.post('/api/chat', {
        model: 'm',
        stream: false,
        format: schema,
        options: { num_predict: 8, temperature: 0.1 },
        messages: [{ role: 'user', content: VISION }],
      })
    ).json();
    assert.equal(cut.done_reason, 'length');
    assert.equal(cut.eval_count, 8);
    assert.equal(parses(cut.message.content), false);

    const missing = await server.post('/api/chat', { messages: [] });
    assert.equal(missing.status, 400);
    assert.deepEqual(await missing.json(), { error: 'model is required' });

    const load = await (await server.post('/api/chat', { model: 'm', stream: false })).json();
    assert.equal(load.done_reason, 'load');

    await server.config({ force: { rate_limit: 1, malformed: 1 } });
    const limited = await server.post('/api/chat', {
      model: 'm',
      stream: false,
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.equal(limited.status, 429);
    const limitedBody = await limited.json();
    assert.deepEqual(Object.keys(limitedBody), ['error']);
    assert.equal(typeof limitedBody.error, 'string');
    const broken = await (
      await server.post('/api/chat', {
        model: 'm',
        stream: false,
        format: 'json',
        messages: [{ role: 'user', content: 'hi' }],
      })
    ).json();
    assert.equal(parses(broken.message.content), false);

    const tags = await (await fetch(`${server.url}/api/tags`)).json();
    assert.ok(tags.models.some((m) => m.name === 'llama3.1:8b'));
    const log = await server.log();
    assert.ok(log.by_route['/api/chat'] >= 6);
    assert.equal(log.by_route['/api/tags'], 1);
  });

  test('request validation like the real API', async () => {
    const expectBadRequest = async (body, param, path = '/v1/chat/completions') => {
      const res = await server.post(path, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      const { error } = await res.json();
      assert.equal(error.type, 'invalid_request_error');
      assert.equal(error.param, param);
      return error;
    };
    await expectBadRequest({ messages: [{ role: 'user', content: 'hi' }] }, null);
    await expectBadRequest({ model: 'm' }, 'messages');
    assert.equal((await expectBadRequest({ model: 'm', messages: [] }, 'messages')).code, 'empty_array');
    assert.equal(
      (await expectBadRequest(chatBody('hi', { temperature: 2.5 }), 'temperature')).code,
      'decimal_above_max_value',
    );
    await expectBadRequest(chatBody('hi', { temperature: -1 }), 'temperature');
    await expectBadRequest(chatBody('hi', { max_tokens: 0 }), 'max_tokens');
    await expectBadRequest(chatBody('hi', { response_format: { type: 'xml' } }), 'response_format.type');
    await expectBadRequest(
      chatBody('hi', { response_format: { type: 'json_schema', json_schema: { schema: {} } } }),
      'response_format.json_schema.name',
    );
    await expectBadRequest('{"model": "m", "messages": [', null);
    // The same routes answer without the /v1 prefix.
    await expectBadRequest({ model: 'm' }, 'messages', '/chat/completions');
    const bare = await server.post('/chat/completions', chatBody('hi', { temperature: 0 }));
    assert.equal(bare.status, 200);
    assert.equal((await (await fetch(`${server.url}/models`)).json()).object, 'list');
    // The log keeps the route as called.
    const log = await server.log();
    assert.ok(log.by_route['/chat/completions'] >= 2);
    assert.ok(log.by_status['400'] >= 9);
  });

  test('unknown models get 404 only when a model list is configured', async () => {
    assert.equal((await server.post('/v1/chat/completions', { ...chatBody('hi'), model: 'anything' })).status, 200);
    await server.config({ models: ['gpt-4o-mini', 'llama3.1:8b'] });
    const res = await server.post('/v1/chat/completions', { ...chatBody('hi'), model: 'gpt-5-nonexistent' });
    assert.equal(res.status, 404);
    assert.equal((await res.json()).error.code, 'model_not_found');
    assert.equal(
      (
        await server.post('/api/chat', {
          model: 'llama3.1:8b',
          stream: false,
          messages: [{ role: 'user', content: 'hi' }],
        })
      ).status,
      200,
    );
    const ollama = await server.post('/api/chat', {
      model: 'mistral',
      stream: false,
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.equal(ollama.status, 404);
    assert.match((await ollama.json()).error, /not found/);
    const models = await (await fetch(`${server.url}/v1/models`)).json();
    assert.deepEqual(
      models.data.map((m) => m.id),
      ['gpt-4o-mini', 'llama3.1:8b'],
    );
  });

  test('control: config merges, reset clears state and keeps config unless asked, control routes are exempt', async () => {
    const effective = await server.config({ latency_ms: 5, faults: { server_error: 1 }, api_key: 'k1' });
    assert.equal(effective.latency_ms, 5);
    assert.deepEqual(effective.faults, { server_error: 1 });
    assert.equal(effective.seed, 7);
    // Control routes need no key and see no faults; chat routes do.
    assert.equal(
      (await server.post('/v1/chat/completions', chatBody('hi'), { headers: { authorization: 'Bearer k1' } })).status,
      500,
    );
    assert.equal((await server.post('/v1/chat/completions', chatBody('hi'))).status, 401);
    assert.equal((await server.log()).count, 2);

    const merged = await server.config({ faults: { server_error: 0, prose: 0.5 }, force: { quota: 2 } });
    assert.deepEqual(merged.faults, { prose: 0.5 });
    assert.deepEqual(merged.force, { quota: 2 });

    const bad = await fetch(`${server.url}/_control/config`, {
      method: 'POST',
      body: JSON.stringify({ faults: { gremlins: 1 } }),
    });
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error, /unknown fault/);

    const reset = await server.reset();
    assert.equal(reset.config.latency_ms, 5, 'reset keeps the config');
    assert.deepEqual(reset.config.force, {}, 'and drops forced faults');
    const log = await server.log();
    assert.deepEqual([log.count, log.by_route, log.by_status, log.requests, log.max_in_flight], [0, {}, {}, [], 0]);

    const restored = await server.reset({ config: true });
    assert.equal(restored.config.latency_ms, 0);
    assert.equal(restored.config.api_key, null);
    assert.deepEqual(restored.config.faults, {});
    assert.equal(restored.config.seed, 7, 'the command-line seed');
  });

  test('log_messages: the log records the messages only when asked', async () => {
    const messages = [
      { role: 'system', content: 'You write backlogs.' },
      { role: 'user', content: 'Stories for a Clinic check-in app' },
    ];
    assert.equal((await server.post('/v1/chat/completions', { model: 'gpt-4o-mini', messages })).status, 200);
    assert.equal((await server.log()).requests[0].messages, undefined, 'off by default');

    assert.equal((await server.config({ log_messages: true })).log_messages, true);
    assert.equal((await server.post('/v1/chat/completions', { model: 'gpt-4o-mini', messages })).status, 200);
    const logged = (await server.log()).requests[1];
    assert.deepEqual(logged.messages, messages);
    assert.equal(logged.prompt_digest, (await server.log()).requests[0].prompt_digest, 'same messages, same digest');

    const bad = await fetch(`${server.url}/_control/config`, {
      method: 'POST',
      body: JSON.stringify({ log_messages: 'yes' }),
    });
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error, /log_messages/);
  });
});

describe('fake-llm command line', () => {
  test('--help, bad flags, and a clean SIGTERM even with a hung request open', async () => {
    const help = spawn(process.execPath, [SERVER, '--help']);
    let helpText = '';
    help.stdout.on('data', (d) => {
      helpText += d;
    });
    assert.equal((await once(help, 'exit'))[0], 0);
    assert.match(helpText, /--fault-rate NAME=RATE/);

    const bad = spawn(process.execPath, [SERVER, '--no-such-flag']);
    assert.equal((await once(bad, 'exit'))[0], 2);
    const badRate = spawn(process.execPath, [SERVER, '--fault-rate', 'gremlins=0.5']);
    assert.equal((await once(badRate, 'exit'))[0], 2);

    const server = await startServer(['--fault-rate', 'hang=1', '--latency-ms', '1', '--models', 'a,b']);
    const hanging = server.post('/v1/chat/completions', { ...chatBody('hi'), model: 'a' }).catch(() => 'dropped');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal((await server.log()).in_flight, 1);
    const started = Date.now();
    assert.equal(await server.stop(), 0);
    assert.ok(Date.now() - started < 1500, 'stopped promptly');
    assert.equal(await hanging, 'dropped');
  });
});
