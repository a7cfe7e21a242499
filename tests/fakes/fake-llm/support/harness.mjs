// Test helpers: start server.js as a child process on port 0 (reading the port from its one
// stdout line, as the C++ fixtures do) and talk to its API and control routes. Kept outside
// test/ because "node --test test/" runs every module it finds there as a test file.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export const SERVER = fileURLToPath(new URL('../server.js', import.meta.url));

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
    child.once('exit', (code) => reject(new Error(`fake-llm exited with ${code}: ${stderr}`)));
  });
  const match = /^fake-llm listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line);
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

  return {
    url,
    port: Number(match[2]),
    child,
    stderr: () => stderr,
    log: () => control('GET', 'log'),
    config: (patch) => control('POST', 'config', patch),
    reset: (body = {}) => control('POST', 'reset', body),
    /** POST a JSON body; resolves to the fetch Response. */
    post: (path, body, { headers = {}, signal } = {}) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer test', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
        signal,
      }),
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      return code;
    },
  };
}

/** A chat body with one user message. */
export function chatBody(prompt, extra = {}) {
  return { model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }], ...extra };
}

export const parses = (text) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/**
 * A small JSON-schema checker for the keywords the generator supports; returns a list of
 * problems (empty when `value` follows `schema`). Independent of lib/schema.js on purpose.
 */
export function schemaProblems(schema, value, root = schema, path = '$') {
  const problems = [];
  const resolve = (s) => {
    let out = s;
    for (let i = 0; out && out.$ref && i < 20; i += 1) {
      const parts = out.$ref.replace(/^#\/?/, '').split('/').filter(Boolean);
      out = parts.reduce((node, key) => node?.[key], root);
    }
    return out ?? {};
  };
  const s = resolve(schema);
  if (s.anyOf || s.oneOf) {
    const branches = s.anyOf ?? s.oneOf;
    if (!branches.some((b) => schemaProblems(b, value, root, path).length === 0))
      problems.push(`${path}: matches no branch`);
    return problems;
  }
  if ('const' in s && JSON.stringify(s.const) !== JSON.stringify(value)) problems.push(`${path}: not const`);
  if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(value)))
    problems.push(`${path}: ${JSON.stringify(value)} not in enum`);
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const actual =
    value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  if (types.length > 0 && !types.includes(actual) && !(actual === 'integer' && types.includes('number'))) {
    problems.push(`${path}: type ${actual}, wanted ${types.join('|')}`);
    return problems;
  }
  if (actual === 'object') {
    for (const key of s.required ?? []) if (!(key in value)) problems.push(`${path}: missing ${key}`);
    for (const [key, sub] of Object.entries(s.properties ?? {})) {
      if (key in value) problems.push(...schemaProblems(sub, value[key], root, `${path}.${key}`));
    }
    if (s.additionalProperties === false) {
      for (const key of Object.keys(value)) if (!(key in (s.properties ?? {}))) problems.push(`${path}: extra ${key}`);
    }
  }
  if (actual === 'array') {
    if (s.minItems !== undefined && value.length < s.minItems) problems.push(`${path}: fewer than ${s.minItems} items`);
    if (s.maxItems !== undefined && value.length > s.maxItems) problems.push(`${path}: more than ${s.maxItems} items`);
    if (s.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size !== value.length)
      problems.push(`${path}: duplicates`);
    value.forEach((item, i) => problems.push(...schemaProblems(s.items ?? {}, item, root, `${path}[${i}]`)));
  }
  if (actual === 'string') {
    if (s.minLength !== undefined && value.length < s.minLength) problems.push(`${path}: shorter than ${s.minLength}`);
    if (s.maxLength !== undefined && value.length > s.maxLength) problems.push(`${path}: longer than ${s.maxLength}`);
    if (s.pattern && !new RegExp(s.pattern, 'u').test(value))
      problems.push(`${path}: ${value} does not match ${s.pattern}`);
  }
  if (actual === 'integer' || actual === 'number') {
    if (s.minimum !== undefined && value < s.minimum) problems.push(`${path}: below ${s.minimum}`);
    if (s.maximum !== undefined && value > s.maximum) problems.push(`${path}: above ${s.maximum}`);
    if (s.exclusiveMinimum !== undefined && value <= s.exclusiveMinimum)
      problems.push(`${path}: not above ${s.exclusiveMinimum}`);
    if (s.exclusiveMaximum !== undefined && value >= s.exclusiveMaximum)
      problems.push(`${path}: not below ${s.exclusiveMaximum}`);
    if (s.multipleOf !== undefined && Math.abs(value / s.multipleOf - Math.round(value / s.multipleOf)) > 1e-9) {
      problems.push(`${path}: ${value} not a multiple of ${s.multipleOf}`);
    }
  }
  return problems;
}

/** A backlog-shaped schema with $defs, enums, bounds, nullable and anyOf fields. */
export const BACKLOG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['epics'],
  properties: {
    epics: { type: 'array', minItems: 2, maxItems: 4, items: { $ref: '#/$defs/Epic' } },
  },
  $defs: {
    Epic: {
      type: 'object',
      additionalProperties: false,
      required: ['title', 'description', 'priority', 'category', 'features'],
      properties: {
        title: { type: 'string', maxLength: 60 },
        description: { type: 'string', minLength: 40 },
        priority: { type: 'string', enum: ['High', 'Medium', 'Low'] },
        category: { type: 'string', enum: ['core_platform', 'user_experience', 'integration', 'security'] },
        features: { type: 'array', minItems: 1, maxItems: 2, items: { $ref: '#/$defs/Feature' } },
      },
    },
    Feature: {
      type: 'object',
      required: ['title', 'estimated_story_points', 'stories'],
      properties: {
        title: { type: 'string', maxLength: 80 },
        estimated_story_points: { type: 'integer', enum: [1, 2, 3, 5, 8, 13, 21] },
        business_value: { type: ['string', 'null'] },
        stories: { type: 'array', minItems: 2, maxItems: 3, items: { $ref: '#/definitions/Story' } },
      },
    },
  },
  definitions: {
    Story: {
      type: 'object',
      required: ['id', 'title', 'user_story', 'acceptance_criteria', 'story_points', 'tasks', 'test_cases'],
      properties: {
        id: { type: 'string', pattern: '^US-[0-9]+(\\.[0-9]+)*$' },
        title: { type: 'string', maxLength: 60 },
        user_story: { type: 'string' },
        description: { type: 'string' },
        acceptance_criteria: { type: 'array', minItems: 3, maxItems: 5, items: { type: 'string' } },
        story_points: { type: 'integer', minimum: 1, maximum: 8 },
        user_type: { anyOf: [{ type: 'null' }, { type: 'string', enum: ['new_user', 'existing_user', 'admin'] }] },
        tasks: {
          type: 'array',
          maxItems: 2,
          items: {
            type: 'object',
            required: ['title', 'estimate_hours', 'complexity'],
            properties: {
              title: { type: 'string' },
              estimate_hours: { type: 'number', minimum: 0.5, maximum: 16, multipleOf: 0.5 },
              complexity: { type: 'string', enum: ['Low', 'Medium', 'High'] },
              confidence: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
            },
          },
        },
        test_cases: {
          type: 'array',
          minItems: 1,
          maxItems: 1,
          items: {
            type: 'object',
            required: ['title', 'steps'],
            properties: {
              title: { type: 'string' },
              steps: {
                type: 'array',
                minItems: 2,
                items: {
                  type: 'object',
                  required: ['action', 'expected'],
                  properties: { action: { type: 'string' }, expected: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    },
  },
};
