import { act, render, screen } from '@testing-library/react';
import { Provider, createStore } from 'jotai';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatDay, formatLastSeen } from '../format/time';
import { nextBoundary, useNow } from './clock';

const at = (text: string) => new Date(text).getTime();

function DayLabel({ of }: { of: number }) {
  return <span data-testid="day">{formatDay(of, useNow('day'))}</span>;
}

function LastSeen({ iso }: { iso: string }) {
  return <span data-testid="seen">{formatLastSeen(iso, useNow('minute'))}</span>;
}

describe('nextBoundary', () => {
  it('is the next local minute, or the next local midnight', () => {
    expect(nextBoundary(at('2026-03-10T12:34:56.789'), 'minute')).toBe(at('2026-03-10T12:35:00'));
    expect(nextBoundary(at('2026-03-10T12:35:00'), 'minute')).toBe(at('2026-03-10T12:36:00'));
    expect(nextBoundary(at('2026-03-10T12:34:56'), 'day')).toBe(at('2026-03-11T00:00:00'));
    expect(nextBoundary(at('2026-12-31T23:59:59.999'), 'day')).toBe(at('2027-01-01T00:00:00'));
  });
});

describe('useNow', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const mount = (ui: React.ReactNode) => render(<Provider store={createStore()}>{ui}</Provider>);

  it('turns "Today" into "Yesterday" at midnight, with nothing else happening', () => {
    vi.setSystemTime(at('2026-03-10T23:58:00'));
    mount(<DayLabel of={at('2026-03-10T09:00:00')} />);
    expect(screen.getByTestId('day').textContent).toBe('Today');
    act(() => vi.advanceTimersByTime(60_000));
    expect(screen.getByTestId('day').textContent).toBe('Today');
    act(() => vi.advanceTimersByTime(60_000));
    expect(screen.getByTestId('day').textContent).toBe('Yesterday');
    // A week on, the weekday gives way to the date, one midnight at a time.
    act(() => vi.advanceTimersByTime(24 * 3_600_000));
    expect(screen.getByTestId('day').textContent).not.toMatch(/Yesterday|Today/);
    act(() => vi.advanceTimersByTime(6 * 24 * 3_600_000));
    expect(screen.getByTestId('day').textContent).toMatch(/2026/);
  });

  it('moves "last seen" on every minute', () => {
    vi.setSystemTime(at('2026-03-10T12:00:30'));
    mount(<LastSeen iso={new Date(at('2026-03-10T11:58:00')).toISOString()} />);
    expect(screen.getByTestId('seen').textContent).toBe('last seen 2 min ago');
    act(() => vi.advanceTimersByTime(30_000));
    expect(screen.getByTestId('seen').textContent).toBe('last seen 3 min ago');
    act(() => vi.advanceTimersByTime(56 * 60_000));
    expect(screen.getByTestId('seen').textContent).toBe('last seen 59 min ago');
    act(() => vi.advanceTimersByTime(60_000));
    expect(screen.getByTestId('seen').textContent).toMatch(/^last seen today at /);
  });

  it('follows a jump of the wall clock within a minute, without a render in between', () => {
    vi.setSystemTime(at('2026-03-10T22:00:00'));
    let renders = 0;
    function Counted() {
      renders += 1;
      return <DayLabel of={at('2026-03-10T09:00:00')} />;
    }
    mount(<Counted />);
    act(() => vi.advanceTimersByTime(30 * 60_000));
    expect(renders).toBe(1);
    // The clock is set forward (a time zone change, a sleep the timers did not count).
    vi.setSystemTime(at('2026-03-11T06:00:00'));
    act(() => vi.advanceTimersByTime(60_000));
    expect(screen.getByTestId('day').textContent).toBe('Yesterday');
  });

  it('catches up when the window comes back after the machine slept (timers stood still)', () => {
    vi.setSystemTime(at('2026-03-10T22:00:00'));
    mount(<DayLabel of={at('2026-03-10T09:00:00')} />);
    // The wall clock jumps past midnight without any timer having fired.
    vi.setSystemTime(at('2026-03-11T07:00:00'));
    expect(screen.getByTestId('day').textContent).toBe('Today');
    act(() => void window.dispatchEvent(new Event('focus')));
    expect(screen.getByTestId('day').textContent).toBe('Yesterday');
  });

  it('stops its timer when nothing shows a label any more', () => {
    vi.setSystemTime(at('2026-03-10T22:00:00'));
    const view = mount(<DayLabel of={at('2026-03-10T09:00:00')} />);
    expect(vi.getTimerCount()).toBe(1);
    act(() => vi.advanceTimersByTime(5 * 60_000));
    expect(vi.getTimerCount()).toBe(1);
    view.unmount();
    expect(vi.getTimerCount()).toBe(0);
  });
});
