import { act, renderHook, waitFor } from '@testing-library/react';
import { json, stubApi } from '../../test/render';
import { countByKind } from './jobEvents';
import { useJobStream, type EventSourceLike } from './useJobStream';

/** A stand-in for EventSource that the test drives. */
class FakeStream implements EventSourceLike {
  readyState = 0;
  onerror: ((event: Event) => void) | null = null;
  onopen: ((event: Event) => void) | null = null;
  closed = false;
  private listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  opened() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  emit(id: number, type: string, data: unknown) {
    const event = new MessageEvent<string>(type, { data: JSON.stringify(data), lastEventId: String(id) });
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
  refused() {
    this.readyState = 2;
    this.onerror?.(new Event('error'));
  }
}

const streams: FakeStream[] = [];
const open = (url: string) => {
  const stream = new FakeStream(url);
  streams.push(stream);
  return stream;
};

const epic = (n: number) => ({ id: `e${n}`, kind: 'epic', parent_id: '', title: `Epic ${n}` });

afterEach(() => {
  vi.unstubAllGlobals();
  streams.length = 0;
});

describe('following a job live', () => {
  it('opens a new stream when the old one is refused, and shows replayed items once', async () => {
    const calls = stubApi({ 'GET /api/jobs/j1': () => json(200, { id: 'j1', state: 'running', progress: null }) });
    const { result } = renderHook(() => useJobStream('j1', { open, retryDelayMs: 10 }));
    await waitFor(() => expect(streams).toHaveLength(1));
    expect(streams[0]!.url).toBe('/api/jobs/j1/events');
    act(() => {
      streams[0]!.opened();
      streams[0]!.emit(1, 'node', epic(1));
      streams[0]!.emit(2, 'node', epic(2));
    });
    expect(result.current.connection).toBe('live');
    expect(countByKind(result.current.live.nodes).epic).toBe(2);

    act(() => streams[0]!.refused()); // e.g. the access token expired
    expect(result.current.connection).toBe('reconnecting');
    await waitFor(() => expect(streams).toHaveLength(2));
    expect(calls.filter((c) => c === 'GET /api/jobs/j1')).toHaveLength(2);
    act(() => {
      streams[1]!.opened();
      for (const n of [1, 2, 3]) streams[1]!.emit(n, 'node', epic(n));
      streams[1]!.emit(4, 'final', { state: 'completed', error: '', summary: null });
    });
    expect(countByKind(result.current.live.nodes).epic).toBe(3);
    expect(result.current.connection).toBe('finished');
    expect(result.current.live.final?.state).toBe('completed');
    expect(streams[1]!.closed).toBe(true);
  });

  it('stops with the service’s answer when the job is not the user’s', async () => {
    stubApi({ 'GET /api/jobs/j2': () => json(404, { detail: 'No such job.', code: 'not_found' }) });
    const { result } = renderHook(() => useJobStream('j2', { open, retryDelayMs: 10 }));
    await waitFor(() => expect(result.current.connection).toBe('failed'));
    expect(result.current.error?.detail).toBe('No such job.');
    expect(streams).toHaveLength(0);
  });
});
