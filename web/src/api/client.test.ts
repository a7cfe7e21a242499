import { api, fillPath, setSessionHooks } from './client';
import { csrfToken, readCookie } from './cookies';
import { ApiError } from './errors';

type Call = { url: string; method: string; headers: Record<string, string>; body?: string };

function mockFetch(answers: Response[]): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, method: String(init.method), headers: init.headers as Record<string, string>, body: init.body as string | undefined });
      const next = answers.shift();
      if (!next) throw new Error(`unexpected call to ${url}`);
      return next;
    }),
  );
  return calls;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers } });

function setCookie(value: string) {
  document.cookie = `csrf_token=${value}; path=/`;
}

afterEach(() => {
  vi.unstubAllGlobals();
  setSessionHooks(null);
  document.cookie = 'csrf_token=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
});

describe('the API client', () => {
  it('echoes the CSRF cookie in X-CSRF-Token on unsafe calls only, reading it when each call is sent', async () => {
    const calls = mockFetch([json(200, { ok: 1 }), json(200, { ok: 2 }), json(200, { ok: 3 })]);
    setCookie('first');
    await api.get('/api/projects', {});
    await api.post('/api/projects', { body: { name: 'x' } });
    setCookie('rotated');
    await api.delete('/api/projects/{id}', { params: { id: '7' } });
    expect(calls[0]!.headers['X-CSRF-Token']).toBeUndefined();
    expect(calls[1]!.headers['X-CSRF-Token']).toBe('first');
    expect(calls[1]!.body).toBe('{"name":"x"}');
    expect(calls[2]!.headers['X-CSRF-Token']).toBe('rotated');
    expect(calls[2]!.url).toBe('/api/projects/7');
  });

  it('refreshes once on a 401 and repeats the call', async () => {
    const calls = mockFetch([json(401, { detail: 'Token expired' }), json(200, { id: 'p1' })]);
    const refresh = vi.fn(async () => true);
    const signedOut = vi.fn();
    setSessionHooks({ refresh, signedOut });
    await expect(api.get('/api/projects/{id}', { params: { id: 'p1' } })).resolves.toEqual({ id: 'p1' });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(signedOut).not.toHaveBeenCalled();
    expect(calls).toHaveLength(2);
  });

  it('ends the session when the refresh fails, with the service’s detail', async () => {
    mockFetch([json(401, { detail: 'Token revoked', code: 'unauthorized' })]);
    const signedOut = vi.fn();
    setSessionHooks({ refresh: async () => false, signedOut });
    const error = await api.get('/api/auth/me', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).detail).toBe('Token revoked');
    expect(signedOut).toHaveBeenCalledTimes(1);
  });

  it('does not refresh when a sign-in is refused: that 401 means a wrong password', async () => {
    mockFetch([json(401, { detail: 'Invalid user name or password', code: 'invalid_credentials' })]);
    const refresh = vi.fn(async () => true);
    setSessionHooks({ refresh, signedOut: vi.fn() });
    await expect(api.post('/api/auth/login', { body: {} })).rejects.toMatchObject({ status: 401, code: 'invalid_credentials' });
    expect(refresh).not.toHaveBeenCalled();
  });

  it('turns problem+json into an error with detail, field errors and Retry-After', async () => {
    mockFetch([
      json(422, { detail: 'The project is not valid', errors: [{ field: 'domains', message: 'Choose 1 to 3 domains' }] }),
      json(429, { detail: 'Too many attempts' }, { 'Retry-After': '30' }),
    ]);
    const invalid = (await api.post('/api/projects', { body: {} }).catch((e: unknown) => e)) as ApiError;
    expect(invalid.detail).toBe('The project is not valid');
    expect(invalid.fieldMessage('domains')).toBe('Choose 1 to 3 domains');
    const limited = (await api.post('/api/auth/login', { body: {} }).catch((e: unknown) => e)) as ApiError;
    expect(limited.retryAfter).toBe(30);
  });

  it('reports an unreachable service as a network error, and a bare 5xx in words', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(api.get('/api/projects', {})).rejects.toMatchObject({ status: 0, code: 'network_error' });
    mockFetch([new Response('oops', { status: 502 })]);
    await expect(api.get('/api/projects', {})).rejects.toMatchObject({ status: 502, detail: 'The service failed (HTTP 502). Try again in a moment.' });
  });

  it('fills path parameters encoded and leaves empty query values out', () => {
    expect(fillPath('/api/nodes/{id}', { id: 'a/b' }, { format: 'json', empty: '', none: undefined })).toBe('/api/nodes/a%2Fb?format=json');
    expect(() => fillPath('/api/nodes/{id}', {})).toThrow('missing path parameter id');
  });
});

describe('cookies', () => {
  it('finds the CSRF cookie under either name', () => {
    expect(csrfToken('a=1; csrf_token=abc')).toBe('abc');
    expect(csrfToken('__Host-csrf_token=sec; csrf_token=plain')).toBe('sec');
    expect(csrfToken('other=1')).toBeNull();
    expect(readCookie('x', 'x=a%20b')).toBe('a b');
  });
});
