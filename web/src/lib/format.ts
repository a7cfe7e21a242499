// Wording and number formats shared by the screens.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The service sends times as Unix seconds. */
export function formatTime(unixSeconds: number | null | undefined): string {
  if (!unixSeconds) return '—';
  return dateTime.format(new Date(unixSeconds * 1000));
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return '—';
  if (usd === 0) return '$0.00';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

const integer = new Intl.NumberFormat('en-US');

export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return integer.format(value);
}

export function formatHours(hours: number): string {
  return `${Number.isInteger(hours) ? hours : hours.toFixed(1)} h`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export const JOB_STATE_LABELS: Record<string, string> = {
  queued: 'Queued',
  running: 'Running',
  completed: 'Completed',
  completed_with_warnings: 'Completed with warnings',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const JOB_KIND_LABELS: Record<string, string> = {
  generate: 'Backlog generation',
  regenerate: 'Regeneration of one item',
  optimize_vision: 'Vision optimization',
  push: 'Push to Azure DevOps',
  push_cleanup: 'Removal of a push',
};

export const NODE_KIND_LABELS: Record<string, string> = {
  epic: 'Epic',
  feature: 'Feature',
  story: 'User story',
  task: 'Task',
  test_plan: 'Test plan',
  test_suite: 'Test suite',
  test_case: 'Test case',
};
