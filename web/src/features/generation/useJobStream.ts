// Follows a job live over Server-Sent Events.
//
// EventSource reconnects by itself after a dropped connection and sends Last-Event-ID then, so
// the service resends exactly what was missed. When the service refuses the stream instead
// (401 after the access token expired, 429 too many streams) EventSource gives up; then the
// session is refreshed through an ordinary API call and a new stream is opened. A new stream (and
// the first one after a page reload) cannot send Last-Event-ID, so it replays from the start and
// applyEvent drops what was already applied.
import { useEffect, useReducer, useRef, useState } from 'react';
import { jobs } from '../../api/endpoints';
import { ApiError } from '../../api/errors';
import type { Job } from '../../api/types';
import { applyEvent, emptyLiveJob, liveJobFromSnapshot, parseEventData, type JobEvent, type LiveJob } from './jobEvents';

export type Connection = 'connecting' | 'live' | 'reconnecting' | 'finished' | 'failed';

export const EVENT_TYPES = ['state', 'progress', 'node', 'step', 'final'] as const;

type Action = { type: 'event'; event: JobEvent } | { type: 'snapshot'; job: Job } | { type: 'reset' };

/** How one kind of job folds its events: generation (the default) or a push. */
export interface StreamModel<S> {
  /** The event types to listen to (`final` must be among them). */
  types: readonly string[];
  empty(): S;
  apply(state: S, event: JobEvent): S;
  /** Seeds the state from GET /api/jobs/{id}, before any event arrived. */
  snapshot(state: S, job: Job): S;
}

const GENERATION: StreamModel<LiveJob> = {
  types: EVENT_TYPES,
  empty: emptyLiveJob,
  apply: applyEvent,
  // Only before any event: events are newer than a snapshot taken earlier.
  snapshot: (live, job) =>
    live.lastEventId === 0 && !live.final ? { ...liveJobFromSnapshot(job), nodes: live.nodes } : live,
};

function reducerFor<S>(model: StreamModel<S>) {
  return (state: S, action: Action): S => {
    switch (action.type) {
      case 'event':
        return model.apply(state, action.event);
      case 'snapshot':
        return model.snapshot(state, action.job);
      case 'reset':
        return model.empty();
    }
  };
}

export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
  onerror: ((event: Event) => void) | null;
  onopen: ((event: Event) => void) | null;
}

export type EventSourceFactory = (url: string) => EventSourceLike;

const browserEventSource: EventSourceFactory = (url) => new EventSource(url) as unknown as EventSourceLike;

const CLOSED = 2;

export function useJobStream(
  jobId: string | undefined,
  options: { open?: (url: string) => EventSourceLike; retryDelayMs?: number } = {},
): { live: LiveJob; connection: Connection; error: ApiError | null } {
  return useEventStream(jobId, GENERATION, options);
}

/** Follows a job's events folded by `model` (which must be a stable object). */
export function useEventStream<S>(
  jobId: string | undefined,
  model: StreamModel<S>,
  options: { open?: (url: string) => EventSourceLike; retryDelayMs?: number } = {},
): { live: S; connection: Connection; error: ApiError | null } {
  const [reducer] = useState(() => reducerFor(model));
  const [live, dispatch] = useReducer(reducer, undefined, model.empty);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [error, setError] = useState<ApiError | null>(null);
  const open = options.open ?? browserEventSource;
  const retryDelayMs = options.retryDelayMs ?? 2_000;
  const finished = useRef(false);

  useEffect(() => {
    if (!jobId) return;
    dispatch({ type: 'reset' });
    finished.current = false;
    setConnection('connecting');
    setError(null);
    let source: EventSourceLike | null = null;
    let retryTimer: number | undefined;
    let stopped = false;

    const connect = () => {
      if (stopped) return;
      const es = open(jobs.eventsUrl(jobId));
      source = es;
      es.onopen = () => {
        if (!finished.current) setConnection('live');
      };
      for (const type of model.types) {
        es.addEventListener(type, (message) => {
          const id = Number(message.lastEventId);
          dispatch({ type: 'event', event: { id: Number.isFinite(id) ? id : 0, type, data: parseEventData(message.data) } });
          if (type === 'final') {
            // The service closes the stream after `final`; without this EventSource would reconnect.
            finished.current = true;
            es.close();
            setConnection('finished');
          }
        });
      }
      es.onerror = () => {
        if (finished.current || stopped) return;
        if (es.readyState !== CLOSED) {
          setConnection('reconnecting'); // the browser retries with Last-Event-ID
          return;
        }
        es.close();
        setConnection('reconnecting');
        retryTimer = window.setTimeout(() => void recover(), retryDelayMs);
      };
    };

    // The stream was refused: find out why with an ordinary call (which refreshes an expired
    // session), then open a new stream unless the job is gone or over.
    const recover = async () => {
      if (stopped) return;
      try {
        const job = await jobs.get(jobId);
        dispatch({ type: 'snapshot', job });
        connect();
      } catch (caught) {
        if (stopped) return;
        if (caught instanceof ApiError && (caught.status === 404 || caught.status === 401 || caught.status === 403)) {
          setError(caught);
          setConnection('failed');
          return;
        }
        retryTimer = window.setTimeout(() => void recover(), retryDelayMs * 2);
      }
    };

    // The snapshot shows state and progress at once, before the replay arrives, and answers 404
    // for a job that is not ours.
    jobs
      .get(jobId)
      .then((job) => {
        if (stopped) return;
        dispatch({ type: 'snapshot', job });
        connect();
      })
      .catch((caught: unknown) => {
        if (stopped) return;
        setError(caught instanceof ApiError ? caught : new ApiError(0, { detail: String(caught) }));
        setConnection('failed');
      });

    return () => {
      stopped = true;
      window.clearTimeout(retryTimer);
      source?.close();
    };
  }, [jobId, open, retryDelayMs, model]);

  return { live, connection, error };
}
