import { ApiError } from '../api/errors';

/** Shows a failed call's problem+json `detail` (and field messages not shown elsewhere). */
export function ErrorAlert({ error, title, showFieldErrors = true }: { error: unknown; title?: string; showFieldErrors?: boolean }) {
  if (!error) return null;
  const detail = error instanceof ApiError ? error.detail : error instanceof Error ? error.message : String(error);
  const fieldErrors = error instanceof ApiError && showFieldErrors ? error.errors : [];
  return (
    <div className="alert alert-error" role="alert">
      {title && <strong className="alert-title">{title}</strong>}
      <p>{detail}</p>
      {fieldErrors.length > 0 && (
        <ul>
          {fieldErrors
            .filter((e) => e.message !== detail)
            .map((e) => (
              <li key={`${e.field}:${e.message}`}>
                <code>{e.field}</code>: {e.message}
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}
