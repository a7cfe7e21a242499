import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { jobs, projects } from '../../api/endpoints';
import { ApiError } from '../../api/errors';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { JOB_KIND_LABELS, JOB_STATE_LABELS } from '../../lib/format';
import { NotFoundPage } from '../notfound/NotFoundPage';
import { JobProgressPanel } from './JobProgressPanel';
import { LiveItems } from './LiveItems';
import { useJobStream } from './useJobStream';

export function GenerationPage() {
  const { jobId } = useParams();
  const { live, connection, error } = useJobStream(jobId);
  const job = useQuery({ queryKey: ['job', jobId], queryFn: () => jobs.get(jobId!), enabled: Boolean(jobId) });
  const projectId = job.data?.project_id ?? undefined;
  const project = useQuery({ queryKey: ['project', projectId], queryFn: () => projects.get(projectId!), enabled: Boolean(projectId) });
  const [confirming, setConfirming] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [cancelError, setCancelError] = useState<unknown>(null);

  if ((error && error.status === 404) || (job.error instanceof ApiError && job.error.status === 404)) {
    return <NotFoundPage what="job" />;
  }
  if (job.isPending && !error) return <Loading />;
  if (job.error) return <ErrorAlert error={job.error} />;

  const kind = job.data?.kind ?? 'generate';
  const name = project.data?.name;
  const finished = Boolean(live.final);
  const title = `${JOB_KIND_LABELS[kind] ?? 'Job'}${name ? `: ${name}` : ''}`;

  async function cancel() {
    setCancelling(true);
    setCancelError(null);
    try {
      await jobs.cancel(jobId!);
      setConfirming(false);
    } catch (caught) {
      setCancelError(caught);
      setConfirming(false);
    } finally {
      setCancelling(false);
    }
  }

  return (
    <section className="generation">
      <PageTitle title={title}>{title}</PageTitle>
      {projectId && (
        <p className="breadcrumbs">
          <Link to={`/projects/${projectId}`}>Project {name ?? ''}</Link>
        </p>
      )}
      {error && <ErrorAlert error={error} title="Live updates stopped" />}
      {cancelError != null && <ErrorAlert error={cancelError} title="The job was not cancelled" />}
      <JobProgressPanel live={live} connection={connection} />
      {finished && (
        <div className={`alert ${live.final?.state === 'failed' ? 'alert-error' : 'alert-success'}`} role="status">
          <strong className="alert-title">{JOB_STATE_LABELS[live.final!.state] ?? live.final!.state}.</strong>
          {live.final?.state === 'cancelled' && <p>The job was cancelled. What it had made so far is kept.</p>}
          {projectId && (
            <p>
              <Link to={`/projects/${projectId}/backlog`} className="button-link">
                Review the backlog
              </Link>
            </p>
          )}
        </div>
      )}
      {!finished && (
        <p>
          <button type="button" className="button-danger" onClick={() => setConfirming(true)} disabled={job.data?.cancel_requested}>
            Cancel generation
          </button>
        </p>
      )}
      <section aria-labelledby="items-heading">
        <h2 id="items-heading">Items so far</h2>
        <LiveItems nodes={live.nodes} />
      </section>
      <ConfirmDialog
        open={confirming}
        title="Cancel this job?"
        confirmLabel="Cancel the job"
        danger
        busy={cancelling}
        onConfirm={() => void cancel()}
        onCancel={() => setConfirming(false)}
      >
        <p>Items already written are kept. You can generate again later.</p>
      </ConfirmDialog>
    </section>
  );
}
