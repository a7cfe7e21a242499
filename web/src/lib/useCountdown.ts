import { useEffect, useState } from 'react';

/** Seconds left until `deadlineMs` (null when there is none), ticking once a second. */
export function useCountdown(deadlineMs: number | null): number | null {
  // The clock is read at render time: a time kept in state since the component mounted would be
  // stale on the render that sets a new deadline, and show a second (or a minute) too many.
  const [, setTick] = useState(0);
  useEffect(() => {
    if (deadlineMs === null) return;
    const timer = window.setInterval(() => setTick((tick) => tick + 1), 1000);
    return () => window.clearInterval(timer);
  }, [deadlineMs]);
  if (deadlineMs === null) return null;
  return Math.max(0, Math.ceil((deadlineMs - Date.now()) / 1000));
}
