// Renders a screen the way the app does (query client, router, session) against a fetch that
// answers per route, for component tests.
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { createQueryClient } from '../App';
import { SessionProvider } from '../auth/session';

export type Route = (init: RequestInit) => Response | Promise<Response>;

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  });

/** Stubs fetch: `'POST /api/auth/login'` → answer; anything else unlisted is a 401 (signed out). */
export function stubApi(routes: Record<string, Route>) {
  const calls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const key = `${(init.method ?? 'GET').toUpperCase()} ${url.split('?')[0]}`;
      calls.push(key);
      const route = routes[key];
      return route ? route(init) : json(401, { detail: 'Not signed in', code: 'unauthorized' });
    }),
  );
  return calls;
}

export function renderScreen(ui: ReactElement, path = '/') {
  return render(
    <QueryClientProvider client={createQueryClient()}>
      <MemoryRouter initialEntries={[path]}>
        <SessionProvider>{ui}</SessionProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}
