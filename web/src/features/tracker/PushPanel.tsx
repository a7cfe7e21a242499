// "Push to Azure DevOps" on the project page: where the push goes, the button, the push followed
// live over the job's events, a retry of what failed, the past pushes with their counts, each
// push's items with their work item links, and the removal of what a push created.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { Link } from 'react-router-dom';
import { tracker } from '../../api/endpoints';
import type { Push, PushItem, TrackerSettings } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { formatTime, JOB_STATE_LABELS } from '../../lib/format';
import { useEventStream } from '../generation/useJobStream';
import {
  describeCounts,
  itemsInOrder,
  PUSH_ITEM_STATE_LABELS,
  PUSH_STREAM,
  TRACKER_KIND_LABELS,
  type LivePush,
} from './pushEvents';

const SOURCE_WORDS: Record<string, string> = {
  user: 'your settings',
  project: 'this project’s own connection',
  server: 'the service’s default',
};

function connected(settings: TrackerSettings | undefined): settings is TrackerSettings {
  return Boolean(settings && settings.organization_url && settings.project && settings.pat === 'set');
}

interface Following {
  jobId: string;
  pushId: string;
  what: 'push' | 'retry' | 'cleanup';
}

const PUSH_STATE_LABELS: Record<string, string> = { finished: 'Finished', removed: 'Removed', running: 'Running' };

/** `activeJobId`: the project's running job; when it is one of its pushes, the panel follows it. */
export function PushPanel({ projectId, activeJobId }: { projectId: string; activeJobId?: string | null }) {
  const queryClient = useQueryClient();
  const connection = useQuery({ queryKey: ['project-tracker', projectId], queryFn: () => tracker.ofProject(projectId) });
  const pushes = useQuery({ queryKey: ['pushes', projectId], queryFn: () => tracker.pushes(projectId) });
  const [following, setFollowing] = useState<Following | null>(null);
  const [shown, setShown] = useState<string | null>(null);

  const started = (what: Following['what']) => (answer: { id: string; push_id: string }) => {
    setFollowing({ jobId: answer.id, pushId: answer.push_id, what });
    void queryClient.invalidateQueries({ queryKey: ['pushes', projectId] });
  };
  const push = useMutation({ mutationFn: () => tracker.push(projectId), onSuccess: started('push') });
  const retry = useMutation({ mutationFn: () => tracker.retry(projectId), onSuccess: started('retry') });
  const cleanUp = useMutation({
    mutationFn: (pushId: string) => tracker.cleanUp(projectId, pushId),
    onSuccess: started('cleanup'),
  });

  // After a reload, a push (or removal) still running is followed again.
  const running = activeJobId ? pushes.data?.pushes.find((p) => p.job_id === activeJobId) : undefined;
  useEffect(() => {
    if (running && activeJobId && !following) setFollowing({ jobId: activeJobId, pushId: running.id, what: 'push' });
  }, [running, activeJobId, following]);

  const onFinished = () => {
    void queryClient.invalidateQueries({ queryKey: ['pushes', projectId] });
    void queryClient.invalidateQueries({ queryKey: ['push', projectId] });
    void queryClient.invalidateQueries({ queryKey: ['project-jobs', projectId] });
    void queryClient.invalidateQueries({ queryKey: ['project', projectId] });
  };

  const effective = connection.data?.effective;
  const list = pushes.data?.pushes ?? [];
  const latest = list[0];
  const busy = push.isPending || retry.isPending || cleanUp.isPending;
  const latestProblems = latest ? (latest.counts.failed ?? 0) + (latest.counts.blocked ?? 0) : 0;

  return (
    <section className="card push-panel" aria-labelledby="push-heading">
      <h2 id="push-heading">Azure DevOps</h2>
      {connection.isPending && <Loading label="Loading the Azure DevOps connection…" />}
      <ErrorAlert error={connection.error} />
      {connection.data &&
        (connected(effective) ? (
          <p>
            Pushes go to <strong>{effective.organization_url}</strong>, project <strong>{effective.project}</strong>
            {effective.area_path && <>, area {effective.area_path}</>}
            {effective.iteration_path && <>, iteration {effective.iteration_path}</>} (from {SOURCE_WORDS[effective.source] ?? effective.source}
            ). <Link to="/settings">Change it in Settings</Link>
          </p>
        ) : (
          <p>
            No Azure DevOps connection yet. <Link to="/settings">Set one up in Settings</Link> to push this backlog.
          </p>
        ))}
      <div className="button-row">
        <button type="button" onClick={() => push.mutate()} disabled={busy || !connected(effective)}>
          {push.isPending ? 'Starting…' : 'Push to Azure DevOps'}
        </button>
        {latest && latestProblems > 0 && (
          <button type="button" className="button-secondary" onClick={() => retry.mutate()} disabled={busy}>
            {retry.isPending ? 'Starting…' : 'Retry the failed items'}
          </button>
        )}
      </div>
      <ErrorAlert error={push.error} title="The push did not start" />
      <ErrorAlert error={retry.error} title="The retry did not start" />
      <ErrorAlert error={cleanUp.error} title="The removal did not start" />

      {following && <PushProgressView key={following.jobId} following={following} onFinished={onFinished} />}

      <h3>Past pushes</h3>
      {pushes.isPending && <Loading />}
      <ErrorAlert error={pushes.error} />
      {pushes.data && list.length === 0 && <p className="muted">Nothing pushed yet.</p>}
      {list.length > 0 && (
        <div className="table-wrap">
          <table aria-label="Past pushes">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Target</th>
                <th scope="col">State</th>
                <th scope="col">Items</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <tr key={p.id}>
                  <td>{formatTime(p.created_at)}</td>
                  <td>{p.target?.project ?? '—'}</td>
                  <td>{PUSH_STATE_LABELS[p.state] ?? p.state}</td>
                  <td data-testid={`push-counts-${p.id}`}>{describeCounts(p.counts)}</td>
                  <td>
                    <button
                      type="button"
                      className="button-secondary button-small"
                      aria-expanded={shown === p.id}
                      onClick={() => setShown(shown === p.id ? null : p.id)}
                    >
                      {shown === p.id ? 'Hide items' : 'Show items'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {shown && list.some((p) => p.id === shown) && (
        <PushDetailView
          projectId={projectId}
          push={list.find((p) => p.id === shown)!}
          removing={cleanUp.isPending}
          onRemove={(pushId) => cleanUp.mutate(pushId)}
        />
      )}
    </section>
  );
}

const STAGE_WORDS: Record<string, string> = {
  checking: 'Checking the connection…',
  uploading: 'Creating work items…',
  removing: 'Removing what the push created…',
};

function PushProgressView({ following, onFinished }: { following: Following; onFinished(): void }) {
  const { live, connection, error } = useEventStream(following.jobId, PUSH_STREAM);
  const barId = useId();
  const finished = Boolean(live.final);
  useEffect(() => {
    if (finished) onFinished();
  }, [finished]);
  const title = following.what === 'cleanup' ? 'Removing a push' : following.what === 'retry' ? 'Retrying the push' : 'Pushing';
  return (
    <section className="push-progress" aria-labelledby={`${barId}-heading`}>
      <h3 id={`${barId}-heading`}>{title}</h3>
      <ErrorAlert error={error} />
      <p>
        <span className={`badge state-${live.state ?? 'queued'}`}>{JOB_STATE_LABELS[live.state ?? 'queued'] ?? live.state}</span>{' '}
        <span role="status">{finished ? finalWords(live, following) : (STAGE_WORDS[live.progress.stage] ?? (connection === 'live' ? 'Starting…' : 'Connecting…'))}</span>
      </p>
      {following.what !== 'cleanup' && (
        <>
          <div className="progress-block">
            <label htmlFor={barId} className="progress-label">
              {live.progress.total > 0 ? `${live.progress.done} of ${live.progress.total} items settled` : 'Waiting for the first items…'}
            </label>
            <progress id={barId} max={Math.max(live.progress.total, 1)} value={live.progress.done} />
          </div>
          <dl className="stats">
            <div>
              <dt>Created</dt>
              <dd data-testid="push-created">{live.progress.created}</dd>
            </div>
            <div>
              <dt>Failed</dt>
              <dd data-testid="push-failed">{live.progress.failed}</dd>
            </div>
            <div>
              <dt>Blocked</dt>
              <dd data-testid="push-blocked">{live.progress.blocked}</dd>
            </div>
          </dl>
        </>
      )}
      {(live.warnings.length > 0 || live.final?.error) && (
        <ul className="warnings">
          {live.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
          {live.final?.error && <li>{live.final.error}</li>}
        </ul>
      )}
      <LivePushItems live={live} />
    </section>
  );
}

function finalWords(live: LivePush, following: Following): string {
  const state = live.final?.state ?? 'failed';
  if (following.what === 'cleanup') {
    return state === 'completed' ? `Removed ${live.progress.removed} items.` : `Removal ended: ${JOB_STATE_LABELS[state] ?? state}.`;
  }
  if (state === 'completed') return `Done: ${live.progress.created} work items created.`;
  return `The push ended: ${JOB_STATE_LABELS[state] ?? state}.`;
}

function LivePushItems({ live }: { live: LivePush }) {
  const items = itemsInOrder(live.items);
  if (items.length === 0) return null;
  return (
    <ul className="push-items" aria-label="Items pushed so far">
      {items.map((item) => (
        <li key={item.nodeId} className={`push-item state-item-${item.state}`}>
          <span className="kind-label">{TRACKER_KIND_LABELS[item.kind] ?? item.kind}</span> {item.title || <em>{item.nodeId}</em>}{' '}
          <WorkItemLink id={item.trackerId} url={item.url} /> <span className="small">{PUSH_ITEM_STATE_LABELS[item.state] ?? item.state}</span>
          {item.error && <span className="small field-error"> {item.error}</span>}
        </li>
      ))}
    </ul>
  );
}

function WorkItemLink({ id, url }: { id: number | null; url: string }) {
  if (id === null) return null;
  if (!url) return <span>#{id}</span>;
  return (
    <a href={url} target="_blank" rel="noopener noreferrer">
      #{id}
    </a>
  );
}

function PushDetailView({
  projectId,
  push,
  removing,
  onRemove,
}: {
  projectId: string;
  push: Push;
  removing: boolean;
  onRemove(pushId: string): void;
}) {
  const detail = useQuery({ queryKey: ['push', projectId, push.id], queryFn: () => tracker.pushDetail(projectId, push.id) });
  const [confirming, setConfirming] = useState(false);
  const created = (push.counts.created ?? 0) > 0;
  return (
    <section className="push-detail" aria-labelledby={`push-${push.id}-heading`}>
      <h3 id={`push-${push.id}-heading`}>Items of the push of {formatTime(push.created_at)}</h3>
      <p className="small muted">
        Tag in Azure DevOps: <code>{push.tag}</code>
      </p>
      {detail.isPending && <Loading />}
      <ErrorAlert error={detail.error} />
      {detail.data && <PushItemsTable items={detail.data.items} />}
      {created && (
        <button type="button" className="button-danger" onClick={() => setConfirming(true)} disabled={removing}>
          Remove what this push created
        </button>
      )}
      <ConfirmDialog
        open={confirming}
        title="Remove what this push created?"
        confirmLabel="Remove from Azure DevOps"
        danger
        busy={removing}
        onConfirm={() => {
          setConfirming(false);
          onRemove(push.id);
        }}
        onCancel={() => setConfirming(false)}
      >
        <p>
          The {push.counts.created} work items this push created go to the Azure DevOps project’s recycle bin; its test plans, suites
          and test cases are deleted for good (Azure DevOps keeps no recycle bin for them).
        </p>
      </ConfirmDialog>
    </section>
  );
}

function PushItemsTable({ items }: { items: PushItem[] }) {
  if (items.length === 0) return <p className="muted">This push has no items.</p>;
  return (
    <div className="table-wrap">
      <table aria-label="Items of the push">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Title</th>
            <th scope="col">State</th>
            <th scope="col">Work item</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.node_id}>
              <td>{TRACKER_KIND_LABELS[item.kind] ?? item.kind}</td>
              <td>{item.title}</td>
              <td>
                {PUSH_ITEM_STATE_LABELS[item.state] ?? item.state}
                {item.error && <span className="small field-error"> {item.error}</span>}
              </td>
              <td>
                <WorkItemLink id={item.tracker_id} url={item.url} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
