import { refreshDelayMs, refreshSession } from './refresh';

afterEach(() => vi.unstubAllGlobals());

describe('silent refresh', () => {
  it('is scheduled a minute before expiry, or a quarter of a short lifetime', () => {
    expect(refreshDelayMs(1_800_000, 1_800_000, 0)).toBe(1_740_000);
    expect(refreshDelayMs(20_000, 20_000, 0)).toBe(15_000);
    expect(refreshDelayMs(1_000, 1_800_000, 5_000)).toBe(0);
  });

  it('sends one refresh for callers asking at once, with the CSRF header', async () => {
    document.cookie = 'csrf_token=tok; path=/';
    const urls: string[] = [];
    let csrf: string | undefined;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        urls.push(url);
        if (url === '/api/auth/verify') return new Response('{}', { status: 401, headers: { 'Content-Type': 'application/json' } });
        csrf = (init.headers as Record<string, string>)['X-CSRF-Token'];
        return new Response(JSON.stringify({ success: true, data: { tokens: { expires_in: 1800 } } }), {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        });
      }),
    );
    const [a, b] = await Promise.all([refreshSession(), refreshSession()]);
    expect(a.ok).toBe(true);
    expect(b).toBe(a);
    expect(urls.filter((u) => u === '/api/auth/refresh')).toHaveLength(1);
    expect(csrf).toBe('tok');
    expect(a.lifetimeMs).toBe(1_800_000);
  });

  it('skips the refresh when another tab has just renewed the token', async () => {
    const urls: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        urls.push(url);
        return new Response(JSON.stringify({ data: { expires_at: Date.now() / 1000 + 1700 } }), {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        });
      }),
    );
    const outcome = await refreshSession();
    expect(outcome.ok).toBe(true);
    expect(urls).toEqual(['/api/auth/verify']);
  });
});
