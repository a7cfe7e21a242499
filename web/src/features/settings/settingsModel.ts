import type { ModelChoice, ModelSettings } from '../../api/types';

export const AGENTS: { key: string; label: string; does: string }[] = [
  { key: 'vision_assessor', label: 'Vision assessor', does: 'scores a vision' },
  { key: 'vision_optimizer', label: 'Vision optimizer', does: 'rewrites a vision' },
  { key: 'epic_strategist', label: 'Epic strategist', does: 'writes the epics' },
  { key: 'feature_decomposer', label: 'Feature decomposer', does: 'splits epics into features' },
  { key: 'story_decomposer', label: 'Story decomposer', does: 'writes user stories' },
  { key: 'developer', label: 'Developer', does: 'writes tasks with estimates' },
  { key: 'qa_test_plan', label: 'QA: test plan', does: 'writes test plans' },
  { key: 'qa_test_suite', label: 'QA: test suite', does: 'writes test suites' },
  { key: 'qa_test_cases', label: 'QA: test cases', does: 'writes test cases' },
];

export const PROVIDER_LABELS: Record<string, string> = {
  openai: 'OpenAI',
  grok: 'xAI Grok',
  ollama: 'Ollama',
  'ollama-openai': 'Ollama (OpenAI API)',
  compatible: 'OpenAI-compatible server',
};

/** Providers a user may store a key for (the others need none or use the operator's). */
export const KEYED_PROVIDERS = ['openai', 'grok', 'compatible'];

/** Form text for one model choice: empty means "inherit". */
export interface ChoiceDraft {
  provider: string;
  model: string;
  temperature: string;
  max_tokens: string;
}

export function choiceDraft(choice: ModelChoice | undefined): ChoiceDraft {
  return {
    provider: choice?.provider ?? '',
    model: choice?.model ?? '',
    temperature: choice?.temperature === undefined ? '' : String(choice.temperature),
    max_tokens: choice?.max_tokens === undefined ? '' : String(choice.max_tokens),
  };
}

/** A choice with only the fields that were filled in; errors name the field. */
export function choiceFrom(draft: ChoiceDraft, where: string): { choice: ModelChoice; errors: Record<string, string> } {
  const choice: ModelChoice = {};
  const errors: Record<string, string> = {};
  if (draft.provider) choice.provider = draft.provider;
  if (draft.model.trim()) choice.model = draft.model.trim();
  if (draft.temperature.trim()) {
    const t = Number(draft.temperature);
    if (!Number.isFinite(t) || t < 0 || t > 2) errors[`${where}.temperature`] = 'A number from 0 to 2.';
    else choice.temperature = t;
  }
  if (draft.max_tokens.trim()) {
    const m = Number(draft.max_tokens);
    if (!Number.isInteger(m) || m < 16 || m > 128000) errors[`${where}.max_tokens`] = 'A whole number from 16 to 128000.';
    else choice.max_tokens = m;
  }
  return { choice, errors };
}

export function settingsFrom(defaults: ChoiceDraft, agents: Record<string, ChoiceDraft>): { settings: ModelSettings; errors: Record<string, string> } {
  const d = choiceFrom(defaults, 'defaults');
  const errors = { ...d.errors };
  const agentChoices: Record<string, ModelChoice> = {};
  for (const [agent, draft] of Object.entries(agents)) {
    const a = choiceFrom(draft, `agents.${agent}`);
    Object.assign(errors, a.errors);
    if (Object.keys(a.choice).length > 0) agentChoices[agent] = a.choice;
  }
  return { settings: { defaults: d.choice, agents: agentChoices }, errors };
}
