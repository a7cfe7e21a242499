// The main navigation. The Azure DevOps push screen joins here (and in App.tsx's routes) when the
// tracker API exists; see features/tracker/README.md.
export interface NavItem {
  to: string;
  label: string;
  adminOnly?: boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { to: '/', label: 'Dashboard' },
  { to: '/projects/new', label: 'New project' },
  { to: '/settings', label: 'Settings' },
  { to: '/account', label: 'Account' },
  { to: '/admin', label: 'Admin', adminOnly: true },
];
