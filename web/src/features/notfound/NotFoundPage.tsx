import { Link } from 'react-router-dom';
import { PageTitle } from '../../components/PageTitle';

/**
 * Shown for unknown addresses and for anything the service answers 404 for, including other
 * users' projects and jobs: the service does not say whether they exist, and neither do we.
 */
export function NotFoundPage({ what = 'page', detail }: { what?: string; detail?: string }) {
  return (
    <section className="not-found">
      <PageTitle title="Not found">Not found</PageTitle>
      <p>
        This {what} does not exist, or it is not yours to see.
        {detail && <span className="muted"> ({detail})</span>}
      </p>
      <p>
        <Link to="/">Back to the dashboard</Link>
      </p>
    </section>
  );
}
