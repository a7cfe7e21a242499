/// <reference types="node" />
// The UI's calls and the service's route table cannot drift apart unnoticed: schema.d.ts must be
// what scripts/api-types.mjs makes of the snapshot, and every route of the snapshot is either
// called by endpoints.ts or listed as deliberately unused. (The browser tests compare the snapshot
// with what the running service publishes.)
import { readFileSync } from 'node:fs';
import { generateSchemaSource } from '../../scripts/api-schema.mjs';
import { ROUTES_NOT_USED_BY_THE_UI, TRACKER_ROUTES_NOT_YET_USED } from './endpoints';

const here = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');
const snapshot = JSON.parse(here('./openapi.json')) as { paths: Record<string, Record<string, unknown>> };

const routes = Object.entries(snapshot.paths).flatMap(([path, ops]) =>
  Object.keys(ops)
    .filter((verb) => ['get', 'post', 'put', 'patch', 'delete'].includes(verb))
    .map((verb) => `${verb} ${path}`),
);

/** `api.get('/api/...'` and `callRaw('get', '/api/...'` calls in endpoints.ts. */
function calledRoutes(): Set<string> {
  const source = here('./endpoints.ts');
  const found = new Set<string>();
  for (const m of source.matchAll(/api\.(get|post|put|patch|delete)\(\s*'([^']+)'/g)) found.add(`${m[1]} ${m[2]}`);
  for (const m of source.matchAll(/callRaw\(\s*'(\w+)',\s*'([^']+)'/g)) found.add(`${m[1]} ${m[2]}`);
  // The event stream is opened by EventSource from a URL built in a template literal.
  for (const m of source.matchAll(/`(\/api\/[^`]+)`/g)) found.add(`get ${m[1]!.replace(/\$\{[^}]*\}/g, '{id}')}`);
  return found;
}

describe('the route table', () => {
  it('schema.d.ts is generated from the current snapshot (run npm run api:types)', async () => {
    expect(here('./schema.d.ts')).toBe(await generateSchemaSource(snapshot));
  });

  it('every route is used or deliberately unused', () => {
    const called = calledRoutes();
    const unused = new Set<string>([...ROUTES_NOT_USED_BY_THE_UI, ...TRACKER_ROUTES_NOT_YET_USED]);
    expect(routes.filter((r) => !called.has(r) && !unused.has(r))).toEqual([]);
    // And nothing is called, or listed, that the service does not have.
    expect([...called, ...unused].filter((r) => !routes.includes(r))).toEqual([]);
  });
});
