import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { notifications } from '../../api/endpoints';
import type { NotificationSettings } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { CheckboxField, TextField } from '../../components/Fields';

/**
 * What the user hears of when their jobs end, and where: e-mail to their address and their own
 * webhook (Teams or any receiver). The webhook URL is write-only, like an API key.
 */
export function NotificationsForm({ current }: { current: NotificationSettings }) {
  const queryClient = useQueryClient();
  const [switches, setSwitches] = useState({
    email: current.email,
    webhook: current.webhook,
    job_completed: current.job_completed,
    job_failed: current.job_failed,
  });
  const [webhookUrl, setWebhookUrl] = useState('');
  const [message, setMessage] = useState('');
  const save = useMutation({
    mutationFn: (change: Parameters<typeof notifications.save>[0]) => notifications.save(change),
    onSuccess: (answer, change) => {
      queryClient.setQueryData(['settings', 'notifications'], answer);
      setWebhookUrl('');
      setMessage(change.webhook_url === '' ? 'Webhook removed.' : 'Saved.');
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setMessage('');
    save.mutate(webhookUrl.trim() ? { ...switches, webhook_url: webhookUrl.trim() } : switches);
  }
  const set = (name: keyof typeof switches) => (checked: boolean) => setSwitches({ ...switches, [name]: checked });
  return (
    <form onSubmit={submit} aria-labelledby="notifications-heading" className="card">
      <h2 id="notifications-heading">Notifications</h2>
      <p className="field-hint">
        When a generation, a vision optimisation or an upload to Azure DevOps ends, you hear of it here. A project can also have
        its own webhook (for its team’s channel).
      </p>
      <ErrorAlert error={save.error} title="The notification settings were not saved" />
      <fieldset>
        <legend>Tell me when a job</legend>
        <CheckboxField label="finishes (or is cancelled)" checked={switches.job_completed} onChange={set('job_completed')} />
        <CheckboxField label="fails" checked={switches.job_failed} onChange={set('job_failed')} />
      </fieldset>
      <fieldset>
        <legend>By</legend>
        <CheckboxField
          label="E-mail"
          checked={switches.email}
          onChange={set('email')}
          hint={current.email_available ? `to ${current.email_address}` : 'This server sends no e-mail (no mail server is configured).'}
        />
        <CheckboxField label="My webhook" checked={switches.webhook} onChange={set('webhook')} />
      </fieldset>
      <p>
        Webhook: {current.webhook_url === 'set' ? <span className="badge score-good">Set</span> : <span className="badge">Not set</span>}
      </p>
      <TextField
        label={current.webhook_url === 'set' ? 'Replace the webhook URL' : 'Webhook URL (Microsoft Teams incoming webhook or any https receiver)'}
        type="password"
        autoComplete="off"
        value={webhookUrl}
        onChange={setWebhookUrl}
        hint="Stored encrypted and never shown again."
      />
      <div className="button-row">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save notifications'}
        </button>
        {current.webhook_url === 'set' && (
          <button type="button" className="button-danger-quiet" disabled={save.isPending} onClick={() => save.mutate({ webhook_url: '' })}>
            Remove webhook
          </button>
        )}
        <span role="status">{message}</span>
      </div>
    </form>
  );
}
