import type { Job } from '../../api/types';
import type { JobEvent } from '../generation/jobEvents';
import { applyPushEvent, describeCounts, emptyLivePush, itemsInOrder, livePushFromSnapshot } from './pushEvents';

const events: JobEvent[] = [
  { id: 1, type: 'state', data: { state: 'running' } },
  { id: 2, type: 'progress', data: { stage: 'checking', done: 0, total: 0 } },
  { id: 3, type: 'warning', data: { message: 'No Test Plans access: test plans and suites are skipped.' } },
  { id: 4, type: 'push_item', data: { node_id: 'e1', kind: 'epic', title: 'Online booking', state: 'created', tracker_id: 101, url: 'https://dev.azure.com/contoso/Shop/_workitems/edit/101' } },
  { id: 5, type: 'push_item', data: { node_id: 'f1', kind: 'feature', title: 'Choose a slot', state: 'failed', error: 'TF401320: rule error' } },
  { id: 6, type: 'push_item', data: { node_id: 's1', kind: 'story', title: 'Pick a time', state: 'blocked' } },
  { id: 7, type: 'progress', data: { stage: 'uploading', done: 3, total: 5, created: 1, failed: 1, blocked: 1, pending: 2 } },
];

describe('the live state of a push', () => {
  it('fills in the counts and the items with their work item ids, links and errors', () => {
    const live = events.reduce(applyPushEvent, emptyLivePush());
    expect(live.state).toBe('running');
    expect(live.progress).toMatchObject({ stage: 'uploading', done: 3, total: 5, created: 1, failed: 1, blocked: 1 });
    expect(live.warnings).toEqual(['No Test Plans access: test plans and suites are skipped.']);
    const items = itemsInOrder(live.items);
    expect(items.map((i) => [i.nodeId, i.state, i.trackerId])).toEqual([
      ['e1', 'created', 101],
      ['f1', 'failed', null],
      ['s1', 'blocked', null],
    ]);
    expect(items[0]!.url).toBe('https://dev.azure.com/contoso/Shop/_workitems/edit/101');
    expect(items[1]!.error).toBe('TF401320: rule error');
  });

  it('shows nothing twice when the stream is replayed from the start', () => {
    const once = events.reduce(applyPushEvent, emptyLivePush());
    const twice = [...events, ...events].reduce(applyPushEvent, emptyLivePush());
    expect(twice).toEqual(once);
    expect(twice.warnings).toHaveLength(1);
  });

  it('takes the final counts from the summary, and keeps a counter no event mentions', () => {
    const live = [
      ...events,
      { id: 8, type: 'final', data: { state: 'completed_with_warnings', error: '2 items were not created', summary: { created: 3, failed: 1, blocked: 1, total: 5, done: 5, push_id: 'p1' } } },
    ].reduce(applyPushEvent, emptyLivePush());
    expect(live.final).toMatchObject({ state: 'completed_with_warnings', error: '2 items were not created' });
    expect(live.state).toBe('completed_with_warnings');
    expect(live.progress).toMatchObject({ done: 5, total: 5, created: 3, failed: 1, blocked: 1, stage: 'uploading' });
  });

  it('a later state of an item replaces the earlier one and keeps its title and link', () => {
    const live = [
      events[3]!,
      { id: 9, type: 'push_item', data: { node_id: 'e1', kind: 'epic', state: 'removed', tracker_id: 101 } },
      { id: 10, type: 'progress', data: { stage: 'removing', removed: 1, kept: 0 } },
    ].reduce(applyPushEvent, emptyLivePush());
    const [item] = itemsInOrder(live.items);
    expect(item).toMatchObject({ state: 'removed', title: 'Online booking', trackerId: 101, seq: 9 });
    expect(item!.url).toContain('/edit/101');
    expect(live.progress).toMatchObject({ stage: 'removing', removed: 1, kept: 0 });
  });

  it('ignores an item event without a node and a malformed count', () => {
    const live = [
      { id: 1, type: 'push_item', data: { kind: 'epic' } },
      { id: 2, type: 'progress', data: { done: 'many', total: 4 } },
      { id: 3, type: 'progress', data: { text: 'not json' } },
    ].reduce(applyPushEvent, emptyLivePush());
    expect(live.items.size).toBe(0);
    expect(live.progress).toMatchObject({ done: 0, total: 4 });
  });

  it('a snapshot seeds the state only before any event', () => {
    const job = { state: 'running', progress: { stage: 'uploading', done: 2, total: 9, created: 2 } } as unknown as Job;
    expect(livePushFromSnapshot(emptyLivePush(), job).progress).toMatchObject({ done: 2, total: 9, created: 2 });
    const after = events.reduce(applyPushEvent, emptyLivePush());
    expect(livePushFromSnapshot(after, job)).toBe(after);
  });

  it('describes a push by its counts', () => {
    expect(describeCounts({ total: 15, created: 12, failed: 1, blocked: 2 })).toBe('12 created, 1 failed, 2 blocked of 15');
    expect(describeCounts({ total: 4, pending: 3, sending: 1 })).toBe('4 waiting of 4');
    expect(describeCounts({ total: 0 })).toBe('nothing yet of 0');
  });
});
