import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { settings as settingsApi } from '../../api/endpoints';
import type { WorkItemLimits } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LimitsGrid } from '../../components/LimitsGrid';

/** The limits a new project starts with. */
export function LimitsForm({ current }: { current: WorkItemLimits }) {
  const queryClient = useQueryClient();
  const [limits, setLimits] = useState(current);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () => settingsApi.saveLimits(limits),
    onSuccess: (answer) => {
      queryClient.setQueryData(['settings', 'limits'], answer);
      setSaved(true);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  }
  return (
    <form onSubmit={submit} aria-labelledby="limits-heading" className="card">
      <h2 id="limits-heading">Default work-item limits</h2>
      <p className="field-hint">New projects start with these; each project can change them.</p>
      <ErrorAlert error={save.error} title="The limits were not saved" />
      <LimitsGrid limits={limits} onChange={setLimits} />
      <div className="button-row">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save limits'}
        </button>
        <span role="status">{saved ? 'Saved.' : ''}</span>
      </div>
    </form>
  );
}
