// The Test Plans API (_apis/testplan): plans with their root suite, static, requirement-based and
// query-based suites, and test cases added to a suite in one call. Plans and suites are work items
// (Test Plan / Test Suite) whose ids come from the work item sequence, as on the service. A
// requirement-based suite takes its members from the requirement's "Tested By" links, and adding a
// test case to it creates that link. Deleting a test case here deletes it for good (test artifacts
// never go to the recycle bin).

import { AdoError, badRequest, workItemNotFound } from './errors.js';
import { applyOps, blankItem, commitDraft, destroyItem, fieldValue, renderIdentity, typeOf } from './workitems.js';
import { evaluate, parseWiql, sortItems } from './wiql.js';

const SUITE_TYPES = ['none', 'dynamicTestSuite', 'staticTestSuite', 'requirementTestSuite'];
const DEFAULT_CONFIGURATION = { id: 1, name: 'Windows 10' };

const notFound = (what, id) => new AdoError(404, 'TestObjectNotFoundException', `${what} ${id} not found.`);

export function parseSuiteType(value) {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < SUITE_TYPES.length)
    return SUITE_TYPES[value];
  const found = SUITE_TYPES.find((t) => t.toLowerCase() === String(value ?? '').toLowerCase());
  if (!found || found === 'none')
    throw badRequest(
      `The suite type '${value}' is not valid: use staticTestSuite, requirementTestSuite or dynamicTestSuite.`,
    );
  return found;
}

function categoryTypes(project, category) {
  return project.process.categories[category] ?? [];
}

function isTestCase(item) {
  return categoryTypes(item.project, 'Microsoft.TestCaseCategory').includes(item.type);
}

/** Creates the Test Plan / Test Suite work item that carries a plan's or a suite's id. */
function createCarrier(ctx, project, typeName, title, extra = []) {
  const typeDef = typeOf(project, typeName);
  const blank = blankItem(ctx.org, project, typeDef);
  const ops = [{ op: 'add', path: '/fields/System.Title', value: title }, ...extra];
  const draft = applyOps(ctx, blank, ops, { isCreate: true });
  return commitDraft(ctx, blank, draft);
}

function projectRef(project) {
  return { id: project.id, name: project.name, state: 'wellFormed', visibility: 'private' };
}

function planUrl(ctx, plan) {
  return `${ctx.base}/${plan.project.id}/_apis/testplan/Plans/${plan.id}`;
}

export function renderPlan(ctx, plan) {
  const root = ctx.org.suites.get(plan.rootSuiteId);
  return {
    id: plan.id,
    name: plan.name,
    areaPath: plan.areaPath,
    iteration: plan.iteration,
    ...(plan.description ? { description: plan.description } : {}),
    startDate: plan.startDate,
    endDate: plan.endDate,
    state: plan.state,
    revision: plan.revision,
    owner: renderIdentity(ctx.org.identity, ctx.base),
    project: projectRef(plan.project),
    rootSuite: { id: root.id, name: root.name },
    updatedDate: plan.updatedDate,
    updatedBy: renderIdentity(ctx.org.identity, ctx.base),
    _links: {
      _self: { href: planUrl(ctx, plan) },
      clientUrl: { href: `${ctx.base}/${encodeURIComponent(plan.project.name)}/_testPlans/define?planId=${plan.id}` },
      rootSuite: { href: `${planUrl(ctx, plan)}/Suites/${root.id}` },
    },
  };
}

export function renderSuite(ctx, suite, { children = false } = {}) {
  const { org } = ctx;
  const plan = org.plans.get(suite.planId);
  const parent = suite.parentId ? org.suites.get(suite.parentId) : null;
  const self = `${planUrl(ctx, plan)}/Suites/${suite.id}`;
  const out = {
    id: suite.id,
    name: suite.name,
    suiteType: suite.suiteType,
    ...(parent ? { parentSuite: { id: parent.id, name: parent.name } } : {}),
    plan: { id: plan.id, name: plan.name },
    project: projectRef(plan.project),
    revision: suite.revision,
    hasChildren: suite.childIds.length > 0,
    lastUpdatedBy: renderIdentity(org.identity, ctx.base),
    lastUpdatedDate: suite.lastUpdatedDate,
    ...(suite.requirementId ? { requirementId: suite.requirementId } : {}),
    ...(suite.queryString ? { queryString: suite.queryString } : {}),
    inheritDefaultConfigurations: suite.inheritDefaultConfigurations,
    defaultConfigurations: [{ ...DEFAULT_CONFIGURATION }],
    defaultTesters: [],
    _links: {
      _self: { href: self },
      testCases: { href: `${self}/TestCase` },
      testPoints: { href: `${self}/TestPoint` },
      ...(parent ? { parent: { href: `${planUrl(ctx, plan)}/Suites/${parent.id}` } } : {}),
    },
  };
  if (children && suite.childIds.length > 0)
    out.children = suite.childIds.map((id) => renderSuite(ctx, org.suites.get(id), { children: true }));
  return out;
}

function makeSuite(ctx, plan, { name, suiteType, parentId, requirementId = null, queryString = null, inherit = true }) {
  const carrier = createCarrier(ctx, plan.project, 'Test Suite', name);
  const suite = {
    id: carrier.id,
    planId: plan.id,
    name,
    suiteType,
    parentId,
    childIds: [],
    requirementId,
    queryString,
    testCases: [], // static suites: [{ id, pointId, order }]
    revision: 1,
    inheritDefaultConfigurations: inherit,
    lastUpdatedDate: ctx.org.now(),
  };
  ctx.org.suites.set(suite.id, suite);
  if (parentId) {
    const parent = ctx.org.suites.get(parentId);
    parent.childIds.push(suite.id);
    parent.revision += 1;
  }
  ctx.touched.push(suite.id);
  return suite;
}

export function createPlan(ctx, body) {
  const { org, project } = ctx;
  if (!body || typeof body.name !== 'string' || body.name.trim() === '')
    throw badRequest('The test plan needs a name.');
  const areaPath = body.areaPath ?? project.name;
  const iteration = body.iteration ?? project.name;
  const area = org.nodeForFieldPath(project, 'area', areaPath);
  const iter = org.nodeForFieldPath(project, 'iteration', iteration);
  if (!area) throw badRequest(`TF401347: Invalid tree name given for the test plan, field 'areaPath': ${areaPath}.`);
  if (!iter) throw badRequest(`TF401347: Invalid tree name given for the test plan, field 'iteration': ${iteration}.`);
  const carrier = createCarrier(ctx, project, 'Test Plan', body.name, [
    { op: 'add', path: '/fields/System.AreaPath', value: areaPath },
    { op: 'add', path: '/fields/System.IterationPath', value: iteration },
  ]);
  const start = body.startDate ? new Date(body.startDate) : new Date(org.now());
  const end = body.endDate ? new Date(body.endDate) : new Date(start.getTime() + 7 * 86_400_000);
  const plan = {
    id: carrier.id,
    project,
    name: body.name,
    areaPath: carrier.fields['System.AreaPath'],
    iteration: carrier.fields['System.IterationPath'],
    description: typeof body.description === 'string' ? body.description : null,
    startDate: start.toISOString(),
    endDate: end.toISOString(),
    state: typeof body.state === 'string' && body.state ? body.state : 'Active',
    revision: 1,
    rootSuiteId: null,
    updatedDate: org.now(),
  };
  org.plans.set(plan.id, plan);
  ctx.touched.push(plan.id);
  const root = makeSuite(ctx, plan, { name: body.name, suiteType: 'staticTestSuite', parentId: null });
  plan.rootSuiteId = root.id;
  return renderPlan(ctx, plan);
}

export function findPlan(ctx, planId) {
  const plan = ctx.org.plans.get(Number(planId));
  if (!plan || plan.project !== ctx.project) throw notFound('Test plan', planId);
  return plan;
}

export function findSuite(ctx, plan, suiteId) {
  const suite = ctx.org.suites.get(Number(suiteId));
  if (!suite || suite.planId !== plan.id) throw notFound('Test suite', suiteId);
  return suite;
}

export function listPlans(ctx) {
  const value = [...ctx.org.plans.values()].filter((p) => p.project === ctx.project).map((p) => renderPlan(ctx, p));
  return { count: value.length, value };
}

export function deletePlan(ctx, plan) {
  for (const suite of [...ctx.org.suites.values()].filter((s) => s.planId === plan.id)) {
    ctx.org.suites.delete(suite.id);
    const carrier = ctx.org.items.get(suite.id);
    if (carrier) destroyItem(ctx.org, carrier);
  }
  ctx.org.plans.delete(plan.id);
  const carrier = ctx.org.items.get(plan.id);
  if (carrier) destroyItem(ctx.org, carrier);
}

export function createSuite(ctx, plan, body) {
  const { org } = ctx;
  if (!body || typeof body !== 'object') throw badRequest('The body is a TestSuiteCreateParams object.');
  const suiteType = parseSuiteType(body.suiteType);
  const parentId = body.parentSuite?.id;
  if (!Number.isInteger(parentId))
    throw badRequest('A suite needs parentSuite.id (the root suite for a top-level suite).');
  const parent = findSuite(ctx, plan, parentId);
  if (parent.suiteType !== 'staticTestSuite')
    throw badRequest(`Suite ${parent.id} is not a static suite and cannot have child suites.`);
  let name = typeof body.name === 'string' ? body.name.trim() : '';
  let requirementId = null;
  let queryString = null;
  if (suiteType === 'requirementTestSuite') {
    requirementId = body.requirementId;
    const requirement = Number.isInteger(requirementId) ? org.live(requirementId) : null;
    if (!requirement) throw workItemNotFound(requirementId, 404);
    if (!categoryTypes(requirement.project, 'Microsoft.RequirementCategory').includes(requirement.type)) {
      throw badRequest(`Work item ${requirementId} is a ${requirement.type}, not of the requirement category.`);
    }
    if (!name) name = `${requirementId} : ${requirement.fields['System.Title']}`;
  } else if (suiteType === 'dynamicTestSuite') {
    if (typeof body.queryString !== 'string' || body.queryString.trim() === '')
      throw badRequest('A query-based suite needs a queryString.');
    parseWiql(body.queryString); // refuse a bad query now rather than when the suite is read
    queryString = body.queryString;
  }
  if (!name) throw badRequest('The suite needs a name.');
  const suite = makeSuite(ctx, plan, {
    name,
    suiteType,
    parentId: parent.id,
    requirementId,
    queryString,
    inherit: body.inheritDefaultConfigurations !== false,
  });
  return renderSuite(ctx, suite);
}

export function listSuites(ctx, plan, { asTreeView = false, children = false } = {}) {
  const suites = [...ctx.org.suites.values()].filter((s) => s.planId === plan.id);
  const value = asTreeView
    ? [renderSuite(ctx, ctx.org.suites.get(plan.rootSuiteId), { children: true })]
    : suites.map((s) => renderSuite(ctx, s, { children }));
  return { count: value.length, value };
}

export function deleteSuite(ctx, plan, suite) {
  if (suite.id === plan.rootSuiteId) throw badRequest('The root suite of a plan cannot be deleted; delete the plan.');
  const drop = (s) => {
    for (const child of s.childIds) drop(ctx.org.suites.get(child));
    ctx.org.suites.delete(s.id);
    const carrier = ctx.org.items.get(s.id);
    if (carrier) destroyItem(ctx.org, carrier);
  };
  const parent = ctx.org.suites.get(suite.parentId);
  parent.childIds = parent.childIds.filter((id) => id !== suite.id);
  drop(suite);
}

/** The member test case ids of a suite, in order. */
export function memberIds(ctx, suite) {
  const { org } = ctx;
  if (suite.suiteType === 'staticTestSuite') return suite.testCases.map((t) => t.id).filter((id) => org.live(id));
  if (suite.suiteType === 'requirementTestSuite') {
    const requirement = org.live(suite.requirementId);
    if (!requirement) return [];
    return requirement.links
      .filter(
        (l) =>
          l.rel === 'Microsoft.VSTS.Common.TestedBy-Forward' &&
          org.live(l.targetId) &&
          isTestCase(org.live(l.targetId)),
      )
      .map((l) => l.targetId);
  }
  const query = parseWiql(suite.queryString);
  const plan = org.plans.get(suite.planId);
  const env = {
    valueOf: (item, ref) => fieldValue(org, item, ref),
    project: plan.project.name,
    me: org.identity,
    today: new Date(),
  };
  const items = [...org.items.values()].filter((i) => !i.deleted && isTestCase(i) && evaluate(query.where, i, env));
  return sortItems(items, query.orderBy, env.valueOf).map((i) => i.id);
}

function pointIdFor(ctx, suite, testCaseId) {
  suite.points ??= new Map();
  if (!suite.points.has(testCaseId)) {
    suite.points.set(testCaseId, ctx.org.nextPointId);
    ctx.org.nextPointId += 1;
  }
  return suite.points.get(testCaseId);
}

function renderTestCase(ctx, plan, suite, testCaseId, order) {
  const item = ctx.org.items.get(testCaseId);
  const self = `${planUrl(ctx, plan)}/Suites/${suite.id}`;
  const pointId = pointIdFor(ctx, suite, testCaseId);
  return {
    testPlan: { id: plan.id, name: plan.name },
    project: projectRef(plan.project),
    testSuite: { id: suite.id, name: suite.name },
    workItem: {
      id: item.id,
      name: item.fields['System.Title'],
      workItemFields: [
        { 'System.Rev': item.rev },
        { 'System.State': item.fields['System.State'] },
        ...(item.fields['Microsoft.VSTS.TCM.Steps']
          ? [{ 'Microsoft.VSTS.TCM.Steps': item.fields['Microsoft.VSTS.TCM.Steps'] }]
          : []),
      ],
    },
    pointAssignments: [
      {
        id: pointId,
        configurationName: DEFAULT_CONFIGURATION.name,
        tester: renderIdentity(ctx.org.identity, ctx.base),
        configurationId: DEFAULT_CONFIGURATION.id,
      },
    ],
    links: {
      testPoints: { href: `${self}/TestPoint/${pointId}` },
      configuration: {
        href: `${ctx.base}/${plan.project.id}/_apis/testplan/Configurations/${DEFAULT_CONFIGURATION.id}`,
      },
      _self: { href: `${self}/TestCase/${item.id}` },
      sourcePlan: { href: planUrl(ctx, plan) },
      sourceSuite: { href: self },
      sourceProject: { href: `${ctx.base}/_apis/projects/${plan.project.id}` },
    },
    order,
  };
}

export function listTestCases(ctx, plan, suite) {
  const value = memberIds(ctx, suite).map((id, i) => renderTestCase(ctx, plan, suite, id, i + 1));
  return { count: value.length, value };
}

/** POST …/Suites/{id}/TestCase with [{workItem: {id}}, …]: all or nothing. */
export function addTestCases(ctx, plan, suite, body) {
  const { org } = ctx;
  if (!Array.isArray(body) || body.length === 0)
    throw badRequest('The body is a non-empty array of {"workItem": {"id": …}}.');
  if (suite.suiteType === 'dynamicTestSuite')
    throw badRequest(`Suite ${suite.id} is query-based: its test cases come from its query.`);
  const ids = body.map((entry) => {
    const id = entry?.workItem?.id;
    const item = Number.isInteger(id) ? org.live(id) : null;
    if (!item) throw workItemNotFound(id, 404);
    if (!isTestCase(item))
      throw badRequest(`Work item ${id} is a ${item.type}; only test cases can be added to a suite.`);
    return id;
  });
  const unique = [...new Set(ids)];
  if (suite.suiteType === 'staticTestSuite') {
    // Adding a test case that is already in the suite changes nothing.
    for (const id of unique) if (!suite.testCases.some((t) => t.id === id)) suite.testCases.push({ id });
  } else {
    const requirement = org.live(suite.requirementId);
    const linked = new Set(memberIds(ctx, suite));
    const ops = unique
      .filter((id) => !linked.has(id))
      .map((id) => ({
        op: 'add',
        path: '/relations/-',
        value: { rel: 'Microsoft.VSTS.Common.TestedBy-Forward', url: `${ctx.base}/_apis/wit/workItems/${id}` },
      }));
    if (ops.length > 0) commitDraft(ctx, requirement, applyOps(ctx, requirement, ops, {}));
  }
  suite.revision += 1;
  suite.lastUpdatedDate = org.now();
  const value = unique.map((id) => renderTestCase(ctx, plan, suite, id, memberIds(ctx, suite).indexOf(id) + 1));
  return { count: value.length, value };
}

export function removeTestCases(ctx, plan, suite, ids) {
  if (suite.suiteType === 'staticTestSuite') {
    suite.testCases = suite.testCases.filter((t) => !ids.includes(t.id));
  } else if (suite.suiteType === 'requirementTestSuite') {
    const requirement = ctx.org.live(suite.requirementId);
    const ops = [];
    const shown = requirement.links.filter((l) => l.targetId === null || ctx.org.live(l.targetId));
    shown.forEach((l, index) => {
      if (l.rel === 'Microsoft.VSTS.Common.TestedBy-Forward' && ids.includes(l.targetId))
        ops.unshift({ op: 'remove', path: `/relations/${index}` });
    });
    if (ops.length > 0) commitDraft(ctx, requirement, applyOps(ctx, requirement, ops, {}));
  } else throw badRequest(`Suite ${suite.id} is query-based: its test cases come from its query.`);
  suite.revision += 1;
}

/** DELETE _apis/testplan/testcases/{id}: the test case is deleted permanently. */
export function deleteTestCase(ctx, id) {
  const item = ctx.org.items.get(Number(id));
  if (!item || item.project !== ctx.project || !isTestCase(item)) throw notFound('Test case', id);
  for (const suite of ctx.org.suites.values()) suite.testCases = suite.testCases.filter((t) => t.id !== item.id);
  destroyItem(ctx.org, item);
}
