import { useEffect, useRef } from 'react';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { JOB_STATE_LABELS } from '../../lib/format';
import { JobProgressPanel } from '../generation/JobProgressPanel';
import { useJobStream } from '../generation/useJobStream';

/** A job changing this backlog (a regeneration, or a generation still running), followed live. */
export function RegenerationProgress({ jobId, onFinished }: { jobId: string; onFinished(state: string): void }) {
  const { live, connection, error } = useJobStream(jobId);
  const reported = useRef(false);
  useEffect(() => {
    if (live.final && !reported.current) {
      reported.current = true;
      onFinished(live.final.state);
    }
  }, [live.final, onFinished]);
  return (
    <section className="card regeneration" aria-label="Job in progress">
      <p>
        <strong>{live.final ? `Job ${JOB_STATE_LABELS[live.final.state]?.toLowerCase()}.` : 'A job is changing this backlog…'}</strong>{' '}
        <Link to={`/jobs/${jobId}`}>Open the live view</Link>
      </p>
      <ErrorAlert error={error} />
      <JobProgressPanel live={live} connection={connection} compact />
    </section>
  );
}
