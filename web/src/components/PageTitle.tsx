import { useEffect, type ReactNode } from 'react';

/** The page's <h1>, and the document title screen readers announce on navigation. */
export function PageTitle({ children, title }: { children: ReactNode; title: string }) {
  useEffect(() => {
    document.title = `${title} · Agile Backlog Automation`;
  }, [title]);
  return <h1>{children}</h1>;
}
