// Every editable field of every kind of item, with the control that edits it. The service
// re-checks an edited item with the quality rules and refuses values of the wrong type.
import type { NodeKind } from '../../api/types';

export type FieldType = 'text' | 'textarea' | 'number' | 'select' | 'list' | 'steps' | 'boolean' | 'json';

export interface FieldSpec {
  key: string;
  label: string;
  type: FieldType;
  /** For lists: how one entry is called. */
  itemLabel?: string;
  options?: string[];
  step?: number;
  min?: number;
  hint?: string;
  /** JSON fields: an object (technical details) or a list (risks). */
  jsonShape?: 'object' | 'array';
}

const PRIORITY = ['High', 'Medium', 'Low'];

export const FIELD_SPECS: Record<NodeKind, FieldSpec[]> = {
  epic: [
    { key: 'title', label: 'Title', type: 'text' },
    { key: 'description', label: 'Description', type: 'textarea' },
    { key: 'priority', label: 'Priority', type: 'select', options: PRIORITY },
    { key: 'estimated_complexity', label: 'Estimated complexity', type: 'select', options: ['XS', 'S', 'M', 'L', 'XL'] },
    { key: 'category', label: 'Category', type: 'text' },
  ],
  feature: [
    { key: 'title', label: 'Title', type: 'text' },
    { key: 'description', label: 'Description', type: 'textarea' },
    { key: 'business_value', label: 'Business value', type: 'textarea' },
    { key: 'priority', label: 'Priority', type: 'select', options: PRIORITY },
    { key: 'estimated_story_points', label: 'Estimated story points', type: 'number', min: 0 },
    { key: 'category', label: 'Category', type: 'text' },
    { key: 'dependencies', label: 'Dependencies', type: 'list', itemLabel: 'Dependency' },
    { key: 'ui_ux_requirements', label: 'UI/UX requirements', type: 'list', itemLabel: 'Requirement' },
    { key: 'technical_considerations', label: 'Technical considerations', type: 'list', itemLabel: 'Consideration' },
    { key: 'edge_cases', label: 'Edge cases', type: 'list', itemLabel: 'Edge case' },
  ],
  story: [
    { key: 'title', label: 'Title', type: 'text' },
    { key: 'user_story', label: 'User story', type: 'textarea', hint: 'As a <role>, I want <goal>, so that <benefit>.' },
    { key: 'description', label: 'Description', type: 'textarea' },
    {
      key: 'acceptance_criteria',
      label: 'Acceptance criteria',
      type: 'list',
      itemLabel: 'Criterion',
      hint: 'Three to seven, each as Given … When … Then …',
    },
    { key: 'story_points', label: 'Story points', type: 'select', options: ['1', '2', '3', '5', '8', '13'] },
    { key: 'priority', label: 'Priority', type: 'select', options: PRIORITY },
    { key: 'category', label: 'Category', type: 'text' },
    { key: 'user_type', label: 'User type', type: 'text' },
  ],
  task: [
    { key: 'title', label: 'Title', type: 'text', hint: 'Starts with an action verb.' },
    { key: 'description', label: 'Description', type: 'textarea' },
    { key: 'estimate_hours', label: 'Estimate (hours)', type: 'number', step: 0.5, min: 0, hint: '0.5 to 16 hours.' },
    { key: 'story_points', label: 'Story points', type: 'number', min: 0 },
    { key: 'complexity', label: 'Complexity', type: 'select', options: ['Low', 'Medium', 'High'] },
    { key: 'category', label: 'Category', type: 'select', options: ['frontend', 'backend', 'database', 'api', 'testing', 'deployment', 'configuration'] },
    { key: 'dependencies', label: 'Dependencies', type: 'list', itemLabel: 'Dependency' },
    { key: 'acceptance_criteria', label: 'Acceptance criteria', type: 'list', itemLabel: 'Criterion' },
    { key: 'technical_details', label: 'Technical details (JSON)', type: 'json', jsonShape: 'object' },
  ],
  test_plan: [
    { key: 'name', label: 'Name', type: 'text' },
    { key: 'description', label: 'Description', type: 'textarea' },
    { key: 'test_approach', label: 'Test approach', type: 'textarea' },
    { key: 'test_types', label: 'Test types', type: 'list', itemLabel: 'Test type' },
    { key: 'entry_criteria', label: 'Entry criteria', type: 'list', itemLabel: 'Entry criterion' },
    { key: 'exit_criteria', label: 'Exit criteria', type: 'list', itemLabel: 'Exit criterion' },
    {
      key: 'test_environment',
      label: 'Test environment (JSON)',
      type: 'json',
      jsonShape: 'object',
      hint: '{"description": "…", "data_requirements": ["…"], "tools_required": ["…"]}',
    },
    {
      key: 'risks_and_mitigations',
      label: 'Risks and mitigations (JSON)',
      type: 'json',
      jsonShape: 'array',
      hint: '[{"risk": "…", "impact": "High", "mitigation": "…"}]',
    },
  ],
  test_suite: [
    { key: 'name', label: 'Name', type: 'text' },
    { key: 'description', label: 'Description', type: 'textarea' },
    { key: 'priority', label: 'Priority', type: 'select', options: PRIORITY },
    { key: 'test_categories', label: 'Test categories', type: 'list', itemLabel: 'Category' },
    { key: 'test_objectives', label: 'Test objectives', type: 'list', itemLabel: 'Objective' },
    { key: 'prerequisites', label: 'Prerequisites', type: 'list', itemLabel: 'Prerequisite' },
    { key: 'test_data_requirements', label: 'Test data requirements', type: 'list', itemLabel: 'Requirement' },
  ],
  test_case: [
    { key: 'title', label: 'Title', type: 'text' },
    { key: 'description', label: 'Description', type: 'textarea' },
    { key: 'type', label: 'Type', type: 'select', options: ['positive', 'negative', 'boundary', 'integration'] },
    { key: 'priority', label: 'Priority', type: 'select', options: PRIORITY },
    { key: 'preconditions', label: 'Preconditions', type: 'list', itemLabel: 'Precondition' },
    { key: 'steps', label: 'Steps', type: 'steps' },
    { key: 'test_data', label: 'Test data', type: 'list', itemLabel: 'Test data item' },
    { key: 'automation_candidate', label: 'Candidate for automation', type: 'boolean' },
  ],
};

/** The editor's working copy: JSON fields as text, numbers as typed, the rest as they are. */
export type Draft = Record<string, unknown>;

export function draftOf(kind: NodeKind, data: Record<string, unknown>): Draft {
  const draft: Draft = {};
  for (const spec of FIELD_SPECS[kind]) {
    const value = data[spec.key];
    switch (spec.type) {
      case 'json':
        draft[spec.key] = value === undefined ? '' : JSON.stringify(value, null, 2);
        break;
      case 'list':
        draft[spec.key] = Array.isArray(value) ? value.map(String) : [];
        break;
      case 'steps':
        draft[spec.key] = Array.isArray(value) ? value : [];
        break;
      case 'boolean':
        draft[spec.key] = Boolean(value);
        break;
      case 'number':
        draft[spec.key] = typeof value === 'number' ? value : '';
        break;
      case 'select':
        draft[spec.key] = value === undefined || value === null ? '' : String(value);
        break;
      default:
        draft[spec.key] = typeof value === 'string' ? value : '';
    }
  }
  return draft;
}

export interface PatchResult {
  patch: Record<string, unknown>;
  errors: Record<string, string>;
}

/** The fields that changed, typed as the service expects them; or why a field cannot be sent. */
export function patchFrom(kind: NodeKind, data: Record<string, unknown>, draft: Draft): PatchResult {
  const patch: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const spec of FIELD_SPECS[kind]) {
    const raw = draft[spec.key];
    let value: unknown = raw;
    if (spec.type === 'json') {
      const text = String(raw ?? '').trim();
      if (text === '') {
        if (data[spec.key] === undefined) continue;
        value = spec.jsonShape === 'array' ? [] : {};
      } else {
        try {
          value = JSON.parse(text);
        } catch {
          errors[spec.key] = 'This is not valid JSON.';
          continue;
        }
        const isArray = Array.isArray(value);
        if ((spec.jsonShape === 'array') !== isArray || typeof value !== 'object' || value === null) {
          errors[spec.key] = spec.jsonShape === 'array' ? 'Must be a JSON list [ … ].' : 'Must be a JSON object { … }.';
          continue;
        }
      }
    } else if (spec.type === 'number') {
      if ((raw === '' || raw === undefined) && data[spec.key] === undefined) continue;
      if (raw === '' || raw === undefined || !Number.isFinite(Number(raw))) {
        errors[spec.key] = 'Enter a number.';
        continue;
      }
      value = Number(raw);
    } else if (spec.type === 'select' && spec.key === 'story_points') {
      value = raw === '' ? '' : Number(raw);
    } else if (spec.type === 'list') {
      // Empty entries are left-over "Add" clicks, not content.
      value = (raw as string[]).map((s) => s.trim()).filter(Boolean);
    } else if (spec.type === 'steps') {
      value = (raw as { action: string; expected: string }[])
        .map((s) => ({ action: s.action.trim(), expected: s.expected.trim() }))
        .filter((s) => s.action || s.expected);
    }
    // A field the item never had, left empty, stays absent rather than being written as empty.
    const empty = value === '' || value === false || (Array.isArray(value) && value.length === 0);
    if (data[spec.key] === undefined && empty) continue;
    if (JSON.stringify(value) !== JSON.stringify(data[spec.key])) patch[spec.key] = value;
  }
  return { patch, errors };
}
