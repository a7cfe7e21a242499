import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { notifications } from '../../api/endpoints';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/Fields';

/** The project's own webhook, e.g. its team's Teams channel: told when this project's jobs end. */
export function ProjectNotifications({ projectId }: { projectId: string }) {
  const queryClient = useQueryClient();
  const key = ['project-notifications', projectId];
  const current = useQuery({ queryKey: key, queryFn: () => notifications.ofProject(projectId) });
  const [url, setUrl] = useState('');
  const [message, setMessage] = useState('');
  const save = useMutation({
    mutationFn: (webhookUrl: string) => notifications.saveProject(projectId, webhookUrl),
    onSuccess: (answer) => {
      queryClient.setQueryData(key, answer);
      setUrl('');
      setMessage(answer.message + '.');
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setMessage('');
    if (url.trim()) save.mutate(url.trim());
  }
  const set = current.data?.data.webhook_url === 'set';
  return (
    <form onSubmit={submit} aria-labelledby="project-notifications-heading" className="card">
      <h2 id="project-notifications-heading">Team notifications</h2>
      <p className="field-hint">
        A webhook (for example a Microsoft Teams channel’s incoming webhook) told when this project’s jobs end, besides your own
        notifications. {current.data && (set ? <span className="badge score-good">Set</span> : <span className="badge">Not set</span>)}
      </p>
      <ErrorAlert error={current.error} />
      <ErrorAlert error={save.error} title="The webhook was not saved" />
      <TextField
        label={set ? 'Replace the project’s webhook URL' : 'Project webhook URL'}
        type="password"
        autoComplete="off"
        value={url}
        onChange={setUrl}
        hint="Stored encrypted and never shown again."
      />
      <div className="button-row">
        <button type="submit" disabled={!url.trim() || save.isPending}>
          Save webhook
        </button>
        {set && (
          <button type="button" className="button-danger-quiet" disabled={save.isPending} onClick={() => save.mutate('')}>
            Remove webhook
          </button>
        )}
        <span role="status">{message}</span>
      </div>
    </form>
  );
}
