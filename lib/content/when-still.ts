/**
 * When to re-read a page that keeps changing: once it has been still for `quietMs`, or `maxWaitMs`
 * after the oldest change not yet read while it keeps changing, always in an animation frame. A page
 * streaming in a thousand messages then costs a read or two, not one per frame.
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
    const due = Math.min(changedAt! + quietMs, unreadSince! + maxWaitMs) - performance.now();
    timer = due > 0 ? setTimeout(waitForStill, due) : undefined;
    if (due <= 0) frame = requestAnimationFrame(run);
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
      clearTimeout(timer);
      timer = undefined;
      changedAt = undefined;
      frame = requestAnimationFrame(run);
    },
    after(ms) {
      cancel();
      inFrameAfter(ms);
    },
    cancel,
  };
}
