// Behaviour over raw HTTP: auth and its two failure modes, api-version, the error body shape, the
// work item rules (fields per process, tree paths, tags, links and the single-parent rule), reads
// and their caps, the recycle bin, WIQL, classification nodes, Test Plans, rate limits, every
// fault, the command line and the control API.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, beforeEach, describe, test } from 'node:test';
import { WORK_PROCESSES } from '../lib/locations.js';
import { basic, link, PAT, SERVER, startServer } from '../support/harness.mjs';

const ERROR_KEYS = ['$id', 'innerException', 'message', 'typeName', 'typeKey', 'errorCode', 'eventId'];
const P = 'AgileProject/_apis';
const add = (field, value) => ({ op: 'add', path: `/fields/${field}`, value });

function assertError(res, status, typeKey, message) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.deepEqual(
    Object.keys(res.body).filter((k) => k !== 'customProperties'),
    ERROR_KEYS,
  );
  assert.equal(res.body.typeKey, typeKey);
  if (message) assert.match(res.body.message, message);
}

describe('fake-ado over HTTP', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(() => server.stop());
  beforeEach(() => server.reset({ config: true }));

  describe('auth, versions and errors', () => {
    test('a bad PAT: 401 JSON with X-TFS-FedAuthRedirect: Suppress, the 203 sign-in page without it', async () => {
      const suppressed = await server.api('GET', `${P}/wit/workitems/1`, undefined, { pat: 'wrong' });
      assertError(suppressed, 401, 'UnauthorizedRequestException', /^TF400813/);
      assert.match(suppressed.headers.get('www-authenticate'), /^Basic realm=/);
      const redirected = await server.api('GET', `${P}/wit/workitems/1`, undefined, {
        pat: null,
        headers: { 'x-tfs-fedauthredirect': '' },
      });
      assert.equal(redirected.status, 203);
      assert.match(redirected.headers.get('content-type'), /^text\/html/);
      assert.match(redirected.body, /Sign In/);
      await server.config({ auth_failure: '401' });
      const forced = await server.api('GET', `${P}/wit/workitems/1`, undefined, {
        pat: null,
        headers: { 'x-tfs-fedauthredirect': '' },
      });
      assert.equal(forced.status, 401);
    });

    test('the user part of Basic auth is ignored; any configured PAT works', async () => {
      await server.config({ pats: [PAT, 'second-pat'] });
      for (const authorization of [`Basic ${Buffer.from(`anyone:${PAT}`).toString('base64')}`, basic('second-pat')]) {
        const res = await server.api('GET', '_apis/projects', undefined, { headers: { authorization } });
        assert.equal(res.status, 200);
      }
    });

    test('api-version: missing is VssVersionNotSpecifiedException; the Accept header works; the answer names it', async () => {
      const missing = await server.api('GET', '_apis/projects', undefined, { version: null });
      assertError(missing, 400, 'VssVersionNotSpecifiedException', /No api-version was supplied for the "GET" request/);
      const viaAccept = await server.api('GET', '_apis/projects', undefined, {
        version: null,
        headers: { accept: 'application/json;api-version=7.1' },
      });
      assert.equal(viaAccept.status, 200);
      assert.equal(viaAccept.headers.get('content-type'), 'application/json; charset=utf-8; api-version=7.1');
      assert.match(viaAccept.headers.get('activityid'), /^[0-9a-f-]{36}$/);
      const tooNew = await server.api('GET', '_apis/projects', undefined, { version: '9.0' });
      assertError(tooNew, 400, 'VssVersionOutOfRangeException');
    });

    test('project properties are preview-only: 7.1 is refused, 7.1-preview.1 answers', async () => {
      const released = await server.api('GET', '_apis/projects/AgileProject/properties', undefined, { version: '7.1' });
      assertError(released, 400, 'VssInvalidPreviewVersionException', /-preview/);
      const preview = await server.api(
        'GET',
        '_apis/projects/AgileProject/properties?keys=System.Process%20Template,System.ProcessTemplateType',
        undefined,
        { version: '7.1-preview.1' },
      );
      assert.deepEqual(preview.body, {
        count: 2,
        value: [
          { name: 'System.ProcessTemplateType', value: 'adcc42ab-9882-485e-a3ed-7678f01f66bc' },
          { name: 'System.Process Template', value: 'Agile' },
        ],
      });
    });

    test('unknown route, method, project, organisation and work item', async () => {
      assertError(await server.api('GET', `${P}/wit/nothing`), 404, 'HttpException', /The controller for path/);
      assertError(await server.api('PUT', `${P}/wit/workitems/1`, []), 405, 'HttpException');
      assertError(
        await server.api('GET', 'Nope/_apis/wit/workitemtypes'),
        404,
        'ProjectDoesNotExistWithNameException',
        /^TF200016: The following project does not exist: Nope\./,
      );
      assertError(
        await server.api('GET', '_apis/projects', undefined, { org: 'contoso' }),
        404,
        'HostNotFoundException',
      );
      assertError(
        await server.api('GET', `${P}/wit/workitems/77`),
        404,
        'WorkItemUnauthorizedAccessException',
        /^TF401232: Work item 77 does not exist/,
      );
    });
  });

  describe('work items', () => {
    test('ids count up from 1; server fields are filled in; System.Parent appears with a parent', async () => {
      const epic = await server.create('AgileProject', 'Epic', { 'System.Title': 'Checkout' });
      const res = await server.api('POST', `${P}/wit/workitems/$Feature`, [
        add('System.Title', 'Cards'),
        { op: 'add', path: '/relations/-', value: link(server, 'System.LinkTypes.Hierarchy-Reverse', epic) },
      ]);
      assert.equal(epic, 1);
      assert.equal(res.body.id, 2);
      const f = res.body.fields;
      assert.equal(f['System.State'], 'New');
      assert.equal(f['System.AreaPath'], 'AgileProject');
      assert.equal(f['System.IterationPath'], 'AgileProject');
      assert.equal(f['Microsoft.VSTS.Common.Priority'], 2);
      assert.equal(f['Microsoft.VSTS.Common.ValueArea'], 'Business');
      assert.equal(f['System.Parent'], 1);
      assert.equal(f['System.CreatedBy'].displayName, 'Fake ADO User');
      assert.equal(res.body.url, `${server.orgUrl}/_apis/wit/workItems/2`);
      const scrum = await server.api('POST', 'ScrumProject/_apis/wit/workitems/$Task', [add('System.Title', 't')]);
      assert.equal(scrum.body.fields['System.State'], 'To Do');
      const cmmi = await server.api('POST', 'CmmiProject/_apis/wit/workitems/$Requirement', [add('System.Title', 'r')]);
      assert.equal(cmmi.body.fields['System.State'], 'Proposed');
      assert.equal(cmmi.body.fields['Microsoft.VSTS.CMMI.RequirementType'], 'Functional');
    });

    test('create needs application/json-patch+json; validateOnly saves nothing', async () => {
      const wrongType = await server.api('POST', `${P}/wit/workitems/$Task`, [add('System.Title', 'x')], {
        contentType: 'application/json',
      });
      assertError(wrongType, 415, 'VssRequestContentTypeNotSupportedException', /application\/json-patch\+json/);
      const dry = await server.api('POST', `${P}/wit/workitems/$Task?validateOnly=true`, [add('System.Title', 'x')]);
      assert.equal(dry.status, 200);
      assert.equal(dry.body.id, undefined);
      assert.equal((await server.workItems()).count, 0);
    });

    test('fields are checked against the type: unknown, other process, read-only, type, allowed values, length', async () => {
      const cases = [
        [
          'ScrumProject',
          'Product Backlog Item',
          add('Microsoft.VSTS.Scheduling.StoryPoints', 3),
          'WorkItemTrackingFieldDefinitionNotFoundException',
          /^TF51535: Cannot find field Microsoft\.VSTS\.Scheduling\.StoryPoints\./,
        ],
        [
          'ScrumProject',
          'Task',
          add('Microsoft.VSTS.Scheduling.OriginalEstimate', 3),
          'WorkItemTrackingFieldDefinitionNotFoundException',
          /TF51535/,
        ],
        [
          'BasicProject',
          'Issue',
          add('Custom.Nope', 1),
          'WorkItemTrackingFieldDefinitionNotFoundException',
          /Custom\.Nope/,
        ],
        ['AgileProject', 'Task', add('System.Id', 5), 'RuleValidationException', /Error code: ReadOnly/],
        [
          'AgileProject',
          'Task',
          add('Microsoft.VSTS.Common.Priority', 9),
          'RuleValidationException',
          /field Priority.*LimitedToValues/,
        ],
        [
          'AgileProject',
          'Task',
          add('Microsoft.VSTS.Scheduling.RemainingWork', 'lots'),
          'RuleValidationException',
          /InvalidType/,
        ],
        ['AgileProject', 'Task', add('System.State', 'Doing'), 'RuleValidationException', /field State/],
        [
          'AgileProject',
          'Task',
          add('System.AreaPath', 'AgileProject\\Nowhere'),
          'WorkItemTrackingTreeNodeNotFoundException',
          /^TF401347: Invalid tree name given for work item -1, field 'System.AreaPath'/,
        ],
        ['AgileProject', 'Task', add('System.Tags', 'a, b'), 'WorkItemTagInvalidException', /^TF401243/],
      ];
      for (const [project, type, op, typeKey, message] of cases) {
        const res = await server.api('POST', `${project}/_apis/wit/workitems/$${encodeURIComponent(type)}`, [
          add('System.Title', 'x'),
          op,
        ]);
        assertError(res, res.status === 404 ? 404 : 400, typeKey, message);
      }
      const long = await server.api('POST', `${P}/wit/workitems/$Task`, [add('System.Title', 'x'.repeat(256))]);
      assertError(long, 400, 'RuleValidationException', /field Title/);
      const rule = await server.api('POST', `${P}/wit/workitems/$Task`, [add('System.Description', 'no title')]);
      assert.equal(rule.body.message, 'TF401320: Rule Error for field Title. Error code: Required, InvalidEmpty.');
      assert.equal(rule.body.customProperties.RuleValidationErrors[0].fieldReferenceName, 'System.Title');
      assertError(
        await server.api('POST', `${P}/wit/workitems/$Story`, [add('System.Title', 'x')]),
        404,
        'WorkItemTypeNotFoundException',
        /^VS402323/,
      );
      assert.equal((await server.workItems()).count, 0, 'no refused create left anything behind');
    });

    test('tags: add merges, replace overwrites, "" clears; Steps and HTML are kept verbatim', async () => {
      const steps =
        '<steps id="0" last="1"><step id="1" type="ActionStep"><parameterizedString isformatted="true">&lt;P&gt;Open&lt;/P&gt;</parameterizedString><parameterizedString isformatted="true">&lt;P&gt;Shown&lt;/P&gt;</parameterizedString><description/></step></steps>';
      const id = await server.create('AgileProject', 'Test Case', {
        'System.Title': 'Open',
        'System.Tags': 'Tag0',
        'Microsoft.VSTS.TCM.Steps': steps,
      });
      const merged = await server.api('PATCH', `_apis/wit/workitems/${id}`, [add('System.Tags', 'Tag2; tag0; Tag1')]);
      assert.equal(merged.body.fields['System.Tags'], 'Tag0; Tag1; Tag2');
      assert.equal(merged.body.fields['Microsoft.VSTS.TCM.Steps'], steps);
      const replaced = await server.api('PATCH', `_apis/wit/workitems/${id}`, [
        { op: 'replace', path: '/fields/System.Tags', value: 'only' },
      ]);
      assert.equal(replaced.body.fields['System.Tags'], 'only');
      const cleared = await server.api('PATCH', `_apis/wit/workitems/${id}`, [add('System.Tags', '')]);
      assert.equal(cleared.body.fields['System.Tags'], undefined);
      assert.equal(cleared.body.rev, 4);
      const same = await server.api('PATCH', `_apis/wit/workitems/${id}`, [add('System.Title', 'Open')]);
      assert.equal(same.body.rev, 4, 'a change that changes nothing is no revision');
    });

    test('links: inverse on the other side, one parent, no cycles, remove by index, comment edits, hyperlinks', async () => {
      const a = await server.create('AgileProject', 'Feature', { 'System.Title': 'A' });
      const b = await server.create('AgileProject', 'Feature', { 'System.Title': 'B' });
      const child = await server.create('AgileProject', 'User Story', { 'System.Title': 'child' }, [
        link(server, 'System.LinkTypes.Hierarchy-Reverse', a),
      ]);
      const second = await server.api('PATCH', `_apis/wit/workitems/${child}`, [
        { op: 'add', path: '/relations/-', value: link(server, 'System.LinkTypes.Hierarchy-Reverse', b) },
      ]);
      assertError(
        second,
        400,
        'WorkItemLinkMultipleParentsException',
        /^TF201036: You cannot add a Child link between work items/,
      );
      const viaParent = await server.api('PATCH', `_apis/wit/workitems/${b}`, [
        { op: 'add', path: '/relations/-', value: link(server, 'System.LinkTypes.Hierarchy-Forward', child) },
      ]);
      assertError(viaParent, 400, 'WorkItemLinkMultipleParentsException', /TF201036/);
      const cycle = await server.api('PATCH', `_apis/wit/workitems/${a}`, [
        { op: 'add', path: '/relations/-', value: link(server, 'System.LinkTypes.Hierarchy-Reverse', child) },
      ]);
      assertError(cycle, 400, 'WorkItemLinkCircularException', /^TF201035/);
      const missing = await server.api('PATCH', `_apis/wit/workitems/${a}`, [
        { op: 'add', path: '/relations/-', value: link(server, 'System.LinkTypes.Related', 999) },
      ]);
      assertError(missing, 400, 'WorkItemUnauthorizedAccessException', /TF401232: Work item 999/);

      // A project segment in the URL (as live responses have) is fine: only the trailing id counts.
      const related = await server.api('PATCH', `_apis/wit/workitems/${b}`, [
        {
          op: 'add',
          path: '/relations/-',
          value: {
            rel: 'System.LinkTypes.Related',
            url: `${server.orgUrl}/AgileProject/_apis/wit/workItems/${a}`,
            attributes: { comment: 'see also' },
          },
        },
        {
          op: 'add',
          path: '/relations/-',
          value: { rel: 'Hyperlink', url: 'https://example.invalid/nodes/7', attributes: { comment: 'source' } },
        },
      ]);
      assert.deepEqual(
        related.body.relations.map((r) => [r.rel, r.url.replace(server.orgUrl, '')]),
        [
          ['System.LinkTypes.Related', `/_apis/wit/workItems/${a}`],
          ['Hyperlink', 'https://example.invalid/nodes/7'],
        ],
      );
      const edit = await server.api('PATCH', `_apis/wit/workitems/${b}`, [
        { op: 'replace', path: '/relations/0/attributes/comment', value: 'changed' },
      ]);
      assert.equal(edit.body.relations[0].attributes.comment, 'changed');
      let aNow = await server.api('GET', `_apis/wit/workitems/${a}?$expand=relations`);
      assert.deepEqual(
        aNow.body.relations.map((r) => [r.rel, r.attributes.comment]),
        [
          ['System.LinkTypes.Hierarchy-Forward', undefined],
          ['System.LinkTypes.Related', 'changed'],
        ],
      );
      const revBefore = aNow.body.rev;
      await server.api('PATCH', `_apis/wit/workitems/${child}`, [{ op: 'remove', path: '/relations/0' }]);
      aNow = await server.api('GET', `_apis/wit/workitems/${a}?$expand=1`);
      assert.deepEqual(
        aNow.body.relations.map((r) => r.rel),
        ['System.LinkTypes.Related'],
      );
      assert.equal(aNow.body.rev, revBefore + 1);
      const childNow = await server.api('GET', `_apis/wit/workitems/${child}`);
      assert.equal(childNow.body.fields['System.Parent'], undefined);
    });

    test('link_bumps_target_rev off: the other item keeps its rev', async () => {
      await server.config({ link_bumps_target_rev: false });
      const parent = await server.create('AgileProject', 'Feature', { 'System.Title': 'P' });
      await server.create('AgileProject', 'User Story', { 'System.Title': 'C' }, [
        link(server, 'System.LinkTypes.Hierarchy-Reverse', parent),
      ]);
      assert.equal((await server.workItem(parent)).rev, 1);
    });

    test('reads: ids cap, errorPolicy, fields vs $expand, project scope; workitemsbatch', async () => {
      const ids = [];
      for (let i = 0; i < 3; i += 1) ids.push(await server.create('AgileProject', 'Task', { 'System.Title': `t${i}` }));
      const other = await server.create('ScrumProject', 'Task', { 'System.Title': 'elsewhere' });
      const many = Array.from({ length: 201 }, (_, i) => i + 1).join(',');
      assertError(await server.api('GET', `_apis/wit/workitems?ids=${many}`), 400, 'ArgumentException', /^VS403474/);
      assertError(
        await server.api('GET', `_apis/wit/workitems?ids=1,99`),
        404,
        'WorkItemUnauthorizedAccessException',
        /Work item 99/,
      );
      const omitted = await server.api('GET', '_apis/wit/workitems?ids=1,99,2&errorPolicy=Omit&fields=System.Title');
      assert.deepEqual(
        omitted.body.value.map((v) => v?.fields['System.Title'] ?? null),
        ['t0', null, 't1'],
      );
      assertError(
        await server.api('GET', '_apis/wit/workitems?ids=1&fields=System.Title&$expand=all'),
        400,
        'ConflictingParametersException',
      );
      assertError(
        await server.api('GET', '_apis/wit/workitems?ids=1&fields=Nope.Field'),
        400,
        'WorkItemTrackingFieldDefinitionNotFoundException',
      );
      assertError(await server.api('GET', `${P}/wit/workitems/${other}`), 404, 'WorkItemUnauthorizedAccessException');
      const batch = await server.api('POST', `${P}/wit/workitemsbatch`, {
        ids: [...ids, other],
        fields: ['System.Id'],
        errorPolicy: 'omit',
      });
      assert.deepEqual(
        batch.body.value.map((v) => v?.id ?? null),
        [...ids, null],
      );
      const tooMany = await server.api('POST', '_apis/wit/workitemsbatch', {
        ids: Array.from({ length: 201 }, (_, i) => i + 1),
      });
      assertError(tooMany, 400, 'ArgumentException', /VS403474/);
      const list = await server.api('GET', `_apis/wit/workitems?ids=${ids[0]}`);
      assert.deepEqual(
        Object.keys(list.body.value[0]),
        ['id', 'rev', 'fields', 'url'],
        'no _links or relations without $expand',
      );
    });

    test('delete: recycle bin, hidden links, restore, destroy; test artifacts are not deleted this way', async () => {
      const parent = await server.create('AgileProject', 'Feature', { 'System.Title': 'P' });
      const child = await server.create('AgileProject', 'User Story', { 'System.Title': 'C' }, [
        link(server, 'System.LinkTypes.Hierarchy-Reverse', parent),
      ]);
      const del = await server.api('DELETE', `${P}/wit/workitems/${child}`);
      assert.equal(del.status, 200);
      assert.deepEqual(Object.keys(del.body), [
        'id',
        'code',
        'deletedBy',
        'deletedDate',
        'name',
        'project',
        'type',
        'url',
      ]);
      const parentNow = await server.api('GET', `_apis/wit/workitems/${parent}?$expand=relations`);
      assert.deepEqual(parentNow.body.relations, [], 'a link to a deleted item is not shown');
      const bin = await server.api('GET', `${P}/wit/recyclebin`);
      assert.deepEqual(
        bin.body.value.map((v) => v.id),
        [child],
      );
      const restored = await server.api(
        'PATCH',
        `${P}/wit/recyclebin/${child}`,
        { isDeleted: false },
        { contentType: 'application/json' },
      );
      assert.equal(restored.status, 200);
      assert.equal((await server.api('GET', `_apis/wit/workitems/${child}`)).body.fields['System.Parent'], parent);
      const destroyed = await server.api('DELETE', `${P}/wit/workitems/${child}?destroy=true`);
      assert.equal(destroyed.status, 200);
      assert.equal(
        (await server.workItems('?deleted=true')).value.some((w) => w.id === child),
        false,
      );
      const testCase = await server.create('AgileProject', 'Test Case', { 'System.Title': 'tc' });
      assertError(
        await server.api('DELETE', `${P}/wit/workitems/${testCase}`),
        400,
        'ArgumentException',
        /Test Plans API/,
      );
    });
  });

  describe('WIQL', () => {
    test('tag, type and project filters; deleted items and other projects left out; $top and the size limit', async () => {
      const story = await server.create('AgileProject', 'User Story', { 'System.Title': 's', 'System.Tags': 'push-9' });
      const task = await server.create('AgileProject', 'Task', { 'System.Title': 't', 'System.Tags': 'push-9' });
      const gone = await server.create('AgileProject', 'Task', { 'System.Title': 'g', 'System.Tags': 'push-9' });
      await server.create('ScrumProject', 'Task', { 'System.Title': 'x', 'System.Tags': 'push-9' });
      await server.api('DELETE', `${P}/wit/workitems/${gone}`);
      const query =
        "SELECT [System.Id], [System.Title] FROM WorkItems WHERE [System.TeamProject] = @project AND [System.Tags] CONTAINS 'push-9' ORDER BY [System.Id] DESC";
      const res = await server.api('POST', `${P}/wit/wiql`, { query });
      assert.equal(res.body.queryType, 'flat');
      assert.equal(res.body.queryResultType, 'workItem');
      assert.deepEqual(
        res.body.workItems.map((w) => w.id),
        [task, story],
      );
      assert.deepEqual(
        res.body.columns.map((c) => [c.referenceName, c.name]),
        [
          ['System.Id', 'ID'],
          ['System.Title', 'Title'],
        ],
      );
      assert.deepEqual(res.body.sortColumns, [{ field: res.body.columns[0], descending: true }]);
      const byType = await server.api('POST', 'AgileProject/AgileProject%20Team/_apis/wit/wiql?$top=5', {
        query:
          "SELECT [System.Id] FROM WorkItems WHERE [System.WorkItemType] = 'Task' AND [System.TeamProject] = 'AgileProject'",
      });
      assert.deepEqual(
        byType.body.workItems.map((w) => w.id),
        [task],
      );
      const orgWide = await server.api('POST', '_apis/wit/wiql', {
        query: "SELECT [System.Id] FROM WorkItems WHERE [System.Tags] CONTAINS 'push-9'",
      });
      assert.equal(orgWide.body.workItems.length, 3);
      assertError(
        await server.api('POST', '_apis/wit/wiql', {
          query: 'SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project',
        }),
        400,
        'WorkItemTrackingQueryMacroException',
      );
      await server.config({ wiql_max_results: 2 });
      assertError(
        await server.api('POST', '_apis/wit/wiql', { query: 'SELECT [System.Id] FROM WorkItems' }),
        400,
        'WorkItemTrackingQueryResultSizeLimitExceededException',
        /^VS402337/,
      );
      const capped = await server.api('POST', '_apis/wit/wiql?$top=2', { query: 'SELECT [System.Id] FROM WorkItems' });
      assert.equal(capped.body.workItems.length, 2);
    });
  });

  describe('metadata and classification nodes', () => {
    test('types, fields with allowed values, states, categories, relation types, processes', async () => {
      const fields = await server.api('GET', `${P}/wit/workitemtypes/Task/fields?$expand=allowedValues`);
      const priority = fields.body.value.find((f) => f.referenceName === 'Microsoft.VSTS.Common.Priority');
      assert.deepEqual(priority.allowedValues, ['1', '2', '3', '4']);
      assert.equal(priority.defaultValue, 2);
      const one = await server.api(
        'GET',
        `${P}/wit/workitemtypes/User%20Story/fields/Microsoft.VSTS.Scheduling.StoryPoints`,
      );
      assert.equal(one.body.name, 'Story Points');
      const states = await server.api('GET', 'BasicProject/_apis/wit/workitemtypes/Issue/states');
      assert.deepEqual(
        states.body.value.map((s) => [s.name, s.category]),
        [
          ['To Do', 'Proposed'],
          ['Doing', 'InProgress'],
          ['Done', 'Completed'],
        ],
      );
      const basicCategories = await server.api('GET', 'BasicProject/_apis/wit/workitemtypecategories');
      assert.ok(!basicCategories.body.value.some((c) => c.referenceName === 'Microsoft.FeatureCategory'));
      assertError(
        await server.api('GET', 'BasicProject/_apis/wit/workitemtypecategories/Microsoft.BugCategory'),
        404,
        'WorkItemTypeCategoryNotFoundException',
      );
      const relTypes = await server.api('GET', '_apis/wit/workitemrelationtypes');
      assert.ok(
        relTypes.body.value.some(
          (r) => r.referenceName === 'Microsoft.VSTS.Common.TestedBy-Forward' && r.name === 'Tested By',
        ),
      );
      const processes = await server.api('GET', `_apis/${WORK_PROCESSES}?$expand=projects`, undefined, {
        version: '7.1-preview.2',
      });
      assert.deepEqual(
        processes.body.value.find((p) => p.name === 'Scrum').projects.map((p) => p.name),
        ['ScrumProject'],
      );
      const types = await server.api(
        'GET',
        `_apis/${WORK_PROCESSES}/27450541-8e31-4150-9947-dc59f998fc01/workitemtypes`,
        undefined,
        { version: '7.1-preview.2' },
      );
      assert.ok(types.body.value.some((t) => t.referenceName === 'Microsoft.VSTS.WorkItemTypes.Requirement'));
      const legacy = await server.api('GET', '_apis/process/processes');
      assert.equal(legacy.body.value.find((p) => p.isDefault).name, 'Agile');
      const project = await server.api('GET', '_apis/projects/ScrumProject?includeCapabilities=true');
      assert.equal(project.body.capabilities.processTemplate.templateName, 'Scrum');
      assert.equal(project.body.defaultTeam.name, 'ScrumProject Team');
    });

    test('nodes: create, duplicate names, depth, ids, rename and delete move the work items', async () => {
      const created = await server.api('POST', `${P}/wit/classificationnodes/Areas`, { name: 'Payments' });
      assert.equal(created.status, 201);
      assert.equal(created.body.path, '\\AgileProject\\Area\\Payments');
      await server.api('POST', `${P}/wit/classificationnodes/Areas/Payments`, { name: 'Cards' });
      assertError(
        await server.api('POST', `${P}/wit/classificationnodes/areas`, { name: 'payments' }),
        409,
        'ClassificationNodeDuplicateNameException',
        /^VS402371/,
      );
      assert.equal((await server.api('POST', `${P}/wit/classificationnodes/Areas`, { name: 'a/b' })).status, 400);
      const tree = await server.api('GET', `${P}/wit/classificationnodes/Areas?$depth=2`);
      assert.equal(tree.body.children[0].children[0].name, 'Cards');
      const roots = await server.api('GET', `${P}/wit/classificationnodes?$depth=1`);
      assert.deepEqual(
        roots.body.value.map((n) => n.structureType),
        ['area', 'iteration'],
      );
      const byId = await server.api('GET', `${P}/wit/classificationnodes?ids=${created.body.id}`);
      assert.equal(byId.body.value[0].name, 'Payments');
      const id = await server.create('AgileProject', 'Task', {
        'System.Title': 't',
        'System.AreaPath': 'AgileProject\\Payments\\Cards',
      });
      await server.api('PATCH', `${P}/wit/classificationnodes/Areas/Payments`, { name: 'Billing' });
      assert.equal((await server.workItem(id)).fields['System.AreaPath'], 'AgileProject\\Billing\\Cards');
      const rootId = roots.body.value[0].id;
      assert.equal(
        (await server.api('DELETE', `${P}/wit/classificationnodes/Areas/Billing`)).status,
        400,
        'items use it and no reclassify node was named',
      );
      assert.equal(
        (await server.api('DELETE', `${P}/wit/classificationnodes/Areas/Billing?$reclassifyId=${rootId}`)).status,
        204,
      );
      assert.equal((await server.workItem(id)).fields['System.AreaPath'], 'AgileProject');
      assert.equal((await server.api('GET', `${P}/wit/classificationnodes/Areas/Billing`)).status, 404);
    });
  });

  describe('Test Plans', () => {
    test('plan and suite ids come from the work item sequence; suites and test cases; deleting a test case', async () => {
      const story = await server.create('AgileProject', 'User Story', { 'System.Title': 'story' });
      const plan = await server.api('POST', `${P}/testplan/plans`, { name: 'Plan' });
      assert.deepEqual([plan.body.id, plan.body.rootSuite.id], [story + 1, story + 2]);
      assert.equal(plan.body.state, 'Active');
      const suite = await server.api('POST', `${P}/testplan/Plans/${plan.body.id}/suites`, {
        suiteType: 'staticTestSuite',
        name: 'S',
        parentSuite: { id: plan.body.rootSuite.id },
      });
      assert.equal(suite.body.suiteType, 'staticTestSuite');
      const tc = await server.create('AgileProject', 'Test Case', { 'System.Title': 'tc' });
      const notTc = await server.api('POST', `${P}/testplan/Plans/${plan.body.id}/Suites/${suite.body.id}/TestCase`, [
        { workItem: { id: story } },
      ]);
      assert.equal(notTc.status, 400);
      const added = await server.api('POST', `${P}/testplan/Plans/${plan.body.id}/Suites/${suite.body.id}/TestCase`, [
        { workItem: { id: tc } },
        { workItem: { id: tc } },
      ]);
      assert.equal(added.body.count, 1);
      assert.equal(added.body.value[0].pointAssignments[0].configurationName, 'Windows 10');
      const badReq = await server.api('POST', `${P}/testplan/Plans/${plan.body.id}/suites`, {
        suiteType: 3,
        requirementId: tc,
        parentSuite: { id: plan.body.rootSuite.id },
      });
      assert.equal(badReq.status, 400, 'a requirement suite needs a requirement');
      const tree = await server.api('GET', `${P}/testplan/Plans/${plan.body.id}/suites?asTreeView=true`);
      assert.equal(tree.body.value[0].children[0].name, 'S');
      assert.equal((await server.api('DELETE', `${P}/testplan/testcases/${tc}`)).status, 204);
      const list = await server.api('GET', `${P}/testplan/Plans/${plan.body.id}/Suites/${suite.body.id}/TestCase`);
      assert.equal(list.body.count, 0);
      assert.equal((await server.api('DELETE', `${P}/testplan/plans/${plan.body.id}`)).status, 204);
      assert.equal((await server.api('GET', `${P}/testplan/plans/${plan.body.id}`)).status, 404);
      assert.deepEqual(
        (await server.workItems()).value.map((w) => w.id),
        [story],
        'plan and suite work items went with the plan',
      );
    });

    test('without Basic + Test Plans access the Test Plans API is a 403', async () => {
      await server.config({ test_plans: false });
      assertError(await server.api('POST', `${P}/testplan/plans`, { name: 'Plan' }), 403, 'AccessCheckException');
    });
  });

  describe('rate limits and faults', () => {
    test('rate limit: X-RateLimit-* on every answer, 429 TF400733 with Retry-After past it', async () => {
      await server.config({ rate_limit: 2, rate_window_ms: 60_000 });
      const first = await server.api('GET', '_apis/projects');
      assert.equal(first.headers.get('x-ratelimit-limit'), '2');
      assert.equal(first.headers.get('x-ratelimit-remaining'), '1');
      assert.match(first.headers.get('x-ratelimit-reset'), /^\d{10}$/);
      assert.equal(first.headers.get('x-ratelimit-resource'), 'WorkItemTracking.TSTU');
      await server.api('GET', '_apis/projects');
      const blocked = await server.api('GET', '_apis/projects');
      assertError(
        blocked,
        429,
        'RequestBlockedException',
        /^TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource/,
      );
      assert.equal(blocked.headers.get('retry-after'), '60');
      assert.equal(blocked.headers.get('x-ratelimit-remaining'), '0');
      const log = await server.log();
      assert.equal(log.requests.at(-1).limited, 'blocked');
    });

    test('rate limit in delay mode: a slower 200 with X-RateLimit-Delay and Retry-After', async () => {
      await server.config({ rate_limit: 1, rate_delay_ms: 120 });
      await server.api('GET', '_apis/projects');
      const started = performance.now();
      const delayed = await server.api('GET', '_apis/projects');
      assert.equal(delayed.status, 200);
      assert.ok(performance.now() - started >= 110);
      assert.equal(delayed.headers.get('x-ratelimit-delay'), '0.120');
      assert.ok(Number(delayed.headers.get('retry-after')) >= 1);
    });

    test('5xx faults, forced per route, in order; Retry-After on 503 and on the throttle storm', async () => {
      await server.config({
        force: { throttle: { count: 2, route: 'workitems.create' }, server_error: { count: 1, route: 'wiql' } },
        fault_retry_after_s: 2,
      });
      const projects = await server.api('GET', '_apis/projects');
      assert.equal(projects.status, 200, 'a fault forced for one route leaves the others alone');
      for (let i = 0; i < 2; i += 1) {
        const storm = await server.api('POST', `${P}/wit/workitems/$Task`, [add('System.Title', 'x')]);
        assertError(storm, 429, 'RequestBlockedException');
        assert.equal(storm.headers.get('retry-after'), '2');
      }
      assert.equal((await server.api('POST', `${P}/wit/workitems/$Task`, [add('System.Title', 'x')])).status, 200);
      assertError(
        await server.api('POST', '_apis/wit/wiql', { query: 'SELECT [System.Id] FROM WorkItems' }),
        500,
        'VssServiceException',
      );
      await server.config({ force: { unavailable: 1 } });
      const unavailable = await server.api('GET', '_apis/projects');
      assert.equal(unavailable.status, 503);
      assert.equal(unavailable.headers.get('retry-after'), '2');
      const log = await server.log();
      assert.deepEqual(
        log.requests.map((r) => r.fault),
        [null, 'throttle', 'throttle', null, 'server_error', 'unavailable'],
      );
      assert.deepEqual(log.by_status, { 200: 2, 429: 2, 500: 1, 503: 1 });
    });

    test('lost_response: the item is created, the connection dies; WIQL finds it by tag', async () => {
      await server.config({ force: { lost_response: { count: 1, route: 'workitems.create' } } });
      await assert.rejects(
        server.api('POST', `${P}/wit/workitems/$Task`, [add('System.Title', 'lost'), add('System.Tags', 'push-lost')]),
      );
      const stored = await server.workItems('?tag=push-lost');
      assert.deepEqual(
        stored.value.map((w) => w.fields['System.Title']),
        ['lost'],
      );
      const found = await server.api('POST', `${P}/wit/wiql`, {
        query: "SELECT [System.Id] FROM WorkItems WHERE [System.Tags] CONTAINS 'push-lost'",
      });
      assert.deepEqual(
        found.body.workItems.map((w) => w.id),
        [stored.value[0].id],
      );
      const log = await server.log();
      assert.equal(log.requests[0].status, 499);
      assert.equal(log.requests[0].fault, 'lost_response');
      assert.deepEqual(log.requests[0].work_item_ids, [stored.value[0].id]);
    });

    test('disconnect: the connection dies before anything is done', async () => {
      await server.config({ force: { disconnect: 1 } });
      await assert.rejects(server.api('POST', `${P}/wit/workitems/$Task`, [add('System.Title', 'never')]));
      assert.equal((await server.workItems()).count, 0);
    });

    test('hang: never answered until the client gives up; reset drops held connections', async () => {
      await server.config({ force: { hang: 2 } });
      await assert.rejects(
        server.api('GET', '_apis/projects', undefined, { signal: AbortSignal.timeout(200) }),
        /timeout|abort/i,
      );
      const pending = server.api('GET', '_apis/projects').catch((e) => e);
      await new Promise((r) => setTimeout(r, 100));
      await server.reset({ keep_state: true });
      assert.ok((await pending) instanceof Error, 'the held request ends when reset drops it');
    });

    test('unauthorized fault, latency with jitter, and a deterministic random draw', async () => {
      await server.config({ force: { unauthorized: 1 } });
      assert.equal((await server.api('GET', '_apis/projects')).status, 401);
      await server.config({ latency_ms: 120, latency_jitter_ms: 30 });
      const started = performance.now();
      await server.api('GET', '_apis/projects');
      assert.ok(performance.now() - started >= 115);
      const draw = async () => {
        await server.reset({ config: true });
        await server.config({ faults: { server_error: 0.5 }, seed: 42 });
        const statuses = [];
        for (let i = 0; i < 12; i += 1) statuses.push((await server.api('GET', '_apis/projects')).status);
        return statuses;
      };
      const first = await draw();
      assert.deepEqual(await draw(), first);
      assert.ok(first.includes(500) && first.includes(200));
    });

    test('bodies past max_body_bytes are a 413', async () => {
      await server.config({ max_body_bytes: 1000 });
      const res = await server.api('POST', `${P}/wit/workitems/$Task`, [add('System.Title', 'x'.repeat(2000))]);
      assertError(res, 413, 'RequestContentTooLargeException');
    });
  });

  describe('control API and configuration', () => {
    test('config: a bad patch is a 400 that changes nothing; reset keeps or drops the data', async () => {
      const bad = await fetch(`${server.url}/_control/config`, {
        method: 'POST',
        body: JSON.stringify({ latency_ms: 5, nope: 1 }),
      });
      assert.equal(bad.status, 400);
      assert.equal((await (await fetch(`${server.url}/_control/config`)).json()).latency_ms, 0);
      await server.create('AgileProject', 'Task', { 'System.Title': 'kept' });
      await server.reset({ keep_state: true });
      assert.equal((await server.workItems()).count, 1);
      assert.equal((await server.log()).count, 0);
      await server.reset();
      assert.equal((await server.workItems()).count, 0);
      assert.equal(await server.create('AgileProject', 'Task', { 'System.Title': 'again' }), 1, 'ids start over');
    });

    test('orgs, projects and the first id are configurable; changing them rebuilds the store', async () => {
      await server.config({
        orgs: ['contoso'],
        projects: [{ name: 'Shop', process: 'scrum' }],
        first_work_item_id: 500,
      });
      const res = await server.api(
        'POST',
        'Shop/_apis/wit/workitems/$Product%20Backlog%20Item',
        [add('System.Title', 'x')],
        { org: 'contoso' },
      );
      assert.equal(res.body.id, 500);
      assert.equal((await server.api('GET', '_apis/projects')).status, 404, 'fabrikam is gone');
    });

    test('the command line: one stdout line, --help, bad flags exit 2', async () => {
      const run = async (args) => {
        const child = spawn(process.execPath, [SERVER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
        });
        const [code] = await once(child, 'exit');
        return { code, out };
      };
      const help = await run(['--help']);
      assert.equal(help.code, 0);
      assert.match(help.out, /--auth-failure/);
      assert.equal((await run(['--latency-ms', 'soon'])).code, 2);
      assert.equal((await run(['--bogus'])).code, 2);
    });
  });
});
