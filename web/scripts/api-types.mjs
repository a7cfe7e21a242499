// Regenerates src/api/schema.d.ts from src/api/openapi.json, the service's route table as
// published at /api/openapi.json. With a URL it first refreshes that snapshot from a running
// service:  npm run api:types -- http://127.0.0.1:8000
// A unit test fails when schema.d.ts is stale; the browser tests fail when the snapshot differs
// from the service they run against.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { generateSchemaSource } from './api-schema.mjs';

const snapshot = fileURLToPath(new URL('../src/api/openapi.json', import.meta.url));
const output = fileURLToPath(new URL('../src/api/schema.d.ts', import.meta.url));

const from = process.argv[2];
if (from) {
  const response = await fetch(new URL('/api/openapi.json', from));
  if (!response.ok) throw new Error(`${from}: HTTP ${response.status}`);
  const document = await response.json();
  await writeFile(snapshot, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`updated ${snapshot}`);
}
const document = JSON.parse(await readFile(snapshot, 'utf8'));
await writeFile(output, await generateSchemaSource(document));
console.log(`wrote ${output}`);
