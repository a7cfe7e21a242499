import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { settings as settingsApi } from '../../api/endpoints';
import type { LlmSettings } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField, TextField } from '../../components/Fields';
import { AGENTS, choiceDraft, PROVIDER_LABELS, settingsFrom, type ChoiceDraft } from './settingsModel';

function ChoiceFields({
  draft,
  providers,
  inheritLabel,
  errors,
  where,
  onChange,
}: {
  draft: ChoiceDraft;
  providers: string[];
  inheritLabel: string;
  errors: Record<string, string>;
  where: string;
  onChange(draft: ChoiceDraft): void;
}) {
  const set = (key: keyof ChoiceDraft) => (value: string) => onChange({ ...draft, [key]: value });
  return (
    <div className="choice-fields">
      <SelectField
        label="Provider"
        value={draft.provider}
        onChange={set('provider')}
        options={[{ value: '', label: inheritLabel }, ...providers.map((p) => ({ value: p, label: PROVIDER_LABELS[p] ?? p }))]}
      />
      <TextField label="Model" value={draft.model} onChange={set('model')} placeholder={inheritLabel} />
      <TextField
        label="Temperature"
        value={draft.temperature}
        onChange={set('temperature')}
        inputMode="decimal"
        placeholder={inheritLabel}
        error={errors[`${where}.temperature`]}
      />
      <TextField
        label="Max tokens"
        value={draft.max_tokens}
        onChange={set('max_tokens')}
        inputMode="numeric"
        placeholder={inheritLabel}
        error={errors[`${where}.max_tokens`]}
      />
    </div>
  );
}

/** The model per agent and the defaults; empty fields inherit the server's choice. */
export function ModelSettingsForm({ current }: { current: LlmSettings }) {
  const queryClient = useQueryClient();
  const [defaults, setDefaults] = useState(() => choiceDraft(current.settings.defaults));
  const [agents, setAgents] = useState<Record<string, ChoiceDraft>>(() =>
    Object.fromEntries(AGENTS.map((a) => [a.key, choiceDraft(current.settings.agents[a.key])])),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: settingsApi.saveLlm,
    onSuccess: (answer) => {
      queryClient.setQueryData(['settings', 'llm'], answer);
      setSaved(true);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const { settings, errors } = settingsFrom(defaults, agents);
    setErrors(errors);
    if (Object.keys(errors).length === 0) save.mutate({ settings });
  }

  const env = current.environment;
  return (
    <form onSubmit={submit} aria-labelledby="models-heading" className="card">
      <h2 id="models-heading">Models</h2>
      <p className="field-hint">
        Leave a field empty to use the service’s choice (now {PROVIDER_LABELS[env.provider] ?? env.provider} {env.model}). Only providers the operator enabled
        are offered.
      </p>
      <ErrorAlert error={save.error} title="The model settings were not saved" />
      <fieldset>
        <legend>Defaults for every agent</legend>
        <ChoiceFields draft={defaults} providers={current.enabled_providers} inheritLabel="service default" errors={errors} where="defaults" onChange={setDefaults} />
      </fieldset>
      {AGENTS.map((agent) => {
        const effective = current.effective[agent.key];
        return (
          <details key={agent.key} className="agent-settings">
            <summary>
              {agent.label} <span className="small muted">({agent.does}; uses {effective ? `${effective.provider} ${effective.model}` : 'the default'})</span>
            </summary>
            <fieldset>
              <legend className="visually-hidden">{agent.label}</legend>
              <ChoiceFields
                draft={agents[agent.key]!}
                providers={current.enabled_providers}
                inheritLabel="your default"
                errors={errors}
                where={`agents.${agent.key}`}
                onChange={(draft) => setAgents((all) => ({ ...all, [agent.key]: draft }))}
              />
            </fieldset>
          </details>
        );
      })}
      <div className="button-row">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save model settings'}
        </button>
        <span role="status">{saved ? 'Saved.' : ''}</span>
      </div>
    </form>
  );
}
