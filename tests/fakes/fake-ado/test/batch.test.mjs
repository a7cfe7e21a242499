// $batch, which the official Node client lacks, checked against golden fixtures written from the
// documented request/response examples (test/fixtures/batch/*.json). Each fixture holds the
// request, the expected answer, and what the store must hold afterwards. Entry bodies are strings
// holding JSON on the wire; the fixtures give the part of each parsed body that must match.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { startServer } from '../support/harness.mjs';

const DIR = new URL('./fixtures/batch/', import.meta.url);
const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ file: f, ...JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) }));

/** Replaces "{{org}}" in every string of a fixture. */
function fill(value, org) {
  if (typeof value === 'string') return value.replaceAll('{{org}}', org);
  if (Array.isArray(value)) return value.map((v) => fill(v, org));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, org)]));
  return value;
}

/** `actual` holds everything in `expected`; arrays must have the same length. */
function assertContains(actual, expected, where) {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${where}: not an array`);
    assert.equal(actual.length, expected.length, `${where}: length`);
    expected.forEach((e, i) => assertContains(actual[i], e, `${where}[${i}]`));
  } else if (expected && typeof expected === 'object') {
    assert.ok(actual && typeof actual === 'object', `${where}: not an object`);
    for (const [k, v] of Object.entries(expected)) assertContains(actual[k], v, `${where}.${k}`);
  } else assert.deepEqual(actual, expected, where);
}

describe('$batch against the documented examples', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(() => server.stop());

  for (const fixture of fixtures) {
    test(`${fixture.file}: ${fixture.description}`, async () => {
      await server.reset({ config: true });
      if (fixture.config) await server.config(fixture.config);
      for (const item of fixture.setup ?? []) await server.create(item.project, item.type, item.fields);
      const f = fill(fixture, server.orgUrl);
      const res = await server.api(f.request.method, f.request.path, f.request.body, {
        contentType: f.request.contentType,
        version: null,
      });
      assert.equal(res.status, f.response.status, JSON.stringify(res.body));
      assert.equal(res.body.count, f.response.body.count);
      assert.equal(res.body.value.length, f.response.body.value.length);
      f.response.body.value.forEach((want, i) => {
        const got = res.body.value[i];
        assert.equal(got.code, want.code, `entry ${i} code: ${got.body}`);
        assert.deepEqual(got.headers, want.headers, `entry ${i} headers`);
        assert.equal(typeof got.body, 'string', `entry ${i} body is a JSON string`);
        assertContains(JSON.parse(got.body), want.body, `entry ${i} body`);
      });
      const stored = await server.workItems();
      assert.deepEqual(
        stored.value.map((w) => w.id),
        f.stored.ids,
      );
      if (f.stored.next_id !== undefined) assert.equal(stored.next_id, f.stored.next_id);
    });
  }

  test('limits: more sub-requests than batch_max is a 400; GET sub-requests and a project in the URL are refused', async () => {
    await server.reset({ config: true });
    await server.config({ batch_max: 2 });
    const sub = {
      method: 'PATCH',
      uri: '/AgileProject/_apis/wit/workitems/$Task',
      headers: {},
      body: [{ op: 'add', path: '/fields/System.Title', value: 'x' }],
    };
    const tooMany = await server.api('PATCH', '_apis/wit/$batch', [sub, sub, sub], {
      contentType: 'application/json',
      version: '5.0',
    });
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.body.typeKey, 'ArgumentException');
    const get = await server.api('PATCH', '_apis/wit/$batch', [{ ...sub, method: 'GET' }], {
      contentType: 'application/json',
      version: '5.0',
    });
    assert.equal(get.body.value[0].code, 400);
    const scoped = await server.api('PATCH', 'AgileProject/_apis/wit/$batch', [sub], {
      contentType: 'application/json',
      version: '5.0',
    });
    assert.equal(scoped.status, 404);
  });
});
