import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { jobs, projects } from '../../api/endpoints';
import { isFinished, type ProjectSummary } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { Pagination } from '../../components/Pagination';
import { formatCost, formatNumber, formatTime, JOB_KIND_LABELS, JOB_STATE_LABELS } from '../../lib/format';

const PAGE_SIZE = 10;

export function DashboardPage() {
  const [page, setPage] = useState(1);
  const list = useQuery({ queryKey: ['projects', page], queryFn: () => projects.list(page, PAGE_SIZE) });

  return (
    <section>
      <div className="page-head">
        <PageTitle title="Dashboard">My projects</PageTitle>
        <Link to="/projects/new" className="button-link">
          New project
        </Link>
      </div>
      {list.isPending && <Loading label="Loading your projects…" />}
      {list.error && <ErrorAlert error={list.error} />}
      {list.data && list.data.total === 0 && (
        <div className="empty-state">
          <h2>No projects yet</h2>
          <p>
            A project holds your product vision. From it the service writes epics, features, user stories with acceptance
            criteria, tasks with estimates and, if you like, test plans and test cases.
          </p>
          <Link to="/projects/new" className="button-link">
            Create your first project
          </Link>
        </div>
      )}
      {list.data && list.data.total > 0 && (
        <>
          <div className="table-wrap">
            <table className="projects-table">
              <caption className="visually-hidden">Your projects and their latest jobs</caption>
              <thead>
                <tr>
                  <th scope="col">Project</th>
                  <th scope="col">Latest job</th>
                  <th scope="col">Progress</th>
                  <th scope="col">Tokens</th>
                  <th scope="col">Cost</th>
                </tr>
              </thead>
              <tbody>
                {list.data.projects.map((project) => (
                  <ProjectRow key={project.id} project={project} />
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={setPage} label="Project pages" />
        </>
      )}
    </section>
  );
}

function ProjectRow({ project }: { project: ProjectSummary }) {
  const history = useQuery({ queryKey: ['project-jobs', project.id], queryFn: () => jobs.ofProject(project.id) });
  const latestId = history.data?.jobs[0]?.id;
  const latest = useQuery({
    queryKey: ['job', latestId],
    queryFn: () => jobs.get(latestId!),
    enabled: Boolean(latestId),
    // A running job's numbers move: look again every few seconds until it ends.
    refetchInterval: (query) => (query.state.data && !isFinished(query.state.data.state) ? 3_000 : false),
  });
  const job = latest.data;
  const usage = (job?.result as { usage?: { prompt_tokens: number; completion_tokens: number; cost_usd: number } } | null)?.usage ??
    job?.progress?.usage;
  const progress = job?.progress;
  return (
    <tr>
      <th scope="row">
        <Link to={`/projects/${project.id}`}>{project.name}</Link>
        <span className="muted small"> · created {formatTime(project.created_at)}</span>
      </th>
      <td>
        {history.error ? (
          <ErrorAlert error={history.error} />
        ) : !latestId ? (
          history.isPending ? '…' : <span className="muted">Not generated yet</span>
        ) : job ? (
          <>
            <Link to={`/jobs/${job.id}`}>
              <span className={`badge state-${job.state}`}>{JOB_STATE_LABELS[job.state] ?? job.state}</span>
            </Link>{' '}
            <span className="small">{JOB_KIND_LABELS[job.kind] ?? job.kind}</span>
          </>
        ) : latest.error ? (
          <ErrorAlert error={latest.error} />
        ) : (
          '…'
        )}
      </td>
      <td>
        {progress && progress.total > 0 ? (
          <>
            <progress max={progress.total} value={progress.done} aria-label={`${project.name}: ${progress.done} of ${progress.total} steps`} />{' '}
            <span className="small">
              {progress.done}/{progress.total}
            </span>
          </>
        ) : (
          '—'
        )}
      </td>
      <td>{usage ? formatNumber(usage.prompt_tokens + usage.completion_tokens) : '—'}</td>
      <td>{usage ? formatCost(usage.cost_usd) : '—'}</td>
    </tr>
  );
}
