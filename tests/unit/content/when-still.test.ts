// @vitest-environment happy-dom
/** Re-reading a changing page: once it is still, or after a bounded wait while it keeps changing. */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { whenStill } from '../../../lib/content/when-still';

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame', 'performance'] }));
afterEach(() => vi.useRealTimers());

it('reads a page streaming in rows every frame for 3 s about once a second, not once a frame', () => {
  const read = vi.fn();
  const reads = whenStill(read, { quietMs: 150, maxWaitMs: 1_000 });
  for (let frame = 0; frame < 180; frame++) {
    reads.changed();
    vi.advanceTimersByTime(16);
  }
  expect(read.mock.calls.length).toBeGreaterThanOrEqual(2);
  expect(read.mock.calls.length).toBeLessThanOrEqual(3);
  const during = read.mock.calls.length;
  vi.advanceTimersByTime(200);
  expect(read).toHaveBeenCalledTimes(during + 1); // and once more when it is still
});

it('reads one change once the page has been still, sooner on request, and not after cancel', () => {
  const read = vi.fn();
  const reads = whenStill(read, { quietMs: 150, maxWaitMs: 1_000 });
  reads.changed();
  vi.advanceTimersByTime(100);
  expect(read).not.toHaveBeenCalled();
  vi.advanceTimersByTime(100);
  expect(read).toHaveBeenCalledTimes(1);

  reads.after(400);
  reads.soon();
  vi.advanceTimersByTime(20);
  expect(read).toHaveBeenCalledTimes(2);

  reads.changed();
  reads.cancel();
  vi.advanceTimersByTime(2_000);
  expect(read).toHaveBeenCalledTimes(2);
});
