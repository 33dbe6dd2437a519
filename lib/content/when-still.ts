/**
 * When to re-read a page that keeps changing: once it has been still for `quietMs`, or `maxWaitMs`
 * after the oldest change not yet read while it keeps changing, always in an animation frame. A page
 * streaming in a thousand messages then costs a read or two, not one per frame. While it never goes
 * still (a long history loading, a page that animates), each wait is twice the one before, up to
 * four times `maxWaitMs`: every read walks the whole thread, and the one that counts comes at the end.
 */
export interface WhenStill {
  /** The page changed: read once it is still (or has waited long enough). */
  changed(): void;
  /** Read at the next frame, whatever the page does next. */
  soon(): void;
  /** Read in `ms` (a new view rendering), unless soon() comes first. */
  after(ms: number): void;
  /** Forget what is scheduled (a read was just done, or the watch ends). */
  cancel(): void;
}

export function whenStill(read: () => void, { quietMs, maxWaitMs }: { quietMs: number; maxWaitMs: number }): WhenStill {
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unreadSince: number | undefined;
  /** The latest change, while the timer is the wait for stillness (not after()'s). */
  let changedAt: number | undefined;
  /** Reads in a row that came from the longest wait, not from stillness. */
  let waitedOut = 0;
  const longestWait = () => maxWaitMs * 2 ** Math.min(waitedOut, 2);
  const cancel = () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    frame = 0;
    timer = undefined;
    unreadSince = undefined;
    changedAt = undefined;
  };
  const run = () => {
    cancel();
    read();
  };
  const inFrameAfter = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => (frame = requestAnimationFrame(run)), ms);
  };
  // Changes only note their time: the timer is set again when it fires too early, not at every change,
  // which on a page streaming rows is every frame.
  const waitForStill = () => {
    const now = performance.now();
    const due = Math.min(changedAt! + quietMs, unreadSince! + longestWait()) - now;
    timer = due > 0 ? setTimeout(waitForStill, due) : undefined;
    if (due > 0) return;
    waitedOut = now < changedAt! + quietMs ? waitedOut + 1 : 0;
    frame = requestAnimationFrame(run);
  };
  return {
    changed() {
      if (frame) return;
      const now = performance.now();
      unreadSince ??= now;
      const waiting = changedAt !== undefined;
      changedAt = now;
      if (waiting) return;
      clearTimeout(timer);
      waitForStill();
    },
    soon() {
      if (frame) return;
      waitedOut = 0;
      clearTimeout(timer);
      timer = undefined;
      changedAt = undefined;
      frame = requestAnimationFrame(run);
    },
    after(ms) {
      cancel();
      waitedOut = 0;
      inFrameAfter(ms);
    },
    cancel,
  };
}
