// Conformance: Microsoft's own Node client (azure-devops-node-api), pointed at the emulator, must
// work as against the service: location discovery, work items with links, batch reads, WIQL,
// metadata of each process, classification nodes, projects, processes and the Test Plans API, and
// its handling of 401, 404, rule errors, throttling and the rate-limit headers.

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import * as azdev from 'azure-devops-node-api';
import { Operation } from 'azure-devops-node-api/interfaces/common/VSSInterfaces.js';
import { WorkItemErrorPolicy, WorkItemExpand } from 'azure-devops-node-api/interfaces/WorkItemTrackingInterfaces.js';
import { TestSuiteType } from 'azure-devops-node-api/interfaces/TestPlanInterfaces.js';
import { link, PAT, startServer } from '../support/harness.mjs';

const add = (field, value) => ({ op: 'add', path: `/fields/${field}`, value });

describe('official azure-devops-node-api client against fake-ado', () => {
  let server;
  let connection;
  let wit;

  before(async () => {
    server = await startServer();
  });
  after(() => server.stop());
  beforeEach(async () => {
    await server.reset({ config: true });
    // A new WebApi per test: the client caches locations and resource areas per instance.
    connection = new azdev.WebApi(`${server.url}/fabrikam`, azdev.getPersonalAccessTokenHandler(PAT));
    wit = await connection.getWorkItemTrackingApi();
  });

  test('discovery first (ResourceAreas, OPTIONS on the area), then the call with the api-version in Accept', async () => {
    await wit.createWorkItem(null, [add('System.Title', 'First story')], 'AgileProject', 'User Story');
    const log = await server.log();
    const routes = log.requests.map((r) => `${r.method} ${r.path} ${r.route}`);
    assert.deepEqual(routes, [
      'OPTIONS /fabrikam/_apis/Location options',
      'GET /fabrikam/_apis/ResourceAreas resourceareas',
      'OPTIONS /fabrikam/_apis/wit options',
      'POST /fabrikam/AgileProject/_apis/wit/workItems/$User%20Story workitems.create',
    ]);
    assert.equal(log.requests[1].api_version, '7.2-preview.1');
    assert.equal(log.requests[3].api_version, '7.1-preview.3');
    assert.deepEqual(log.requests[3].work_item_ids, [1]);
  });

  test('resource areas listed with a locationUrl work as well', async () => {
    await server.config({ resource_areas: 'listed' });
    const fresh = new azdev.WebApi(`${server.url}/fabrikam`, azdev.getPersonalAccessTokenHandler(PAT));
    const core = await fresh.getCoreApi();
    const project = await core.getProject('ScrumProject');
    assert.equal(project.name, 'ScrumProject');
  });

  test('create with a parent link and a hyperlink; the parent shows the inverse Child link', async () => {
    const feature = await wit.createWorkItem(
      null,
      [add('System.Title', 'Checkout'), add('System.Tags', 'generated; push-1')],
      'AgileProject',
      'Feature',
    );
    const story = await wit.createWorkItem(
      null,
      [
        add('System.Title', 'Pay with a saved card'),
        add('Microsoft.VSTS.Scheduling.StoryPoints', 5),
        add('Microsoft.VSTS.Common.AcceptanceCriteria', '<ul><li>Card is masked</li></ul>'),
        {
          op: 'add',
          path: '/relations/-',
          value: link(server, 'System.LinkTypes.Hierarchy-Reverse', feature.id, { comment: 'breakdown' }),
        },
        {
          op: 'add',
          path: '/relations/-',
          value: { rel: 'Hyperlink', url: 'https://example.invalid/backlog/nodes/42' },
        },
      ],
      'AgileProject',
      'User Story',
    );
    assert.equal(story.fields['System.Parent'], feature.id);
    assert.equal(story.fields['Microsoft.VSTS.Scheduling.StoryPoints'], 5);
    assert.deepEqual(
      story.relations.map((r) => [r.rel, r.attributes.name]),
      [
        ['System.LinkTypes.Hierarchy-Reverse', 'Parent'],
        ['Hyperlink', 'Hyperlink'],
      ],
    );
    assert.equal(story.relations[1].url, 'https://example.invalid/backlog/nodes/42');
    const parent = await wit.getWorkItem(feature.id, undefined, undefined, WorkItemExpand.Relations);
    assert.equal(parent.rev, 2, 'adding the link from the child side is a revision of the parent');
    assert.deepEqual(parent.relations, [
      {
        rel: 'System.LinkTypes.Hierarchy-Forward',
        url: `${server.url}/fabrikam/_apis/wit/workItems/${story.id}`,
        attributes: { isLocked: false, comment: 'breakdown', name: 'Child' },
      },
    ]);
  });

  test('getWorkItems with numeric $expand and errorPolicy Omit; workitemsbatch with fields', async () => {
    const a = await wit.createWorkItem(null, [add('System.Title', 'A')], 'ScrumProject', 'Product Backlog Item');
    const b = await wit.createWorkItem(
      null,
      [add('System.Title', 'B'), add('Microsoft.VSTS.Scheduling.Effort', 3)],
      'ScrumProject',
      'Product Backlog Item',
    );
    const items = await wit.getWorkItems(
      [a.id, 999, b.id],
      undefined,
      undefined,
      WorkItemExpand.All,
      WorkItemErrorPolicy.Omit,
    );
    assert.deepEqual(
      items.map((i) => i?.id ?? null),
      [a.id, null, b.id],
    );
    assert.ok(items[0]._links.self.href.endsWith(`/_apis/wit/workItems/${a.id}`));
    const batch = await wit.getWorkItemsBatch(
      { ids: [b.id, a.id], fields: ['System.Id', 'System.Title', 'Microsoft.VSTS.Scheduling.Effort'] },
      'ScrumProject',
    );
    assert.deepEqual(
      batch.map((i) => i.fields),
      [
        { 'System.Id': b.id, 'System.Title': 'B', 'Microsoft.VSTS.Scheduling.Effort': 3 },
        { 'System.Id': a.id, 'System.Title': 'A' },
      ],
    );
  });

  test('update with the numeric Operation enum: tags merge, rev increments; a stale rev test is TF26071', async () => {
    const item = await wit.createWorkItem(
      null,
      [add('System.Title', 'Task'), add('System.Tags', 'Tag0')],
      'AgileProject',
      'Task',
    );
    const updated = await wit.updateWorkItem(
      null,
      [
        { op: Operation.Add, path: '/fields/System.Tags', value: 'Tag2; Tag1' },
        { op: Operation.Add, path: '/fields/Microsoft.VSTS.Scheduling.OriginalEstimate', value: 4 },
      ],
      item.id,
    );
    assert.equal(updated.rev, 2);
    assert.equal(updated.fields['System.Tags'], 'Tag0; Tag1; Tag2');
    assert.equal(updated.fields['Microsoft.VSTS.Scheduling.OriginalEstimate'], 4);
    const error = await wit
      .updateWorkItem(null, [{ op: Operation.Test, path: '/rev', value: 1 }, add('System.Title', 'x')], item.id)
      .catch((e) => e);
    assert.equal(error.statusCode, 412);
    assert.match(error.message, /^TF26071/);
  });

  test('queryByWiql: tag, type and project filters, $top', async () => {
    const ids = [];
    for (const [type, tags] of [
      ['User Story', 'push-7'],
      ['Task', 'push-7'],
      ['User Story', 'other'],
      ['User Story', 'push-7; extra'],
    ]) {
      ids.push(
        (
          await wit.createWorkItem(
            null,
            [add('System.Title', `${type} ${tags}`), add('System.Tags', tags)],
            'AgileProject',
            type,
          )
        ).id,
      );
    }
    await wit.createWorkItem(
      null,
      [add('System.Title', 'elsewhere'), add('System.Tags', 'push-7')],
      'ScrumProject',
      'Task',
    );
    const query =
      "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND [System.Tags] CONTAINS 'push-7' AND [System.WorkItemType] = 'User Story' ORDER BY [System.Id]";
    const result = await wit.queryByWiql({ query }, { project: 'AgileProject' });
    assert.deepEqual(
      result.workItems.map((w) => w.id),
      [ids[0], ids[3]],
    );
    assert.equal(result.columns[0].referenceName, 'System.Id');
    const top = await wit.queryByWiql({ query }, { project: 'AgileProject' }, undefined, 1);
    assert.deepEqual(
      top.workItems.map((w) => w.id),
      [ids[0]],
    );
  });

  test('delete goes to the recycle bin; reading it then is a 404, which the client returns as null', async () => {
    const item = await wit.createWorkItem(null, [add('System.Title', 'Gone soon')], 'BasicProject', 'Issue');
    const deleted = await wit.deleteWorkItem(item.id, 'BasicProject');
    assert.equal(deleted.id, item.id);
    assert.equal(deleted.type, 'Issue');
    assert.equal(await wit.getWorkItem(item.id), null);
    const stored = await server.workItems('?deleted=true');
    assert.equal(stored.value.find((i) => i.id === item.id).deleted, true);
  });

  test('process metadata: requirement category, estimate fields per process, types and states', async () => {
    const expected = {
      AgileProject: ['User Story', 'Microsoft.VSTS.Scheduling.StoryPoints', true],
      ScrumProject: ['Product Backlog Item', 'Microsoft.VSTS.Scheduling.Effort', false],
      BasicProject: ['Issue', 'Microsoft.VSTS.Scheduling.Effort', false],
      CmmiProject: ['Requirement', 'Microsoft.VSTS.Scheduling.Size', true],
    };
    for (const [project, [requirement, estimate, taskHasOriginal]] of Object.entries(expected)) {
      const category = await wit.getWorkItemTypeCategory(project, 'Microsoft.RequirementCategory');
      assert.equal(category.defaultWorkItemType.name, requirement, project);
      const fields = (await wit.getWorkItemTypeFieldsWithReferences(project, requirement)).map((f) => f.referenceName);
      assert.ok(fields.includes(estimate), `${project} ${requirement} has ${estimate}`);
      const taskFields = (await wit.getWorkItemTypeFieldsWithReferences(project, 'Task')).map((f) => f.referenceName);
      assert.equal(
        taskFields.includes('Microsoft.VSTS.Scheduling.OriginalEstimate'),
        taskHasOriginal,
        `${project} Task OriginalEstimate`,
      );
      assert.ok(taskFields.includes('Microsoft.VSTS.Scheduling.RemainingWork'));
    }
    const types = await wit.getWorkItemTypes('ScrumProject');
    const pbi = types.find((t) => t.name === 'Product Backlog Item');
    assert.equal(pbi.referenceName, 'Microsoft.VSTS.WorkItemTypes.ProductBacklogItem');
    assert.deepEqual(
      pbi.states.map((s) => s.name),
      ['New', 'Approved', 'Committed', 'Done', 'Removed'],
    );
    const testCase = await wit.getWorkItemTypeFieldsWithReferences('AgileProject', 'Test Case');
    assert.ok(testCase.some((f) => f.referenceName === 'Microsoft.VSTS.TCM.Steps'));
  });

  test('projects, project properties and processes', async () => {
    const core = await connection.getCoreApi();
    const projects = await core.getProjects();
    assert.deepEqual(
      projects.map((p) => p.name),
      ['AgileProject', 'ScrumProject', 'BasicProject', 'CmmiProject'],
    );
    const cmmi = await core.getProject('CmmiProject', true);
    assert.deepEqual(cmmi.capabilities.processTemplate, {
      templateName: 'CMMI',
      templateTypeId: '27450541-8e31-4150-9947-dc59f998fc01',
    });
    const props = await core.getProjectProperties(cmmi.id, [
      'System.Process Template',
      'System.ProcessTemplateType',
      'System.CurrentProcessTemplateId',
    ]);
    assert.deepEqual(Object.fromEntries(props.map((p) => [p.name, p.value])), {
      'System.Process Template': 'CMMI',
      'System.ProcessTemplateType': '27450541-8e31-4150-9947-dc59f998fc01',
      'System.CurrentProcessTemplateId': '27450541-8e31-4150-9947-dc59f998fc01',
    });
    assert.equal(await core.getProject('NoSuchProject'), null, 'a 404 resolves null');
    const processApi = await connection.getWorkItemTrackingProcessApi();
    const processes = await processApi.getListOfProcesses();
    assert.deepEqual(
      processes.map((p) => [p.name, p.typeId]),
      [
        ['Agile', 'adcc42ab-9882-485e-a3ed-7678f01f66bc'],
        ['Scrum', '6b724908-ef14-45cf-84f8-768b5384da45'],
        ['Basic', 'b8a3a935-7e91-48b8-a94c-606d37c3e9f2'],
        ['CMMI', '27450541-8e31-4150-9947-dc59f998fc01'],
      ],
    );
    const basicTypes = await processApi.getProcessWorkItemTypes('b8a3a935-7e91-48b8-a94c-606d37c3e9f2');
    assert.ok(basicTypes.some((t) => t.name === 'Issue'));
    assert.ok(!basicTypes.some((t) => t.name === 'User Story'));
  });

  test('classification nodes: list with depth, create areas and dated iterations, use them on items', async () => {
    const iterations = await wit.getClassificationNode('ScrumProject', 'Iterations', undefined, 1);
    assert.equal(iterations.path, '\\ScrumProject\\Iteration');
    assert.equal(iterations.children.length, 6);
    const area = await wit.createOrUpdateClassificationNode({ name: 'Payments' }, 'ScrumProject', 'Areas');
    const child = await wit.createOrUpdateClassificationNode({ name: 'Cards' }, 'ScrumProject', 'Areas', 'Payments');
    assert.equal(area.path, '\\ScrumProject\\Area\\Payments');
    assert.equal(child.path, '\\ScrumProject\\Area\\Payments\\Cards');
    const sprint = await wit.createOrUpdateClassificationNode(
      {
        name: 'Sprint 7',
        attributes: { startDate: new Date('2026-03-02T00:00:00Z'), finishDate: new Date('2026-03-13T00:00:00Z') },
      },
      'ScrumProject',
      'Iterations',
    );
    assert.equal(new Date(sprint.attributes.startDate).toISOString(), '2026-03-02T00:00:00.000Z');
    const item = await wit.createWorkItem(
      null,
      [
        add('System.Title', 'Placed'),
        add('System.AreaPath', 'ScrumProject\\payments\\cards'),
        add('System.IterationPath', 'ScrumProject\\Sprint 7'),
      ],
      'ScrumProject',
      'Task',
    );
    assert.equal(item.fields['System.AreaPath'], 'ScrumProject\\Payments\\Cards', 'stored with the canonical casing');
    const roots = await wit.getRootNodes('ScrumProject', 3);
    assert.deepEqual(
      roots.map((r) => r.structureType),
      [0, 1],
    ); // the client maps the strings to its enum
  });

  test('Test Plans: plan with root suite, static and requirement suites, test cases added in one call', async () => {
    const testPlans = await connection.getTestPlanApi();
    const story = await wit.createWorkItem(
      null,
      [add('System.Title', 'Story under test')],
      'AgileProject',
      'User Story',
    );
    const cases = [];
    for (const title of ['Sign in', 'Sign out']) {
      cases.push(
        (
          await wit.createWorkItem(
            null,
            [
              add('System.Title', title),
              add(
                'Microsoft.VSTS.TCM.Steps',
                '<steps id="0" last="1"><step id="1" type="ActionStep"><parameterizedString isformatted="true">Open</parameterizedString><parameterizedString isformatted="true">Shown</parameterizedString><description/></step></steps>',
              ),
            ],
            'AgileProject',
            'Test Case',
          )
        ).id,
      );
    }
    const plan = await testPlans.createTestPlan(
      { name: 'Feature: Checkout', areaPath: 'AgileProject', iteration: 'AgileProject\\Iteration 1' },
      'AgileProject',
    );
    assert.equal(plan.rootSuite.name, 'Feature: Checkout');
    const suite = await testPlans.createTestSuite(
      { suiteType: TestSuiteType.StaticTestSuite, name: 'Story suite', parentSuite: { id: plan.rootSuite.id } },
      'AgileProject',
      plan.id,
    );
    assert.equal(suite.suiteType, TestSuiteType.StaticTestSuite);
    const added = await testPlans.addTestCasesToSuite(
      cases.map((id) => ({ workItem: { id } })),
      'AgileProject',
      plan.id,
      suite.id,
    );
    assert.deepEqual(
      added.map((t) => t.workItem.id),
      cases,
    );
    const listed = await testPlans.getTestCaseList('AgileProject', plan.id, suite.id);
    assert.deepEqual(
      listed.map((t) => t.workItem.name),
      ['Sign in', 'Sign out'],
    );

    const reqSuite = await testPlans.createTestSuite(
      {
        suiteType: TestSuiteType.RequirementTestSuite,
        requirementId: story.id,
        parentSuite: { id: plan.rootSuite.id },
      },
      'AgileProject',
      plan.id,
    );
    assert.equal(reqSuite.name, `${story.id} : Story under test`);
    await testPlans.addTestCasesToSuite([{ workItem: { id: cases[0] } }], 'AgileProject', plan.id, reqSuite.id);
    const storyNow = await wit.getWorkItem(story.id, undefined, undefined, WorkItemExpand.Relations);
    assert.deepEqual(
      storyNow.relations.map((r) => r.rel),
      ['Microsoft.VSTS.Common.TestedBy-Forward'],
      'adding to a requirement suite links the test case',
    );
    const stored = await server.testPlans();
    assert.deepEqual(
      stored.value[0].rootSuite.children.map((s) => s.testCases),
      [cases, [cases[0]]],
    );
  });

  test('errors: rule violation throws the service message; an unknown type is VS402323', async () => {
    const noTitle = await wit
      .createWorkItem(null, [add('System.Description', 'no title')], 'AgileProject', 'Task')
      .catch((e) => e);
    assert.equal(noTitle.statusCode, 400);
    assert.match(noTitle.message, /^TF401320: Rule Error for field Title/);
    const wrongField = await wit
      .createWorkItem(
        null,
        [add('System.Title', 'x'), add('Microsoft.VSTS.Scheduling.StoryPoints', 3)],
        'ScrumProject',
        'Product Backlog Item',
      )
      .catch((e) => e);
    assert.match(wrongField.message, /^TF51535: Cannot find field Microsoft\.VSTS\.Scheduling\.StoryPoints\./);
    // 404 does not throw in this client: an unknown type resolves null.
    assert.equal(
      await wit.createWorkItem(null, [add('System.Title', 'x')], 'AgileProject', 'Product Backlog Item'),
      null,
    );
  });

  test('a bad PAT is a 401 the client throws (the PAT handler sends X-TFS-FedAuthRedirect: Suppress)', async () => {
    const bad = new azdev.WebApi(`${server.url}/fabrikam`, azdev.getPersonalAccessTokenHandler('not-the-pat'));
    const error = await (async () => {
      const api = await bad.getWorkItemTrackingApi();
      return api.getWorkItem(1);
    })().catch((e) => e);
    assert.equal(error.statusCode, 401);
  });

  test('throttling: a 429 throws with the rate-limit headers attached; a limit shows on results', async () => {
    await server.config({ force: { throttle: { count: 1, route: 'workitems.create' } }, fault_retry_after_s: 3 });
    const error = await wit.createWorkItem(null, [add('System.Title', 'x')], 'AgileProject', 'Task').catch((e) => e);
    assert.equal(error.statusCode, 429);
    assert.match(error.message, /^TF400733/);
    assert.equal(error.rateLimit.retryAfter, 3);
    assert.equal(error.rateLimit.remaining, 0);
    await server.config({ rate_limit: 50 });
    const item = await wit.createWorkItem(null, [add('System.Title', 'x')], 'AgileProject', 'Task');
    assert.equal(item.rateLimit.limit, 50);
    assert.ok(item.rateLimit.remaining < 50);
  });
});
