import { readFile } from 'node:fs/promises';
import { expect, test } from './support/fixtures';

// src/api/openapi.json is the route table the UI's types (src/api/schema.d.ts) are generated
// from. When the service's table changes, this fails until the snapshot is refreshed with
// `npm run api:types -- <service URL>` and the UI follows.
test("the UI's route table matches the service's", async ({ request }) => {
  const served = await request.get('/api/openapi.json');
  expect(served.ok()).toBe(true);
  const live = await served.json();
  const snapshot = JSON.parse(await readFile(new URL('../src/api/openapi.json', import.meta.url), 'utf8'));
  // The version changes with every build; the routes and their shapes are what matter.
  live.info.version = snapshot.info.version = '0';
  expect(Object.keys(live.paths).sort()).toEqual(Object.keys(snapshot.paths).sort());
  expect(live).toEqual(snapshot);
});
