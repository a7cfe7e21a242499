import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { useSession } from '../auth/session';
import { Loading } from './Loading';

/** Signed-out visitors go to the sign-in page, which brings them back here afterwards. */
export function RequireAuth() {
  const { status } = useSession();
  const location = useLocation();
  if (status === 'loading') return <Loading label="Checking your session…" />;
  if (status === 'signedOut') {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}
