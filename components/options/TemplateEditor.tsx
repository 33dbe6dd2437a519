/** One template's form. Mistakes in the body show as the agent types, with line and column; saving goes through the background. */
import { useId, useMemo, useState } from 'preact/hooks';
import { ulid } from 'ulid';
import { toDraft, type TemplateDraft } from '../../lib/templates/draft';
import type { Template } from '../../lib/model';
import { describeSyntaxErrors, parseTemplate } from '../../lib/templates/parse';
import { render } from '../../lib/templates/render';
import { isValidShortcut, shortcutRule } from '../../lib/templates/shortcut';
import { platforms } from '../../lib/sites/types';
import { errorText, type DeskApi } from '../desk-api';
import { Field, inputClass, labelClass } from '../fields';
import { parseTags, platformNames } from '../labels';
import type { TemplateLibrary } from '../templates/library';

interface TemplateEditorProps {
  desk: DeskApi;
  library: TemplateLibrary;
  id: string;
  /** Undefined for a new template. */
  template: Template | undefined;
  canApprove: boolean;
  onSaved: () => void;
  onDeleted: () => void;
}

const blank = (canApprove: boolean): TemplateDraft => ({ title: '', shortcut: null, body: '', folder: null, tags: [], language: null, platforms: [], scope: 'team', approved: canApprove });
const languages = ['en', 'fil', 'ms', 'id', 'ru'];
const sample = { customer: { name: 'Maria Santos', language: 'en' }, agent: { name: 'Ana Reyes' }, ticket: { number: 42, status: 'open' as const } };

/** The body as written: what is wrong with it (syntax with line and column, then includes that are missing or loop), and how it reads with sample values. */
function checkBody(body: string, shortcut: string | null, library: TemplateLibrary): { problems: string[]; preview: string } {
  const parsed = parseTemplate(body);
  if (!parsed.ok) return { problems: describeSyntaxErrors(parsed.errors).split('\n'), preview: body };
  const result = render(parsed.tree, sample, { shortcut, includes: library.includes({}) });
  if (result.ok) return { problems: [], preview: result.text };
  return { problems: result.problems.filter((p) => p.kind === 'include' || p.kind === 'syntax').map((p) => p.message), preview: result.preview };
}

export function TemplateEditor({ desk, library, id, template, canApprove, onSaved, onDeleted }: TemplateEditorProps) {
  const formId = useId();
  const [draft, setDraft] = useState<TemplateDraft>(() => (template ? toDraft(template) : blank(canApprove)));
  const [status, setStatus] = useState<{ text: string; error: boolean }>();
  const [deleted, setDeleted] = useState<TemplateDraft>();
  const set = (changes: Partial<TemplateDraft>) => setDraft((d) => ({ ...d, ...changes }));
  const { problems, preview } = useMemo(() => checkBody(draft.body, draft.shortcut, library), [draft.body, draft.shortcut]);
  const shortcutProblem = draft.shortcut && !isValidShortcut(draft.shortcut) ? shortcutRule : undefined;

  const save = async (event: Event) => {
    event.preventDefault();
    try {
      await desk.call('saveTemplate', { id, draft });
      setStatus({ text: 'Saved.', error: false });
      onSaved();
    } catch (error) {
      setStatus({ text: errorText(error), error: true });
    }
  };
  const remove = async () => {
    try {
      await desk.call('deleteTemplate', { id });
      setDeleted(draft);
    } catch (error) {
      setStatus({ text: errorText(error), error: true });
    }
  };

  if (deleted) {
    return (
      <p data-testid="template-deleted" class="flex items-center gap-2">
        Deleted “{deleted.title}”.
        {/* A deleted row stays deleted on the server, so undoing makes a new template with the same fields. */}
        <button type="button" data-testid="template-undo-delete" class="underline" onClick={() => void desk.call('saveTemplate', { id: ulid(), draft: deleted }).then(onDeleted, (e) => setStatus({ text: errorText(e), error: true }))}>Undo</button>
        <button type="button" class="underline" onClick={onDeleted}>Close</button>
        {status?.error && <span role="alert" class="text-red-700 dark:text-red-300">{status.text}</span>}
      </p>
    );
  }
  const text = (label: string, value: string | null, onInput: (value: string) => void, testId: string, extra: Record<string, string> = {}) => (
    <Field label={label} id={`${formId}-${testId}`}>
      <input id={`${formId}-${testId}`} data-testid={testId} value={value ?? ''} onInput={(e) => onInput(e.currentTarget.value)} autoComplete="off" dir="auto" class={inputClass} {...extra} />
    </Field>
  );
  return (
    <form data-testid="template-editor" onSubmit={save} class="flex max-w-2xl flex-col gap-3">
      {text('Title', draft.title, (title) => set({ title }), 'template-title')}
      {text('Shortcut (typed as ;shortcut + Tab in a reply box)', draft.shortcut, (shortcut) => set({ shortcut: shortcut.trim() || null }), 'template-shortcut', { placeholder: 'refund' })}
      {shortcutProblem && <p data-testid="template-shortcut-error" class="text-xs text-red-700 dark:text-red-300">{shortcutProblem}</p>}
      <Field label="Reply" id={`${formId}-body`}>
        <textarea id={`${formId}-body`} data-testid="template-body" rows={8} value={draft.body} dir="auto" onInput={(e) => set({ body: e.currentTarget.value })} class={`${inputClass} font-mono`} placeholder="Hi {{customer.first_name|there}}, …" />
      </Field>
      <p class="text-xs text-slate-500 dark:text-slate-400">
        {'{{customer.first_name|there}}'} a variable with a fallback · {'{{ask:Order number}}'} asked when inserting · {'{{> shortcut}}'} another template
      </p>
      {problems.length > 0 && (
        <ul data-testid="template-errors" role="alert" class="list-disc rounded-md bg-red-50 py-1 pl-6 text-red-800 dark:bg-red-950 dark:text-red-200">
          {problems.map((problem) => <li key={problem}>{problem}</li>)}
        </ul>
      )}
      <div>
        <span class={labelClass}>Preview with sample values</span>
        <p data-testid="template-editor-preview" dir="auto" class="whitespace-pre-wrap break-words rounded-md bg-slate-50 px-2 py-1 dark:bg-slate-800">{preview}</p>
      </div>
      <div class="grid grid-cols-2 gap-3">
        {text('Folder', draft.folder, (folder) => set({ folder: folder.trim() || null }), 'template-folder')}
        {text('Tags (comma-separated)', draft.tags.join(', '), (tags) => set({ tags: parseTags(tags) }), 'template-tags')}
        {text('Language (empty: every language)', draft.language, (language) => set({ language: language.trim() || null }), 'template-language', { list: `${formId}-languages` })}
        <Field label="Who can use it" id={`${formId}-scope`}>
          <select id={`${formId}-scope`} data-testid="template-scope" value={draft.scope} onChange={(e) => set({ scope: e.currentTarget.value as TemplateDraft['scope'] })} class={inputClass}>
            <option value="team">The team</option>
            <option value="personal">Only me</option>
          </select>
        </Field>
      </div>
      <datalist id={`${formId}-languages`}>{languages.map((language) => <option key={language} value={language} />)}</datalist>
      <fieldset class="flex flex-wrap items-center gap-3">
        <legend class={labelClass}>Networks (none ticked: all)</legend>
        {platforms.map((platform) => (
          <label key={platform} class="flex items-center gap-1">
            <input
              type="checkbox"
              data-testid={`template-platform-${platform}`}
              checked={draft.platforms.includes(platform)}
              onChange={(e) => set({ platforms: e.currentTarget.checked ? [...draft.platforms, platform] : draft.platforms.filter((p) => p !== platform) })}
            />
            {platformNames[platform]}
          </label>
        ))}
      </fieldset>
      <label class="flex items-center gap-1">
        <input type="checkbox" data-testid="template-approved" checked={draft.approved} disabled={!canApprove && !draft.approved} onChange={(e) => set({ approved: e.currentTarget.checked })} />
        Approved (team drafts are hidden from the reply picker until approved)
      </label>
      {status && (
        <p data-testid={status.error ? 'template-save-error' : 'template-saved'} role={status.error ? 'alert' : 'status'} class={status.error ? 'text-red-700 dark:text-red-300' : 'text-emerald-700 dark:text-emerald-300'}>
          {status.text}
        </p>
      )}
      <div class="flex gap-2">
        <button type="submit" data-testid="template-save" class="rounded-md bg-indigo-600 px-3 py-1 font-medium text-white hover:bg-indigo-700">Save</button>
        {template && <button type="button" data-testid="template-delete" onClick={() => void remove()} class="rounded-md border border-red-300 px-3 py-1 text-red-700 hover:bg-red-50 dark:border-red-700 dark:text-red-300 dark:hover:bg-red-950">Delete</button>}
      </div>
    </form>
  );
}
