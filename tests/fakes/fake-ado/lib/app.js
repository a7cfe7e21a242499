// The emulator: state shared by the routes (config, store, log, rate window, faults, requests in
// flight) and the HTTP server. One API request goes through, in order:
//   log → organisation → body (bounded) → PAT → OPTIONS discovery | route → project → api-version
//   → rate limit → fault draw → latency → error fault | handler (→ "lost_response" drops the answer)
// Refusals before the fault draw (auth, routing, version, limit) are answered at once, without
// latency, and never consume a fault. Usable in-process:
//   const emu = new Emulator(parseCommandLine([...]));  const { url } = await emu.listen();

import http from 'node:http';
import { matchRoute, optionsAnswer } from './api.js';
import { STRUCTURAL_KEYS } from './config.js';
import { handleControl } from './control.js';
import { AdoError, methodNotAllowed, notImplementedRoute, projectNotFound, throttled, unauthorized } from './errors.js';
import { FaultPicker } from './faults.js';
import {
  activityId,
  basicPassword,
  BodyTooLarge,
  gone,
  parseJson,
  readBody,
  sendJson,
  sendText,
  sleep,
} from './http.js';
import { RateLimiter } from './limits.js';
import { releasedVersionOf } from './locations.js';
import { RequestLog } from './log.js';
import { pick } from './rand.js';
import { Store } from './store.js';

export const LATEST_VERSION = '7.2';

const SIGN_IN_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Azure DevOps Services | Sign In</title></head>
<body><h1>Sign in</h1><p>Sign in to your account to continue to Azure DevOps.</p>
<form method="post" action="/_signin"><button type="submit">Sign in</button></form></body></html>
`;

/** "7.1", "7.1-preview", "7.1-preview.3" → { number, preview, text } or null. */
export function parseApiVersion(text) {
  const match = /^(\d+)\.(\d+)(-preview(\.\d+)?)?$/i.exec(String(text).trim());
  if (!match) return null;
  return { number: Number(match[1]) + Number(match[2]) / 100, preview: Boolean(match[3]), text: String(text).trim() };
}

/** The api-version of a request: the query parameter, else the Accept header's parameter. */
export function requestedVersion(query, accept) {
  const fromQuery = query.get('api-version');
  if (fromQuery !== undefined) return fromQuery;
  const match = /api-version\s*=\s*([^;,\s]+)/i.exec(accept ?? '');
  return match ? match[1] : null;
}

export function checkVersion(method, text, releasedVersion) {
  if (text === null || text === undefined || text === '') {
    throw new AdoError(
      400,
      'VssVersionNotSpecifiedException',
      `No api-version was supplied for the "${method}" request. The version must be supplied either as part of the Accept header (e.g. "application/json; api-version=1.0") or as a query parameter (e.g. "?api-version=1.0").`,
    );
  }
  const version = parseApiVersion(text);
  if (!version)
    throw new AdoError(
      400,
      'VssInvalidApiVersionException',
      `The api-version '${text}' is not valid. It must be of the form "7.1" or "7.1-preview.1".`,
    );
  if (version.number > parseApiVersion(LATEST_VERSION).number + 1e-9) {
    throw new AdoError(
      400,
      'VssVersionOutOfRangeException',
      `The requested REST API version of ${text} is out of range for this server. The latest REST API version this server supports is ${LATEST_VERSION}.`,
    );
  }
  const released = parseApiVersion(releasedVersion).number;
  if (!version.preview && version.number > released + 1e-9) {
    throw new AdoError(
      400,
      'VssInvalidPreviewVersionException',
      `The requested version "${text}" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: "${text}-preview"`,
    );
  }
  return version.text;
}

export class Emulator {
  constructor(config) {
    this.initialConfig = structuredClone(config);
    this.config = structuredClone(config);
    this.store = new Store(this.config);
    this.log = new RequestLog();
    this.limiter = new RateLimiter();
    this.faults = new FaultPicker();
    this.inFlight = 0;
    this.hung = new Set(); // responses held open by the "hang" fault
    this.server = http.createServer((req, res) => {
      this.dispatch(req, res).catch((error) => {
        process.stderr.write(`fake-ado: ${error.stack ?? error}\n`);
        if (!res.headersSent)
          sendJson(
            res,
            500,
            new AdoError(500, 'VssServiceException', `fake-ado internal error: ${error.message}`).body(),
          );
        else res.destroy();
      });
    });
    // A hung request must stay open as long as the client waits: no socket inactivity timeout.
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

  releaseHung() {
    for (const res of this.hung) res.destroy();
    this.hung.clear();
  }

  /** Clears the log, counters, rate window and forced faults; the store too unless keepState. */
  reset({ config = false, keepState = false } = {}) {
    if (config) this.config = structuredClone(this.initialConfig);
    this.releaseHung();
    this.log.clear();
    this.limiter.clear();
    this.faults.clear();
    if (!keepState) this.store = new Store(this.config);
  }

  /** Applies a validated config; a change of orgs, projects or the first id rebuilds the store. */
  setConfig(next) {
    const structural = STRUCTURAL_KEYS.some((k) => JSON.stringify(next[k]) !== JSON.stringify(this.config[k]));
    this.config = next;
    if (structural) this.store = new Store(this.config);
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

  // ---- dispatch --------------------------------------------------------------------------------

  async dispatch(req, res) {
    const url = new URL(req.url, 'http://localhost');
    const rawPath = url.pathname.replace(/\/+$/, '') || '/';
    if (rawPath === '/_control' || rawPath.startsWith('/_control/')) return handleControl(this, req, res, rawPath, url);
    if (rawPath === '/' && (req.method === 'GET' || req.method === 'HEAD'))
      return sendText(res, 200, 'fake-ado is running');
    return this.api(req, res, url, rawPath);
  }

  async api(req, res, url, rawPath) {
    const startedMs = performance.now();
    const id = activityId();
    const entry = this.log.start({ id, method: req.method, path: rawPath });
    res.setHeader('ActivityId', id);
    res.setHeader('X-VSS-E2EID', id);
    this.inFlight += 1;
    let finished = false;
    const end = () => {
      if (finished) return;
      finished = true;
      this.inFlight -= 1;
      this.hung.delete(res);
      this.log.finish(entry, res.writableFinished ? res.statusCode : 499, performance.now() - startedMs);
    };
    res.once('finish', end);
    res.once('close', end);

    const cfg = this.config; // the config at arrival applies to the whole request
    const ctx = {
      emu: this,
      config: cfg,
      req,
      method: req.method,
      entry,
      touched: [],
      apiVersion: null,
      rateHeaders: {},
    };
    entry.work_item_ids = ctx.touched;
    const fail = (error) => {
      const headers = { ...ctx.rateHeaders, ...error.headers };
      if (error.status === 401)
        headers['WWW-Authenticate'] = `Basic realm="http://${req.headers.host ?? 'localhost'}/"`;
      sendJson(res, error.status, error.body(), headers, ctx.apiVersion);
    };
    try {
      await this.serve(ctx, req, res, url, rawPath, cfg);
    } catch (error) {
      if (error instanceof AdoError) return fail(error);
      throw error;
    }
  }

  authFailure(req, res, cfg) {
    const suppress = String(req.headers['x-tfs-fedauthredirect'] ?? '').toLowerCase() === 'suppress';
    const mode = cfg.auth_failure === 'auto' ? (suppress ? '401' : '203') : cfg.auth_failure;
    if (mode === '203') return sendText(res, 203, SIGN_IN_PAGE, {}, 'text/html; charset=utf-8');
    throw unauthorized();
  }

  async serve(ctx, req, res, url, rawPath, cfg) {
    let segments;
    try {
      segments = rawPath
        .split('/')
        .filter(Boolean)
        .map((s) => decodeURIComponent(s));
    } catch {
      throw notImplementedRoute(rawPath);
    }
    const org = this.store.org(segments[0] ?? '');
    if (!org)
      throw new AdoError(
        404,
        'HostNotFoundException',
        `The organization '${segments[0] ?? ''}' does not exist (fake-ado knows: ${cfg.orgs.join(', ')}).`,
      );
    ctx.org = org;
    ctx.entry.org = org.name;
    ctx.base = `http://${req.headers.host ?? `${this.address?.host}:${this.address?.port}`}/${encodeURIComponent(org.name)}`;
    ctx.query = new Map([...url.searchParams].map(([k, v]) => [k.toLowerCase(), v]));

    // The body is read before anything is refused, so a refusal keeps the connection usable.
    let raw;
    try {
      raw = await readBody(req, cfg.max_body_bytes);
    } catch (error) {
      if (error instanceof BodyTooLarge)
        throw new AdoError(
          413,
          'RequestContentTooLargeException',
          `The request body is larger than the limit of ${cfg.max_body_bytes} bytes.`,
        );
      return; // the client went away mid-body
    }
    ctx.contentType = String(req.headers['content-type'] ?? '');
    if (raw.trim() !== '') {
      const parsed = parseJson(raw);
      if (parsed.error !== undefined) ctx.bodyError = parsed.error;
      else ctx.body = parsed.value;
    }
    if (cfg.log_bodies && raw !== '') ctx.entry.body = ctx.body ?? raw;

    const pat = basicPassword(req);
    if (pat === null || !cfg.pats.includes(pat)) {
      ctx.entry.route = 'auth';
      return this.authFailure(req, res, cfg);
    }

    const apis = segments.findIndex((s) => s.toLowerCase() === '_apis');
    if (apis < 1 || apis > 3) throw notImplementedRoute(rawPath);
    const projectName = apis >= 2 ? segments[1] : null;
    ctx.team = apis === 3 ? segments[2] : null;
    const rest = segments.slice(apis + 1);

    if (req.method === 'OPTIONS') {
      this.log.route(ctx.entry, 'options');
      const answer = rest.length === 1 && !projectName ? optionsAnswer(rest[0]) : null;
      if (!answer) throw notImplementedRoute(rawPath);
      const fault = this.faults.next('options', cfg.faults, cfg.seed, { random: false });
      return this.respond(ctx, res, cfg, fault, () => ({ status: 200, body: answer }));
    }

    const match = matchRoute(req.method, rest);
    if (!match) throw notImplementedRoute(rawPath);
    if (match.notAllowed) throw methodNotAllowed(req.method);
    this.log.route(ctx.entry, match.op);
    if ((match.route.project === 'required' && !projectName) || (match.route.project === 'none' && projectName))
      throw notImplementedRoute(rawPath);
    if (projectName) {
      ctx.project = org.project(projectName);
      if (!ctx.project) throw projectNotFound(projectName);
      ctx.entry.project = ctx.project.name;
    } else ctx.project = null;
    ctx.params = match.params;

    ctx.apiVersion = checkVersion(
      req.method,
      requestedVersion(ctx.query, req.headers.accept),
      releasedVersionOf(match.route.location),
    );
    ctx.entry.api_version = ctx.apiVersion;

    const verdict = this.limiter.admit(cfg, Date.now());
    ctx.rateHeaders = verdict.headers;
    if (verdict.verdict === 'block') {
      ctx.entry.limited = 'blocked';
      throw throttled({});
    }
    if (verdict.verdict === 'delay') {
      ctx.entry.limited = 'delayed';
      await sleep(verdict.delayMs);
    }

    const fault = this.faults.next(match.op, cfg.faults, cfg.seed, { random: !match.route.discovery });
    return this.respond(ctx, res, cfg, fault, () => match.handler(ctx));
  }

  /** Latency, then the fault or the handler's answer. */
  async respond(ctx, res, cfg, fault, produce) {
    ctx.entry.fault = fault;
    if (fault === 'hang') {
      this.hung.add(res); // accepted, never answered: the client's timeout is what ends it
      return;
    }
    const jitter =
      cfg.latency_jitter_ms > 0 ? pick(cfg.latency_jitter_ms + 1, 'jitter', cfg.seed, this.faults.counter) : 0;
    if (cfg.latency_ms + jitter > 0) await sleep(cfg.latency_ms + jitter);
    if (gone(res)) return;
    const retryAfter = { 'Retry-After': String(cfg.fault_retry_after_s) };
    switch (fault) {
      case 'disconnect':
        res.destroy(); // nothing was done: the connection just ends
        return;
      case 'throttle':
        throw throttled({
          ...retryAfter,
          'X-RateLimit-Resource': 'WorkItemTracking.TSTU',
          'X-RateLimit-Limit': String(cfg.rate_limit || 200),
          'X-RateLimit-Remaining': '0',
          'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + cfg.fault_retry_after_s),
        });
      case 'server_error':
        throw new AdoError(
          500,
          'VssServiceException',
          'An unexpected error occurred on the server (fake-ado injected server_error).',
        );
      case 'unavailable':
        throw new AdoError(
          503,
          'VssServiceUnavailableException',
          'The service is temporarily unavailable; try again later (fake-ado injected unavailable).',
          { headers: retryAfter },
        );
      case 'unauthorized':
        return this.authFailure(ctx.req, res, cfg);
      default:
        break;
    }
    const { status = 200, body, headers = {} } = produce();
    if (fault === 'lost_response') {
      res.destroy(); // the work was done and saved; the client never hears of it
      return;
    }
    if (status === 204) {
      if (gone(res)) return;
      res.writeHead(204, { ...ctx.rateHeaders, ...headers });
      return res.end();
    }
    sendJson(res, status, body, { ...ctx.rateHeaders, ...headers }, ctx.apiVersion);
  }
}
