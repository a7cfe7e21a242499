import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { auth } from '../../api/endpoints';
import { useSession } from '../../auth/session';
import { TextField } from '../../components/Fields';
import { PageTitle } from '../../components/PageTitle';
import { useCountdown } from '../../lib/useCountdown';
import { AuthFrame } from './AuthFrame';
import { describeSignInError, safeNext, type SignInProblem } from './signInErrors';
import { WaitNotice } from './WaitNotice';

export function SignInPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<SignInProblem | null>(null);
  const [deadline, setDeadline] = useState<number | null>(null);
  const secondsLeft = useCountdown(deadline);
  const blocked = Boolean(problem?.blocksForm && secondsLeft);

  if (session.status === 'signedIn') return <Navigate to={next} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const answer = await auth.login(username.trim(), password);
      await session.signedIn(answer.data.tokens.expires_in);
      navigate(next, { replace: true });
    } catch (error) {
      const described = describeSignInError(error);
      setProblem(described);
      setDeadline(described.waitSeconds ? Date.now() + described.waitSeconds * 1000 : null);
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthFrame>
      <PageTitle title="Sign in">Sign in</PageTitle>
      {session.endedReason && !problem && (
        <p className="alert alert-info" role="status">
          {session.endedReason}
        </p>
      )}
      {problem && <WaitNotice problem={problem} secondsLeft={secondsLeft} />}
      <form onSubmit={submit} noValidate>
        <TextField label="User name or e-mail" value={username} onChange={setUsername} autoComplete="username" required />
        <TextField label="Password" type="password" value={password} onChange={setPassword} autoComplete="current-password" required />
        <button type="submit" disabled={busy || blocked || !username || !password}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        New here? <Link to={`/register${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`}>Create an account</Link>
      </p>
    </AuthFrame>
  );
}
