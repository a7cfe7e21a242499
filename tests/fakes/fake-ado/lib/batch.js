// POST|PATCH {org}/_apis/wit/$batch: several work item creates and updates in one call, with
// temporary negative ids ("/id": "-1") that later sub-requests use in relation URLs and URIs.
// All-or-nothing by default, as the documentation's failure example shows: when one sub-request
// fails, nothing is saved, that entry carries its error and every other entry the 500
// "TF401321: Whole Bulk failed.". Ids handed out before the failure stay used (like an identity
// column after a rolled-back transaction), so the next item gets the next id.
// `batch_atomic: false` answers each entry on its own instead.
// Each entry's `body` is a string holding JSON, as the service sends it.

import { AdoError, badRequest, typeNotFound, workItemNotFound } from './errors.js';
import { applyOps, blankItem, commitDraft, normalizeOps, renderWorkItem, typeOf } from './workitems.js';

const ENTRY_HEADERS = Object.freeze({ 'Content-Type': 'application/json; charset=utf-8' });
export const WHOLE_BULK_FAILED = 'TF401321: Whole Bulk failed.';

const errorEntry = (status, message) => ({
  code: status,
  headers: { ...ENTRY_HEADERS },
  body: JSON.stringify({ count: 1, value: { Message: message } }),
});

function snapshot(org) {
  const items = new Map();
  for (const [id, item] of org.items) {
    items.set(id, {
      ...item,
      fields: { ...item.fields },
      links: item.links.map((l) => ({ ...l, attributes: { ...l.attributes } })),
      multiline: { ...item.multiline },
    });
  }
  return items;
}

/** "/Proj/_apis/wit/workitems/$Task?api-version=7.1" (or an absolute URL) → its parts. */
function parseUri(org, uri) {
  if (typeof uri !== 'string' || uri === '') throw badRequest('Each request of a batch needs a "uri".');
  const absolute = /^https?:\/\//i.test(uri);
  const url = new URL(uri, 'http://batch.invalid');
  let segments = url.pathname
    .split('/')
    .filter(Boolean)
    .map((s) => decodeURIComponent(s));
  if (absolute && segments[0]?.toLowerCase() === org.name.toLowerCase()) segments = segments.slice(1);
  const apis = segments.findIndex((s) => s.toLowerCase() === '_apis');
  if (apis < 0 || apis > 1) throw badRequest(`The batch request uri '${uri}' is not a work item URI.`);
  const project = apis === 1 ? segments[0] : null;
  const rest = segments.slice(apis + 1);
  if (rest.length !== 3 || rest[0].toLowerCase() !== 'wit' || rest[1].toLowerCase() !== 'workitems') {
    throw badRequest(`The batch request uri '${uri}' is not supported: only work item creates and updates are.`);
  }
  return { project, target: rest[2], query: url.searchParams };
}

function runOne(ctx, sub, tempIds, flags) {
  const { org } = ctx;
  if (!sub || typeof sub !== 'object') throw badRequest('Each element of a batch is a request object.');
  if (String(sub.method ?? '').toUpperCase() !== 'PATCH') {
    throw badRequest(
      `The method '${sub.method}' is not supported in a batch: currently only create/update requests (PATCH) are supported.`,
    );
  }
  const headers = Object.fromEntries(Object.entries(sub.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
  const type = headers['content-type'];
  if (type !== undefined && !/^application\/json-patch\+json/i.test(type)) {
    throw new AdoError(
      415,
      'VssRequestContentTypeNotSupportedException',
      `The request indicated a Content-Type of "${type}" for method type "PATCH" which is not supported. Valid content types for this method are: application/json-patch+json.`,
    );
  }
  // The body is a patch array, or (as the .NET and Java models send it) a string holding one.
  let body = sub.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      throw new AdoError(
        400,
        'VssPropertyValidationException',
        'You must pass a valid patch document in the body of the request.',
      );
    }
  }
  const ops = normalizeOps(body);
  const { project: projectName, target } = parseUri(org, sub.uri);
  const local = { ...ctx };
  if (target.startsWith('$')) {
    if (!projectName) throw badRequest(`A create in a batch needs a project in its uri: ${sub.uri}`);
    const project = org.project(projectName);
    if (!project)
      throw new AdoError(
        404,
        'ProjectDoesNotExistWithNameException',
        `TF200016: The following project does not exist: ${projectName}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`,
      );
    const typeDef = typeOf(project, target.slice(1));
    if (!typeDef) throw typeNotFound(target.slice(1), project.name);
    const blank = blankItem(org, project, typeDef);
    const draft = applyOps(local, blank, ops, { isCreate: true, bypassRules: flags.bypassRules, tempIds });
    const { tempId } = draft; // read before the commit, which drops it from the stored item
    if (tempId !== null && tempIds.has(tempId))
      throw badRequest(`The temporary id ${tempId} is used twice in this batch.`);
    const item = commitDraft(local, blank, draft);
    if (tempId !== null) tempIds.set(tempId, item.id);
    ctx.touched.push(item.id);
    return renderWorkItem(local, item, { links: true, relations: true });
  }
  let id = Number(target);
  if (!Number.isInteger(id)) throw badRequest(`The batch request uri '${sub.uri}' is not a work item URI.`);
  if (id < 0) {
    if (!tempIds.has(id))
      throw badRequest(`The temporary id ${id} was not defined by an earlier request of this batch.`);
    id = tempIds.get(id);
  }
  const item = org.live(id);
  if (!item || (projectName && item.project.name.toLowerCase() !== projectName.toLowerCase()))
    throw workItemNotFound(id);
  const draft = applyOps(local, item, ops, { bypassRules: flags.bypassRules, tempIds });
  const saved = commitDraft(local, item, draft);
  ctx.touched.push(saved.id);
  return renderWorkItem(local, saved, { links: true, relations: true });
}

export function runBatch(ctx, body, flags) {
  const { org, config } = ctx;
  if (!Array.isArray(body)) throw badRequest('The body of a batch is a JSON array of requests.');
  if (body.length > config.batch_max) {
    throw badRequest(`The batch has ${body.length} requests; the limit is ${config.batch_max}.`);
  }
  const saved = config.batch_atomic ? snapshot(org) : null;
  const tempIds = new Map();
  const value = [];
  for (let i = 0; i < body.length; i += 1) {
    try {
      const item = runOne(ctx, body[i], tempIds, flags);
      value.push({ code: 200, headers: { ...ENTRY_HEADERS }, body: JSON.stringify(item) });
    } catch (error) {
      if (!(error instanceof AdoError)) throw error;
      if (!saved) {
        value.push(errorEntry(error.status, error.message));
        continue;
      }
      org.items = saved;
      ctx.touched.length = 0;
      return {
        count: body.length,
        value: body.map((_, j) =>
          j === i ? errorEntry(error.status, error.message) : errorEntry(500, WHOLE_BULK_FAILED),
        ),
      };
    }
  }
  return { count: value.length, value };
}
