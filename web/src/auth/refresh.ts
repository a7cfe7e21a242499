// Keeping the session alive: the access token lives ACCESS_TOKEN_TTL_SECONDS (30 min by default)
// and the refresh cookie rotates on every use. Presenting an already rotated refresh cookie ends
// the whole device session, so two tabs must never refresh at once: a Web Lock serialises them
// and each tab first asks whether another one has just refreshed.
import { auth } from '../api/endpoints';

/** Refresh this long before the token expires (less for very short lifetimes). */
export function refreshDelayMs(expiresAtMs: number, lifetimeMs: number, nowMs: number): number {
  const margin = Math.min(60_000, Math.max(1_000, lifetimeMs / 4));
  return Math.max(0, expiresAtMs - margin - nowMs);
}

/** Seconds the current access token has left, or null when there is none (401). */
async function accessTokenSecondsLeft(): Promise<number | null> {
  // Plain fetch: the API client would answer a 401 by refreshing, which is what we are doing.
  const response = await fetch('/api/auth/verify', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!response.ok) return null;
  const body = (await response.json()) as { data?: { expires_at?: number } };
  const expiresAt = body.data?.expires_at;
  return typeof expiresAt === 'number' ? expiresAt - Date.now() / 1000 : null;
}

export interface RefreshOutcome {
  ok: boolean;
  /** When the (possibly new) access token expires, in ms since the epoch. */
  expiresAtMs?: number;
  lifetimeMs?: number;
}

async function refreshUnderLock(force: boolean): Promise<RefreshOutcome> {
  const left = await accessTokenSecondsLeft().catch(() => null);
  // Another tab refreshed a moment ago: its cookies are ours too.
  if (left !== null && left > 120 && !force) {
    return { ok: true, expiresAtMs: Date.now() + left * 1000 };
  }
  try {
    const answer = await auth.refresh();
    const lifetimeMs = answer.data.tokens.expires_in * 1000;
    return { ok: true, expiresAtMs: Date.now() + lifetimeMs, lifetimeMs };
  } catch {
    return { ok: false };
  }
}

let inFlight: Promise<RefreshOutcome> | null = null;

/** One refresh at a time in this tab, and across tabs where Web Locks exist. */
export function refreshSession(force = false): Promise<RefreshOutcome> {
  if (inFlight) return inFlight;
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  const run: Promise<RefreshOutcome> = locks
    ? (async () => locks.request('agile-backlog-refresh', () => refreshUnderLock(force)))()
    : refreshUnderLock(force);
  const shared = run.finally(() => {
    inFlight = null;
  });
  inFlight = shared;
  return shared;
}
