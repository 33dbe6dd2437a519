import { useEffect, useState } from 'preact/hooks';
import type { TemplateLibrary } from './library';

/** Loads the library (once, shared) and renders again whenever its templates change. */
export function useLibrary(library: TemplateLibrary): void {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const unsubscribe = library.subscribe(() => setVersion((n) => n + 1));
    void library.load();
    return unsubscribe;
  }, [library]);
}
