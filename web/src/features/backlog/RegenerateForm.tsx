import { useId, useState, type FormEvent } from 'react';
import { CheckboxField, TextField } from '../../components/Fields';

/** Options for regenerating one item: its children too, and what to tell the model. */
export function RegenerateForm({
  hasChildren,
  busy,
  onSubmit,
  onCancel,
}: {
  hasChildren: boolean;
  busy: boolean;
  onSubmit(options: { with_children: boolean; instructions?: string }): void;
  onCancel(): void;
}) {
  const headingId = useId();
  const [withChildren, setWithChildren] = useState(false);
  const [instructions, setInstructions] = useState('');
  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit({ with_children: withChildren, instructions: instructions.trim() || undefined });
  }
  return (
    <form className="regenerate-form card" onSubmit={submit} aria-labelledby={headingId}>
      <h3 id={headingId}>Regenerate this item</h3>
      <TextField
        label="Instructions for the model"
        multiline
        rows={3}
        value={instructions}
        onChange={setInstructions}
        hint="Optional, e.g. “split the criteria for web and mobile” or “estimate for a junior developer”."
      />
      {hasChildren && (
        <CheckboxField
          label="Also regenerate everything under it"
          checked={withChildren}
          onChange={setWithChildren}
          hint="Its children are replaced by new ones; your edits to them are lost."
        />
      )}
      <div className="button-row">
        <button type="submit" disabled={busy}>
          {busy ? 'Starting…' : 'Regenerate'}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
