import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { auth } from '../../api/endpoints';
import { ApiError } from '../../api/errors';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/Fields';
import { PageTitle } from '../../components/PageTitle';
import { useCountdown } from '../../lib/useCountdown';
import { AuthFrame } from './AuthFrame';
import { describeSignInError, safeNext, type SignInProblem } from './signInErrors';
import { WaitNotice } from './WaitNotice';

export function RegisterPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [fields, setFields] = useState({ username: '', email: '', full_name: '', password: '', confirm: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [wait, setWait] = useState<SignInProblem | null>(null);
  const [deadline, setDeadline] = useState<number | null>(null);
  const secondsLeft = useCountdown(deadline);

  if (session.status === 'signedIn') return <Navigate to={next} replace />;

  const set = (name: keyof typeof fields) => (value: string) => setFields((f) => ({ ...f, [name]: value }));
  const mismatch = fields.confirm !== '' && fields.confirm !== fields.password;
  const fieldError = (name: string) => (error instanceof ApiError ? error.fieldMessage(name) : undefined);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    setWait(null);
    try {
      const answer = await auth.register({
        username: fields.username.trim(),
        email: fields.email.trim(),
        password: fields.password,
        full_name: fields.full_name.trim() || undefined,
      });
      await session.signedIn(answer.data.tokens.expires_in);
      navigate(next === '/' ? '/' : next, { replace: true });
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 429) {
        const described = describeSignInError(caught);
        described.headline = described.headline.replace('attempts', 'registrations');
        setWait(described);
        setDeadline(described.waitSeconds ? Date.now() + described.waitSeconds * 1000 : null);
      } else {
        setError(caught instanceof Error ? caught : new Error(String(caught)));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthFrame>
      <PageTitle title="Create an account">Create an account</PageTitle>
      {wait && <WaitNotice problem={wait} secondsLeft={secondsLeft} />}
      {error && (
        <ErrorAlert
          error={error}
          title={error instanceof ApiError && error.code === 'registration_closed' ? 'Registration is closed' : 'The account was not created'}
          showFieldErrors={false}
        />
      )}
      <form onSubmit={submit} noValidate>
        <TextField label="User name" value={fields.username} onChange={set('username')} autoComplete="username" required error={fieldError('username')} />
        <TextField label="E-mail" type="email" value={fields.email} onChange={set('email')} autoComplete="email" required error={fieldError('email')} />
        <TextField label="Full name" value={fields.full_name} onChange={set('full_name')} autoComplete="name" error={fieldError('full_name')} />
        <TextField
          label="Password"
          type="password"
          value={fields.password}
          onChange={set('password')}
          autoComplete="new-password"
          required
          hint="12 to 128 characters. A passphrase of a few words works well; common passwords are refused."
          error={fieldError('password')}
        />
        <TextField
          label="Repeat the password"
          type="password"
          value={fields.confirm}
          onChange={set('confirm')}
          autoComplete="new-password"
          required
          error={mismatch ? 'The passwords differ.' : undefined}
        />
        <button
          type="submit"
          disabled={busy || mismatch || !fields.username || !fields.email || !fields.password || !fields.confirm || Boolean(wait?.blocksForm && secondsLeft)}
        >
          {busy ? 'Creating the account…' : 'Create account'}
        </button>
      </form>
      <p>
        Already have an account? <Link to="/sign-in">Sign in</Link>
      </p>
    </AuthFrame>
  );
}
