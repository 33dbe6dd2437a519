import { useEffect, useState } from 'preact/hooks';
import type { DeskApi } from '@/components/desk-api';
import type { OptionsSection } from './sections';

const sectionFromHash = (sections: OptionsSection[]) => sections.find((s) => `#${s.id}` === location.hash) ?? sections[0];

/** A nav of sections on the left, the chosen one on the right; the hash says which, so a section can be linked to. */
export function OptionsPage({ desk, sections }: { desk: DeskApi; sections: OptionsSection[] }) {
  const [current, setCurrent] = useState(() => sectionFromHash(sections));
  useEffect(() => {
    const follow = () => setCurrent(sectionFromHash(sections));
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, [sections]);
  const { Component } = current;
  return (
    <div class="flex min-h-screen font-sans text-sm text-slate-900 dark:text-slate-100">
      <nav aria-label="Sidedesk" class="w-48 shrink-0 border-r border-slate-200 p-4 dark:border-slate-700">
        <div class="mb-4 text-lg font-semibold">Sidedesk</div>
        <ul class="flex flex-col gap-1">
          {sections.map((section) => (
            <li key={section.id}>
              <a
                href={`#${section.id}`}
                data-testid={`nav-${section.id}`}
                aria-current={section === current ? 'page' : undefined}
                class={`block rounded-md px-2 py-1 ${section === current ? 'bg-indigo-100 font-medium text-indigo-900 dark:bg-indigo-900 dark:text-indigo-100' : 'hover:bg-slate-100 dark:hover:bg-slate-800'}`}
              >
                {section.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main class="min-w-0 flex-1 p-6">
        <h1 class="mb-4 text-lg font-semibold">{current.title}</h1>
        <Component desk={desk} />
      </main>
    </div>
  );
}
