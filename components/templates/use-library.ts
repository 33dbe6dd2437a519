import { useEffect, useState } from 'preact/hooks';
import type { TemplateLibrary } from './library';

/** Loads the library (once, shared, when the page is idle) and renders again whenever its templates change. */
export function useLibrary(library: TemplateLibrary): void {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const unsubscribe = library.subscribe(() => setVersion((n) => n + 1));
    library.loadWhenIdle();
    return unsubscribe;
  }, [library]);
}
