/** The options page's Templates: the library listed and searched, one template edited at a time, import and export. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ulid } from 'ulid';
import type { DeskApi } from '../desk-api';
import { inputClass } from '../fields';
import { createTemplateLibrary } from '../templates/library';
import { useLibrary } from '../templates/use-library';
import { TemplateEditor } from './TemplateEditor';
import { TemplateTransfer } from './TemplateTransfer';

const shownRows = 200;

export function TemplatesSection({ desk }: { desk: DeskApi }) {
  const library = useMemo(() => createTemplateLibrary(desk), [desk]);
  useLibrary(library);
  useEffect(() => void library.load(), [library]);
  const [query, setQuery] = useState('');
  /** The template in the editor: an existing id, or a new id not saved yet. */
  const [editing, setEditing] = useState<{ id: string; isNew: boolean }>();
  const results = library.search(query, { limit: shownRows });
  // Without sign-in there is nobody to approve: the agent's own templates are ready to use.
  const canApprove = !library.agent || library.agent.role === 'admin';

  return (
    <section data-testid="templates" class="flex flex-col gap-4">
      <div class="flex flex-wrap items-center gap-2">
        <input
          data-testid="template-filter"
          aria-label="Search templates"
          placeholder="Search title, ;shortcut, text, folder, tags"
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
          class={`${inputClass} max-w-sm`}
        />
        <button type="button" data-testid="template-new" onClick={() => setEditing({ id: ulid(), isNew: true })} class="rounded-md bg-indigo-600 px-3 py-1 font-medium text-white hover:bg-indigo-700">
          New template
        </button>
        <TemplateTransfer desk={desk} library={library} canApprove={canApprove} />
      </div>
      {library.error && <p role="alert" class="rounded-md bg-red-50 px-2 py-1 text-red-800 dark:bg-red-950 dark:text-red-200">{library.error}</p>}
      <div class="flex flex-col gap-4 lg:flex-row">
        <div class="flex min-w-0 flex-col gap-1 lg:w-96">
          <p class="text-xs text-slate-500 dark:text-slate-400" aria-live="polite">
            {library.loaded ? `${results.total} template${results.total === 1 ? '' : 's'}${results.total > results.hits.length ? `, the first ${results.hits.length} shown` : ''}` : 'Loading…'}
          </p>
          <ul aria-label="Templates" class="flex flex-col">
            {results.hits.map(({ template }) => (
              <li key={template.id}>
                <button
                  type="button"
                  data-testid="template-row"
                  aria-current={editing?.id === template.id}
                  onClick={() => setEditing({ id: template.id, isNew: false })}
                  class={`flex w-full flex-col rounded-md px-2 py-1 text-left ${editing?.id === template.id ? 'bg-indigo-100 dark:bg-indigo-900' : 'hover:bg-slate-100 dark:hover:bg-slate-800'}`}
                >
                  <span class="flex items-baseline gap-2">
                    <span class="min-w-0 flex-1 truncate font-medium">{template.title}</span>
                    {template.shortcut && <span class="font-mono text-xs text-slate-500 dark:text-slate-400">;{template.shortcut}</span>}
                  </span>
                  <span class="text-xs text-slate-500 dark:text-slate-400">
                    {[template.scope === 'team' ? (template.approved ? 'Team' : 'Team draft') : 'Personal', template.language, template.folder, `used ${template.usageCount}×`].filter(Boolean).join(' · ')}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
        <div class="min-w-0 flex-1">
          {editing ? (
            <TemplateEditor
              key={editing.id}
              desk={desk}
              library={library}
              id={editing.id}
              template={editing.isNew ? undefined : library.get(editing.id)}
              canApprove={canApprove}
              onSaved={() => setEditing({ id: editing.id, isNew: false })}
              onDeleted={() => setEditing(undefined)}
            />
          ) : (
            <p class="text-slate-500 dark:text-slate-400">Choose a template to edit, or make a new one.</p>
          )}
        </div>
      </div>
    </section>
  );
}
