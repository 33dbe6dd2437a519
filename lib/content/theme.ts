/** Follows the host page's light or dark theme, read from what the page actually paints. */
export type Theme = 'light' | 'dark';

export function pageTheme(doc: Document = document): Theme {
  for (const el of [doc.body, doc.documentElement]) {
    if (!el) continue;
    const rgba = getComputedStyle(el).backgroundColor.match(/[\d.]+/g)?.map(Number);
    if (rgba && rgba.length >= 3 && (rgba[3] ?? 1) > 0.5) return luminance(rgba) < 0.4 ? 'dark' : 'light';
  }
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

const luminance = ([r, g, b]: number[]) => (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;

/** Calls `onChange` when the page switches theme (the sites toggle a class or style on html/body). */
export function watchTheme(onChange: (theme: Theme) => void, signal: AbortSignal) {
  let current = pageTheme();
  const check = () => {
    const next = pageTheme();
    if (next !== current) onChange((current = next));
  };
  const observer = new MutationObserver(check);
  const options = { attributes: true, attributeFilter: ['class', 'style', 'data-theme'] };
  observer.observe(document.documentElement, options);
  if (document.body) observer.observe(document.body, options);
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', check, { signal });
  signal.addEventListener('abort', () => observer.disconnect());
  return current;
}
