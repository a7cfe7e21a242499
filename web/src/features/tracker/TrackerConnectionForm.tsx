import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { tracker } from '../../api/endpoints';
import { ApiError } from '../../api/errors';
import type { ConnectionTestResult, UserTrackerSettings } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/Fields';
import { clearPatChange, formValuesFrom, hasMissingPath, settingsChange, type TrackerFormValues } from './trackerForm';

/** The user's Azure DevOps connection; the personal access token is write-only, like the provider keys. */
export function TrackerConnectionForm({ current }: { current: UserTrackerSettings }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<TrackerFormValues>(() => formValuesFrom(current.settings));
  const [message, setMessage] = useState('');
  const patSet = current.settings.pat === 'set';
  const set = (field: keyof TrackerFormValues) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  const save = useMutation({
    mutationFn: (change: ReturnType<typeof settingsChange>) => tracker.saveSettings(change),
    onSuccess: (answer, change) => {
      queryClient.setQueryData<UserTrackerSettings>(['settings', 'tracker'], (old) => ({
        server_default: old?.server_default ?? null,
        settings: answer.settings,
      }));
      void queryClient.invalidateQueries({ queryKey: ['project-tracker'] });
      setValues((v) => ({ ...v, pat: '' }));
      setMessage(change.pat === '' ? 'Access token cleared.' : 'Connection saved.');
    },
  });
  const test = useMutation({
    mutationFn: (createMissingPaths: boolean) =>
      tracker.test({ ...settingsChange(values), ...(createMissingPaths ? { create_missing_paths: true } : {}) }),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setMessage('');
    save.mutate(settingsChange(values));
  }
  const fieldError = (field: string) => (save.error instanceof ApiError ? save.error.fieldMessage(field) : undefined);

  return (
    <section aria-labelledby="tracker-heading" className="card">
      <h2 id="tracker-heading">Azure DevOps connection</h2>
      <p className="field-hint">
        Where “Push to Azure DevOps” sends a backlog. The personal access token needs Work Items and Test Management (read &amp;
        write); it is stored encrypted and never shown again.
      </p>
      {current.server_default && (
        <p className="small muted">
          Without your own connection, pushes go to the service’s default: {current.server_default.organization_url},
          project {current.server_default.project}.
        </p>
      )}
      <form onSubmit={submit} aria-label="Azure DevOps connection">
        <ErrorAlert error={save.error} title="The connection was not saved" showFieldErrors={false} />
        <TextField
          label="Organization URL"
          hint="For example https://dev.azure.com/contoso"
          value={values.organization_url}
          onChange={set('organization_url')}
          error={fieldError('organization_url')}
          autoComplete="url"
        />
        <TextField label="Project" value={values.project} onChange={set('project')} error={fieldError('project')} />
        <TextField
          label="Area path"
          hint="Optional, for example Shop\Web"
          value={values.area_path}
          onChange={set('area_path')}
          error={fieldError('area_path')}
        />
        <TextField
          label="Iteration path"
          hint="Optional, for example Shop\Sprint 1"
          value={values.iteration_path}
          onChange={set('iteration_path')}
          error={fieldError('iteration_path')}
        />
        <p>
          Personal access token:{' '}
          {patSet ? <span className="badge score-good">Set</span> : <span className="badge">Not set</span>}
        </p>
        <TextField
          label={patSet ? 'Replace the access token' : 'Personal access token'}
          type="password"
          autoComplete="off"
          value={values.pat}
          onChange={set('pat')}
          error={fieldError('pat')}
        />
        <div className="button-row">
          <button type="submit" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save connection'}
          </button>
          <button type="button" className="button-secondary" onClick={() => test.mutate(false)} disabled={test.isPending}>
            {test.isPending ? 'Testing…' : 'Test connection'}
          </button>
          {patSet && (
            <button
              type="button"
              className="button-danger-quiet"
              onClick={() => {
                setMessage('');
                save.mutate(clearPatChange());
              }}
              disabled={save.isPending}
            >
              Clear access token
            </button>
          )}
          <span role="status">{message}</span>
        </div>
      </form>
      <ErrorAlert error={test.error} title="The connection could not be tested" />
      {test.data && (
        <ConnectionTestView
          result={test.data}
          creating={test.isPending}
          onCreatePaths={() => test.mutate(true)}
        />
      )}
    </section>
  );
}

function ConnectionTestView({
  result,
  creating,
  onCreatePaths,
}: {
  result: ConnectionTestResult;
  creating: boolean;
  onCreatePaths(): void;
}) {
  if (!result.ok) {
    return (
      <div className="alert alert-error" role="alert">
        <strong className="alert-title">The connection does not work</strong>
        <p>{result.message}</p>
      </div>
    );
  }
  const process = result.process;
  const warnings = result.warnings ?? [];
  return (
    <div className="alert alert-success connection-result" role="status" aria-label="Connection test result">
      <p>
        <strong>{result.message}</strong>
      </p>
      {process && (
        <>
          <p>
            Process: <strong>{process.name}</strong>. Epics become {process.types.epic}, features {process.types.feature}, stories{' '}
            {process.types.story}, tasks {process.types.task}
            {process.types.test_case ? `, test cases ${process.types.test_case}` : ''}.
          </p>
          {process.notes.length > 0 && (
            <ul className="small">
              {process.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          )}
        </>
      )}
      <p>
        {result.test_plans
          ? 'Test Plans: available; test plans and suites are created.'
          : 'Test Plans: not available with this token or organization; test plans and suites are skipped.'}
      </p>
      {(result.created_paths ?? []).length > 0 && <p>Created: {(result.created_paths ?? []).join(', ')}.</p>}
      {warnings.length > 0 && (
        <>
          <p>
            <strong>Warnings</strong>
          </p>
          <ul>
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </>
      )}
      {hasMissingPath(warnings) && (
        <button type="button" className="button-secondary" onClick={onCreatePaths} disabled={creating}>
          {creating ? 'Creating…' : 'Create the missing paths'}
        </button>
      )}
    </div>
  );
}
