import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { setSessionHooks } from '../api/client';
import { auth } from '../api/endpoints';
import { ApiError } from '../api/errors';
import type { User } from '../api/types';
import { refreshDelayMs, refreshSession } from './refresh';

export type SessionStatus = 'loading' | 'signedIn' | 'signedOut';

export interface Session {
  status: SessionStatus;
  user: User | null;
  /** Why the session ended without the user asking (expired, revoked), for the sign-in page. */
  endedReason: string | null;
  /** After a successful login, register or password change (the service set the cookies). */
  signedIn(expiresInSeconds: number): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<SessionStatus>('loading');
  const [user, setUser] = useState<User | null>(null);
  const [endedReason, setEndedReason] = useState<string | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const expiry = useRef<{ at: number; lifetime: number } | null>(null);

  const schedule = useCallback((expiresAtMs: number, lifetimeMs: number) => {
    expiry.current = { at: expiresAtMs, lifetime: lifetimeMs };
    window.clearTimeout(timer.current);
    const delay = refreshDelayMs(expiresAtMs, lifetimeMs, Date.now());
    timer.current = window.setTimeout(() => {
      void refreshSession().then((outcome) => {
        if (outcome.ok && outcome.expiresAtMs) {
          schedule(outcome.expiresAtMs, outcome.lifetimeMs ?? lifetimeMs);
        }
        // A failed timed refresh changes nothing yet: the next call's 401 ends the session.
      });
    }, Math.min(delay, 2_147_000_000));
  }, []);

  const end = useCallback(
    (reason: string | null) => {
      window.clearTimeout(timer.current);
      expiry.current = null;
      setUser(null);
      setEndedReason(reason);
      setStatus('signedOut');
      queryClient.clear();
    },
    [queryClient],
  );

  const loadUser = useCallback(async () => {
    const me = await auth.me();
    setUser(me.data);
    setEndedReason(null);
    setStatus('signedIn');
  }, []);

  useEffect(() => {
    setSessionHooks({
      refresh: async () => {
        const outcome = await refreshSession(true);
        if (outcome.ok && outcome.expiresAtMs) {
          schedule(outcome.expiresAtMs, outcome.lifetimeMs ?? 30 * 60_000);
        }
        return outcome.ok;
      },
      signedOut: () => end('Your session has ended. Please sign in again.'),
    });
    return () => setSessionHooks(null);
  }, [end, schedule]);

  // On load: who is signed in (a 401 here refreshes once through the client), and when the
  // access token expires.
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        await loadUser();
        const verified = await auth.verify();
        if (!cancelled) {
          const at = verified.data.expires_at * 1000;
          schedule(at, Math.max(at - Date.now(), 60_000));
        }
      } catch (error) {
        if (!cancelled) {
          window.clearTimeout(timer.current);
          setUser(null);
          setStatus('signedOut');
          // A 401 on load just means "not signed in"; anything else is worth saying.
          setEndedReason(error instanceof ApiError && error.status !== 401 ? error.detail : null);
        }
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [loadUser, schedule]);

  // Timers sleep in background tabs: catch up when the tab is shown again.
  useEffect(() => {
    const onVisible = () => {
      const current = expiry.current;
      if (document.visibilityState === 'visible' && current) schedule(current.at, current.lifetime);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [schedule]);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const signedIn = useCallback(
    async (expiresInSeconds: number) => {
      const lifetime = expiresInSeconds * 1000;
      schedule(Date.now() + lifetime, lifetime);
      await loadUser();
    },
    [loadUser, schedule],
  );

  const signOut = useCallback(async () => {
    try {
      await auth.logout();
    } catch {
      // Signed out here either way; the service's cookies expire on their own.
    }
    end(null);
  }, [end]);

  const value = useMemo<Session>(
    () => ({ status, user, endedReason, signedIn, signOut }),
    [status, user, endedReason, signedIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
