import type { WorkItemLimits } from '../../api/types';
import { firstIncompleteStep, initialWizard, maxItems, stepErrors, stepOfField, wizardReducer, type WizardAction, type WizardState } from './wizardState';

const apply = (actions: WizardAction[], state: WizardState = initialWizard) => actions.reduce(wizardReducer, state);
const limits: WorkItemLimits = { max_epics: 2, max_features_per_epic: 3, max_stories_per_feature: 4, max_tasks_per_story: 5, max_test_cases_per_story: 2 };
const assessment = { score: 80, strengths: [], gaps: [], suggestions: [] };

describe('the new-project wizard', () => {
  it('keeps 1 to 3 domains, the first chosen as primary, reorderable', () => {
    let state = apply(['a', 'b', 'c', 'd'].map((key) => ({ type: 'toggleDomain', key }) as const));
    expect(state.domains).toEqual(['a', 'b', 'c']);
    state = apply([{ type: 'makePrimary', key: 'c' }], state);
    expect(state.domains).toEqual(['c', 'a', 'b']);
    state = apply([{ type: 'moveDomain', key: 'b', by: -1 }, { type: 'moveDomain', key: 'c', by: -1 }], state);
    expect(state.domains).toEqual(['c', 'b', 'a']);
    state = apply([{ type: 'toggleDomain', key: 'b' }], state);
    expect(state.domains).toEqual(['c', 'a']);
  });

  it('needs a name, a domain, a vision of 20 bytes or more, and limits in range', () => {
    expect(stepErrors(initialWizard, 0)).toHaveProperty('name');
    expect(stepErrors(initialWizard, 1)).toHaveProperty('domains');
    expect(stepErrors(apply([{ type: 'set', field: 'vision', value: 'too short' }]), 2)).toHaveProperty('vision');
    const ready = apply([
      { type: 'set', field: 'name', value: 'Clinic' },
      { type: 'toggleDomain', key: 'healthcare' },
      { type: 'set', field: 'vision', value: 'A portal for patients to book and cancel appointments.' },
      { type: 'defaultLimits', limits },
    ]);
    expect(firstIncompleteStep(ready)).toBe(-1);
    const tooMany = apply([{ type: 'limits', limits: { ...limits, max_epics: 21 } }], ready);
    expect(stepErrors(tooMany, 3)).toEqual({ max_epics: 'Epics: a whole number from 1 to 20.' });
    expect(firstIncompleteStep(tooMany)).toBe(3);
  });

  it('takes the default limits once, never over what the user typed', () => {
    const typed = apply([{ type: 'limits', limits: { ...limits, max_epics: 7 } }, { type: 'defaultLimits', limits }]);
    expect(typed.limits?.max_epics).toBe(7);
  });

  it('knows when a quality check is stale, and an accepted optimization replaces the vision with its assessment', () => {
    let state = apply([{ type: 'set', field: 'vision', value: 'first words' }, { type: 'assessed', vision: 'first words', assessment }]);
    expect(state.assessedVision).toBe(state.vision);
    state = apply([{ type: 'set', field: 'vision', value: 'edited words' }], state);
    expect(state.assessedVision).not.toBe(state.vision);
    state = apply([{ type: 'acceptOptimized', vision: 'better words', assessment: { ...assessment, score: 92 } }], state);
    expect(state.vision).toBe('better words');
    expect(state.assessment?.score).toBe(92);
    expect(state.assessedVision).toBe('better words');
  });

  it('sends a server complaint to the step holding the field, and stays within the steps', () => {
    expect(stepOfField('domains[0]')).toBe(1);
    expect(stepOfField('vision')).toBe(2);
    expect(stepOfField('limits.max_epics')).toBe(3);
    expect(apply([{ type: 'goto', step: 9 }]).step).toBe(3);
  });

  it('tells the largest backlog the limits allow', () => {
    expect(maxItems(limits, true)).toEqual({ epics: 2, features: 6, stories: 24, tasks: 120, testCases: 48 });
    expect(maxItems(limits, false).testCases).toBe(0);
  });
});
