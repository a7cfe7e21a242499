import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { jobs, projects } from '../../api/endpoints';
import { ApiError } from '../../api/errors';
import type { Project } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { formatTime, JOB_KIND_LABELS, JOB_STATE_LABELS } from '../../lib/format';
import { ExportPanel } from '../exports/ExportPanel';
import { NotFoundPage } from '../notfound/NotFoundPage';
import { PushPanel } from '../tracker/PushPanel';
import { ProjectNotifications } from './ProjectNotifications';
import { ProjectEditForm } from './ProjectEditForm';

export function ProjectPage() {
  const { projectId = '' } = useParams();
  const project = useQuery({ queryKey: ['project', projectId], queryFn: () => projects.get(projectId) });
  if (project.error instanceof ApiError && project.error.status === 404) return <NotFoundPage what="project" />;
  if (project.isPending) return <Loading />;
  if (project.error) return <ErrorAlert error={project.error} />;
  return <ProjectView project={project.data} />;
}

function ProjectView({ project }: { project: Project }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const history = useQuery({ queryKey: ['project-jobs', project.id], queryFn: () => jobs.ofProject(project.id) });
  const domains = useQuery({ queryKey: ['domains'], queryFn: projects.domains, staleTime: Infinity });
  const [confirm, setConfirm] = useState<'replace' | 'delete' | null>(null);
  const [editing, setEditing] = useState(false);
  const hasBacklog = (history.data?.jobs ?? []).some((j) => j.kind === 'generate');

  const start = useMutation({
    mutationFn: (replace: boolean) => jobs.start(project.id, replace),
    onSuccess: (job) => navigate(`/jobs/${job.id}`),
    onSettled: () => setConfirm(null),
  });
  const remove = useMutation({
    mutationFn: () => projects.remove(project.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['projects'] });
      navigate('/');
    },
    onSettled: () => setConfirm(null),
  });
  const domainName = (key: string) => domains.data?.domains.find((d) => d.key === key)?.name ?? key;

  return (
    <section className="project">
      <div className="page-head">
        <PageTitle title={project.name}>{project.name}</PageTitle>
        <div className="button-row">
          {project.active_job_id ? (
            <Link className="button-link" to={`/jobs/${project.active_job_id}`}>
              Watch the running job
            </Link>
          ) : hasBacklog ? (
            <>
              <Link className="button-link" to={`/projects/${project.id}/backlog`}>
                Review the backlog
              </Link>
              <button type="button" className="button-secondary" onClick={() => setConfirm('replace')}>
                Generate again
              </button>
            </>
          ) : (
            <button type="button" onClick={() => start.mutate(false)} disabled={start.isPending}>
              {start.isPending ? 'Starting…' : 'Generate the backlog'}
            </button>
          )}
        </div>
      </div>
      <ErrorAlert error={start.error} title="Generation did not start" />
      <ErrorAlert error={remove.error} title="The project was not deleted" />

      {editing ? (
        <ProjectEditForm project={project} onDone={() => setEditing(false)} />
      ) : (
        <section aria-labelledby="details-heading" className="card">
          <div className="section-head">
            <h2 id="details-heading">Details</h2>
            <button type="button" className="button-secondary button-small" onClick={() => setEditing(true)}>
              Edit details
            </button>
          </div>
          <dl className="details">
            <dt>Domains</dt>
            <dd>{project.domains.map((d, i) => `${domainName(d)}${i === 0 ? ' (primary)' : ''}`).join(', ')}</dd>
            <dt>Target users</dt>
            <dd>{project.target_users || <span className="muted">not given</span>}</dd>
            <dt>Limits</dt>
            <dd>
              {project.limits.max_epics} epics, {project.limits.max_features_per_epic} features per epic,{' '}
              {project.limits.max_stories_per_feature} stories per feature, {project.limits.max_tasks_per_story} tasks per story,{' '}
              {project.limits.max_test_cases_per_story} test cases per story
            </dd>
            <dt>Test artefacts</dt>
            <dd>{project.include_test_artifacts ? 'Generated' : 'Not generated'}</dd>
            <dt>Created</dt>
            <dd>{formatTime(project.created_at)}</dd>
          </dl>
          <h3>Vision</h3>
          <blockquote className="vision-text">{project.vision}</blockquote>
        </section>
      )}

      <section aria-labelledby="jobs-heading" className="card">
        <h2 id="jobs-heading">Jobs</h2>
        {history.isPending && <Loading />}
        <ErrorAlert error={history.error} />
        {history.data && history.data.jobs.length === 0 && <p className="muted">No jobs yet.</p>}
        {history.data && history.data.jobs.length > 0 && (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Job</th>
                  <th scope="col">State</th>
                  <th scope="col">Started</th>
                  <th scope="col">Finished</th>
                </tr>
              </thead>
              <tbody>
                {history.data.jobs.map((job) => (
                  <tr key={job.id}>
                    <td>
                      <Link to={`/jobs/${job.id}`}>{JOB_KIND_LABELS[job.kind] ?? job.kind}</Link>
                    </td>
                    <td>
                      <span className={`badge state-${job.state}`}>{JOB_STATE_LABELS[job.state] ?? job.state}</span>
                      {job.error && <span className="small"> {job.error}</span>}
                    </td>
                    <td>{formatTime(job.created_at)}</td>
                    <td>{formatTime(job.finished_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {hasBacklog && <ExportPanel projectId={project.id} />}

      {/* Shown with or without a backlog: its past pushes stay listed, and a push without a backlog
          is refused with the service's explanation. */}
      <PushPanel projectId={project.id} activeJobId={project.active_job_id} />
      <ProjectNotifications projectId={project.id} />

      <section aria-labelledby="danger-heading" className="card danger-zone">
        <h2 id="danger-heading">Delete the project</h2>
        <p>Deletes the project, its backlog and its jobs. This cannot be undone.</p>
        <button type="button" className="button-danger" onClick={() => setConfirm('delete')}>
          Delete project
        </button>
      </section>

      <ConfirmDialog
        open={confirm === 'replace'}
        title="Generate the backlog again?"
        confirmLabel="Replace the backlog"
        danger
        busy={start.isPending}
        onConfirm={() => start.mutate(true)}
        onCancel={() => setConfirm(null)}
      >
        <p>The current backlog, including your edits, is replaced by a newly generated one.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === 'delete'}
        title={`Delete “${project.name}”?`}
        confirmLabel="Delete project"
        danger
        busy={remove.isPending}
        onConfirm={() => remove.mutate()}
        onCancel={() => setConfirm(null)}
      >
        <p>The project, its backlog and its jobs are deleted for good.</p>
      </ConfirmDialog>
    </section>
  );
}
