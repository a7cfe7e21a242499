import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { auth } from '../../api/endpoints';
import { ApiError } from '../../api/errors';
import { useSession } from '../../auth/session';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/Fields';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { formatTime } from '../../lib/format';

export function AccountPage() {
  const { user } = useSession();
  return (
    <section className="account">
      <PageTitle title="Account">Account</PageTitle>
      <p>
        Signed in as <strong>{user?.username}</strong> ({user?.email}){user?.role === 'admin' ? ', administrator' : ''}.
      </p>
      <ChangePasswordForm />
      <SessionsList />
    </section>
  );
}

function ChangePasswordForm() {
  const session = useSession();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [done, setDone] = useState(false);
  const change = useMutation({
    mutationFn: () => auth.changePassword(current, next),
    onSuccess: async (answer) => {
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
      await session.signedIn(answer.data.tokens.expires_in);
      void queryClient.invalidateQueries({ queryKey: ['sessions'] });
    },
  });
  const mismatch = repeat !== '' && repeat !== next;
  const field = (name: string) => (change.error instanceof ApiError ? change.error.fieldMessage(name) : undefined);
  function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    if (!mismatch) change.mutate();
  }
  return (
    <form onSubmit={submit} className="card" aria-labelledby="password-heading">
      <h2 id="password-heading">Change password</h2>
      <p className="field-hint">Every other device is signed out; this one stays signed in.</p>
      <ErrorAlert error={change.error} title="The password was not changed" showFieldErrors={false} />
      <TextField label="Current password" type="password" autoComplete="current-password" value={current} onChange={setCurrent} required error={field('current_password')} />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        value={next}
        onChange={setNext}
        required
        hint="12 to 128 characters; common passwords are refused."
        error={field('new_password') ?? field('password')}
      />
      <TextField
        label="Repeat the new password"
        type="password"
        autoComplete="new-password"
        value={repeat}
        onChange={setRepeat}
        required
        error={mismatch ? 'The passwords differ.' : undefined}
      />
      <div className="button-row">
        <button type="submit" disabled={change.isPending || !current || !next || mismatch}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </button>
        <span role="status">{done ? 'Password changed. Other devices were signed out.' : ''}</span>
      </div>
    </form>
  );
}

function describeAgent(agent: string): string {
  if (!agent) return 'Unknown device';
  const browser = /Firefox|Edg|Chrome|Safari|curl/.exec(agent)?.[0];
  const system = /Windows|Mac OS X|Android|iPhone|Linux/.exec(agent)?.[0];
  const names: Record<string, string> = { Edg: 'Edge', 'Mac OS X': 'macOS' };
  if (!browser && !system) return agent.slice(0, 60);
  return [browser && (names[browser] ?? browser), system && (names[system] ?? system)].filter(Boolean).join(' on ');
}

function SessionsList() {
  const session = useSession();
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: ['sessions'], queryFn: auth.sessions });
  const [confirmAll, setConfirmAll] = useState(false);
  const end = useMutation({
    mutationFn: auth.endSession,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['sessions'] }),
  });
  const endAll = useMutation({
    mutationFn: () => auth.invalidateAllTokens(session.user?.id),
    onSuccess: () => void session.signOut(),
    onSettled: () => setConfirmAll(false),
  });
  return (
    <section className="card" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Signed-in devices</h2>
      {sessions.isPending && <Loading />}
      <ErrorAlert error={sessions.error} />
      <ErrorAlert error={end.error} title="The session was not ended" />
      <ErrorAlert error={endAll.error} />
      {sessions.data && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Address</th>
                <th scope="col">Signed in</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.data.sessions.map((s) => (
                <tr key={s.id}>
                  <td>
                    {describeAgent(s.user_agent)} {s.current && <span className="badge badge-info">This device</span>}
                  </td>
                  <td>{s.ip_address}</td>
                  <td>{formatTime(s.created_at)}</td>
                  <td>{formatTime(s.last_used_at)}</td>
                  <td>
                    {s.current ? (
                      <button type="button" className="button-secondary button-small" onClick={() => void session.signOut()}>
                        Sign out
                      </button>
                    ) : (
                      <button
                        type="button"
                        className="button-secondary button-small"
                        onClick={() => end.mutate(s.id)}
                        disabled={end.isPending}
                        aria-label={`End the session of ${describeAgent(s.user_agent)} from ${s.ip_address}, signed in ${formatTime(s.created_at)}`}
                      >
                        End session
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <button type="button" className="button-danger" onClick={() => setConfirmAll(true)}>
          Sign out everywhere
        </button>
      </p>
      <ConfirmDialog
        open={confirmAll}
        title="Sign out on every device?"
        confirmLabel="Sign out everywhere"
        danger
        busy={endAll.isPending}
        onConfirm={() => endAll.mutate()}
        onCancel={() => setConfirmAll(false)}
      >
        <p>Every token of your account stops working at once, this device’s too. You will sign in again.</p>
      </ConfirmDialog>
    </section>
  );
}
