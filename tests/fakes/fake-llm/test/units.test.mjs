// Pure functions, without a server: durations, pattern sampling, prompt analysis, the schema
// generator's edge cases, and the wording over many prompts.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyContentFault, generateContent, limitContent } from '../lib/content.js';
import { applyPatch, ConfigError, DEFAULTS, parseCommandLine } from '../lib/config.js';
import { FaultPicker } from '../lib/faults.js';
import { goDuration, RateLimits } from '../lib/limits.js';
import { sampleMatching } from '../lib/pattern.js';
import { analysePrompt } from '../lib/prompt.js';
import { generateFromSchema } from '../lib/schema.js';
import { BACKLOG_SCHEMA, parses, schemaProblems } from '../support/harness.mjs';

const ctxFor = (prompt, seed = 'unit') => ({ ...analysePrompt([{ role: 'user', content: prompt }]), seed, offset: 3 });

describe('units', () => {
  test('goDuration formats like Go', () => {
    const cases = [
      [0, '0s'],
      [12, '12ms'],
      [999, '999ms'],
      [1000, '1s'],
      [1500, '1.5s'],
      [59_999, '59.999s'],
      [360_000, '6m0s'],
      [61_250, '1m1.25s'],
      [3_600_000, '1h0m0s'],
    ];
    for (const [ms, want] of cases) assert.equal(goDuration(ms), want, String(ms));
  });

  test('rate windows: remaining counts down and a refusal says when to retry', () => {
    const limits = new RateLimits();
    const t0 = 1_000_000;
    assert.equal(limits.admit({ rpm: 2, tpm: 0 }, 'm', 10, t0).headers['x-ratelimit-remaining-requests'], '1');
    assert.equal(limits.admit({ rpm: 2, tpm: 0 }, 'm', 10, t0 + 1000).headers['x-ratelimit-remaining-requests'], '0');
    const refused = limits.admit({ rpm: 2, tpm: 0 }, 'm', 10, t0 + 2000);
    assert.equal(refused.ok, false);
    assert.equal(refused.error.retryMs, 58_000);
    assert.equal(refused.headers['x-ratelimit-reset-requests'], '58s');
    assert.equal(limits.admit({ rpm: 2, tpm: 0 }, 'm', 10, t0 + 60_000).ok, true, 'the oldest use left the window');
  });

  test('simple patterns are sampled, hard ones are declined', () => {
    for (const pattern of [
      '^[A-Z]{2,4}-\\d+$',
      '^(low|medium|high)$',
      '^US-[0-9]+(\\.[0-9]+)*$',
      '[a-z]+@example\\.com',
      '^\\w{3}\\s\\d?$',
    ]) {
      const value = sampleMatching(pattern, 'seed');
      assert.ok(value !== null && new RegExp(pattern, 'u').test(value), `${pattern} → ${value}`);
      assert.equal(sampleMatching(pattern, 'seed'), value, 'deterministic');
    }
    for (const pattern of ['^(?!x).*$', '(a)\\1', '[^a]+', '('])
      assert.equal(sampleMatching(pattern, 'seed'), null, pattern);
  });

  test('prompt analysis: terms, role and requested counts', () => {
    const analysis = analysePrompt([
      { role: 'system', content: 'You are an agile coach. Return JSON following the schema.' },
      {
        role: 'user',
        content: 'Write 5 user stories for the Smart Parking app of Munich City. Drivers find spots and pay by phone.',
      },
    ]);
    assert.ok(analysis.terms.includes('Smart Parking'), analysis.terms.join());
    assert.ok(analysis.terms.includes('Munich City'), analysis.terms.join());
    assert.ok(!analysis.terms.some((t) => /^(json|schema|return)$/i.test(t)));
    assert.equal(analysis.role, 'driver');
    assert.deepEqual(analysis.counts, { story: 5 });
    assert.equal(
      analysePrompt([{ role: 'user', content: 'As a night nurse, I want handover notes' }]).role,
      'night nurse',
    );
    assert.ok(analysePrompt([{ role: 'user', content: 'hi' }]).terms.length >= 4, 'padded for tiny prompts');
  });

  test('recursive and contradictory schemas still give a finite, sensible value', () => {
    const tree = {
      $ref: '#/$defs/Node',
      $defs: {
        Node: {
          type: 'object',
          required: ['name', 'children'],
          properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/Node' } } },
        },
      },
    };
    const value = generateFromSchema(tree, ctxFor('family tree'));
    assert.deepEqual(schemaProblems(tree, value), []);
    assert.ok(JSON.stringify(value).length < 5000);
    assert.equal(typeof generateFromSchema({ type: 'integer', minimum: 5, maximum: 3 }, ctxFor('x')), 'number');
    assert.equal(generateFromSchema({ type: 'string', maxLength: 0 }, ctxFor('x')), '');
    assert.equal(generateFromSchema({ oneOf: [{ type: 'null' }, { type: 'boolean' }] }, ctxFor('x')) === null, false);
    const allOf = generateFromSchema(
      {
        allOf: [
          { properties: { a: { type: 'integer' } }, required: ['a'] },
          { properties: { b: { type: 'boolean' } }, required: ['b'] },
        ],
      },
      ctxFor('x'),
    );
    assert.deepEqual(Object.keys(allOf), ['a', 'b']);
  });

  test('backlogs for many prompts follow the schema and the quality rules', () => {
    const visions = [
      'a mobile check-in app for Clinic patients',
      'Smart parking for urban commuters in Lisbon',
      'an online marketplace for handmade furniture sellers',
      'a learning platform where students practise Spanish with teachers',
      'warehouse inventory tracking with barcode scanners for Acme Logistics operators',
      'hi',
    ];
    for (const vision of visions) {
      const messages = [{ role: 'user', content: `Generate the backlog for: ${vision}` }];
      const text = generateContent({ messages, mode: 'schema', schema: BACKLOG_SCHEMA, schemaName: 'backlog' }, 1);
      const backlog = JSON.parse(text);
      assert.deepEqual(schemaProblems(BACKLOG_SCHEMA, backlog), [], vision);
      for (const story of backlog.epics.flatMap((e) => e.features.flatMap((f) => f.stories))) {
        assert.match(story.user_story, /^As an? [^,]+, I want to [^,]+, so that [^,]+\.$/, vision);
        assert.ok(story.title.length <= 60);
        assert.ok(!/\{|\}|undefined|null/.test(story.user_story + story.title), story.title);
        assert.ok(story.acceptance_criteria.length >= 3 && story.acceptance_criteria.length <= 5);
        assert.ok(
          story.acceptance_criteria.every(
            (c) => c.startsWith('Given ') && c.includes(', when ') && c.includes(', then '),
          ),
        );
        assert.ok([1, 2, 3, 5, 8].includes(story.story_points));
      }
    }
  });

  test('content faults and limits', () => {
    const json = JSON.stringify({ a: [1, 2, { b: 'c' }] });
    for (let i = 0; i < 20; i += 1) assert.equal(parses(applyContentFault('malformed', json, `s${i}`).content), false);
    assert.equal(parses(applyContentFault('malformed', 'plain words', 's').content), false);
    assert.deepEqual(applyContentFault('truncate', json, 's').finishReason, 'length');
    assert.deepEqual(limitContent('abcdefghij', 'stop', { maxTokens: 2 }), {
      content: 'abcdefgh',
      finishReason: 'length',
      completionTokens: 2,
    });
    assert.deepEqual(limitContent('one. two. three', 'stop', { stop: ['two'] }), {
      content: 'one. ',
      finishReason: 'stop',
      completionTokens: 2,
    });
  });

  test('fault picking: forced first, then a seeded draw', () => {
    const picker = new FaultPicker();
    picker.force('quota', 2);
    assert.deepEqual([picker.next({}, 1), picker.next({}, 1), picker.next({}, 1)], ['quota', 'quota', null]);
    const draw = (seed) => {
      const p = new FaultPicker();
      return Array.from({ length: 200 }, () => p.next({ server_error: 0.25, prose: 0.25 }, seed));
    };
    assert.deepEqual(draw(5), draw(5));
    assert.notDeepEqual(draw(5), draw(6));
    const errors = draw(5).filter((f) => f === 'server_error').length;
    assert.ok(errors > 25 && errors < 75, String(errors));
  });

  test('config: command line and patches are validated', () => {
    const config = parseCommandLine([
      '--rpm',
      '10',
      '--fault-rate',
      'hang=0.1,prose=0.2',
      '--fault-rate',
      'quota=0.05',
      '--models',
      'a, b',
    ]);
    assert.deepEqual(config.faults, { hang: 0.1, prose: 0.2, quota: 0.05 });
    assert.deepEqual(config.models, ['a', 'b']);
    assert.equal(config.rpm, 10);
    assert.throws(() => parseCommandLine(['--rpm', '-1']), ConfigError);
    assert.throws(() => parseCommandLine(['--seed', 'x']), ConfigError);
    assert.throws(() => applyPatch(DEFAULTS, { faults: { hang: 0.7, prose: 0.7 } }), /sum must be/);
    assert.throws(() => applyPatch(DEFAULTS, { port: 1 }), /unknown config key/);
    assert.equal(applyPatch(DEFAULTS, { api_key: '' }).api_key, null);
    assert.equal(DEFAULTS.log_messages, false);
    assert.equal(parseCommandLine(['--log-messages']).log_messages, true);
    assert.throws(() => applyPatch(DEFAULTS, { log_messages: 1 }), /log_messages/);
  });
});
