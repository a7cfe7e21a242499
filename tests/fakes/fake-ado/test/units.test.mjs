// Pure pieces, without a server: WIQL, tags, enum parsing, api-version checks, routing, config,
// the fault draw and the rate window.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { matchRoute } from '../lib/api.js';
import { checkVersion, parseApiVersion, requestedVersion } from '../lib/app.js';
import { applyPatch, checkedForce, ConfigError, DEFAULTS, parseCommandLine } from '../lib/config.js';
import { AdoError } from '../lib/errors.js';
import { FaultPicker, routeMatches } from '../lib/faults.js';
import { PROCESSES } from '../lib/fixtures.js';
import { RateLimiter } from '../lib/limits.js';
import { guidFrom } from '../lib/rand.js';
import { evaluate, parseWiql, resolveField, sortItems } from '../lib/wiql.js';
import {
  idFromUrl,
  joinTags,
  normalizeOps,
  parseErrorPolicy,
  parseExpand,
  parseIdentity,
  parseTags,
} from '../lib/workitems.js';

const rejects = (fn, pattern) => {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AdoError || error instanceof ConfigError, `unexpected ${error}`);
    if (pattern) assert.match(error.message, pattern);
    return error;
  }
  assert.fail('did not throw');
};

describe('WIQL', () => {
  const items = [
    {
      id: 1,
      fields: {
        'System.WorkItemType': 'User Story',
        'System.Tags': 'generated; push-1',
        'System.AreaPath': 'Shop\\Payments',
        'System.Title': 'Pay by card',
        'Microsoft.VSTS.Common.Priority': 1,
      },
    },
    {
      id: 2,
      fields: {
        'System.WorkItemType': 'Task',
        'System.Tags': 'push-10',
        'System.AreaPath': 'Shop\\PaymentsOld',
        'System.Title': 'Card form',
        'Microsoft.VSTS.Common.Priority': 3,
      },
    },
    {
      id: 3,
      fields: {
        'System.WorkItemType': 'Bug',
        'System.AreaPath': 'Shop',
        'System.Title': 'Crash on pay',
        'Microsoft.VSTS.Common.Priority': 2,
      },
    },
  ];
  const env = {
    valueOf: (item, ref) => item.fields[ref] ?? (ref === 'System.Id' ? item.id : undefined),
    project: 'Shop',
    me: { uniqueName: 'me@x' },
    today: new Date('2026-03-02T10:00:00Z'),
  };
  const run = (where) =>
    items
      .filter((i) => evaluate(parseWiql(`SELECT [System.Id] FROM WorkItems WHERE ${where}`).where, i, env))
      .map((i) => i.id);

  test('tags match whole tags, case-insensitively', () => {
    assert.deepEqual(run("[System.Tags] CONTAINS 'PUSH-1'"), [1]);
    assert.deepEqual(run("[System.Tags] NOT CONTAINS 'push-1'"), [2, 3]);
  });
  test('type, IN, comparison, UNDER, IS EMPTY, CONTAINS WORDS and friendly names', () => {
    assert.deepEqual(run("[Work Item Type] = 'user story'"), [1]);
    assert.deepEqual(run("[System.WorkItemType] IN ('Task', 'Bug')"), [2, 3]);
    assert.deepEqual(run("[System.WorkItemType] NOT IN ('Task')"), [1, 3]);
    assert.deepEqual(run('[Microsoft.VSTS.Common.Priority] >= 2'), [2, 3]);
    assert.deepEqual(run("[System.AreaPath] UNDER 'Shop\\Payments'"), [1]);
    assert.deepEqual(run('[System.Tags] IS EMPTY'), [3]);
    assert.deepEqual(run("[System.Title] CONTAINS WORDS 'pay'"), [1, 3]);
    assert.deepEqual(run("[System.Title] CONTAINS 'card'"), [1, 2]);
  });
  test('AND binds tighter than OR; parentheses group', () => {
    assert.deepEqual(
      run("[System.WorkItemType] = 'Bug' OR [System.WorkItemType] = 'Task' AND [System.Tags] CONTAINS 'nope'"),
      [3],
    );
    assert.deepEqual(
      run("([System.WorkItemType] = 'Bug' OR [System.WorkItemType] = 'Task') AND [Microsoft.VSTS.Common.Priority] < 3"),
      [3],
    );
  });
  test('macros: @project, @today with an offset', () => {
    assert.deepEqual(run('[System.TeamProject] = @project'), []);
    const q = parseWiql('SELECT [System.Id] FROM WorkItems WHERE [System.CreatedDate] >= @today - 7');
    assert.deepEqual(q.where.value, { macro: 'today', offset: -7 });
    const noProject = { ...env, project: null };
    rejects(
      () =>
        evaluate(
          parseWiql('SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project').where,
          items[0],
          noProject,
        ),
      /@project/,
    );
  });
  test('ORDER BY sorts, ties by id; quotes are doubled inside strings', () => {
    const q = parseWiql(
      "select [System.Id] from workitems where [System.Title] <> 'it''s' order by [Microsoft.VSTS.Common.Priority] desc",
    );
    assert.deepEqual(
      sortItems([...items], q.orderBy, env.valueOf).map((i) => i.id),
      [2, 3, 1],
    );
    assert.equal(q.where.value.literal, "it's");
  });
  test('errors: syntax TF51006, unknown field TF51005, link queries and long queries refused', () => {
    rejects(() => parseWiql('SELECT [System.Id] WorkItems'), /^TF51006/);
    rejects(
      () => parseWiql("SELECT [System.Id] FROM WorkItems WHERE [Custom.Nope] = 'x'"),
      /^TF51005: .*«Custom\.Nope»/,
    );
    rejects(() => parseWiql('SELECT [System.Id] FROM WorkItemLinks'), /WorkItemLinks/);
    rejects(
      () => parseWiql(`SELECT [System.Id] FROM WorkItems WHERE [System.Title] = '${'x'.repeat(33_000)}'`),
      /at most 32768/,
    );
    assert.equal(resolveField('story points'), 'Microsoft.VSTS.Scheduling.StoryPoints');
  });
});

describe('work item pieces', () => {
  test('tags: split on ";", sorted case-insensitively, de-duplicated', () => {
    assert.deepEqual(parseTags(' b ;a;; c'), ['b', 'a', 'c']);
    assert.equal(joinTags(['Tag0', 'tag2', 'Tag1', 'TAG0']), 'Tag0; Tag1; tag2');
  });
  test('$expand and errorPolicy accept names in any case and the numeric enums', () => {
    assert.equal(parseExpand('Relations'), 'relations');
    assert.equal(parseExpand(4), 'all');
    assert.equal(parseExpand('1'), 'relations');
    assert.equal(parseErrorPolicy('2'), 'omit');
    assert.equal(parseErrorPolicy('Fail'), 'fail');
    rejects(() => parseExpand('everything'));
  });
  test('patch ops: names or the numeric Operation enum; move and copy refused', () => {
    assert.deepEqual(
      normalizeOps([
        { op: 0, path: '/fields/System.Title', value: 'x' },
        { op: 'Replace', path: '/rev', value: 1 },
      ]).map((o) => o.op),
      ['add', 'replace'],
    );
    rejects(() => normalizeOps({}), /valid patch document/);
    rejects(() => normalizeOps([{ op: 'move', path: '/fields/System.Title', from: '/x' }]));
  });
  test('relation URLs: with or without a project segment, temporary ids, any case', () => {
    assert.equal(idFromUrl('https://dev.azure.com/contoso/_apis/wit/workItems/500'), 500);
    assert.equal(idFromUrl('https://dev.azure.com/contoso/3f2c0000-aaaa/_apis/wit/workitems/42?x=1'), 42);
    assert.equal(idFromUrl('http://h/org/Proj/_apis/wit/workitems/-3'), -3);
    assert.equal(idFromUrl('https://example.invalid/page'), null);
  });
  test('identities: "Name <mail>", a mail address, a name', () => {
    assert.deepEqual(parseIdentity('Ada Lovelace <ada@example.com>').displayName, 'Ada Lovelace');
    assert.equal(parseIdentity('ada@example.com').displayName, 'ada');
    assert.equal(parseIdentity('ada@example.com').id, parseIdentity('Ada <ADA@example.com>').id);
  });
});

describe('processes', () => {
  test('each process has its requirement type, estimate field and Task estimates', () => {
    const fieldsOf = (process, type) => PROCESSES[process].types.find((t) => t.name === type).fields;
    assert.deepEqual(PROCESSES.Agile.categories['Microsoft.RequirementCategory'], ['User Story']);
    assert.ok(fieldsOf('Agile', 'User Story').includes('Microsoft.VSTS.Scheduling.StoryPoints'));
    assert.ok(fieldsOf('Scrum', 'Product Backlog Item').includes('Microsoft.VSTS.Scheduling.Effort'));
    assert.ok(fieldsOf('Basic', 'Issue').includes('Microsoft.VSTS.Scheduling.Effort'));
    assert.ok(fieldsOf('CMMI', 'Requirement').includes('Microsoft.VSTS.Scheduling.Size'));
    assert.ok(fieldsOf('Agile', 'Task').includes('Microsoft.VSTS.Scheduling.OriginalEstimate'));
    assert.ok(fieldsOf('CMMI', 'Task').includes('Microsoft.VSTS.Scheduling.OriginalEstimate'));
    assert.ok(!fieldsOf('Scrum', 'Task').includes('Microsoft.VSTS.Scheduling.OriginalEstimate'));
    assert.ok(!fieldsOf('Basic', 'Task').includes('Microsoft.VSTS.Scheduling.OriginalEstimate'));
    for (const process of Object.values(PROCESSES)) {
      assert.ok(fieldsOf(process.name, 'Test Case').includes('Microsoft.VSTS.TCM.Steps'));
      assert.deepEqual(process.categories['Microsoft.HiddenCategory'], ['Test Plan', 'Test Suite']);
    }
  });
});

describe('api-version and routing', () => {
  test('the version comes from the query first, else the Accept header', () => {
    assert.equal(requestedVersion(new Map([['api-version', '7.1']]), 'application/json;api-version=5.0'), '7.1');
    assert.equal(requestedVersion(new Map(), 'application/json;api-version=7.1-preview.3'), '7.1-preview.3');
    assert.equal(requestedVersion(new Map(), 'application/json'), null);
    assert.deepEqual(parseApiVersion('7.1-preview.3'), { number: 7.01, preview: true, text: '7.1-preview.3' });
  });
  test('missing, malformed, out of range and preview-only versions are refused like the service', () => {
    assert.equal(rejects(() => checkVersion('GET', null, '7.1')).typeKey, 'VssVersionNotSpecifiedException');
    assert.equal(rejects(() => checkVersion('GET', 'seven', '7.1')).typeKey, 'VssInvalidApiVersionException');
    assert.equal(rejects(() => checkVersion('GET', '8.0', '7.1')).typeKey, 'VssVersionOutOfRangeException');
    assert.equal(rejects(() => checkVersion('GET', '7.2', '7.1')).typeKey, 'VssInvalidPreviewVersionException');
    assert.equal(rejects(() => checkVersion('GET', '7.1', '0.0')).typeKey, 'VssInvalidPreviewVersionException');
    assert.equal(checkVersion('GET', '7.1-preview.1', '0.0'), '7.1-preview.1');
    assert.equal(checkVersion('GET', '5.0', '7.1'), '5.0');
  });
  test('routes match in any case; $Type and ids are told apart; the node path takes the rest', () => {
    assert.equal(matchRoute('POST', ['wit', 'workItems', '$User Story']).op, 'workitems.create');
    assert.equal(matchRoute('POST', ['wit', 'workItems', '$User Story']).params.type, 'User Story');
    assert.equal(matchRoute('PATCH', ['WIT', 'WorkItems', '12']).op, 'workitems.update');
    assert.equal(matchRoute('GET', ['wit', 'workitems', 'abc']), null);
    assert.equal(matchRoute('PUT', ['wit', 'workitems', '12']).notAllowed, true);
    assert.deepEqual(matchRoute('GET', ['wit', 'classificationNodes', 'Areas', 'A/B']).params, {
      group: 'Areas',
      path: 'A/B',
    });
    assert.equal(
      matchRoute('POST', ['testplan', 'Plans', '3', 'Suites', '4', 'TestCase']).op,
      'testplan.testcases.add',
    );
    assert.equal(matchRoute('PATCH', ['wit', '$batch']).op, 'batch');
  });
});

describe('config, faults and limits', () => {
  test('the command line: projects, orgs, PATs, fault rates; bad values are ConfigErrors', () => {
    const config = parseCommandLine([
      '--org',
      'a,b',
      '--project',
      'Shop=scrum',
      '--project',
      'Ops=Basic',
      '--pat',
      'p1',
      '--fault-rate',
      'throttle=0.1,hang=0.05',
      '--batch-per-item',
    ]);
    assert.deepEqual(config.orgs, ['a', 'b']);
    assert.deepEqual(config.projects, [
      { name: 'Shop', process: 'Scrum' },
      { name: 'Ops', process: 'Basic' },
    ]);
    assert.deepEqual(config.pats, ['p1']);
    assert.deepEqual(config.faults, { throttle: 0.1, hang: 0.05 });
    assert.equal(config.batch_atomic, false);
    rejects(() => parseCommandLine(['--project', 'Shop=Waterfall']), /process/);
    rejects(() => parseCommandLine(['--fault-rate', 'throttle=0.7,hang=0.5']), /sum/);
    rejects(() => applyPatch(DEFAULTS, { nope: 1 }), /unknown config key/);
    rejects(() => checkedForce({ hang: -1 }), /non-negative/);
    assert.deepEqual(checkedForce({ hang: 2, lost_response: { count: 1, route: 'workitems.create' } }), [
      { fault: 'hang', count: 2, route: null },
      { fault: 'lost_response', count: 1, route: 'workitems.create' },
    ]);
  });
  test('fault draws are a function of the seed and the request number; forcing comes first and can name a route', () => {
    const draw = (seed) => {
      const picker = new FaultPicker();
      return Array.from({ length: 50 }, () =>
        picker.next('workitems.create', { server_error: 0.3, throttle: 0.2 }, seed),
      );
    };
    assert.deepEqual(draw(7), draw(7));
    assert.notDeepEqual(draw(7), draw(8));
    const picker = new FaultPicker();
    picker.force('lost_response', 1, 'workitems.create');
    picker.force('throttle', 1);
    assert.equal(picker.next('wiql', {}, 1), 'throttle');
    assert.equal(picker.next('wiql', {}, 1), null);
    assert.equal(picker.next('workitems.create', {}, 1), 'lost_response');
    assert.equal(picker.next('options', {}, 1, { random: false }), null);
    assert.ok(routeMatches('testplan', 'testplan.plans.create'));
    assert.ok(!routeMatches('testplan.plans', 'testplan.suites.create'));
  });
  test('rate window: remaining counts down, then block (429) or delay', () => {
    const limiter = new RateLimiter();
    const cfg = { rate_limit: 2, rate_window_ms: 60_000, rate_delay_ms: 0 };
    assert.equal(limiter.admit(cfg, 1_000_000).headers['X-RateLimit-Remaining'], '1');
    assert.equal(limiter.admit(cfg, 1_010_000).headers['X-RateLimit-Remaining'], '0');
    const blocked = limiter.admit(cfg, 1_020_000);
    assert.equal(blocked.verdict, 'block');
    assert.equal(blocked.headers['Retry-After'], '40');
    assert.equal(limiter.admit(cfg, 1_060_000).verdict, 'ok', 'the oldest use left the window');
    const delayed = limiter.admit({ ...cfg, rate_delay_ms: 250 }, 1_061_000);
    assert.equal(delayed.verdict, 'delay');
    assert.equal(delayed.headers['X-RateLimit-Delay'], '0.250');
    assert.equal(new RateLimiter().admit({ ...cfg, rate_limit: 0 }, 0).verdict, 'ok');
  });
  test('GUIDs derive from names', () => {
    assert.match(guidFrom('project', 'x'), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(guidFrom('a'), guidFrom('a'));
  });
});
