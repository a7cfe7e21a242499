import { draftOf, FIELD_SPECS, patchFrom } from './fieldSpecs';

describe('the item editor’s fields', () => {
  it('covers every kind of item, with criteria and steps as editable lists', () => {
    expect(Object.keys(FIELD_SPECS).sort()).toEqual(['epic', 'feature', 'story', 'task', 'test_case', 'test_plan', 'test_suite']);
    expect(FIELD_SPECS.story.find((s) => s.key === 'acceptance_criteria')?.type).toBe('list');
    expect(FIELD_SPECS.test_case.find((s) => s.key === 'steps')?.type).toBe('steps');
  });

  it('sends only what changed, typed as the service expects', () => {
    const data = { title: 'Book a slot', acceptance_criteria: ['a', 'b'], story_points: 3, priority: 'High' };
    const draft = draftOf('story', data);
    expect(draft.story_points).toBe('3');
    draft.title = 'Book an appointment';
    draft.acceptance_criteria = ['a', ' b ', '', 'c'];
    draft.story_points = '5';
    expect(patchFrom('story', data, draft)).toEqual({
      patch: { title: 'Book an appointment', acceptance_criteria: ['a', 'b', 'c'], story_points: 5 },
      errors: {},
    });
    expect(patchFrom('story', data, draftOf('story', data)).patch).toEqual({});
  });

  it('drops empty test steps and refuses a number or JSON that is not one', () => {
    const data = { steps: [{ action: 'Open', expected: 'Shown' }], estimate_hours: 2 };
    const draft = draftOf('test_case', data);
    draft.steps = [{ action: 'Open', expected: 'Shown' }, { action: ' ', expected: '' }];
    expect(patchFrom('test_case', data, draft).patch).toEqual({});

    const taskDraft = draftOf('task', { estimate_hours: 2, technical_details: { db: 'x' } });
    taskDraft.estimate_hours = 'two';
    taskDraft.technical_details = '[1, 2]';
    expect(patchFrom('task', { estimate_hours: 2, technical_details: { db: 'x' } }, taskDraft).errors).toEqual({
      estimate_hours: 'Enter a number.',
      technical_details: 'Must be a JSON object { … }.',
    });
  });
});
