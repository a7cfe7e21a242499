import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { notifications } from '../../api/endpoints';
import type { DeliveryState, NotificationDelivery } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { formatTime } from '../../lib/format';

const FILTERS: { value: DeliveryState | ''; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'failed', label: 'Failed' },
  { value: 'unknown', label: 'Outcome unknown' },
  { value: 'pending', label: 'Waiting' },
  { value: 'sent', label: 'Sent' },
];

const STATE_BADGES: Record<DeliveryState, string> = {
  pending: 'badge',
  claimed: 'badge',
  sending: 'badge',
  sent: 'badge score-good',
  failed: 'badge score-poor',
  unknown: 'badge badge-warning',
};

const KIND_LABELS: Record<NotificationDelivery['kind'], string> = {
  job_finished: 'Job ended',
  security: 'Security event',
  backup_failed: 'Backup failed',
};

/**
 * The notification outbox: what was sent, what waits for another attempt (with its error), and
 * what failed or may not have arrived; the last two can be sent again.
 */
export function NotificationDeliveries() {
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<DeliveryState | ''>('');
  const [message, setMessage] = useState('');
  const deliveries = useQuery({
    queryKey: ['admin-notifications', filter],
    queryFn: () => notifications.deliveries(filter),
  });
  const again = useMutation({
    mutationFn: (id: number) => notifications.sendAgain(id),
    onSuccess: (answer, id) => {
      setMessage(`Delivery ${id}: ${answer.message}.`);
      void queryClient.invalidateQueries({ queryKey: ['admin-notifications'] });
    },
  });
  return (
    <section aria-labelledby="deliveries-heading" className="card">
      <h2 id="deliveries-heading">Notifications</h2>
      <p className="field-hint">
        “Outcome unknown” means the sending instance stopped while the message was on its way: it may have arrived, so it is not
        sent again unless you say so.
      </p>
      <div className="button-row" role="group" aria-label="Show deliveries">
        {FILTERS.map((f) => (
          <button
            key={f.value || 'all'}
            type="button"
            className={`button-small ${filter === f.value ? '' : 'button-secondary'}`}
            aria-pressed={filter === f.value}
            onClick={() => setFilter(f.value)}
          >
            {f.label}
          </button>
        ))}
      </div>
      {deliveries.isPending && <Loading />}
      <ErrorAlert error={deliveries.error} />
      <ErrorAlert error={again.error} title="Not queued again" />
      <p role="status">{message}</p>
      {deliveries.data && deliveries.data.data.deliveries.length === 0 && <p className="muted">No deliveries.</p>}
      {deliveries.data && deliveries.data.data.deliveries.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Notification deliveries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col">To</th>
                <th scope="col">State</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last error</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.data.deliveries.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    {KIND_LABELS[d.kind] ?? d.kind}
                    <span className="small muted"> {formatTime(d.created_at)}</span>
                  </th>
                  <td>
                    {d.channel === 'email' ? 'E-mail' : 'Webhook'}: {d.recipient}
                  </td>
                  <td>
                    <span className={STATE_BADGES[d.state]}>{d.state}</span>
                    {d.sent_at !== null && <span className="small muted"> {formatTime(d.sent_at)}</span>}
                  </td>
                  <td>{d.attempts}</td>
                  <td className="small">{d.last_error}</td>
                  <td className="row-actions">
                    {(d.state === 'failed' || d.state === 'unknown') && (
                      <button
                        type="button"
                        className="button-small"
                        disabled={again.isPending}
                        onClick={() => again.mutate(d.id)}
                        aria-label={`Send delivery ${d.id} again`}
                      >
                        Send again
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
