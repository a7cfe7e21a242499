import { act, renderHook } from '@testing-library/react';
import { useCountdown } from './useCountdown';

describe('the countdown of a wait', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('counts from the moment the deadline is set, even long after mounting', () => {
    const shown: (number | null)[] = [];
    const { result, rerender } = renderHook(
      ({ deadline }: { deadline: number | null }) => {
        const left = useCountdown(deadline);
        shown.push(left);
        return left;
      },
      { initialProps: { deadline: null as number | null } },
    );
    expect(result.current).toBeNull();
    act(() => vi.advanceTimersByTime(5_000)); // the user types for a while
    rerender({ deadline: Date.now() + 600_000 });
    expect(result.current).toBe(600);
    // Not even for one render does it show more than the wait.
    expect(Math.max(...shown.filter((s): s is number => s !== null))).toBe(600);
    act(() => vi.advanceTimersByTime(3_000));
    expect(result.current).toBe(597);
    act(() => vi.advanceTimersByTime(700_000));
    expect(result.current).toBe(0);
  });
});
