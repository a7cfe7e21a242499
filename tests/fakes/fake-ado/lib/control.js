// The control API used by tests, demos and benchmarks. Never subject to the PAT, faults, rate
// limits or latency, and not logged.
//   GET  /_control/config        the effective config
//   POST /_control/config        merge a patch (see README), and {"force": {fault: count | {count, route}}}
//   GET  /_control/log           what the emulator saw
//   POST /_control/reset         clear log, counters, rate window, forced faults, hung requests and the
//                                stored data; {"keep_state": true} keeps the data, {"config": true}
//                                also restores the command-line config
//   GET  /_control/workitems     stored work items, raw (?org=&project=&type=&tag=&deleted=true)
//   GET  /_control/workitems/ID  one stored work item (?org=)
//   GET  /_control/testplans     plans with their suites and member test cases (?org=&project=)

import { applyPatch, checkedForce, ConfigError } from './config.js';
import { parseJson, readBody, sendJson } from './http.js';
import { memberIds } from './testplans.js';
import { parseTags } from './workitems.js';

async function jsonBody(req) {
  const text = await readBody(req, 1024 * 1024);
  if (text.trim() === '') return {};
  const parsed = parseJson(text);
  if (parsed.error !== undefined) throw new ConfigError(`invalid JSON body: ${parsed.error}`);
  if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value))
    throw new ConfigError('the body must be a JSON object');
  return parsed.value;
}

/** A stored work item as tests want to assert on it: every field, links by id, no rendering. */
export function rawItem(org, item) {
  return {
    id: item.id,
    rev: item.rev,
    org: org.name,
    project: item.project.name,
    type: item.type,
    deleted: item.deleted,
    fields: {
      ...item.fields,
      'System.Id': item.id,
      'System.Rev': item.rev,
      'System.TeamProject': item.project.name,
      'System.WorkItemType': item.type,
    },
    relations: item.links.map((l) =>
      l.targetId === null
        ? { rel: l.rel, url: l.url, attributes: { ...l.attributes } }
        : { rel: l.rel, target: l.targetId, attributes: { ...l.attributes } },
    ),
  };
}

function pickOrg(emu, params) {
  const name = params.get('org') ?? emu.config.orgs[0];
  const org = emu.store.org(name);
  if (!org) throw new ConfigError(`unknown org ${name}`);
  return org;
}

function workItems(emu, params) {
  const org = pickOrg(emu, params);
  const project = params.get('project')?.toLowerCase();
  const type = params.get('type')?.toLowerCase();
  const tag = params.get('tag')?.toLowerCase();
  const withDeleted = params.get('deleted') === 'true';
  const value = [...org.items.values()]
    .filter((i) => withDeleted || !i.deleted)
    .filter((i) => !project || i.project.name.toLowerCase() === project)
    .filter((i) => !type || i.type.toLowerCase() === type)
    .filter((i) => !tag || parseTags(i.fields['System.Tags']).some((t) => t.toLowerCase() === tag))
    .sort((a, b) => a.id - b.id)
    .map((i) => rawItem(org, i));
  return { count: value.length, next_id: org.nextId, value };
}

function testPlans(emu, params) {
  const org = pickOrg(emu, params);
  const project = params.get('project')?.toLowerCase();
  const ctx = { org };
  const suite = (s) => ({
    id: s.id,
    name: s.name,
    suiteType: s.suiteType,
    requirementId: s.requirementId,
    queryString: s.queryString,
    testCases: memberIds(ctx, s),
    children: s.childIds.map((id) => suite(org.suites.get(id))),
  });
  const value = [...org.plans.values()]
    .filter((p) => !project || p.project.name.toLowerCase() === project)
    .map((p) => ({
      id: p.id,
      name: p.name,
      project: p.project.name,
      areaPath: p.areaPath,
      iteration: p.iteration,
      rootSuite: suite(org.suites.get(p.rootSuiteId)),
    }));
  return { count: value.length, value };
}

export async function handleControl(emu, req, res, path, url) {
  const params = url.searchParams;
  const routes = {
    '/_control/log': { GET: () => emu.log.snapshot(emu.inFlight) },
    '/_control/config': {
      GET: () => emu.effectiveConfig(),
      POST: async () => {
        const { force, ...patch } = await jsonBody(req);
        const next = applyPatch(emu.config, patch);
        const forced = force === undefined ? [] : checkedForce(force);
        // Validated in full before anything changes: a bad patch changes nothing.
        emu.setConfig(next);
        for (const f of forced) emu.faults.force(f.fault, f.count, f.route);
        return emu.effectiveConfig();
      },
    },
    '/_control/reset': {
      POST: async () => {
        const body = await jsonBody(req);
        emu.reset({ config: body.config === true, keepState: body.keep_state === true });
        return { reset: true, config: emu.effectiveConfig() };
      },
    },
    '/_control/workitems': { GET: () => workItems(emu, params) },
    '/_control/testplans': { GET: () => testPlans(emu, params) },
  };
  let route = routes[path];
  const one = /^\/_control\/workitems\/(\d+)$/.exec(path);
  if (one) {
    route = {
      GET: () => {
        const org = pickOrg(emu, params);
        const item = org.items.get(Number(one[1]));
        if (!item) return { notFound: true };
        return rawItem(org, item);
      },
    };
  }
  if (!route) return sendJson(res, 404, { error: `unknown control route ${path}` });
  const handler = route[req.method];
  if (!handler)
    return sendJson(
      res,
      405,
      { error: `${req.method} not allowed on ${path}` },
      { allow: Object.keys(route).join(', ') },
    );
  try {
    const answer = await handler();
    if (answer?.notFound) return sendJson(res, 404, { error: `no work item ${one[1]}` });
    sendJson(res, 200, answer);
  } catch (error) {
    if (error instanceof ConfigError) return sendJson(res, 400, { error: error.message });
    throw error;
  }
}
