import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { NotificationSettings } from '../../api/types';
import { json, renderScreen, stubApi } from '../../test/render';
import { NotificationsForm } from './NotificationsForm';

const current: NotificationSettings = {
  email: true,
  webhook: true,
  job_completed: true,
  job_failed: true,
  webhook_url: 'set',
  email_available: true,
  email_address: 'ada@example.com',
};

describe('the notification settings', () => {
  it('say where mail goes, never show the webhook, and send switches and a new URL', async () => {
    const bodies: Record<string, unknown>[] = [];
    stubApi({
      'PUT /api/settings/notifications': (init) => {
        const body = JSON.parse(String(init.body)) as Record<string, unknown>;
        bodies.push(body);
        return json(200, {
          success: true,
          message: 'Notification settings saved',
          data: { ...current, job_completed: body.job_completed ?? true, webhook_url: body.webhook_url === '' ? 'not set' : 'set' },
        });
      },
    });
    const user = userEvent.setup();
    renderScreen(<NotificationsForm current={current} />);
    expect(screen.getByText('to ada@example.com')).toBeInTheDocument();
    expect(screen.getByText('Set')).toBeInTheDocument();
    const url = screen.getByLabelText('Replace the webhook URL');
    expect(url).toHaveValue('');
    expect(url).toHaveAttribute('type', 'password');

    await user.click(screen.getByRole('checkbox', { name: 'finishes (or is cancelled)' }));
    await user.click(screen.getByRole('button', { name: 'Save notifications' }));
    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]).toEqual({ email: true, webhook: true, job_completed: false, job_failed: true });

    await user.type(url, 'https://contoso.webhook.office.com/hook');
    await user.click(screen.getByRole('button', { name: 'Save notifications' }));
    await waitFor(() => expect(bodies).toHaveLength(2));
    expect(bodies[1]).toMatchObject({ webhook_url: 'https://contoso.webhook.office.com/hook', job_completed: false });
    await waitFor(() => expect(screen.getByLabelText('Replace the webhook URL')).toHaveValue(''));

    await user.click(screen.getByRole('button', { name: 'Remove webhook' }));
    await waitFor(() => expect(bodies).toHaveLength(3));
    expect(bodies[2]).toEqual({ webhook_url: '' });
    expect(await screen.findByText('Webhook removed.')).toBeInTheDocument();
  });

  it('says so when the server sends no e-mail', () => {
    renderScreen(<NotificationsForm current={{ ...current, email_available: false, webhook_url: 'not set' }} />);
    expect(screen.getByText(/This server sends no e-mail/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Remove webhook' })).not.toBeInTheDocument();
  });
});
