import type { ReactNode } from 'react';

export function AuthFrame({ children }: { children: ReactNode }) {
  return (
    <div className="auth-frame">
      <p className="brand auth-brand">Agile Backlog Automation</p>
      <main id="main" className="auth-card">
        {children}
      </main>
    </div>
  );
}
