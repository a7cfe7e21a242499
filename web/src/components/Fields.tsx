// Labelled form controls: every input has a visible label, its hint and error are tied to it
// with aria-describedby, and an invalid one says so to assistive technology.
import { useId, type ChangeEvent, type ReactNode } from 'react';

interface BaseProps {
  label: string;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  className?: string;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Extras({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {hint && (
        <span className="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </>
  );
}

export function TextField({
  label,
  hint,
  error,
  required,
  className,
  value,
  onChange,
  type = 'text',
  multiline = false,
  rows = 4,
  autoComplete,
  maxLength,
  placeholder,
  disabled,
  inputMode,
}: BaseProps & {
  value: string;
  onChange(value: string): void;
  type?: 'text' | 'email' | 'password' | 'search';
  multiline?: boolean;
  rows?: number;
  autoComplete?: string;
  maxLength?: number;
  placeholder?: string;
  disabled?: boolean;
  inputMode?: 'text' | 'decimal' | 'numeric';
}) {
  const id = useId();
  const common = {
    id,
    value,
    required,
    disabled,
    placeholder,
    maxLength,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, hint, error),
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(e.target.value),
  };
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>
        {label}
        {required && <span className="required-mark"> (required)</span>}
      </label>
      {multiline ? (
        <textarea {...common} rows={rows} />
      ) : (
        <input {...common} type={type} autoComplete={autoComplete} inputMode={inputMode} />
      )}
      <Extras id={id} hint={hint} error={error} />
    </div>
  );
}

export function NumberField({
  label,
  hint,
  error,
  required,
  className,
  value,
  onChange,
  min,
  max,
  step = 1,
}: BaseProps & {
  value: number | '';
  onChange(value: number | ''): void;
  min?: number;
  max?: number;
  step?: number;
}) {
  const id = useId();
  return (
    <div className={`field field-number ${className ?? ''}`}>
      <label htmlFor={id}>
        {label}
        {required && <span className="required-mark"> (required)</span>}
      </label>
      <input
        id={id}
        type="number"
        value={value}
        min={min}
        max={max}
        step={step}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => onChange(e.target.value === '' ? '' : Number(e.target.value))}
      />
      <Extras id={id} hint={hint} error={error} />
    </div>
  );
}

export function SelectField({
  label,
  hint,
  error,
  className,
  value,
  onChange,
  options,
}: BaseProps & {
  value: string;
  onChange(value: string): void;
  options: { value: string; label: string }[];
}) {
  const id = useId();
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Extras id={id} hint={hint} error={error} />
    </div>
  );
}

export function CheckboxField({
  label,
  hint,
  checked,
  onChange,
  className,
}: {
  label: string;
  hint?: ReactNode;
  checked: boolean;
  onChange(checked: boolean): void;
  className?: string;
}) {
  const id = useId();
  return (
    <div className={`field field-checkbox ${className ?? ''}`}>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
    </div>
  );
}
