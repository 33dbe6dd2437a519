/**
 * A `sidedesk:*` measure for the Performance panel and `npm run bench`. Only the latest of each name
 * is kept: a page or worker that lives for hours would otherwise hold one entry per keystroke or
 * pull. Benches that want every one collect them with a PerformanceObserver.
 */
export function measure(name: `sidedesk:${string}`, start: number): PerformanceMeasure {
  performance.clearMeasures(name);
  return performance.measure(name, { start });
}
