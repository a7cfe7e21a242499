// The one place the UI talks HTTP to the service. Paths are typed against the route table the
// service publishes (schema.d.ts, generated from /api/openapi.json), so a call to a route or verb
// that does not exist fails type-checking.
import type { paths } from './schema';
import { csrfToken } from './cookies';
import { ApiError, networkError, parseRetryAfter, type Problem } from './errors';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Paths of the route table that answer `M`. */
export type PathFor<M extends Method> = {
  [P in keyof paths]: paths[P] extends { [K in M]: infer Op } ? ([Op] extends [never] ? never : P) : never;
}[keyof paths] &
  string;

type ParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? Name | ParamNames<Rest>
  : never;

type PathParams<P extends string> = [ParamNames<P>] extends [never]
  ? { params?: undefined }
  : { params: Record<ParamNames<P>, string> };

export type Query = Record<string, string | number | boolean | undefined | null>;

export type CallOptions<P extends string> = PathParams<P> & {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
};

/** What the session layer lends the client: one refresh at a time, and what to do when it fails. */
export interface SessionHooks {
  refresh(): Promise<boolean>;
  signedOut(): void;
}

let hooks: SessionHooks | null = null;

export function setSessionHooks(next: SessionHooks | null): void {
  hooks = next;
}

const UNSAFE = new Set<Method>(['post', 'put', 'patch', 'delete']);
// Their 401 means "wrong password" or "no session", not "access token expired".
const NO_REFRESH_ON_401 = new Set([
  '/api/auth/login',
  '/api/auth/register',
  '/api/auth/refresh',
  '/api/auth/logout',
  '/api/auth/change-password',
]);

export function fillPath(template: string, params: Record<string, string> | undefined, query?: Query): string {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${template}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

async function send(method: Method, url: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(method)) {
    const token = csrfToken();
    if (token) headers['X-CSRF-Token'] = token;
  }
  try {
    return await fetch(url, {
      method: method.toUpperCase(),
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw networkError(error);
  }
}

export async function problemOf(response: Response): Promise<ApiError> {
  let problem: Problem = {};
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      const parsed: unknown = await response.json();
      if (parsed && typeof parsed === 'object') {
        const p = parsed as Problem & { message?: string };
        problem = { ...p, detail: p.detail ?? p.message };
      }
    } catch {
      // A body that is not JSON leaves the generic wording.
    }
  }
  return new ApiError(response.status, problem, parseRetryAfter(response.headers.get('Retry-After')));
}

/**
 * Sends a request and returns the raw Response when it succeeded. A 401 on an authenticated
 * route gets one silent refresh and one retry; if that fails the session ends.
 */
export async function callRaw<M extends Method, P extends PathFor<M>>(
  method: M,
  path: P,
  options: CallOptions<P>,
): Promise<Response> {
  const url = fillPath(path, options.params as Record<string, string> | undefined, options.query);
  let response = await send(method, url, options.body, options.signal);
  if (response.status === 401 && !NO_REFRESH_ON_401.has(path) && hooks) {
    if (await hooks.refresh()) {
      response = await send(method, url, options.body, options.signal);
    }
    if (response.status === 401) {
      const error = await problemOf(response);
      hooks.signedOut();
      throw error;
    }
  }
  if (!response.ok) throw await problemOf(response);
  return response;
}

export async function call<T, M extends Method = Method, P extends PathFor<M> = PathFor<M>>(
  method: M,
  path: P,
  options: CallOptions<P>,
): Promise<T> {
  const response = await callRaw(method, path, options);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

// Short forms; each checks its path against the verbs the route table has.
export const api = {
  get: <T, P extends PathFor<'get'>>(path: P, options: CallOptions<P>) => call<T, 'get', P>('get', path, options),
  post: <T, P extends PathFor<'post'>>(path: P, options: CallOptions<P>) => call<T, 'post', P>('post', path, options),
  put: <T, P extends PathFor<'put'>>(path: P, options: CallOptions<P>) => call<T, 'put', P>('put', path, options),
  patch: <T, P extends PathFor<'patch'>>(path: P, options: CallOptions<P>) =>
    call<T, 'patch', P>('patch', path, options),
  delete: <T, P extends PathFor<'delete'>>(path: P, options: CallOptions<P>) =>
    call<T, 'delete', P>('delete', path, options),
};
