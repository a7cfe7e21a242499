import { ApiError, describeWait, parseRetryAfter } from '../../api/errors';
import { describeSignInError, safeNext } from './signInErrors';

const problem = (status: number, detail: string, retryAfter: number | null = null) =>
  new ApiError(status, { status, detail, code: 'x' }, retryAfter);

describe('sign-in errors in plain words', () => {
  it('explains a lockout with the time left and keeps the service detail', () => {
    const described = describeSignInError(problem(423, 'Account locked; try again later.', 840));
    expect(described.headline).toBe('This account is locked after too many failed sign-ins. Try again in 14 minutes, or ask an administrator to unlock it.');
    expect(described.detail).toBe('Account locked; try again later.');
    expect(described.waitSeconds).toBe(840);
    expect(described.blocksForm).toBe(false);
  });

  it('explains rate limiting with the wait, and blocks the form meanwhile', () => {
    const described = describeSignInError(problem(429, 'Too many sign-in attempts.', 45));
    expect(described.headline).toBe('Too many attempts from your network. Please wait 45 seconds before trying again.');
    expect(described.blocksForm).toBe(true);
  });

  it('does not say which of user name and password was wrong', () => {
    expect(describeSignInError(problem(401, 'Invalid credentials')).headline).toBe('The user name or password is not right.');
  });

  it('words a disabled account and a network failure', () => {
    expect(describeSignInError(problem(403, 'Account disabled')).headline).toBe('You cannot sign in with this account.');
    expect(describeSignInError(new Error('boom')).headline).toBe('Signing in failed.');
  });
});

describe('waits', () => {
  it('reads Retry-After as seconds or as a date', () => {
    expect(parseRetryAfter('120')).toBe(120);
    expect(parseRetryAfter(new Date(10_000 + 90_000).toUTCString(), 10_000)).toBe(90);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });

  it('describes a wait the way a person says it', () => {
    expect(describeWait(1)).toBe('1 second');
    expect(describeWait(59)).toBe('59 seconds');
    expect(describeWait(61)).toBe('2 minutes');
    expect(describeWait(3600)).toBe('1 hour');
    expect(describeWait(3900)).toBe('1 hour 5 minutes');
  });
});

describe('where to go after signing in', () => {
  it('only to a path of this site', () => {
    expect(safeNext('/projects/7')).toBe('/projects/7');
    expect(safeNext('https://elsewhere.example/')).toBe('/');
    expect(safeNext('//elsewhere.example/')).toBe('/');
    expect(safeNext('/\\elsewhere.example')).toBe('/');
    expect(safeNext('/sign-in')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
