import { applyEvent, childrenByParent, countByKind, emptyLiveJob, parseEventData, roots, type JobEvent, type LiveJob } from './jobEvents';

const fold = (events: JobEvent[], start: LiveJob = emptyLiveJob()) => events.reduce(applyEvent, start);

const node = (id: number, eventId: number, kind: string, parent: string, title: string, updated = false): JobEvent => ({
  id: eventId,
  type: 'node',
  data: { id: `n${id}`, kind, parent_id: parent, title, updated },
});

const run: JobEvent[] = [
  { id: 1, type: 'state', data: { state: 'running' } },
  node(1, 2, 'epic', '', 'Online booking'),
  node(2, 3, 'epic', '', 'Lab results'),
  { id: 4, type: 'step', data: { step: 's1', kind: 'epics', state: 'done', created: 2 } },
  node(3, 5, 'feature', 'n1', 'Choose a slot'),
  { id: 6, type: 'progress', data: { steps_done: 2, steps_total: 5 } },
];

describe('the live job folded from its events', () => {
  it('counts items per level as they arrive and says what happened last', () => {
    const live = fold(run);
    expect(live.state).toBe('running');
    expect(countByKind(live.nodes)).toMatchObject({ epic: 2, feature: 1, story: 0 });
    expect(live.activity).toBe('Wrote feature: “Choose a slot”');
    expect(live.progress).toEqual({ steps_done: 2, steps_total: 5 });
    expect(live.lastEventId).toBe(6);
  });

  it('ignores events it has already applied, so a replay after a reload shows nothing twice', () => {
    const once = fold(run);
    const replayed = fold(run, once);
    expect(replayed).toBe(once);
    expect(countByKind(replayed.nodes).epic).toBe(2);
  });

  it('picks up where it stopped when the stream resumes after the last event id', () => {
    const firstHalf = fold(run.slice(0, 3));
    const resumed = fold(run.slice(1), firstHalf); // the server resent from a little earlier
    expect(resumed.lastEventId).toBe(6);
    expect(countByKind(resumed.nodes)).toMatchObject({ epic: 2, feature: 1 });
  });

  it('records failed steps as warnings', () => {
    const live = fold([...run, { id: 7, type: 'step', data: { step: 's9', kind: 'tasks', state: 'failed', error: 'provider timed out' } }]);
    expect(live.failedSteps).toEqual([{ step: 's9', kind: 'tasks', error: 'provider timed out' }]);
    expect(live.activity).toBe('Tasks of a story: failed (provider timed out)');
  });

  it('mentions items left for review when a step ends', () => {
    const live = fold([{ id: 1, type: 'step', data: { kind: 'stories', state: 'done', created: 3, needs_review: 2 } }]);
    expect(live.activity).toBe('User stories of a feature: done (3 new), 2 items to review.');
  });

  it('ends with the final state, error and summary', () => {
    const live = fold([...run, { id: 7, type: 'final', data: { state: 'failed', error: 'quota exhausted', summary: null } }]);
    expect(live.final).toEqual({ state: 'failed', error: 'quota exhausted', summary: null });
    expect(live.state).toBe('failed');
  });

  it('marks rewritten items of a regeneration, and finds the top of the rewritten subtree', () => {
    const live = fold([node(7, 1, 'story', 'f1', 'Book a slot', true), node(8, 2, 'task', 'n7', 'Build the form', true)]);
    expect(live.activity).toBe('Rewrote task: “Build the form”');
    expect(roots(live.nodes).map((n) => n.id)).toEqual(['n7']);
    expect(childrenByParent(live.nodes).get('n7')?.map((n) => n.title)).toEqual(['Build the form']);
  });

  it('keeps a malformed event as text rather than losing it', () => {
    expect(parseEventData('{"a":1}')).toEqual({ a: 1 });
    expect(parseEventData('not json')).toEqual({ text: 'not json' });
  });
});
