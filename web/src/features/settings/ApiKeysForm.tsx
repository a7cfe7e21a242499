import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { settings as settingsApi } from '../../api/endpoints';
import type { LlmSettings } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/Fields';
import { formatTime } from '../../lib/format';
import { KEYED_PROVIDERS, PROVIDER_LABELS } from './settingsModel';

/** Provider keys are write-only: the service says whether one is set, never what it is. */
export function ApiKeysForm({ current }: { current: LlmSettings }) {
  const providers = KEYED_PROVIDERS.filter((p) => current.enabled_providers.includes(p) || current.api_keys[p]?.set);
  return (
    <section aria-labelledby="keys-heading" className="card">
      <h2 id="keys-heading">Provider API keys</h2>
      <p className="field-hint">
        Your own key is used for your generations instead of the service’s. Keys are stored encrypted and are never shown again.
      </p>
      {providers.length === 0 && <p className="muted">The operator has enabled no provider that takes a personal key.</p>}
      {providers.map((provider) => (
        <KeyRow key={provider} provider={provider} state={current.api_keys[provider]} />
      ))}
    </section>
  );
}

function KeyRow({ provider, state }: { provider: string; state?: { set: boolean; updated_at?: number } }) {
  const queryClient = useQueryClient();
  const [value, setValue] = useState('');
  const [message, setMessage] = useState('');
  const name = PROVIDER_LABELS[provider] ?? provider;
  const save = useMutation({
    mutationFn: (key: string | null) => settingsApi.saveLlm({ api_keys: { [provider]: key } }),
    onSuccess: (answer, key) => {
      queryClient.setQueryData(['settings', 'llm'], answer);
      setValue('');
      setMessage(key === null ? `${name} key cleared.` : `${name} key saved.`);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setMessage('');
    if (value.trim()) save.mutate(value.trim());
  }
  return (
    <form className="key-row" onSubmit={submit} aria-label={`${name} API key`}>
      <h3>{name}</h3>
      <p>
        {state?.set ? (
          <>
            <span className="badge score-good">Set</span> <span className="small muted">since {formatTime(state.updated_at)}</span>
          </>
        ) : (
          <span className="badge">Not set</span>
        )}
      </p>
      <ErrorAlert error={save.error} />
      <TextField
        label={state?.set ? `Replace the ${name} key` : `${name} key`}
        type="password"
        autoComplete="off"
        value={value}
        onChange={setValue}
      />
      <div className="button-row">
        <button type="submit" disabled={!value.trim() || save.isPending}>
          Save key
        </button>
        {state?.set && (
          <button type="button" className="button-danger-quiet" onClick={() => save.mutate(null)} disabled={save.isPending}>
            Clear key
          </button>
        )}
        <span role="status">{message}</span>
      </div>
    </form>
  );
}
