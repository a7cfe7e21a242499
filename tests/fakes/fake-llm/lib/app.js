// The emulator: state shared by the routes (config, log, limits, faults, in-flight requests)
// and the HTTP server that dispatches to them. Usable in-process:
//   const emu = new Emulator(parseCommandLine([...]));  const { url } = await emu.listen();

import http from 'node:http';
import { handleChat, knownModel, OLLAMA, OPENAI } from './chat.js';
import { handleControl } from './control.js';
import { FaultPicker, invalidKeyError } from './faults.js';
import { bearerToken, requestId, sendJson, sendText } from './http.js';
import { RateLimits } from './limits.js';
import { RequestLog } from './log.js';
import { modelList, modelObject } from './openai.js';
import { tagList } from './ollama.js';

// Listed by GET /v1/models and /api/tags when no --models list restricts the accepted models.
const DEFAULT_LISTED_MODELS = ['gpt-4o-mini', 'llama3.1:8b'];

export class Emulator {
  constructor(config) {
    this.initialConfig = structuredClone(config);
    this.config = structuredClone(config);
    this.log = new RequestLog();
    this.limits = new RateLimits();
    this.faults = new FaultPicker();
    this.active = new Set(); // one token per chat request in flight
    this.maxInFlight = 0;
    this.hung = new Map(); // response → its in-flight token, for the "hang" fault
    this.server = http.createServer((req, res) => {
      this.dispatch(req, res).catch((error) => {
        process.stderr.write(`fake-llm: ${error.stack ?? error}\n`);
        if (!res.headersSent)
          sendJson(res, 500, {
            error: { message: 'fake-llm internal error', type: 'server_error', param: null, code: null },
          });
        else res.destroy();
      });
    });
    // A hung request must stay open as long as the client waits: no socket inactivity timeout
    // (0 is Node's default; set here because the "hang" fault depends on it).
    this.server.timeout = 0;
  }

  /** Resolves to { host, port, url } once listening. */
  listen(port = this.config.port, host = this.config.host) {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        this.address = { host: address.address, port: address.port, url: `http://${shown}:${address.port}` };
        resolve(this.address);
      });
    });
  }

  /** Stops listening, drops hung requests and every open connection. */
  close() {
    return new Promise((resolve) => {
      this.releaseHung();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ---- bookkeeping used by the routes ---------------------------------------------------

  /**
   * Logs an arriving request and, for chat routes, counts it in flight (refused ones too: the
   * high-water mark shows a client that sent more than the limit at once).
   */
  arrive(req, res, route, { chat = true } = {}) {
    const startedMs = performance.now();
    const id = requestId();
    const entry = this.log.start({ id, method: req.method, route });
    res.setHeader('x-request-id', id);
    const token = {};
    const before = this.active.size;
    if (chat) {
      this.active.add(token);
      this.maxInFlight = Math.max(this.maxInFlight, this.active.size);
    }
    let done = false;
    const end = () => {
      if (done) return;
      done = true;
      this.active.delete(token);
      this.hung.delete(res);
      this.log.finish(entry, res.writableFinished ? res.statusCode : 499, performance.now() - startedMs);
    };
    res.once('finish', end);
    res.once('close', end);
    const limit = this.config.max_concurrency;
    return { entry, startedMs, before, refuse: chat && limit > 0 && before >= limit, token };
  }

  hang(res, token) {
    this.hung.set(res, token);
  }

  /** Destroys hung requests' sockets; they stop counting in flight at once. */
  releaseHung() {
    for (const [res, token] of this.hung) {
      this.active.delete(token);
      res.destroy();
    }
    this.hung.clear();
  }

  reset({ config = false } = {}) {
    if (config) this.config = structuredClone(this.initialConfig);
    this.releaseHung(); // their 'close' comes later and then counts in no log
    this.log.clear();
    this.limits.clear();
    this.faults.clear();
    // Requests still running (in their latency) stay in flight; hung ones no longer are.
    this.maxInFlight = this.active.size;
  }

  effectiveConfig() {
    const { port, host, ...rest } = this.config;
    return {
      ...rest,
      port: this.address?.port ?? port,
      host: this.address?.host ?? host,
      force: this.faults.forcedSnapshot(),
    };
  }

  logSnapshot() {
    return this.log.snapshot(this.active.size, this.maxInFlight);
  }

  listedModels() {
    return this.config.models ?? DEFAULT_LISTED_MODELS;
  }

  // ---- routing --------------------------------------------------------------------------

  async dispatch(req, res) {
    const path = new URL(req.url, 'http://localhost').pathname.replace(/\/+$/, '') || '/';
    if (path === '/_control' || path.startsWith('/_control/')) return handleControl(this, req, res, path);

    // OpenAI routes answer with and without the /v1 prefix (clients configured with a bare host).
    const bare = path === '/v1' ? '/' : path.startsWith('/v1/') ? path.slice(3) : path;
    const method = req.method;
    if (bare === '/chat/completions') {
      if (method === 'POST') return handleChat(this, req, res, OPENAI, path);
      return this.simple(req, res, path, OPENAI, () => ({ status: 405, error: `Invalid URL (${method} ${path})` }));
    }
    if (bare === '/models' && method === 'GET')
      return this.simple(req, res, path, OPENAI, () => ({ body: modelList(this.listedModels()) }));
    if (bare.startsWith('/models/') && method === 'GET') {
      const id = decodeURIComponent(bare.slice('/models/'.length));
      return this.simple(req, res, path, OPENAI, () =>
        this.config.models && !knownModel(this.config.models, id)
          ? { status: 404, error: OPENAI.modelNotFound(id) }
          : { body: modelObject(id) },
      );
    }
    if (path === '/api/chat') {
      if (method === 'POST') return handleChat(this, req, res, OLLAMA, path);
      return this.simple(req, res, path, OLLAMA, () => ({ status: 405, error: 'method not allowed' }));
    }
    if (path === '/api/tags' && method === 'GET')
      return this.simple(req, res, path, OLLAMA, () => ({ body: tagList(this.listedModels()) }));
    if (path === '/api/version' && method === 'GET')
      return this.simple(req, res, path, OLLAMA, () => ({ body: { version: '0.0.0-fake-llm' } }));
    if (path === '/' && (method === 'GET' || method === 'HEAD')) return sendText(res, 200, 'fake-llm is running');

    // Unknown routes: Go's plain 404 under /api (Ollama), the OpenAI error elsewhere.
    if (path.startsWith('/api/')) {
      const { entry } = this.arrive(req, res, path, { chat: false });
      entry.model = null;
      return sendText(res, 404, '404 page not found');
    }
    return this.simple(req, res, path, OPENAI, () => ({ status: 404, error: `Invalid URL (${method} ${path})` }));
  }

  /** A non-chat route: logged, behind the API key, answered at once (no faults, limits, latency). */
  simple(req, res, path, dialect, produce) {
    this.arrive(req, res, path, { chat: false });
    const asError = (error) =>
      typeof error === 'string' ? { message: error, type: 'invalid_request_error', param: null, code: null } : error;
    if (this.config.api_key && bearerToken(req) !== this.config.api_key) {
      const refusal = invalidKeyError(bearerToken(req));
      return sendJson(res, refusal.status, dialect.errorBody(refusal.error));
    }
    const { status = 200, body, error } = produce();
    if (error !== undefined) return sendJson(res, status, dialect.errorBody(asError(error)));
    return sendJson(res, status, body);
  }
}
