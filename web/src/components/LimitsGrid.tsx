// The five work-item limits as number fields: one place for the wizard, a project's edit form
// and the default limits in Settings. An emptied field holds NaN until it is filled again, so
// the form can refuse it instead of sending 0.
import type { WorkItemLimits } from '../api/types';
import { LIMIT_FIELDS } from '../features/wizard/wizardState';
import { NumberField } from './Fields';

export function LimitsGrid({
  limits,
  onChange,
  errors,
}: {
  limits: WorkItemLimits;
  onChange: (limits: WorkItemLimits) => void;
  errors?: Partial<Record<keyof WorkItemLimits, string>>;
}) {
  return (
    <div className="limits-grid">
      {LIMIT_FIELDS.map((field) => (
        <NumberField
          key={field.key}
          label={field.label}
          min={field.min}
          max={field.max}
          value={Number.isNaN(limits[field.key]) ? '' : limits[field.key]}
          error={errors?.[field.key]}
          onChange={(value) => onChange({ ...limits, [field.key]: value === '' ? NaN : value })}
        />
      ))}
    </div>
  );
}
