import { NavLink, Outlet, useLocation } from 'react-router-dom';
import { useEffect, useRef } from 'react';
import { useSession } from '../auth/session';
import { NAV_ITEMS } from '../routes';

export function Layout() {
  const { user, signOut } = useSession();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstScreen = useRef(true);

  // A screen change inside the app moves focus to the new content; a page load leaves it at the
  // top, where the skip link is the first stop.
  useEffect(() => {
    if (firstScreen.current) {
      firstScreen.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <NavLink to="/" className="brand">
          Agile Backlog Automation
        </NavLink>
        <nav aria-label="Main">
          <ul>
            {NAV_ITEMS.filter((item) => !item.adminOnly || user?.role === 'admin').map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === '/'}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="user-menu">
          <span className="user-name" title={user?.email}>
            {user?.full_name || user?.username}
          </span>
          <button type="button" className="button-secondary button-small" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
