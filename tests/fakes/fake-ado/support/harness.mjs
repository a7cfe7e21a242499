// Test helpers: start server.js as a child process on port 0 (reading the port from its one
// stdout line, as the C++ fixtures will) and talk to its API and control routes. Kept outside
// test/ because "node --test test/" runs every module it finds there as a test file.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export const SERVER = fileURLToPath(new URL('../server.js', import.meta.url));
export const PAT = 'fakeadopatfakeadopatfakeadopatfakeadopatfakeadopat42';
export const ORG = 'fabrikam';

export const basic = (pat = PAT) => `Basic ${Buffer.from(`:${pat}`).toString('base64')}`;

export async function startServer(args = []) {
  const child = spawn(process.execPath, [SERVER, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const line = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`fake-ado exited with ${code}: ${stderr}`)));
  });
  const match = /^fake-ado listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line);
  assert.ok(match, `unexpected first line: ${line}`);
  const url = match[1];

  const control = async (method, path, body) => {
    const res = await fetch(`${url}/_control/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`control ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  /**
   * One API call. `path` is relative to the organisation ("AgileProject/_apis/wit/…"); the
   * api-version is added unless the path has one or `version: null`. Resolves to
   * { status, headers, body (parsed JSON or text), res }.
   */
  const api = async (
    method,
    path,
    body,
    { headers = {}, version = '7.1', contentType, pat = PAT, org = ORG, signal } = {},
  ) => {
    let target = `${url}/${org}/${path}`;
    if (version !== null && !/[?&]api-version=/.test(path))
      target += `${path.includes('?') ? '&' : '?'}api-version=${version}`;
    const sendsBody = body !== undefined;
    const res = await fetch(target, {
      method,
      signal,
      headers: {
        ...(pat === null ? {} : { authorization: basic(pat) }),
        'x-tfs-fedauthredirect': 'Suppress',
        ...(sendsBody
          ? {
              'content-type':
                contentType ??
                (method === 'PATCH' || /\/workitems\/\$/i.test(path)
                  ? 'application/json-patch+json'
                  : 'application/json'),
            }
          : {}),
        ...headers,
      },
      body: sendsBody ? (typeof body === 'string' ? body : JSON.stringify(body)) : undefined,
    });
    const text = await res.text();
    let parsed = text;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, headers: res.headers, body: parsed, res };
  };

  return {
    url,
    orgUrl: `${url}/${ORG}`,
    port: Number(match[2]),
    child,
    stderr: () => stderr,
    api,
    log: () => control('GET', 'log'),
    config: (patch) => control('POST', 'config', patch),
    reset: (body = {}) => control('POST', 'reset', body),
    workItems: (query = '') => control('GET', `workitems${query}`),
    workItem: (id) => control('GET', `workitems/${id}`),
    testPlans: (query = '') => control('GET', `testplans${query}`),
    /** Creates a work item and returns its id (asserting success). */
    async create(project, type, fields, relations = []) {
      const ops = [
        ...Object.entries(fields).map(([k, v]) => ({ op: 'add', path: `/fields/${k}`, value: v })),
        ...relations.map((r) => ({ op: 'add', path: '/relations/-', value: r })),
      ];
      const res = await api(
        'POST',
        `${encodeURIComponent(project)}/_apis/wit/workitems/$${encodeURIComponent(type)}`,
        ops,
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.id;
    },
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      return code;
    },
  };
}

/** A relation value pointing at work item `id` of the emulator. */
export const link = (server, rel, id, attributes) => ({
  rel,
  url: `${server.orgUrl}/_apis/wit/workItems/${id}`,
  ...(attributes ? { attributes } : {}),
});
