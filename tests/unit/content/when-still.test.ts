// @vitest-environment happy-dom
/** Re-reading a changing page: once it is still, or after a bounded wait while it keeps changing. */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { whenStill } from '../../../lib/content/when-still';

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame', 'performance'] }));
afterEach(() => vi.useRealTimers());

it('reads a page streaming in rows every frame for 3 s once or twice, not once a frame', () => {
  const read = vi.fn();
  const reads = whenStill(read, { quietMs: 150, maxWaitMs: 1_000 });
  for (let frame = 0; frame < 180; frame++) {
    reads.changed();
    vi.advanceTimersByTime(16);
  }
  expect(read.mock.calls.length).toBeGreaterThanOrEqual(1);
  expect(read.mock.calls.length).toBeLessThanOrEqual(2);
  const during = read.mock.calls.length;
  vi.advanceTimersByTime(200);
  expect(read).toHaveBeenCalledTimes(during + 1); // and once more when it is still
});

it('waits twice as long each time a page never goes still, up to four times the longest wait, and starts over once it was', () => {
  const read = vi.fn();
  const reads = whenStill(read, { quietMs: 150, maxWaitMs: 1_000 });
  const readAt: number[] = [];
  read.mockImplementation(() => readAt.push(performance.now()));
  const stream = (ms: number) => {
    for (let t = 0; t < ms; t += 16) {
      reads.changed();
      vi.advanceTimersByTime(16);
    }
  };
  stream(12_000);
  const gaps = readAt.map((at, i) => Math.round((at - (readAt[i - 1] ?? 0)) / 1_000));
  expect(gaps).toEqual([1, 2, 4, 4]);
  vi.advanceTimersByTime(200);
  expect(read).toHaveBeenCalledTimes(5); // still: read at once
  readAt.length = 0;
  const start = performance.now();
  stream(1_500);
  expect(readAt.map((at) => Math.round((at - start) / 1_000))).toEqual([1]); // a new stream waits 1 s again
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
