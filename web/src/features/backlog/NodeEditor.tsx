import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/errors';
import type { NodeKind } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { CheckboxField, NumberField, SelectField, TextField } from '../../components/Fields';
import { ListEditor, StepsEditor, type StepValue } from '../../components/ListEditor';
import { draftOf, FIELD_SPECS, patchFrom, type Draft, type FieldSpec } from './fieldSpecs';

/** Edits every field of one item; sends only what changed. */
export function NodeEditor({
  kind,
  data,
  saving,
  error,
  onSave,
  onCancel,
}: {
  kind: NodeKind;
  data: Record<string, unknown>;
  saving: boolean;
  error: unknown;
  onSave(patch: Record<string, unknown>): void;
  onCancel(): void;
}) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(kind, data));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [nothingChanged, setNothingChanged] = useState(false);
  const set = (key: string) => (value: unknown) => {
    setNothingChanged(false);
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const serverError = (key: string) => (error instanceof ApiError ? error.fieldMessage(key) : undefined);

  function submit(event: FormEvent) {
    event.preventDefault();
    const { patch, errors } = patchFrom(kind, data, draft);
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) return;
    if (Object.keys(patch).length === 0) {
      setNothingChanged(true);
      return;
    }
    onSave(patch);
  }

  const control = (spec: FieldSpec) => {
    const value = draft[spec.key];
    const fieldError = localErrors[spec.key] ?? serverError(spec.key);
    switch (spec.type) {
      case 'text':
        return <TextField key={spec.key} label={spec.label} hint={spec.hint} value={String(value)} onChange={set(spec.key)} error={fieldError} />;
      case 'textarea':
        return (
          <TextField key={spec.key} label={spec.label} hint={spec.hint} multiline rows={3} value={String(value)} onChange={set(spec.key)} error={fieldError} />
        );
      case 'json':
        return (
          <TextField
            key={spec.key}
            label={spec.label}
            hint={spec.hint}
            multiline
            rows={6}
            className="monospace"
            value={String(value)}
            onChange={set(spec.key)}
            error={fieldError}
          />
        );
      case 'number':
        return (
          <NumberField
            key={spec.key}
            label={spec.label}
            hint={spec.hint}
            min={spec.min}
            step={spec.step}
            value={value as number | ''}
            onChange={set(spec.key)}
            error={fieldError}
          />
        );
      case 'select': {
        const current = String(value);
        const options = [...(spec.options ?? [])];
        if (current && !options.includes(current)) options.unshift(current);
        if (!current) options.unshift('');
        return (
          <SelectField
            key={spec.key}
            label={spec.label}
            hint={spec.hint}
            value={current}
            onChange={set(spec.key)}
            error={fieldError}
            options={options.map((o) => ({ value: o, label: o || '(none)' }))}
          />
        );
      }
      case 'boolean':
        return <CheckboxField key={spec.key} label={spec.label} checked={Boolean(value)} onChange={set(spec.key)} />;
      case 'list':
        return (
          <ListEditor
            key={spec.key}
            label={spec.label}
            itemLabel={spec.itemLabel ?? 'Entry'}
            hint={spec.hint}
            items={value as string[]}
            onChange={set(spec.key)}
            multiline={spec.key === 'acceptance_criteria'}
          />
        );
      case 'steps':
        return <StepsEditor key={spec.key} steps={value as StepValue[]} onChange={set(spec.key)} />;
    }
  };

  return (
    <form className="node-editor" onSubmit={submit} aria-label="Edit item">
      <ErrorAlert error={error} title="The changes were not saved" />
      {FIELD_SPECS[kind].map(control)}
      {nothingChanged && <p role="status">Nothing changed yet.</p>}
      <div className="button-row sticky-actions">
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : 'Save changes'}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
