#!/usr/bin/env node
// fake-ado: an Azure DevOps REST emulator for tests, demos and benchmarks.
// Prints exactly one line on stdout once listening ("fake-ado listening on http://HOST:PORT");
// test fixtures read the port from it. SIGTERM/SIGINT stop it cleanly. See README.md.

import { Emulator } from './lib/app.js';
import { ConfigError, parseCommandLine, USAGE } from './lib/config.js';

let config;
try {
  config = parseCommandLine(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`fake-ado: ${error.message}\n${USAGE}\n`);
  process.exit(2);
}
if (config.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const emulator = new Emulator(config);
try {
  const { url } = await emulator.listen();
  process.stdout.write(`fake-ado listening on ${url}\n`);
} catch (error) {
  process.stderr.write(`fake-ado: cannot listen on ${config.host}:${config.port}: ${error.message}\n`);
  process.exit(1);
}

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  // Open connections (keep-alive, hung requests) are closed by emulator.close(); the timer is a
  // last resort that must not itself keep the process alive.
  setTimeout(() => process.exit(0), 2000).unref();
  await emulator.close();
  process.stderr.write(`fake-ado: stopped (${signal})\n`);
  process.exit(0);
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
