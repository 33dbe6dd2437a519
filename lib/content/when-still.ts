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
  const cancel = () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    frame = 0;
    timer = undefined;
    unreadSince = undefined;
  };
  const run = () => {
    cancel();
    read();
  };
  const inFrameAfter = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => (frame = requestAnimationFrame(run)), ms);
  };
  return {
    changed() {
      if (frame) return;
      const now = performance.now();
      unreadSince ??= now;
      inFrameAfter(Math.min(quietMs, unreadSince + maxWaitMs - now));
    },
    soon() {
      if (frame) return;
      clearTimeout(timer);
      timer = undefined;
      frame = requestAnimationFrame(run);
    },
    after(ms) {
      cancel();
      inFrameAfter(ms);
    },
    cancel,
  };
}
