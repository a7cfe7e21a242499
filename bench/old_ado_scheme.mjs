// The Azure DevOps upload of the system being replaced, as a reference for bench/upload.sh: one
// request at a time, strictly in sequence, parents first. For every work item (epic, feature,
// story, task, test case) one create, then one separate PATCH adding its parent link (epics have
// no parent; a test case is linked to its story as its child, System.LinkTypes.Hierarchy-Reverse,
// where the service links it with Microsoft.VSTS.Common.TestedBy-Reverse: one PATCH either way).
// With --test-plans also what the old system did for test artefacts: a test plan per
// feature (created right after the feature), a static suite per story in its feature's plan
// (right after the story) and one call per test case adding it to its story's suite (right after
// the test case is linked).
//
//   node bench/old_ado_scheme.mjs --org-url http://127.0.0.1:PORT/fabrikam --project AgileProject \
//     --pat TOKEN --tag TAG --backlog backlog.json [--test-plans]
//
// backlog.json is the answer of GET /api/projects/{id}/backlog. Prints one JSON object on stdout:
// the requests sent per kind, the failures, and the makespan (first request sent -> last answer
// received). Exits 1 when a request failed. Plain http with one keep-alive connection (the old
// system's session), Node 20, only node: built-ins.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    'org-url': { type: 'string' },
    project: { type: 'string' },
    pat: { type: 'string' },
    tag: { type: 'string' },
    backlog: { type: 'string' },
    'test-plans': { type: 'boolean', default: false },
  },
});
for (const name of ['org-url', 'project', 'pat', 'tag', 'backlog']) {
  if (!args[name]) {
    console.error(`old_ado_scheme: --${name} is required`);
    process.exit(2);
  }
}

const orgUrl = new URL(args['org-url'].replace(/\/+$/, ''));
const orgPath = orgUrl.pathname;
const project = encodeURIComponent(args.project);
const authorization = 'Basic ' + Buffer.from(':' + args.pat).toString('base64');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const tree = JSON.parse(readFileSync(args.backlog, 'utf8'));

const sent = { create: 0, link: 0, plan: 0, suite: 0, test_case_add: 0 };
const failures = [];
let skipped = 0;

// One request; resolves to { status, body } (body parsed when it is JSON).
function request(method, path, body, contentType) {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: orgUrl.hostname,
        port: orgUrl.port,
        method,
        path,
        agent,
        headers: {
          Authorization: authorization,
          Accept: 'application/json',
          'X-TFS-FedAuthRedirect': 'Suppress',
          ...(payload ? { 'Content-Type': contentType, 'Content-Length': payload.length } : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: kept as text for the failure report
          }
          resolve({ status: res.statusCode, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

// Sends one request of the given kind; returns the answer body, or null after recording a failure.
async function call(kind, what, method, path, body, contentType = 'application/json') {
  sent[kind] += 1;
  let answer;
  try {
    answer = await request(method, path, body, contentType);
  } catch (error) {
    failures.push({ kind, what, error: String(error) });
    return null;
  }
  if (answer.status < 200 || answer.status >= 300) {
    const message = typeof answer.body === 'object' && answer.body ? answer.body.message : answer.body;
    failures.push({ kind, what, status: answer.status, error: String(message).slice(0, 300) });
    return null;
  }
  return answer.body;
}

const escapeHtml = (text) =>
  String(text ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const paragraphs = (...texts) =>
  texts.filter((t) => t !== undefined && t !== null && String(t) !== '').map((t) => `<p>${escapeHtml(t)}</p>`).join('');
const list = (items) => (items?.length ? `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>` : '');
const escapeXml = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]);
function stepsXml(steps) {
  const body = (steps ?? [])
    .map(
      (step, i) =>
        `<step id="${i + 2}" type="ValidateStep">` +
        `<parameterizedString isformatted="true">${escapeXml(`<DIV><P>${escapeHtml(step.action)}</P></DIV>`)}</parameterizedString>` +
        `<parameterizedString isformatted="true">${escapeXml(`<DIV><P>${escapeHtml(step.expected)}</P></DIV>`)}</parameterizedString>` +
        '<description/></step>',
    )
    .join('');
  return `<steps id="0" last="${(steps?.length ?? 0) + 1}">${body}</steps>`;
}

const add = (path, value) => ({ op: 'add', path, value });
const field = (name, value) => add(`/fields/${name}`, value);

// Creates a work item; returns its id, or null.
async function createWorkItem(type, fields) {
  const patch = [field('System.Tags', args.tag), ...fields];
  const title = fields.find((f) => f.path === '/fields/System.Title')?.value;
  const item = await call(
    'create',
    `${type} "${title}"`,
    'POST',
    `${orgPath}/${project}/_apis/wit/workitems/$${encodeURIComponent(type)}?api-version=7.1`,
    patch,
    'application/json-patch+json',
  );
  return item && Number.isInteger(item.id) ? item.id : null;
}

// The separate PATCH adding the parent link.
async function linkToParent(id, parentId) {
  const item = await call(
    'link',
    `work item ${id} -> parent ${parentId}`,
    'PATCH',
    `${orgPath}/_apis/wit/workitems/${id}?api-version=7.1`,
    [
      add('/relations/-', {
        rel: 'System.LinkTypes.Hierarchy-Reverse',
        url: `${orgUrl.origin}${orgPath}/_apis/wit/workItems/${parentId}`,
      }),
    ],
    'application/json-patch+json',
  );
  return item !== null;
}

async function createChild(type, fields, parentId) {
  const id = await createWorkItem(type, fields);
  if (id !== null && parentId !== null) await linkToParent(id, parentId);
  return id;
}

const countOf = (children) => (children ?? []).length;
function skip(node) {
  // A node not sent because its parent was not created, with everything below it.
  skipped += 1;
  for (const key of ['features', 'stories', 'tasks', 'test_cases']) (node[key] ?? []).forEach(skip);
}

const started = performance.now();
for (const epic of tree.epics ?? []) {
  const epicId = await createWorkItem('Epic', [
    field('System.Title', epic.title),
    field('System.Description', paragraphs(epic.description)),
  ]);
  if (epicId === null) {
    (epic.features ?? []).forEach(skip);
    continue;
  }
  for (const feature of epic.features ?? []) {
    const featureId = await createChild(
      'Feature',
      [
        field('System.Title', feature.title),
        field('System.Description', paragraphs(feature.description, feature.business_value)),
      ],
      epicId,
    );
    if (featureId === null) {
      skip(feature);
      continue;
    }
    let plan = null; // { id, rootSuite }
    if (args['test-plans'] && feature.test_plan) {
      const created = await call(
        'plan',
        `test plan "${feature.test_plan.name}"`,
        'POST',
        `${orgPath}/${project}/_apis/testplan/plans?api-version=7.1`,
        { name: feature.test_plan.name, description: paragraphs(feature.test_plan.description) },
      );
      if (created) plan = { id: created.id, rootSuite: created.rootSuite?.id };
    }
    for (const story of feature.stories ?? []) {
      const storyFields = [
        field('System.Title', story.title),
        field('System.Description', paragraphs(story.user_story, story.description)),
        field('Microsoft.VSTS.Common.AcceptanceCriteria', list(story.acceptance_criteria)),
      ];
      if (typeof story.story_points === 'number' && story.story_points > 0) {
        storyFields.push(field('Microsoft.VSTS.Scheduling.StoryPoints', story.story_points));
      }
      const storyId = await createChild('User Story', storyFields, featureId);
      if (storyId === null) {
        skip(story);
        continue;
      }
      let suiteId = null;
      if (plan && story.test_suite) {
        const suite = await call(
          'suite',
          `test suite "${story.test_suite.name}"`,
          'POST',
          `${orgPath}/${project}/_apis/testplan/Plans/${plan.id}/suites?api-version=7.1`,
          { suiteType: 'staticTestSuite', name: story.test_suite.name, parentSuite: { id: plan.rootSuite } },
        );
        if (suite) suiteId = suite.id;
      }
      for (const task of story.tasks ?? []) {
        const taskFields = [
          field('System.Title', task.title),
          field('System.Description', paragraphs(task.description)),
        ];
        if (typeof task.estimate_hours === 'number' && task.estimate_hours > 0) {
          taskFields.push(field('Microsoft.VSTS.Scheduling.OriginalEstimate', task.estimate_hours));
          taskFields.push(field('Microsoft.VSTS.Scheduling.RemainingWork', task.estimate_hours));
        }
        await createChild('Task', taskFields, storyId);
      }
      for (const testCase of story.test_cases ?? []) {
        const testCaseId = await createChild(
          'Test Case',
          [
            field('System.Title', testCase.title),
            field('System.Description', paragraphs(testCase.description, testCase.preconditions)),
            field('Microsoft.VSTS.TCM.Steps', stepsXml(testCase.steps)),
          ],
          storyId,
        );
        if (testCaseId !== null && suiteId !== null) {
          await call(
            'test_case_add',
            `test case ${testCaseId} -> suite ${suiteId}`,
            'POST',
            `${orgPath}/${project}/_apis/testplan/Plans/${plan.id}/Suites/${suiteId}/TestCase?api-version=7.1`,
            [{ workItem: { id: testCaseId } }],
          );
        }
      }
    }
  }
}
const makespan = (performance.now() - started) / 1000;
agent.destroy();

const workItems = (tree.epics ?? []).reduce(
  (n, e) =>
    n + 1 + countOf(e.features) +
    (e.features ?? []).reduce(
      (m, f) => m + countOf(f.stories) + (f.stories ?? []).reduce((k, s) => k + countOf(s.tasks) + countOf(s.test_cases), 0),
      0,
    ),
  0,
);
const requests = Object.values(sent).reduce((a, b) => a + b, 0);
console.log(
  JSON.stringify({
    requests,
    sent,
    work_items: workItems,
    failures: failures.length,
    skipped,
    first_failures: failures.slice(0, 5),
    makespan_s: Number(makespan.toFixed(3)),
  }),
);
process.exit(failures.length || skipped ? 1 : 0);
