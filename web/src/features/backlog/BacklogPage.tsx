import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { backlog as backlogApi, projects } from '../../api/endpoints';
import { ApiError } from '../../api/errors';
import type { Backlog } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { CheckboxField, TextField } from '../../components/Fields';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { Pagination } from '../../components/Pagination';
import { formatHours, plural } from '../../lib/format';
import { ExportPanel } from '../exports/ExportPanel';
import { NotFoundPage } from '../notfound/NotFoundPage';
import { BacklogTree } from './BacklogTree';
import {
  countMatching,
  effortRows,
  filterTree,
  findNode,
  isFiltering,
  levelTotals,
  NO_FILTER,
  toTree,
  type Filter,
  type TreeNode,
} from './backlogModel';
import { EffortChart } from './EffortChart';
import { NodeDetail } from './NodeDetail';
import { RegenerationProgress } from './RegenerationProgress';

const EPICS_PER_PAGE = 10;

export function BacklogPage() {
  const { projectId = '' } = useParams();
  const tree = useQuery({ queryKey: ['backlog', projectId], queryFn: () => backlogApi.get(projectId) });
  if (tree.error instanceof ApiError && tree.error.status === 404) return <NotFoundPage what="project" />;
  if (tree.isPending) return <Loading label="Loading the backlog…" />;
  if (tree.error) return <ErrorAlert error={tree.error} />;
  return <BacklogReview projectId={projectId} backlog={tree.data} />;
}

function allIds(nodes: TreeNode[], into: Set<string> = new Set()): Set<string> {
  for (const n of nodes) {
    if (n.children.length) {
      into.add(n.id);
      allIds(n.children, into);
    }
  }
  return into;
}

function BacklogReview({ projectId, backlog }: { projectId: string; backlog: Backlog }) {
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('item');
  const [filter, setFilter] = useState<Filter>(() => ({ ...NO_FILTER, needsReviewOnly: params.get('review') === '1' }));
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set(backlog.epics.map((e) => e.id)));
  const [page, setPage] = useState(1);
  const [jobNotice, setJobNotice] = useState<string | null>(null);
  const project = useQuery({ queryKey: ['project', projectId], queryFn: () => projects.get(projectId) });
  const [regenerationId, setRegenerationId] = useState<string | null>(null);
  const activeJobId = regenerationId ?? project.data?.active_job_id ?? null;

  const roots = useMemo(() => toTree(backlog), [backlog]);
  const filtered = useMemo(() => filterTree(roots, filter), [roots, filter]);
  const filtering = isFiltering(filter);
  const shownExpanded = filtering ? allIds(filtered) : expanded;
  const pageRoots = filtered.slice((page - 1) * EPICS_PER_PAGE, page * EPICS_PER_PAGE);
  const selected = selectedId ? findNode(roots, selectedId) : null;
  const reviewCount = countMatching(roots, { ...NO_FILTER, needsReviewOnly: true });
  const totals = levelTotals(backlog);

  const refresh = useCallback(
    () => Promise.all([queryClient.invalidateQueries({ queryKey: ['backlog', projectId] }), queryClient.invalidateQueries({ queryKey: ['project', projectId] })]),
    [queryClient, projectId],
  );
  const select = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('item', id);
    else next.delete('item');
    setParams(next, { replace: true });
  };
  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const onJobFinished = useCallback(
    (state: string) => {
      setRegenerationId(null);
      setJobNotice(state === 'completed' || state === 'completed_with_warnings' ? 'The job finished; the backlog below is up to date.' : `The job ended: ${state}.`);
      void refresh();
    },
    [refresh],
  );
  const updateFilter = (patch: Partial<Filter>) => {
    setFilter((f) => ({ ...f, ...patch }));
    setPage(1);
  };

  return (
    <section className="backlog">
      <div className="page-head">
        <PageTitle title={`Backlog: ${backlog.project.name}`}>Backlog: {backlog.project.name}</PageTitle>
        <Link to={`/projects/${projectId}`}>Project details and jobs</Link>
      </div>
      {activeJobId && <RegenerationProgress key={activeJobId} jobId={activeJobId} onFinished={onJobFinished} />}
      {jobNotice && (
        <p className="alert alert-success" role="status">
          {jobNotice}
        </p>
      )}
      <p className="summary-line">
        {plural(backlog.counts.epics, 'epic')}, {plural(backlog.counts.features, 'feature')}, {plural(backlog.counts.stories, 'user story', 'user stories')},{' '}
        {plural(backlog.counts.tasks, 'task')}, {plural(backlog.counts.test_cases, 'test case')} ·{' '}
        <strong>{plural(reviewCount, 'item')} need review</strong>
      </p>
      {backlog.epics.length === 0 ? (
        <div className="empty-state">
          <h2>The backlog is empty</h2>
          <p>
            Nothing has been generated for this project yet. <Link to={`/projects/${projectId}`}>Generate it from the project page.</Link>
          </p>
        </div>
      ) : (
        <div className="review-layout">
          <div className="review-tree">
            <fieldset className="filters">
              <legend>Filter</legend>
              <CheckboxField label={`Needs review only (${reviewCount})`} checked={filter.needsReviewOnly} onChange={(v) => updateFilter({ needsReviewOnly: v })} />
              <CheckboxField label="With findings only" checked={filter.withFindingsOnly} onChange={(v) => updateFilter({ withFindingsOnly: v })} />
              <TextField label="Title contains" type="search" value={filter.text} onChange={(v) => updateFilter({ text: v })} />
              {filtering && (
                <p className="small" role="status">
                  {plural(countMatching(roots, filter), 'item')} match.
                </p>
              )}
            </fieldset>
            {!filtering && (
              <div className="button-row">
                <button type="button" className="button-secondary button-small" onClick={() => setExpanded(allIds(roots))}>
                  Expand all
                </button>
                <button type="button" className="button-secondary button-small" onClick={() => setExpanded(new Set())}>
                  Collapse all
                </button>
              </div>
            )}
            {filtered.length === 0 ? (
              <p className="muted">No item matches the filter.</p>
            ) : (
              <nav aria-label="Backlog items">
                <BacklogTree roots={pageRoots} expanded={shownExpanded} selectedId={selectedId} onToggle={toggle} onSelect={select} />
              </nav>
            )}
            <Pagination page={page} pageSize={EPICS_PER_PAGE} total={filtered.length} onPage={setPage} label="Epic pages" />
          </div>
          <div className="review-detail">
            {selected ? (
              <NodeDetail
                node={selected.node}
                path={selected.path}
                busy={Boolean(activeJobId)}
                onChanged={refresh}
                onDeleted={(parentId) => select(parentId)}
                onRegenerating={(job) => {
                  setJobNotice(null);
                  setRegenerationId(job.id);
                }}
              />
            ) : selectedId ? (
              <p className="muted">That item no longer exists.</p>
            ) : (
              <p className="muted">Choose an item in the tree to see its quality findings, edit it, regenerate it or delete it.</p>
            )}
          </div>
        </div>
      )}
      <section aria-labelledby="totals-heading" className="card">
        <h2 id="totals-heading">Totals</h2>
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Items, story points and hours per level</caption>
            <thead>
              <tr>
                <th scope="col">Level</th>
                <th scope="col">Items</th>
                <th scope="col">Story points</th>
                <th scope="col">Hours</th>
              </tr>
            </thead>
            <tbody>
              {totals.map((t) => (
                <tr key={t.level}>
                  <th scope="row">{t.level}</th>
                  <td>{t.count}</td>
                  <td>{t.storyPoints ?? '—'}</td>
                  <td>{t.hours === null ? '—' : formatHours(t.hours)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <EffortChart rows={effortRows(backlog)} />
      </section>
      <ExportPanel projectId={projectId} />
    </section>
  );
}
