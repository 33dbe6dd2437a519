import { useEffect, useState } from 'preact/hooks';
import type { TemplateLibrary } from './library';

/** Renders again whenever the library's templates change, or its loading does. */
export function useLibrary(library: TemplateLibrary): void {
  const [, setVersion] = useState(0);
  useEffect(() => library.subscribe(() => setVersion((n) => n + 1)), [library]);
}
