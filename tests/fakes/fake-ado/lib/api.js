// The REST routes under {org}[/{project}[/{team}]]/_apis/…, matched case-insensitively like the
// service. Each route names its operation (the name used in the log and by per-route fault
// forcing), whether the URL takes a project, the location id whose released version decides the
// preview check, and a handler that returns { status, body, headers } or throws AdoError.

import {
  AdoError,
  badRequest,
  fieldNotFound,
  projectNotFound,
  tooManyIds,
  typeNotFound,
  workItemNotFound,
} from './errors.js';
import { categoryName, FIELDS, PROCESSES, processById, RELATION_TYPES } from './fixtures.js';
import { runBatch } from './batch.js';
import { areaLocations, resourceAreas, RESOURCE_AREAS, WORK_PROCESSES } from './locations.js';
import { nodeApiPath, nodeFieldPath, nodeNames } from './store.js';
import * as tp from './testplans.js';
import { evaluate, parseWiql, resolveField, sortItems } from './wiql.js';
import {
  applyOps,
  blankItem,
  commitDraft,
  destroyItem,
  fieldValue,
  normalizeOps,
  parseErrorPolicy,
  parseExpand,
  renderDelete,
  renderWorkItem,
  typeOf,
  workItemUrl,
} from './workitems.js';

const LOC = {
  create: '62d3d110-0047-428c-ad3c-4fe872c91c74',
  item: '72c7ddf8-2cdc-4f60-90cd-ab71c14a399b',
  batchGet: '908509b6-4248-4475-a1cd-829139ba419f',
  wiql: '1a9c53f7-f243-4447-b110-35ef023636e4',
  types: '7c8d7a76-4a09-43e8-b5df-bd792f4ac6aa',
  typeFields: 'bd293ce5-3d25-4192-8e67-e8092e879efb',
  typeStates: '7c9d7a76-4a09-43e8-b5df-bd792f4ac6aa',
  categories: '9b9f5734-36c8-415e-ba67-f83b45c31408',
  rootNodes: 'a70579d1-f53a-48ee-a5be-7be8659023b9',
  nodes: '5a172953-1b41-49d3-840a-33f79c3ce89f',
  relationTypes: 'f5d33bc9-5b49-4a3c-a9bd-f3cd46dd2165',
  recycleBin: 'b70d8d39-926c-465e-b927-b1bf0e5ca0e0',
  projects: '603fe2ac-9723-48b9-88ad-09305aa6c6e1',
  properties: '4976a71a-4487-49aa-8aab-a1eda469037a',
  coreProcesses: '93878975-88c5-4e6a-8abb-7ddd77a8a7d8',
  processes: '02cc6a73-5cfb-427d-8c8e-b49fb086e8af',
  processTypes: 'e2e9d1a6-432d-4062-8870-bfcb8c324ad7',
  plans: '0e292477-a0c2-47f3-a9b6-34f153d627f4',
  suites: '1046d5d3-ab61-4ca7-a65a-36118a978256',
  suiteTestCase: 'a9bd61ac-45cf-4d13-9441-43dcd01edf8d',
  testCases: '29006fb5-816b-4ff7-a329-599943569229',
  resourceAreas: 'e81700f7-3be2-46de-8624-2eb35882fcaa',
};

// ---- small helpers ---------------------------------------------------------------------------

const ok = (body, status = 200) => ({ status, body });
const list = (value) => ({ count: value.length, value });
const flag = (ctx, name) => String(ctx.query.get(name.toLowerCase()) ?? '').toLowerCase() === 'true';

function requireJsonPatch(ctx) {
  const type = ctx.contentType;
  if (!/^application\/json-patch\+json\b/i.test(type)) {
    throw new AdoError(
      415,
      'VssRequestContentTypeNotSupportedException',
      `The request indicated a Content-Type of "${type || 'none'}" for method type "${ctx.method}" which is not supported. Valid content types for this method are: application/json-patch+json.`,
    );
  }
}

function jsonBody(ctx, { patch = false } = {}) {
  if (ctx.bodyError !== undefined || ctx.body === undefined) {
    if (patch)
      throw new AdoError(
        400,
        'VssPropertyValidationException',
        'You must pass a valid patch document in the body of the request.',
      );
    throw badRequest(
      `The request body is not valid JSON${ctx.bodyError ? `: ${ctx.bodyError}` : ''}.`,
      'VssPropertyValidationException',
    );
  }
  return ctx.body;
}

/** "1,2,3" or [1,2,3] → ids, refusing anything else and more than max_ids. */
function parseIds(ctx, raw) {
  if (raw === undefined || raw === null || raw === '')
    throw badRequest('The ids parameter is required.', 'ArgumentNullException');
  const parts = Array.isArray(raw) ? raw : String(raw).split(',');
  const ids = parts.map((p) => (typeof p === 'number' ? p : Number(String(p).trim())));
  if (ids.some((id) => !Number.isInteger(id) || id <= 0))
    throw badRequest(`The ids '${parts.join(',')}' are not valid work item ids.`);
  if (ids.length > ctx.config.max_ids) throw tooManyIds(ids.length, ctx.config.max_ids);
  return ids;
}

/** fields=… → canonical reference names; an unknown one is TF51535, as on the service. */
function parseFields(raw) {
  if (raw === undefined || raw === null || raw === '') return null;
  const names = Array.isArray(raw) ? raw : String(raw).split(',');
  return names.map((n) => {
    const ref = Object.keys(FIELDS).find((k) => k.toLowerCase() === String(n).trim().toLowerCase());
    if (!ref) throw fieldNotFound(String(n).trim());
    return ref;
  });
}

function readOptions(ctx, { fields, expand, errorPolicy }) {
  const parsedFields = parseFields(fields);
  const parsedExpand = parseExpand(expand);
  if (parsedFields && parsedExpand !== 'none') {
    throw new AdoError(
      400,
      'ConflictingParametersException',
      'The expand parameter can not be used with the fields parameter.',
    );
  }
  return { fields: parsedFields, expand: parsedExpand, errorPolicy: parseErrorPolicy(errorPolicy) };
}

function inScope(ctx, item) {
  return item && (!ctx.project || item.project === ctx.project);
}

function readMany(ctx, ids, options) {
  const value = [];
  for (const id of ids) {
    const item = ctx.org.live(id);
    if (!inScope(ctx, item)) {
      if (options.errorPolicy === 'fail') throw workItemNotFound(id);
      value.push(null);
      continue;
    }
    value.push(renderWorkItem(ctx, item, { expand: options.expand, fields: options.fields }));
  }
  return ok(list(value));
}

// ---- work items ------------------------------------------------------------------------------

function createWorkItem(ctx) {
  requireJsonPatch(ctx);
  const typeDef = typeOf(ctx.project, ctx.params.type);
  if (!typeDef) throw typeNotFound(ctx.params.type, ctx.project.name);
  const ops = normalizeOps(jsonBody(ctx, { patch: true }));
  const bypassRules = flag(ctx, 'bypassRules');
  const expand = parseExpand(ctx.query.get('$expand'));
  const blank = blankItem(ctx.org, ctx.project, typeDef);
  const draft = applyOps(ctx, blank, ops, { isCreate: true, bypassRules });
  if (flag(ctx, 'validateOnly')) {
    const shown = renderWorkItem(ctx, { ...draft, rev: 0 }, { expand });
    delete shown.id;
    delete shown.url;
    return ok(shown);
  }
  const item = commitDraft(ctx, blank, draft);
  ctx.touched.push(item.id);
  return ok(renderWorkItem(ctx, item, { expand, links: true, relations: true }));
}

function workItemTemplate(ctx) {
  const typeDef = typeOf(ctx.project, ctx.params.type);
  if (!typeDef) throw typeNotFound(ctx.params.type, ctx.project.name);
  const blank = blankItem(ctx.org, ctx.project, typeDef);
  const fields = {
    'System.WorkItemType': typeDef.name,
    'System.TeamProject': ctx.project.name,
    ...Object.fromEntries(
      Object.entries(blank.fields).filter(([k]) => !k.startsWith('System.Area') && !k.startsWith('System.Iteration')),
    ),
    'System.AreaPath': ctx.project.name,
    'System.IterationPath': ctx.project.name,
  };
  return ok({
    fields,
    _links: {
      workItemType: {
        href: `${ctx.base}/${ctx.project.id}/_apis/wit/workItemTypes/${encodeURIComponent(typeDef.name)}`,
      },
    },
    url: `${ctx.base}/${ctx.project.id}/_apis/wit/workItems/$${encodeURIComponent(typeDef.name)}`,
  });
}

function liveItem(ctx) {
  const id = Number(ctx.params.id);
  const item = ctx.org.live(id);
  if (!inScope(ctx, item)) throw workItemNotFound(ctx.params.id);
  return item;
}

function getWorkItem(ctx) {
  const options = readOptions(ctx, { fields: ctx.query.get('fields'), expand: ctx.query.get('$expand') });
  return ok(renderWorkItem(ctx, liveItem(ctx), { ...options, links: !options.fields }));
}

function updateWorkItem(ctx) {
  requireJsonPatch(ctx);
  const item = liveItem(ctx);
  const ops = normalizeOps(jsonBody(ctx, { patch: true }));
  const expand = parseExpand(ctx.query.get('$expand'));
  const draft = applyOps(ctx, item, ops, { bypassRules: flag(ctx, 'bypassRules') });
  if (flag(ctx, 'validateOnly')) return ok(renderWorkItem(ctx, item, { expand, links: true, relations: true }));
  const saved = commitDraft(ctx, item, draft);
  ctx.touched.push(saved.id);
  return ok(renderWorkItem(ctx, saved, { expand, links: true, relations: true }));
}

function deleteWorkItem(ctx) {
  const item = liveItem(ctx);
  const testTypes = [
    'Microsoft.TestCaseCategory',
    'Microsoft.TestPlanCategory',
    'Microsoft.TestSuiteCategory',
    'Microsoft.SharedStepCategory',
  ];
  if (testTypes.some((c) => (item.project.process.categories[c] ?? []).includes(item.type))) {
    throw badRequest(
      `Work item ${item.id} is a ${item.type}: test artifacts are deleted permanently through the Test Plans API (DELETE _apis/testplan/testcases/{id}, …/Plans/{id}, …/Suites/{id}), not to the recycle bin.`,
    );
  }
  ctx.touched.push(item.id);
  if (flag(ctx, 'destroy')) {
    item.deletedDate = ctx.org.now();
    const answer = renderDelete(ctx, item);
    destroyItem(ctx.org, item);
    return ok(answer);
  }
  item.deleted = true;
  item.deletedDate = ctx.org.now();
  return ok(renderDelete(ctx, item));
}

function listWorkItems(ctx) {
  const ids = parseIds(ctx, ctx.query.get('ids'));
  const options = readOptions(ctx, {
    fields: ctx.query.get('fields'),
    expand: ctx.query.get('$expand'),
    errorPolicy: ctx.query.get('errorpolicy'),
  });
  return readMany(ctx, ids, options);
}

function workItemsBatch(ctx) {
  const body = jsonBody(ctx);
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw badRequest('The body is a WorkItemBatchGetRequest object.');
  const ids = parseIds(ctx, body.ids);
  const options = readOptions(ctx, {
    fields: body.fields,
    expand: body.$expand ?? body.expand,
    errorPolicy: body.errorPolicy,
  });
  return readMany(ctx, ids, options);
}

function batch(ctx) {
  const type = ctx.contentType;
  if (!/^application\/(json|json-patch\+json)\b/i.test(type)) {
    throw new AdoError(
      415,
      'VssRequestContentTypeNotSupportedException',
      `The request indicated a Content-Type of "${type || 'none'}" for method type "${ctx.method}" which is not supported. Valid content types for this method are: application/json, application/json-patch+json.`,
    );
  }
  return ok(runBatch(ctx, jsonBody(ctx), { bypassRules: flag(ctx, 'bypassRules') }));
}

function recycleBinList(ctx) {
  const value = [...ctx.org.items.values()]
    .filter((i) => i.deleted && i.project === ctx.project)
    .map((i) => renderDelete(ctx, i));
  return ok(list(value));
}

function recycled(ctx) {
  const item = ctx.org.items.get(Number(ctx.params.id));
  if (!item || !item.deleted || item.project !== ctx.project) throw workItemNotFound(ctx.params.id);
  return item;
}

function recycleBinGet(ctx) {
  const item = recycled(ctx);
  return ok({ ...renderDelete(ctx, item), resource: renderWorkItem(ctx, item, {}) });
}

function recycleBinRestore(ctx) {
  const item = recycled(ctx);
  const body = jsonBody(ctx);
  if (body?.isDeleted !== false) throw badRequest('To restore a work item send {"isDeleted": false}.');
  item.deleted = false;
  delete item.deletedDate;
  ctx.touched.push(item.id);
  return ok({ ...renderDelete(ctx, item), deletedDate: undefined });
}

function recycleBinDestroy(ctx) {
  const item = recycled(ctx);
  ctx.touched.push(item.id);
  destroyItem(ctx.org, item);
  return ok(undefined, 204);
}

// ---- WIQL ------------------------------------------------------------------------------------

function wiql(ctx) {
  const body = jsonBody(ctx);
  const query = parseWiql(body?.query);
  const env = {
    valueOf: (item, ref) => fieldValue(ctx.org, item, ref),
    project: ctx.project?.name ?? null,
    me: ctx.org.identity,
    today: new Date(),
  };
  const matches = [...ctx.org.items.values()].filter((item) => !item.deleted && evaluate(query.where, item, env));
  const topRaw = ctx.query.get('$top');
  const top = topRaw === undefined ? null : Number(topRaw);
  if (top !== null && (!Number.isInteger(top) || top < 0))
    throw badRequest(`The value '${topRaw}' is not valid for $top.`);
  if (top === null && matches.length > ctx.config.wiql_max_results) {
    throw new AdoError(
      400,
      'WorkItemTrackingQueryResultSizeLimitExceededException',
      `VS402337: The number of work items returned exceeds the size limit of ${ctx.config.wiql_max_results}. Change the query to return fewer work items.`,
    );
  }
  sortItems(matches, query.orderBy, env.valueOf);
  const column = (ref) => ({ referenceName: ref, name: FIELDS[ref].name, url: `${ctx.base}/_apis/wit/fields/${ref}` });
  return ok({
    queryType: 'flat',
    queryResultType: 'workItem',
    asOf: new Date().toISOString(),
    columns: query.columns.map(column),
    sortColumns: query.orderBy.map((o) => ({ field: column(o.field), descending: o.descending })),
    workItems: (top === null ? matches : matches.slice(0, top)).map((i) => ({
      id: i.id,
      url: workItemUrl(ctx.base, i.id),
    })),
  });
}

// ---- types, fields, categories -----------------------------------------------------------------

function typeUrl(ctx, type) {
  return `${ctx.base}/${ctx.project.id}/_apis/wit/workItemTypes/${encodeURIComponent(type.name)}`;
}

function fieldRef(ctx, ref, { allowed = false } = {}) {
  const def = FIELDS[ref];
  const out = {
    alwaysRequired: Boolean(def.required),
    defaultValue: def.default ?? null,
    ...(allowed ? { allowedValues: (def.allowed ?? []).map(String) } : {}),
    dependentFields: [],
    referenceName: ref,
    name: def.name,
    url: `${ctx.base}/_apis/wit/fields/${ref}`,
  };
  return out;
}

function renderType(ctx, type) {
  const fields = type.fields.map((ref) => ({
    defaultValue: FIELDS[ref].default ?? null,
    alwaysRequired: Boolean(FIELDS[ref].required),
    referenceName: ref,
    name: FIELDS[ref].name,
    url: `${ctx.base}/_apis/wit/fields/${ref}`,
  }));
  const names = type.states.map((s) => s.name);
  const transitions = { '': [{ to: names[0], actions: null }] };
  for (const from of names) transitions[from] = names.filter((n) => n !== from).map((to) => ({ to, actions: null }));
  return {
    name: type.name,
    referenceName: type.referenceName,
    description: type.description,
    color: type.color,
    icon: { id: type.icon, url: `${ctx.base}/_apis/wit/workItemIcons/${type.icon}?color=${type.color}&v=2` },
    isDisabled: false,
    fieldInstances: fields,
    fields,
    transitions,
    states: type.states.map((s) => ({ ...s })),
    url: typeUrl(ctx, type),
  };
}

function findType(ctx) {
  const type = typeOf(ctx.project, ctx.params.type);
  if (!type) throw typeNotFound(ctx.params.type, ctx.project.name);
  return type;
}

function typeFieldsExpand(raw) {
  const text = String(raw ?? '').toLowerCase();
  return ['1', '3', 'allowedvalues', 'all'].includes(text);
}

function typeField(ctx) {
  const type = findType(ctx);
  const ref = type.fields.find((f) => f.toLowerCase() === ctx.params.field.toLowerCase());
  if (!ref) throw fieldNotFound(ctx.params.field);
  return ok(fieldRef(ctx, ref, { allowed: typeFieldsExpand(ctx.query.get('$expand')) }));
}

function renderCategory(ctx, ref) {
  const names = ctx.project.process.categories[ref];
  const typeRef = (name) => ({
    name,
    url: `${ctx.base}/${ctx.project.id}/_apis/wit/workItemTypes/${encodeURIComponent(name)}`,
  });
  return {
    name: categoryName(ref),
    referenceName: ref,
    defaultWorkItemType: typeRef(names[0]),
    workItemTypes: names.map(typeRef),
    url: `${ctx.base}/${ctx.project.id}/_apis/wit/workItemTypeCategories/${ref}`,
  };
}

function category(ctx) {
  const ref = Object.keys(ctx.project.process.categories).find(
    (c) => c.toLowerCase() === ctx.params.category.toLowerCase(),
  );
  if (!ref)
    throw new AdoError(
      404,
      'WorkItemTypeCategoryNotFoundException',
      `The work item type category ${ctx.params.category} does not exist in project ${ctx.project.name}.`,
    );
  return ok(renderCategory(ctx, ref));
}

// ---- classification nodes ----------------------------------------------------------------------

function nodeUrl(ctx, node) {
  const [, ...rest] = nodeNames(node);
  const group = node.structureType === 'area' ? 'Areas' : 'Iterations';
  return `${ctx.base}/${node.project.id}/_apis/wit/classificationNodes/${[group, ...rest].map(encodeURIComponent).join('/')}`;
}

function renderNode(ctx, node, depth, { links = false } = {}) {
  const out = {
    id: node.id,
    identifier: node.identifier,
    name: node.name,
    structureType: node.structureType,
    hasChildren: node.children.length > 0,
    path: nodeApiPath(node),
    ...(node.attributes ? { attributes: { ...node.attributes } } : {}),
  };
  if (depth > 0 && node.children.length > 0) out.children = node.children.map((c) => renderNode(ctx, c, depth - 1));
  if (links) {
    out._links = { self: { href: nodeUrl(ctx, node) } };
    if (node.parent) out._links.parent = { href: nodeUrl(ctx, node.parent) };
  }
  out.url = nodeUrl(ctx, node);
  return out;
}

function parseDepth(ctx) {
  const raw = ctx.query.get('$depth');
  if (raw === undefined) return 0;
  const depth = Number(raw);
  if (!Number.isInteger(depth) || depth < 0) throw badRequest(`The value '${raw}' is not valid for $depth.`);
  return depth;
}

function rootNodes(ctx) {
  const depth = parseDepth(ctx);
  const idsRaw = ctx.query.get('ids');
  if (idsRaw !== undefined) {
    const policy = parseErrorPolicy(ctx.query.get('errorpolicy'));
    const value = [];
    for (const raw of String(idsRaw).split(',')) {
      const node = ctx.org.nodeById(Number(raw));
      if (!node || node.project !== ctx.project) {
        if (policy === 'fail')
          throw new AdoError(
            404,
            'ClassificationNodeDoesNotExistException',
            `The classification node with id ${raw} does not exist.`,
          );
        continue;
      }
      value.push(renderNode(ctx, node, depth));
    }
    return ok(list(value));
  }
  return ok(list([renderNode(ctx, ctx.project.areas, depth), renderNode(ctx, ctx.project.iterations, depth)]));
}

function nodeTarget(ctx) {
  const root = ctx.org.root(ctx.project, ctx.params.group);
  if (!root) throw badRequest(`The structure group '${ctx.params.group}' is not valid: use Areas or Iterations.`);
  const names = (ctx.params.path ?? '').split(/[\\/]/).filter(Boolean);
  const node = ctx.org.nodeAt(root, names);
  if (!node)
    throw new AdoError(
      404,
      'ClassificationNodeDoesNotExistException',
      `The classification node '${names.join('\\')}' does not exist under ${nodeApiPath(root)}.`,
    );
  return node;
}

const BAD_NODE_NAME = /[\\/$?*:"&><#%|+]|^\.{1,2}$/;

function checkNodeBody(ctx, body, parent, except = null) {
  if (!body || typeof body.name !== 'string' || body.name.trim() === '')
    throw badRequest('The classification node needs a name.');
  const name = body.name.trim();
  if (name.length > 255 || BAD_NODE_NAME.test(name))
    throw badRequest(`The classification node name '${name}' is not valid.`);
  if (parent.children.some((c) => c !== except && c.name.toLowerCase() === name.toLowerCase())) {
    throw new AdoError(
      409,
      'ClassificationNodeDuplicateNameException',
      `VS402371: Classification node name ${name} is already in use by a different child of parent classification node ${parent.identifier}. Choose a different name and try again.`,
    );
  }
  return name;
}

function attributesOf(body, structureType) {
  if (structureType !== 'iteration' || !body.attributes) return null;
  const out = {};
  for (const key of ['startDate', 'finishDate']) {
    if (body.attributes[key] !== undefined && body.attributes[key] !== null) {
      const date = new Date(body.attributes[key]);
      if (Number.isNaN(date.getTime())) throw badRequest(`The ${key} '${body.attributes[key]}' is not a date.`);
      out[key] = date.toISOString().replace('.000Z', 'Z');
    }
  }
  return Object.keys(out).length ? out : null;
}

function createNode(ctx) {
  const parent = nodeTarget(ctx);
  const body = jsonBody(ctx);
  if (body && body.id !== undefined && body.name === undefined)
    throw badRequest('Moving classification nodes is not emulated by fake-ado.');
  const name = checkNodeBody(ctx, body, parent);
  if (nodeNames(parent).length >= 14) throw badRequest('Classification trees are at most 14 levels deep.');
  const node = ctx.org.makeNode(
    ctx.project,
    parent.structureType,
    name,
    parent,
    attributesOf(body, parent.structureType),
  );
  return ok(renderNode(ctx, node, 0, { links: true }), 201);
}

/** Moves every work item path under `from` (field form) to `to`. */
function repath(ctx, structureType, from, to) {
  const field = structureType === 'area' ? 'System.AreaPath' : 'System.IterationPath';
  const lower = from.toLowerCase();
  for (const item of ctx.org.items.values()) {
    if (item.project !== ctx.project) continue;
    const value = item.fields[field];
    if (value.toLowerCase() === lower || value.toLowerCase().startsWith(`${lower}\\`))
      item.fields[field] = to + value.slice(from.length);
  }
}

function updateNode(ctx) {
  const node = nodeTarget(ctx);
  const body = jsonBody(ctx);
  if (body?.name !== undefined) {
    if (!node.parent) throw badRequest('The root classification node is renamed with the project.');
    const before = nodeFieldPath(node);
    node.name = checkNodeBody(ctx, body, node.parent, node);
    repath(ctx, node.structureType, before, nodeFieldPath(node));
  }
  if (body?.attributes !== undefined) node.attributes = attributesOf(body, node.structureType);
  return ok(renderNode(ctx, node, 0, { links: true }));
}

function deleteNode(ctx) {
  const node = nodeTarget(ctx);
  if (!node.parent) throw badRequest('The root classification node cannot be deleted.');
  const reclassifyRaw = ctx.query.get('$reclassifyid');
  const from = nodeFieldPath(node);
  const field = node.structureType === 'area' ? 'System.AreaPath' : 'System.IterationPath';
  const used = [...ctx.org.items.values()].some(
    (i) =>
      i.project === ctx.project &&
      (i.fields[field].toLowerCase() === from.toLowerCase() ||
        i.fields[field].toLowerCase().startsWith(`${from.toLowerCase()}\\`)),
  );
  let target = null;
  if (reclassifyRaw !== undefined) {
    target = ctx.org.nodeById(Number(reclassifyRaw));
    if (!target || target.project !== ctx.project || target.structureType !== node.structureType)
      throw badRequest(`The reclassify node ${reclassifyRaw} is not a node of the same tree.`);
    if (nodeFieldPath(target).toLowerCase().startsWith(from.toLowerCase()))
      throw badRequest('A node cannot be reclassified into itself.');
  } else if (used) throw badRequest(`Work items use ${from}: pass $reclassifyId to move them.`);
  if (target) {
    // Every path under the deleted node goes to the reclassify node itself.
    for (const item of ctx.org.items.values()) {
      if (item.project !== ctx.project) continue;
      const value = item.fields[field].toLowerCase();
      if (value === from.toLowerCase() || value.startsWith(`${from.toLowerCase()}\\`))
        item.fields[field] = nodeFieldPath(target);
    }
  }
  node.parent.children = node.parent.children.filter((c) => c !== node);
  return ok(undefined, 204);
}

// ---- projects and processes ------------------------------------------------------------------

function findProject(ctx) {
  const project = ctx.org.project(ctx.params.project);
  if (!project) throw projectNotFound(ctx.params.project);
  return project;
}

function renderProject(ctx, project, { full = false, capabilities = false } = {}) {
  const url = `${ctx.base}/_apis/projects/${project.id}`;
  const out = {
    id: project.id,
    name: project.name,
    description: project.description,
    url,
    state: 'wellFormed',
    revision: 1,
    visibility: 'private',
    lastUpdateTime: project.lastUpdateTime,
  };
  if (!full) return out;
  if (capabilities) {
    out.capabilities = {
      versioncontrol: { sourceControlType: 'Git', gitEnabled: 'True', tfvcEnabled: 'False' },
      processTemplate: { templateName: project.process.name, templateTypeId: project.process.typeId },
    };
  }
  out._links = {
    self: { href: url },
    collection: { href: `${ctx.base}/_apis/projectCollections/${ctx.org.id}` },
    web: { href: `${ctx.base}/${encodeURIComponent(project.name)}` },
  };
  out.defaultTeam = {
    id: project.defaultTeam.id,
    name: project.defaultTeam.name,
    url: `${url}/teams/${project.defaultTeam.id}`,
  };
  return out;
}

function projectProperties(ctx) {
  const project = findProject(ctx);
  const all = [
    { name: 'System.CurrentProcessTemplateId', value: project.process.typeId },
    { name: 'System.OriginalProcessTemplateId', value: project.process.typeId },
    { name: 'System.ProcessTemplateType', value: project.process.typeId },
    { name: 'System.Process Template', value: project.process.name },
    { name: 'System.Microsoft.TeamFoundation.Team.Default', value: project.defaultTeam.id },
    { name: 'System.SourceControlCapabilityFlags', value: '2' },
    { name: 'System.SourceControlGitEnabled', value: 'True' },
    { name: 'System.SourceControlGitPermissionsInitialized', value: 'True' },
  ];
  const keys = ctx.query.get('keys');
  if (!keys) return ok(list(all));
  const patterns = keys.split(',').map(
    (k) =>
      new RegExp(
        `^${k
          .trim()
          .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')}$`,
        'i',
      ),
  );
  return ok(list(all.filter((p) => patterns.some((re) => re.test(p.name)))));
}

function processInfo(ctx, process, withProjects) {
  const out = {
    typeId: process.typeId,
    name: process.name,
    referenceName: null,
    description: process.description,
    parentProcessTypeId: process.parentProcessTypeId,
    isEnabled: true,
    isDefault: process.isDefault,
    customizationType: 'system',
  };
  if (withProjects) {
    out.projects = ctx.org.projects
      .filter((p) => p.process === process)
      .map((p) => ({ id: p.id, name: p.name, description: p.description, url: `${ctx.base}/_apis/projects/${p.id}` }));
  }
  return out;
}

function findProcess(ctx, id) {
  const process = processById(id);
  if (!process)
    throw new AdoError(404, 'ProcessNotFoundByTypeIdException', `The process with id '${id}' does not exist.`);
  return process;
}

function processWorkItemType(ctx, process, type, expand) {
  return {
    referenceName: type.referenceName,
    name: type.name,
    description: type.description,
    url: `${ctx.base}/_apis/${WORK_PROCESSES}/${process.typeId}/workItemTypes/${type.referenceName}`,
    customization: 'system',
    color: type.color,
    icon: type.icon,
    isDisabled: false,
    inherits: null,
    ...(String(expand ?? '')
      .toLowerCase()
      .includes('states') || expand === '1'
      ? {
          states: type.states.map((s, i) => ({
            id: `${process.typeId.slice(0, 8)}-${i}`,
            name: s.name,
            color: s.color,
            stateCategory: s.category,
            order: i + 1,
            customizationType: 'system',
          })),
        }
      : {}),
  };
}

function coreProcess(ctx, process) {
  return {
    id: process.typeId,
    name: process.name,
    description: process.description,
    isDefault: process.isDefault,
    type: 'system',
    url: `${ctx.base}/_apis/process/processes/${process.typeId}`,
  };
}

// ---- the route table -------------------------------------------------------------------------

function testPlansAllowed(ctx) {
  if (!ctx.config.test_plans) {
    throw new AdoError(
      403,
      'AccessCheckException',
      'Managing test plans and suites needs the Basic + Test Plans access level (or Visual Studio Enterprise); this user has Basic.',
    );
  }
}

const withPlan = (fn) => (ctx) => {
  testPlansAllowed(ctx);
  const plan = tp.findPlan(ctx, ctx.params.planId);
  return fn(ctx, plan);
};
const withSuite = (fn) => withPlan((ctx, plan) => fn(ctx, plan, tp.findSuite(ctx, plan, ctx.params.suiteId)));

/**
 * pattern segments: literal (any case), ":name" one segment, "$name" one segment starting with
 * "$", "#name" a positive integer, "*name" the rest (one or more segments).
 * project: "required" | "optional" | "none".
 */
export const ROUTES = [
  {
    pattern: 'wit/workitems',
    project: 'optional',
    location: LOC.item,
    methods: { GET: ['workitems.list', listWorkItems] },
  },
  {
    pattern: 'wit/workitems/$type',
    project: 'required',
    location: LOC.create,
    methods: { POST: ['workitems.create', createWorkItem], GET: ['workitems.template', workItemTemplate] },
  },
  {
    pattern: 'wit/workitems/#id',
    project: 'optional',
    location: LOC.item,
    methods: {
      GET: ['workitems.get', getWorkItem],
      PATCH: ['workitems.update', updateWorkItem],
      DELETE: ['workitems.delete', deleteWorkItem],
    },
  },
  {
    pattern: 'wit/workitemsbatch',
    project: 'optional',
    location: LOC.batchGet,
    methods: { POST: ['workitems.batchget', workItemsBatch] },
  },
  {
    pattern: 'wit/$batch',
    project: 'none',
    location: LOC.item,
    methods: { PATCH: ['batch', batch], POST: ['batch', batch] },
  },
  { pattern: 'wit/wiql', project: 'optional', location: LOC.wiql, methods: { POST: ['wiql', wiql] } },
  {
    pattern: 'wit/recyclebin',
    project: 'required',
    location: LOC.recycleBin,
    methods: { GET: ['recyclebin.list', recycleBinList] },
  },
  {
    pattern: 'wit/recyclebin/#id',
    project: 'required',
    location: LOC.recycleBin,
    methods: {
      GET: ['recyclebin.get', recycleBinGet],
      PATCH: ['recyclebin.restore', recycleBinRestore],
      DELETE: ['recyclebin.destroy', recycleBinDestroy],
    },
  },
  {
    pattern: 'wit/workitemtypes',
    project: 'required',
    location: LOC.types,
    methods: { GET: ['types.list', (ctx) => ok(list(ctx.project.process.types.map((t) => renderType(ctx, t))))] },
  },
  {
    pattern: 'wit/workitemtypes/:type',
    project: 'required',
    location: LOC.types,
    methods: { GET: ['types.get', (ctx) => ok(renderType(ctx, findType(ctx)))] },
  },
  {
    pattern: 'wit/workitemtypes/:type/fields',
    project: 'required',
    location: LOC.typeFields,
    methods: {
      GET: [
        'types.fields',
        (ctx) =>
          ok(
            list(
              findType(ctx).fields.map((ref) =>
                fieldRef(ctx, ref, { allowed: typeFieldsExpand(ctx.query.get('$expand')) }),
              ),
            ),
          ),
      ],
    },
  },
  {
    pattern: 'wit/workitemtypes/:type/fields/:field',
    project: 'required',
    location: LOC.typeFields,
    methods: { GET: ['types.field', typeField] },
  },
  {
    pattern: 'wit/workitemtypes/:type/states',
    project: 'required',
    location: LOC.typeStates,
    methods: { GET: ['types.states', (ctx) => ok(list(findType(ctx).states.map((s) => ({ ...s }))))] },
  },
  {
    pattern: 'wit/workitemtypecategories',
    project: 'required',
    location: LOC.categories,
    methods: {
      GET: [
        'categories.list',
        (ctx) => ok(list(Object.keys(ctx.project.process.categories).map((c) => renderCategory(ctx, c)))),
      ],
    },
  },
  {
    pattern: 'wit/workitemtypecategories/:category',
    project: 'required',
    location: LOC.categories,
    methods: { GET: ['categories.get', category] },
  },
  {
    pattern: 'wit/classificationnodes',
    project: 'required',
    location: LOC.rootNodes,
    methods: { GET: ['nodes.roots', rootNodes] },
  },
  {
    pattern: 'wit/classificationnodes/:group',
    project: 'required',
    location: LOC.nodes,
    methods: {
      GET: ['nodes.get', (ctx) => ok(renderNode(ctx, nodeTarget(ctx), parseDepth(ctx), { links: true }))],
      POST: ['nodes.create', createNode],
    },
  },
  {
    pattern: 'wit/classificationnodes/:group/*path',
    project: 'required',
    location: LOC.nodes,
    methods: {
      GET: ['nodes.get', (ctx) => ok(renderNode(ctx, nodeTarget(ctx), parseDepth(ctx), { links: true }))],
      POST: ['nodes.create', createNode],
      PATCH: ['nodes.update', updateNode],
      DELETE: ['nodes.delete', deleteNode],
    },
  },
  {
    pattern: 'wit/workitemrelationtypes',
    project: 'none',
    location: LOC.relationTypes,
    methods: {
      GET: [
        'relationtypes.list',
        (ctx) =>
          ok(
            list(
              RELATION_TYPES.map((t) => ({
                attributes: {
                  usage: t.inverse ? 'workItemLink' : 'resourceLink',
                  editable: false,
                  enabled: true,
                  ...(t.inverse
                    ? {
                        acyclic: t.topology === 'tree',
                        directional: t.topology !== 'network',
                        singleTarget: t.rel.endsWith('Reverse') && t.topology === 'tree',
                        topology: t.topology,
                      }
                    : {}),
                },
                referenceName: t.rel,
                name: t.name,
                url: `${ctx.base}/_apis/wit/workItemRelationTypes/${t.rel}`,
              })),
            ),
          ),
      ],
    },
  },
  {
    pattern: 'projects',
    project: 'none',
    location: LOC.projects,
    methods: { GET: ['projects.list', (ctx) => ok(list(ctx.org.projects.map((p) => renderProject(ctx, p))))] },
  },
  {
    pattern: 'projects/:project',
    project: 'none',
    location: LOC.projects,
    methods: {
      GET: [
        'projects.get',
        (ctx) =>
          ok(renderProject(ctx, findProject(ctx), { full: true, capabilities: flag(ctx, 'includeCapabilities') })),
      ],
    },
  },
  {
    pattern: 'projects/:project/properties',
    project: 'none',
    location: LOC.properties,
    methods: { GET: ['projects.properties', projectProperties] },
  },
  {
    pattern: 'process/processes',
    project: 'none',
    location: LOC.coreProcesses,
    methods: { GET: ['process.list', (ctx) => ok(list(Object.values(PROCESSES).map((p) => coreProcess(ctx, p))))] },
  },
  {
    pattern: 'process/processes/:id',
    project: 'none',
    location: LOC.coreProcesses,
    methods: { GET: ['process.get', (ctx) => ok(coreProcess(ctx, findProcess(ctx, ctx.params.id)))] },
  },
  {
    pattern: WORK_PROCESSES,
    project: 'none',
    location: LOC.processes,
    methods: {
      GET: [
        'processes.list',
        (ctx) =>
          ok(
            list(
              Object.values(PROCESSES).map((p) =>
                processInfo(
                  ctx,
                  p,
                  String(ctx.query.get('$expand') ?? '').toLowerCase() === 'projects' ||
                    ctx.query.get('$expand') === '1',
                ),
              ),
            ),
          ),
      ],
    },
  },
  {
    pattern: `${WORK_PROCESSES}/:id`,
    project: 'none',
    location: LOC.processes,
    methods: {
      GET: [
        'processes.get',
        (ctx) =>
          ok(
            processInfo(
              ctx,
              findProcess(ctx, ctx.params.id),
              String(ctx.query.get('$expand') ?? '').toLowerCase() === 'projects' || ctx.query.get('$expand') === '1',
            ),
          ),
      ],
    },
  },
  {
    pattern: `${WORK_PROCESSES}/:id/workitemtypes`,
    project: 'none',
    location: LOC.processTypes,
    methods: {
      GET: [
        'processes.types',
        (ctx) => {
          const process = findProcess(ctx, ctx.params.id);
          return ok(list(process.types.map((t) => processWorkItemType(ctx, process, t, ctx.query.get('$expand')))));
        },
      ],
    },
  },
  {
    pattern: `${WORK_PROCESSES}/:id/workitemtypes/:ref`,
    project: 'none',
    location: LOC.processTypes,
    methods: {
      GET: [
        'processes.type',
        (ctx) => {
          const process = findProcess(ctx, ctx.params.id);
          const type = process.types.find((t) => t.referenceName.toLowerCase() === ctx.params.ref.toLowerCase());
          if (!type)
            throw new AdoError(
              404,
              'WorkItemTypeNotFoundException',
              `VS402323: Work item type ${ctx.params.ref} does not exist in process ${process.name}.`,
            );
          return ok(processWorkItemType(ctx, process, type, ctx.query.get('$expand')));
        },
      ],
    },
  },
  {
    pattern: 'testplan/plans',
    project: 'required',
    location: LOC.plans,
    methods: {
      GET: ['testplan.plans.list', (ctx) => (testPlansAllowed(ctx), ok(tp.listPlans(ctx)))],
      POST: ['testplan.plans.create', (ctx) => (testPlansAllowed(ctx), ok(tp.createPlan(ctx, jsonBody(ctx))))],
    },
  },
  {
    pattern: 'testplan/plans/#planId',
    project: 'required',
    location: LOC.plans,
    methods: {
      GET: ['testplan.plans.get', withPlan((ctx, plan) => ok(tp.renderPlan(ctx, plan)))],
      DELETE: ['testplan.plans.delete', withPlan((ctx, plan) => (tp.deletePlan(ctx, plan), ok(undefined, 204)))],
    },
  },
  {
    pattern: 'testplan/plans/#planId/suites',
    project: 'required',
    location: LOC.suites,
    methods: {
      GET: [
        'testplan.suites.list',
        withPlan((ctx, plan) =>
          ok(
            tp.listSuites(ctx, plan, {
              asTreeView: flag(ctx, 'asTreeView'),
              children: String(ctx.query.get('expand') ?? '')
                .toLowerCase()
                .includes('children'),
            }),
          ),
        ),
      ],
      POST: ['testplan.suites.create', withPlan((ctx, plan) => ok(tp.createSuite(ctx, plan, jsonBody(ctx))))],
    },
  },
  {
    pattern: 'testplan/plans/#planId/suites/#suiteId',
    project: 'required',
    location: LOC.suites,
    methods: {
      GET: ['testplan.suites.get', withSuite((ctx, plan, suite) => ok(tp.renderSuite(ctx, suite, { children: true })))],
      DELETE: [
        'testplan.suites.delete',
        withSuite((ctx, plan, suite) => (tp.deleteSuite(ctx, plan, suite), ok(undefined, 204))),
      ],
    },
  },
  {
    pattern: 'testplan/plans/#planId/suites/#suiteId/testcase',
    project: 'required',
    location: LOC.suiteTestCase,
    methods: {
      GET: ['testplan.testcases.list', withSuite((ctx, plan, suite) => ok(tp.listTestCases(ctx, plan, suite)))],
      POST: [
        'testplan.testcases.add',
        withSuite((ctx, plan, suite) => ok(tp.addTestCases(ctx, plan, suite, jsonBody(ctx)))),
      ],
      DELETE: [
        'testplan.testcases.remove',
        withSuite((ctx, plan, suite) => {
          const raw = ctx.query.get('testcaseids') ?? ctx.query.get('testids');
          if (!raw) throw badRequest('Pass the test case ids to remove as testCaseIds=1,2.', 'ArgumentNullException');
          tp.removeTestCases(ctx, plan, suite, raw.split(',').map(Number));
          return ok(undefined, 204);
        }),
      ],
    },
  },
  {
    pattern: 'testplan/testcases/#testCaseId',
    project: 'required',
    location: LOC.testCases,
    methods: {
      DELETE: [
        'testplan.testcases.delete',
        (ctx) => (testPlansAllowed(ctx), tp.deleteTestCase(ctx, ctx.params.testCaseId), ok(undefined, 204)),
      ],
    },
  },
  {
    pattern: 'resourceareas',
    project: 'none',
    location: LOC.resourceAreas,
    discovery: true,
    methods: { GET: ['resourceareas', (ctx) => ok(resourceAreas(ctx.config.resource_areas, ctx.base))] },
  },
  {
    pattern: 'resourceareas/:areaId',
    project: 'none',
    location: LOC.resourceAreas,
    discovery: true,
    methods: {
      GET: [
        'resourceareas',
        (ctx) => {
          const area = RESOURCE_AREAS.find((a) => a.id === ctx.params.areaId.toLowerCase());
          if (!area || ctx.config.resource_areas !== 'listed')
            throw new AdoError(
              404,
              'ResourceAreaNotFoundException',
              `The resource area ${ctx.params.areaId} was not found.`,
            );
          return ok({ id: area.id, name: area.name, locationUrl: `${ctx.base}/` });
        },
      ],
    },
  },
];

for (const route of ROUTES) route.segments = route.pattern.split('/');

/**
 * Finds the route for `segments` (the decoded path after _apis). Returns
 *   { route, params, op, handler } | { route, notAllowed: true } | null.
 */
export function matchRoute(method, segments) {
  for (const route of ROUTES) {
    const params = {};
    let matched = true;
    let i = 0;
    for (; i < route.segments.length; i += 1) {
      const want = route.segments[i];
      const have = segments[i];
      if (want.startsWith('*')) {
        if (i >= segments.length) matched = false;
        else params[want.slice(1)] = segments.slice(i).join('/');
        i = segments.length;
        break;
      }
      if (have === undefined) {
        matched = false;
        break;
      }
      if (want.startsWith(':')) {
        if (have.startsWith('$')) {
          matched = false;
          break;
        }
        params[want.slice(1)] = have;
      } else if (want.startsWith('$')) {
        if (!have.startsWith('$') || have.length < 2) {
          matched = false;
          break;
        }
        params[want.slice(1)] = have.slice(1);
      } else if (want.startsWith('#')) {
        if (!/^\d+$/.test(have)) {
          matched = false;
          break;
        }
        params[want.slice(1)] = have;
      } else if (want.toLowerCase() !== have.toLowerCase()) {
        matched = false;
        break;
      }
    }
    if (!matched || i !== segments.length) continue;
    const entry = route.methods[method];
    if (!entry) return { route, notAllowed: true };
    return { route, params, op: entry[0], handler: entry[1] };
  }
  return null;
}

/** OPTIONS {org}/_apis/{area}: the locations the client resolves its URLs from. */
export function optionsAnswer(area) {
  return areaLocations(area);
}
