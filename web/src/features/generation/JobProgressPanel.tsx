// Progress of one job: overall bar, per-level counts, activity, ETA, tokens, cost, warnings.
// Used full-size on the live generation screen and compact for a regeneration in the backlog.
import { useId } from 'react';
import { formatCost, formatDuration, formatNumber, JOB_STATE_LABELS, plural } from '../../lib/format';
import { countByKind, LEVELS, type LiveJob } from './jobEvents';
import type { Connection } from './useJobStream';

const CONNECTION_WORDS: Record<Connection, string> = {
  connecting: 'Connecting to live updates…',
  live: 'Live',
  reconnecting: 'Connection lost, reconnecting…',
  finished: 'Finished',
  failed: 'Live updates unavailable',
};

export function JobProgressPanel({ live, connection, compact = false }: { live: LiveJob; connection: Connection; compact?: boolean }) {
  const barId = useId();
  const headingId = useId();
  const progress = live.progress;
  const counts = countByKind(live.nodes);
  const usage = live.final?.summary?.usage ?? progress?.usage;
  const tokens = usage ? usage.prompt_tokens + usage.completion_tokens : undefined;
  const done = progress?.done ?? 0;
  const total = progress?.total ?? 0;
  const percent = total > 0 ? Math.round((done / total) * 100) : 0;
  const needsReview = live.final?.summary?.needs_review ?? progress?.needs_review ?? 0;
  const running = !live.final;
  const visibleLevels = LEVELS.filter((level) => {
    const steps = progress?.steps?.[level.step];
    return counts[level.kind] > 0 || (steps && steps.total > 0) || !compact;
  });

  return (
    <div className={`job-progress ${compact ? 'compact' : ''}`}>
      <div className="job-status-line">
        <span className={`badge state-${live.state ?? 'queued'}`}>{JOB_STATE_LABELS[live.state ?? 'queued'] ?? live.state}</span>
        <span className={`connection connection-${connection}`} role="status">
          {CONNECTION_WORDS[connection]}
        </span>
      </div>
      <div className="progress-block">
        <label htmlFor={barId} className="progress-label">
          {total > 0 ? `${done} of ${total} generation steps done (${percent}%)` : 'Waiting for the first step…'}
        </label>
        <progress id={barId} max={Math.max(total, 1)} value={done} />
      </div>
      <dl className="stats">
        <div>
          <dt>Time left (estimate)</dt>
          <dd>{running ? formatDuration(progress?.eta_s ?? null) : '—'}</dd>
        </div>
        <div>
          <dt>Elapsed</dt>
          <dd>{formatDuration(live.final?.summary?.duration_s ?? progress?.elapsed_s ?? null)}</dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd>{formatNumber(tokens)}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>{formatCost(usage?.cost_usd)}</dd>
        </div>
        <div>
          <dt>Model calls</dt>
          <dd>{formatNumber(usage?.calls)}</dd>
        </div>
      </dl>
      <table className="levels">
        <caption className={compact ? 'visually-hidden' : undefined}>Items per level</caption>
        <thead>
          <tr>
            <th scope="col">Level</th>
            <th scope="col">Items written</th>
            <th scope="col">Steps done</th>
          </tr>
        </thead>
        <tbody>
          {visibleLevels.map((level) => {
            const steps = progress?.steps?.[level.step];
            return (
              <tr key={level.kind}>
                <th scope="row">{level.label}</th>
                <td data-testid={`count-${level.kind}`}>{counts[level.kind]}</td>
                <td>{steps ? `${steps.done} / ${steps.total}` : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <section aria-labelledby={`${headingId}-activity`} className="activity">
        <h2 id={`${headingId}-activity`} className={compact ? 'visually-hidden' : undefined}>
          Current activity
        </h2>
        <p aria-live="polite">{live.activity ?? (live.state === 'queued' ? 'Waiting for a free worker…' : 'Starting…')}</p>
      </section>
      {(needsReview > 0 || live.failedSteps.length > 0 || live.final?.error) && (
        <section className="warnings" aria-labelledby={`${headingId}-warnings`}>
          <h2 id={`${headingId}-warnings`}>Warnings</h2>
          <ul>
            {needsReview > 0 && (
              <li>{plural(needsReview, 'item')} still failed the quality rules after every attempt and need your review.</li>
            )}
            {live.failedSteps.map((failed) => (
              <li key={`${failed.step}`}>
                A step failed ({failed.kind}): {failed.error}
              </li>
            ))}
            {live.final?.error && <li>{live.final.error}</li>}
          </ul>
        </section>
      )}
    </div>
  );
}
