// The live state of a job, folded from its Server-Sent Events. Every event carries a monotonic
// id; an event whose id was already applied is ignored, so replaying the stream from the start
// (after a page reload or a reconnect that could not send Last-Event-ID) shows nothing twice,
// and a stream resumed with Last-Event-ID loses nothing.
import type { Job, JobState, JobSummary, NodeKind, Progress } from '../../api/types';
import { NODE_KIND_LABELS, plural } from '../../lib/format';

export interface JobEvent {
  id: number;
  type: string;
  data: unknown;
}

export interface LiveNode {
  id: string;
  kind: NodeKind;
  parentId: string;
  title: string;
  /** Rewritten by this job (a regeneration), rather than made new. */
  updated: boolean;
  /** Event id that brought it, for ordering. */
  seq: number;
}

export interface FailedStep {
  step: string;
  kind: string;
  error: string;
}

export interface LiveJob {
  lastEventId: number;
  state: JobState | null;
  progress: Progress | null;
  nodes: Map<string, LiveNode>;
  /** What happened last, in words. */
  activity: string | null;
  failedSteps: FailedStep[];
  final: { state: JobState; error: string; summary: JobSummary | null } | null;
}

export function emptyLiveJob(): LiveJob {
  return { lastEventId: 0, state: null, progress: null, nodes: new Map(), activity: null, failedSteps: [], final: null };
}

/** Seeds the state from GET /api/jobs/{id}, before (or without) any event. */
export function liveJobFromSnapshot(job: Job): LiveJob {
  return { ...emptyLiveJob(), state: job.state, progress: job.progress };
}

const STEP_WORDS: Record<string, string> = {
  epics: 'Epics',
  features: 'Features of an epic',
  stories: 'User stories of a feature',
  tasks: 'Tasks of a story',
  plan: 'Test plan of a feature',
  suite: 'Test suite of a story',
  cases: 'Test cases of a story',
  node: 'The item',
};

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

export function applyEvent(live: LiveJob, event: JobEvent): LiveJob {
  if (event.id <= live.lastEventId) return live;
  const data = record(event.data);
  const next: LiveJob = { ...live, lastEventId: event.id };
  switch (event.type) {
    case 'state':
      if (typeof data.state === 'string') next.state = data.state as JobState;
      if (data.state === 'running') next.activity = next.activity ?? 'Started.';
      break;
    case 'progress':
      next.progress = data as unknown as Progress;
      break;
    case 'node': {
      const id = String(data.id ?? '');
      if (!id) break;
      const node: LiveNode = {
        id,
        kind: String(data.kind ?? '') as NodeKind,
        parentId: String(data.parent_id ?? ''),
        title: String(data.title ?? ''),
        updated: data.updated === true,
        seq: event.id,
      };
      next.nodes = new Map(live.nodes);
      next.nodes.set(id, node);
      next.activity = `${node.updated ? 'Rewrote' : 'Wrote'} ${NODE_KIND_LABELS[node.kind]?.toLowerCase() ?? node.kind}: “${node.title}”`;
      break;
    }
    case 'step': {
      const kind = String(data.kind ?? '');
      const words = STEP_WORDS[kind] ?? kind;
      if (data.state === 'failed') {
        const failed = { step: String(data.step ?? ''), kind, error: String(data.error ?? 'unknown error') };
        next.failedSteps = [...live.failedSteps, failed];
        next.activity = `${words}: failed (${failed.error})`;
      } else {
        const created = Number(data.created ?? 0);
        const updated = Number(data.updated ?? 0);
        const parts = [created ? `${created} new` : '', updated ? `${updated} rewritten` : ''].filter(Boolean);
        const review = Number(data.needs_review ?? 0);
        next.activity = `${words}: done${parts.length ? ` (${parts.join(', ')})` : ''}${review ? `, ${plural(review, 'item')} to review` : ''}.`;
      }
      break;
    }
    case 'final':
      next.final = {
        state: String(data.state ?? 'failed') as JobState,
        error: String(data.error ?? ''),
        summary: (data.summary as JobSummary | null) ?? null,
      };
      next.state = next.final.state;
      break;
    default:
      break;
  }
  return next;
}

export const LEVELS: { kind: NodeKind; label: string; step: string }[] = [
  { kind: 'epic', label: 'Epics', step: 'epics' },
  { kind: 'feature', label: 'Features', step: 'features' },
  { kind: 'story', label: 'User stories', step: 'stories' },
  { kind: 'task', label: 'Tasks', step: 'tasks' },
  { kind: 'test_plan', label: 'Test plans', step: 'plan' },
  { kind: 'test_suite', label: 'Test suites', step: 'suite' },
  { kind: 'test_case', label: 'Test cases', step: 'cases' },
];

/** Items made (or rewritten) so far, per level. */
export function countByKind(nodes: Map<string, LiveNode>): Record<NodeKind, number> {
  const counts = { epic: 0, feature: 0, story: 0, task: 0, test_plan: 0, test_suite: 0, test_case: 0 } as Record<NodeKind, number>;
  for (const node of nodes.values()) {
    if (node.kind in counts) counts[node.kind] += 1;
  }
  return counts;
}

/** Children of each parent in the order they were made ('' holds the top level). */
export function childrenByParent(nodes: Map<string, LiveNode>): Map<string, LiveNode[]> {
  const byParent = new Map<string, LiveNode[]>();
  const sorted = [...nodes.values()].sort((a, b) => a.seq - b.seq);
  for (const node of sorted) {
    const list = byParent.get(node.parentId) ?? [];
    list.push(node);
    byParent.set(node.parentId, list);
  }
  return byParent;
}

/** Nodes whose parent is not among them (the top of a regenerated subtree, or epics). */
export function roots(nodes: Map<string, LiveNode>): LiveNode[] {
  return [...nodes.values()].filter((n) => !nodes.has(n.parentId)).sort((a, b) => a.seq - b.seq);
}

/** Parses one SSE message's data; a malformed one is kept as text so nothing is silently lost. */
export function parseEventData(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { text };
  }
}
