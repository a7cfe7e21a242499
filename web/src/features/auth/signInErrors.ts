import { ApiError, describeWait } from '../../api/errors';

export interface SignInProblem {
  /** Plain words for the person signing in. */
  headline: string;
  /** The service's own problem+json detail. */
  detail: string;
  /** For 423 and 429: seconds from the Retry-After header. */
  waitSeconds: number | null;
  /** 429 blocks every attempt from this address, so the form waits too. */
  blocksForm: boolean;
}

export function describeSignInError(error: unknown): SignInProblem {
  if (!(error instanceof ApiError)) {
    return { headline: 'Signing in failed.', detail: String(error), waitSeconds: null, blocksForm: false };
  }
  const wait = error.retryAfter;
  switch (error.status) {
    case 423:
      return {
        headline:
          'This account is locked after too many failed sign-ins.' +
          (wait ? ` Try again in ${describeWait(wait)}, or ask an administrator to unlock it.` : ''),
        detail: error.detail,
        waitSeconds: wait,
        blocksForm: false,
      };
    case 429:
      return {
        headline:
          'Too many attempts from your network.' + (wait ? ` Please wait ${describeWait(wait)} before trying again.` : ''),
        detail: error.detail,
        waitSeconds: wait,
        blocksForm: true,
      };
    case 401:
      return { headline: 'The user name or password is not right.', detail: error.detail, waitSeconds: null, blocksForm: false };
    case 403:
      return { headline: 'You cannot sign in with this account.', detail: error.detail, waitSeconds: null, blocksForm: false };
    default:
      return { headline: 'Signing in failed.', detail: error.detail, waitSeconds: wait, blocksForm: false };
  }
}

/** A local path to return to after signing in; anything else (another site) goes home. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/sign-in') || next.startsWith('/register')) return '/';
  return next;
}
