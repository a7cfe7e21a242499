// The new-project wizard's state and rules, kept apart from the screens so they can be tested.
import type { VisionAssessment, WorkItemLimits } from '../../api/types';

export const MAX_DOMAINS = 3;
export const MIN_VISION_BYTES = 20;
export const MAX_VISION_BYTES = 20_000;
export const STEPS = ['Project', 'Domains', 'Vision', 'Size and tests'] as const;

export interface WizardState {
  step: number;
  name: string;
  targetUsers: string;
  /** Domain keys, the primary one first. */
  domains: string[];
  vision: string;
  /** The latest quality check, and the text it was made for (an edit makes it stale). */
  assessment: VisionAssessment | null;
  assessedVision: string | null;
  limits: WorkItemLimits | null;
  includeTests: boolean;
}

export const initialWizard: WizardState = {
  step: 0,
  name: '',
  targetUsers: '',
  domains: [],
  vision: '',
  assessment: null,
  assessedVision: null,
  limits: null,
  includeTests: true,
};

export type WizardAction =
  | { type: 'set'; field: 'name' | 'targetUsers' | 'vision'; value: string }
  | { type: 'toggleDomain'; key: string }
  | { type: 'moveDomain'; key: string; by: -1 | 1 }
  | { type: 'makePrimary'; key: string }
  | { type: 'assessed'; vision: string; assessment: VisionAssessment }
  | { type: 'acceptOptimized'; vision: string; assessment: VisionAssessment }
  | { type: 'limits'; limits: WorkItemLimits }
  | { type: 'defaultLimits'; limits: WorkItemLimits }
  | { type: 'includeTests'; value: boolean }
  | { type: 'goto'; step: number };

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'set':
      return { ...state, [action.field]: action.value };
    case 'toggleDomain': {
      if (state.domains.includes(action.key)) return { ...state, domains: state.domains.filter((d) => d !== action.key) };
      if (state.domains.length >= MAX_DOMAINS) return state;
      return { ...state, domains: [...state.domains, action.key] };
    }
    case 'moveDomain': {
      const from = state.domains.indexOf(action.key);
      const to = from + action.by;
      if (from < 0 || to < 0 || to >= state.domains.length) return state;
      const domains = [...state.domains];
      domains.splice(from, 1);
      domains.splice(to, 0, action.key);
      return { ...state, domains };
    }
    case 'makePrimary':
      if (!state.domains.includes(action.key)) return state;
      return { ...state, domains: [action.key, ...state.domains.filter((d) => d !== action.key)] };
    case 'assessed':
      return { ...state, assessment: action.assessment, assessedVision: action.vision };
    case 'acceptOptimized':
      return { ...state, vision: action.vision, assessment: action.assessment, assessedVision: action.vision };
    case 'limits':
      return { ...state, limits: action.limits };
    case 'defaultLimits':
      // The user's defaults arrive once; they never overwrite what was typed meanwhile.
      return state.limits ? state : { ...state, limits: action.limits };
    case 'includeTests':
      return { ...state, includeTests: action.value };
    case 'goto':
      return { ...state, step: Math.max(0, Math.min(STEPS.length - 1, action.step)) };
  }
}

export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

export const LIMIT_FIELDS: { key: keyof WorkItemLimits; label: string; min: number; max: number }[] = [
  { key: 'max_epics', label: 'Epics', min: 1, max: 20 },
  { key: 'max_features_per_epic', label: 'Features per epic', min: 1, max: 20 },
  { key: 'max_stories_per_feature', label: 'User stories per feature', min: 1, max: 20 },
  { key: 'max_tasks_per_story', label: 'Tasks per story', min: 1, max: 20 },
  { key: 'max_test_cases_per_story', label: 'Test cases per story', min: 0, max: 20 },
];

/** What keeps a step from being finished: field → message. */
export function stepErrors(state: WizardState, step: number): Record<string, string> {
  const errors: Record<string, string> = {};
  if (step === 0) {
    if (!state.name.trim()) errors.name = 'Give the project a name.';
    else if (state.name.trim().length > 200) errors.name = 'Keep the name under 200 characters.';
  }
  if (step === 1 && state.domains.length === 0) errors.domains = 'Choose at least one domain.';
  if (step === 2) {
    const bytes = byteLength(state.vision.trim());
    if (bytes < MIN_VISION_BYTES) errors.vision = 'Describe the product in at least a sentence or two.';
    else if (bytes > MAX_VISION_BYTES) errors.vision = `The vision is too long (${bytes} bytes; at most ${MAX_VISION_BYTES}).`;
  }
  if (step === 3) {
    if (!state.limits) errors.limits = 'Set how large the backlog may grow.';
    else {
      for (const field of LIMIT_FIELDS) {
        const value = state.limits[field.key];
        if (!Number.isInteger(value) || value < field.min || value > field.max) {
          errors[field.key] = `${field.label}: a whole number from ${field.min} to ${field.max}.`;
        }
      }
    }
  }
  return errors;
}

/** The first step with a problem, or -1 when the project can be created. */
export function firstIncompleteStep(state: WizardState): number {
  for (let step = 0; step < STEPS.length; step += 1) {
    if (Object.keys(stepErrors(state, step)).length > 0) return step;
  }
  return -1;
}

/** Which step holds a field the service complained about. */
export function stepOfField(field: string): number {
  if (field.startsWith('name') || field.startsWith('target_users')) return 0;
  if (field.startsWith('domains')) return 1;
  if (field.startsWith('vision')) return 2;
  return 3;
}

/** The largest backlog these limits allow, to set expectations before generating. */
export function maxItems(limits: WorkItemLimits, includeTests: boolean) {
  const epics = limits.max_epics;
  const features = epics * limits.max_features_per_epic;
  const stories = features * limits.max_stories_per_feature;
  const tasks = stories * limits.max_tasks_per_story;
  const testCases = includeTests ? stories * limits.max_test_cases_per_story : 0;
  return { epics, features, stories, tasks, testCases };
}
