// Every failed call becomes an ApiError carrying the problem+json fields the service sends, so a
// screen can always show `detail` and put `errors[]` next to the fields they name.

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldError[];
  /** Seconds from the Retry-After header (429, 423, 503), when the service sent one. */
  readonly retryAfter: number | null;

  constructor(status: number, problem: Problem, retryAfter: number | null = null) {
    const detail = problem.detail || problem.title || defaultDetail(status);
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? '';
    this.title = problem.title ?? '';
    this.detail = detail;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
    this.retryAfter = retryAfter;
  }

  /** The message for one form field, if the service named it. */
  fieldMessage(field: string): string | undefined {
    return this.errors.find((e) => e.field === field || e.field.startsWith(`${field}.`))?.message;
  }
}

/** A network failure (service down, connection dropped) as an ApiError with status 0. */
export function networkError(cause: unknown): ApiError {
  const why = cause instanceof Error && cause.message ? ` (${cause.message})` : '';
  return new ApiError(0, {
    code: 'network_error',
    detail: `The service could not be reached${why}. Check your connection and try again.`,
  });
}

function defaultDetail(status: number): string {
  if (status >= 500) return `The service failed (HTTP ${status}). Try again in a moment.`;
  return `The request failed (HTTP ${status}).`;
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** "3 minutes", "45 seconds", "1 hour 5 minutes": how long until a wait is over. */
export function describeWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`;
  const minutes = Math.ceil(s / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const h = `${hours} hour${hours === 1 ? '' : 's'}`;
  return rest ? `${h} ${rest} minute${rest === 1 ? '' : 's'}` : h;
}
