/** How every bench prints a figure: one line, the value, its budget, and the same-run baseline it is measured against. */
export function report(name: string, value: number, unit: string, { budget, baseline }: { budget?: number; baseline?: number } = {}) {
  const parts = [`${name}: ${value.toFixed(value < 10 ? 2 : 1)} ${unit}`];
  if (baseline !== undefined) parts.push(`baseline ${baseline.toFixed(2)}`);
  if (budget !== undefined) parts.push(`budget ${budget} ${unit}, ${value <= budget ? 'within' : 'OVER'}`);
  console.log(parts.join(' — '));
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
