// An editable list of texts (acceptance criteria, dependencies, ...): each entry its own labelled
// field, with buttons to add, remove and reorder that work from the keyboard.
import { useId } from 'react';

export function ListEditor({
  label,
  itemLabel,
  items,
  onChange,
  multiline = false,
  hint,
}: {
  label: string;
  /** "Criterion" → inputs labelled "Criterion 1", "Criterion 2", ... */
  itemLabel: string;
  items: string[];
  onChange(items: string[]): void;
  multiline?: boolean;
  hint?: string;
}) {
  const id = useId();
  const set = (index: number, value: string) => onChange(items.map((item, i) => (i === index ? value : item)));
  const remove = (index: number) => onChange(items.filter((_, i) => i !== index));
  const move = (index: number, by: number) => {
    const next = [...items];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item ?? '');
    onChange(next);
  };
  return (
    <fieldset className="list-editor">
      <legend>{label}</legend>
      {hint && <p className="field-hint">{hint}</p>}
      {items.length === 0 && <p className="muted">None yet.</p>}
      <ol>
        {items.map((item, index) => {
          const inputId = `${id}-${index}`;
          const name = `${itemLabel} ${index + 1}`;
          return (
            <li key={index} className="list-editor-row">
              <label htmlFor={inputId} className="visually-hidden">
                {name}
              </label>
              {multiline ? (
                <textarea id={inputId} rows={2} value={item} onChange={(e) => set(index, e.target.value)} />
              ) : (
                <input id={inputId} type="text" value={item} onChange={(e) => set(index, e.target.value)} />
              )}
              <div className="row-actions">
                <button type="button" className="button-small" aria-label={`Move ${name} up`} disabled={index === 0} onClick={() => move(index, -1)}>
                  ↑
                </button>
                <button
                  type="button"
                  className="button-small"
                  aria-label={`Move ${name} down`}
                  disabled={index === items.length - 1}
                  onClick={() => move(index, 1)}
                >
                  ↓
                </button>
                <button type="button" className="button-small button-danger-quiet" aria-label={`Remove ${name}`} onClick={() => remove(index)}>
                  Remove
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      <button type="button" className="button-secondary button-small" onClick={() => onChange([...items, ''])}>
        Add {itemLabel.toLowerCase()}
      </button>
    </fieldset>
  );
}

export interface StepValue {
  action: string;
  expected: string;
}

/** Test case steps: each an action and its expected result. */
export function StepsEditor({ steps, onChange }: { steps: StepValue[]; onChange(steps: StepValue[]): void }) {
  const id = useId();
  const set = (index: number, patch: Partial<StepValue>) =>
    onChange(steps.map((s, i) => (i === index ? { ...s, ...patch } : s)));
  const move = (index: number, by: number) => {
    const next = [...steps];
    const [step] = next.splice(index, 1);
    if (step) next.splice(index + by, 0, step);
    onChange(next);
  };
  return (
    <fieldset className="list-editor">
      <legend>Steps</legend>
      {steps.length === 0 && <p className="muted">No steps yet.</p>}
      <ol>
        {steps.map((step, index) => (
          <li key={index} className="list-editor-row steps-row">
            <div className="field">
              <label htmlFor={`${id}-a${index}`}>Step {index + 1}: action</label>
              <textarea id={`${id}-a${index}`} rows={2} value={step.action} onChange={(e) => set(index, { action: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-e${index}`}>Step {index + 1}: expected result</label>
              <textarea id={`${id}-e${index}`} rows={2} value={step.expected} onChange={(e) => set(index, { expected: e.target.value })} />
            </div>
            <div className="row-actions">
              <button type="button" className="button-small" aria-label={`Move step ${index + 1} up`} disabled={index === 0} onClick={() => move(index, -1)}>
                ↑
              </button>
              <button
                type="button"
                className="button-small"
                aria-label={`Move step ${index + 1} down`}
                disabled={index === steps.length - 1}
                onClick={() => move(index, 1)}
              >
                ↓
              </button>
              <button
                type="button"
                className="button-small button-danger-quiet"
                aria-label={`Remove step ${index + 1}`}
                onClick={() => onChange(steps.filter((_, i) => i !== index))}
              >
                Remove
              </button>
            </div>
          </li>
        ))}
      </ol>
      <button type="button" className="button-secondary button-small" onClick={() => onChange([...steps, { action: '', expected: '' }])}>
        Add step
      </button>
    </fieldset>
  );
}
