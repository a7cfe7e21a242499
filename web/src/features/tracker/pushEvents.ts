// The live state of a push (or of the removal of one), folded from its job's events:
// `progress` carries the counts so far, `push_item` one item that reached its state (created with
// its work item id and link, failed with the error, blocked, removed), `warning` something the
// connection check noticed, `final` the outcome with the push's summary. Like the generation's
// events, an id already applied is ignored, so a replay from the start shows nothing twice.
import type { Job, JobState, PushItemState } from '../../api/types';
import type { JobEvent } from '../generation/jobEvents';

export const PUSH_EVENT_TYPES = ['state', 'progress', 'push_item', 'warning', 'final'] as const;

export interface LivePushItem {
  nodeId: string;
  kind: string;
  title: string;
  state: PushItemState;
  trackerId: number | null;
  url: string;
  error: string;
  /** Event id that brought its latest state, for ordering. */
  seq: number;
}

export interface PushProgress {
  /** 'checking' (the connection), 'uploading' or 'removing'. */
  stage: string;
  done: number;
  total: number;
  created: number;
  failed: number;
  blocked: number;
  skipped: number;
  removed: number;
  kept: number;
}

export interface LivePush {
  lastEventId: number;
  state: JobState | null;
  progress: PushProgress;
  items: Map<string, LivePushItem>;
  warnings: string[];
  final: { state: JobState; error: string; summary: Record<string, unknown> | null } | null;
}

export function emptyProgress(): PushProgress {
  return { stage: '', done: 0, total: 0, created: 0, failed: 0, blocked: 0, skipped: 0, removed: 0, kept: 0 };
}

export function emptyLivePush(): LivePush {
  return { lastEventId: 0, state: null, progress: emptyProgress(), items: new Map(), warnings: [], final: null };
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function count(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** Counts from a `progress` event (or a job snapshot's progress); a missing count is kept. */
function progressFrom(data: Record<string, unknown>, previous: PushProgress): PushProgress {
  return {
    stage: typeof data.stage === 'string' ? data.stage : previous.stage,
    done: count(data.done, previous.done),
    total: count(data.total, previous.total),
    created: count(data.created, previous.created),
    failed: count(data.failed, previous.failed),
    blocked: count(data.blocked, previous.blocked),
    skipped: count(data.skipped, previous.skipped),
    removed: count(data.removed, previous.removed),
    kept: count(data.kept, previous.kept),
  };
}

export function applyPushEvent(live: LivePush, event: JobEvent): LivePush {
  if (event.id <= live.lastEventId) return live;
  const data = record(event.data);
  const next: LivePush = { ...live, lastEventId: event.id };
  switch (event.type) {
    case 'state':
      if (typeof data.state === 'string') next.state = data.state as JobState;
      break;
    case 'progress':
      next.progress = progressFrom(data, live.progress);
      break;
    case 'push_item': {
      const nodeId = String(data.node_id ?? '');
      if (!nodeId) break;
      const before = live.items.get(nodeId);
      const item: LivePushItem = {
        nodeId,
        kind: String(data.kind ?? before?.kind ?? ''),
        // A removal's events carry no title: keep the one the item had.
        title: typeof data.title === 'string' ? data.title : (before?.title ?? ''),
        state: String(data.state ?? 'pending') as PushItemState,
        trackerId: typeof data.tracker_id === 'number' ? data.tracker_id : (before?.trackerId ?? null),
        url: typeof data.url === 'string' ? data.url : (before?.url ?? ''),
        error: typeof data.error === 'string' ? data.error : '',
        seq: event.id,
      };
      next.items = new Map(live.items);
      next.items.set(nodeId, item);
      break;
    }
    case 'warning':
      if (typeof data.message === 'string' && !live.warnings.includes(data.message)) {
        next.warnings = [...live.warnings, data.message];
      }
      break;
    case 'final': {
      const summary = data.summary && typeof data.summary === 'object' ? (data.summary as Record<string, unknown>) : null;
      next.final = { state: String(data.state ?? 'failed') as JobState, error: String(data.error ?? ''), summary };
      next.state = next.final.state;
      // The summary holds the final counts (even when no progress event came after the last item).
      if (summary) next.progress = progressFrom(summary, live.progress);
      break;
    }
    default:
      break;
  }
  return next;
}

/** Seeds the state from GET /api/jobs/{id}, before any event arrived. */
export function livePushFromSnapshot(live: LivePush, job: Job): LivePush {
  if (live.lastEventId !== 0 || live.final) return live;
  return { ...live, state: job.state, progress: progressFrom(record(job.progress), live.progress) };
}

/** The items in the order they reached their state. */
export function itemsInOrder(items: Map<string, LivePushItem>): LivePushItem[] {
  return [...items.values()].sort((a, b) => a.seq - b.seq);
}

export const PUSH_STREAM = {
  types: PUSH_EVENT_TYPES,
  empty: emptyLivePush,
  apply: applyPushEvent,
  snapshot: livePushFromSnapshot,
};

export const PUSH_ITEM_STATE_LABELS: Record<string, string> = {
  pending: 'Waiting',
  sending: 'Sending',
  created: 'Created',
  failed: 'Failed',
  blocked: 'Blocked (its parent failed)',
  skipped: 'Skipped',
  removed: 'Removed',
};

export const TRACKER_KIND_LABELS: Record<string, string> = {
  epic: 'Epic',
  feature: 'Feature',
  story: 'User story',
  task: 'Task',
  test_case: 'Test case',
  test_plan: 'Test plan',
  test_suite: 'Test suite',
};

/** One line for a push's counts: "12 created, 1 failed, 2 blocked of 15". */
export function describeCounts(counts: { total?: number; created?: number; failed?: number; blocked?: number; skipped?: number; removed?: number; pending?: number; sending?: number }): string {
  const parts = [
    counts.created ? `${counts.created} created` : '',
    counts.failed ? `${counts.failed} failed` : '',
    counts.blocked ? `${counts.blocked} blocked` : '',
    counts.skipped ? `${counts.skipped} skipped` : '',
    counts.removed ? `${counts.removed} removed` : '',
    (counts.pending ?? 0) + (counts.sending ?? 0) ? `${(counts.pending ?? 0) + (counts.sending ?? 0)} waiting` : '',
  ].filter(Boolean);
  return `${parts.length ? parts.join(', ') : 'nothing yet'} of ${counts.total ?? 0}`;
}
