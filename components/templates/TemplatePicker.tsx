/**
 * The canned-reply picker: search, arrows to move, Enter (or a click) to insert into the page's
 * composer, Esc to clear. The reply under the cursor is previewed for this customer; fill-in
 * fields are asked before inserting; a reply with an unresolved variable is refused, by name.
 */
import { useContext, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { DeskView } from '../../lib/desk/types';
import type { Template } from '../../lib/model';
import type { DetectedContext, Identity } from '../../lib/sites/types';
import { inputClass } from '../fields';
import { TemplateHostContext, type TemplateHost } from './host';
import { TemplatePreview } from './TemplatePreview';
import { filtersFor, renderReply, replyText, type ReplyPlace } from './reply';
import { useLibrary } from './use-library';
import { measure } from '../../lib/measure';

interface TemplatePickerProps {
  /** The customer as the page shows them (or as the agent typed them). */
  identity: Identity;
  context?: DetectedContext;
  /** The desk's view of this customer and thread, once read. */
  view?: DeskView;
}

const shownResults = 12;

/** "ru" → "Russian", in the browser's language; the tag itself where the browser has no name for it. */
function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames([navigator.language], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

export function TemplatePicker(props: TemplatePickerProps) {
  const host = useContext(TemplateHostContext);
  return host ? <Picker host={host} {...props} /> : null;
}

function Picker({ host, identity, context, view }: TemplatePickerProps & { host: TemplateHost }) {
  const { library } = host;
  useLibrary(library);
  const id = useId();
  const search = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ text: string; tone: 'done' | 'problem' }>();
  const [busy, setBusy] = useState(false);
  const [askFocus, setAskFocus] = useState(0);
  const [onlyLanguage, setOnlyLanguage] = useState(true);

  const place: ReplyPlace = { platform: identity.platform, channel: context?.channel ?? 'dm', identity, customer: view?.customer, ticket: view?.ticket?.ticket, agent: library.agent };
  const language = view?.customer?.language;
  const filters = filtersFor(place, onlyLanguage ? language : undefined);
  const results = library.loaded ? library.search(query, { ...filters, limit: shownResults }) : { hits: [], total: 0 };
  const current = results.hits[Math.min(active, results.hits.length - 1)]?.template;
  const reply = useMemo(() => current && renderReply(library, current, place, answers), [current, answers, view, library.agent, identity, context]);

  // From a keystroke's input event to its results in the DOM.
  const typedAt = useRef<number | undefined>(undefined);
  useLayoutEffect(() => {
    if (typedAt.current === undefined) return;
    measure('sidedesk:search-rendered', typedAt.current);
    typedAt.current = undefined;
  }, [query]);

  useEffect(
    () =>
      host.onNotice(({ message, query: wanted }) => {
        setNotice({ text: message, tone: 'problem' });
        if (wanted === undefined) return;
        // The agent asked for this very reply: show it whatever its language, and give its first field the keyboard.
        pick(wanted);
        setOnlyLanguage(false);
        setAskFocus((n) => n + 1);
      }),
    [host],
  );

  function pick(nextQuery: string) {
    setQuery(nextQuery);
    setActive(0);
    setAnswers({});
  }

  async function choose(template: Template, position: number) {
    if (busy) return;
    if (template !== current) {
      setActive(position);
      setAnswers({});
    }
    const chosen = template === current ? reply! : renderReply(library, template, place);
    const text = replyText(chosen);
    if (text === undefined) {
      // Blocked (the preview says why) or fields to fill in first.
      if (!chosen.blockers.length) setAskFocus((n) => n + 1);
      return;
    }
    setBusy(true);
    const outcome = await host.insert(text);
    setBusy(false);
    if (outcome.ok || outcome.copied) void library.countUse(template.id).catch(() => undefined); // a lost count is no reason to bother the agent
    if (outcome.ok) {
      setNotice({ text: `Inserted “${template.title}”.`, tone: 'done' });
      pick('');
    } else {
      setNotice({ text: outcome.copied ? `${outcome.message} The reply is on the clipboard: paste it (Ctrl+V, ⌘V on a Mac).` : `${outcome.message} Copy the reply from the preview.`, tone: 'problem' });
    }
  }

  const onKeyDown = (event: KeyboardEvent) => {
    const last = results.hits.length - 1;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((n) => Math.max(0, Math.min(last, Math.min(n, last) + (event.key === 'ArrowDown' ? 1 : -1))));
      setAnswers({});
    } else if (event.key === 'Enter' && current) {
      event.preventDefault();
      void choose(current, active);
    } else if (event.key === 'Escape' && query) {
      event.preventDefault();
      pick('');
    }
  };

  const listId = `${id}-results`;
  const optionId = (n: number) => `${id}-option-${n}`;
  return (
    // The library is read when the agent reaches for it (pointer, focus, or a ;shortcut in the page), not
    // on every page the sites show: reading and indexing a team's thousands of replies is seconds of work.
    <section
      aria-label="Replies"
      onPointerEnter={() => void library.load()}
      class="flex flex-col gap-2 rounded-md border border-slate-200 p-2 dark:border-slate-700"
    >
      <input
        ref={search}
        data-testid="template-search"
        type="text"
        role="combobox"
        aria-label="Search replies"
        aria-expanded={results.hits.length > 0}
        aria-controls={listId}
        aria-activedescendant={current ? optionId(Math.min(active, results.hits.length - 1)) : undefined}
        placeholder="Search replies or type ;shortcut"
        autoComplete="off"
        value={query}
        onFocus={() => void library.load()}
        onInput={(e) => {
          typedAt.current = performance.now();
          pick(e.currentTarget.value);
        }}
        onKeyDown={onKeyDown}
        class={inputClass}
      />
      {language && (
        <label class="flex items-center gap-1 text-xs text-slate-500 dark:text-slate-400">
          <input type="checkbox" data-testid="template-language-only" checked={onlyLanguage} onChange={(e) => setOnlyLanguage(e.currentTarget.checked)} />
          Only replies in {languageName(language)} (and those for every language)
        </label>
      )}
      {notice && (
        <p data-testid="template-notice" data-tone={notice.tone} role={notice.tone === 'problem' ? 'alert' : 'status'} class={`rounded-md px-2 py-1 ${notice.tone === 'problem' ? 'bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-100' : 'bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100'}`}>
          {notice.text}
        </p>
      )}
      {!library.loaded ? (
        <p data-testid="template-status" class="text-slate-500 dark:text-slate-400">
          {library.error ?? (library.loading ? 'Loading replies…' : 'Your team’s replies show here as you search.')}
        </p>
      ) : results.hits.length === 0 ? (
        <p data-testid="template-empty" class="text-slate-500 dark:text-slate-400">{query ? `No reply matches “${query}”.` : 'No replies for this network yet.'}</p>
      ) : (
        <ul id={listId} role="listbox" aria-label="Replies" class="flex max-h-64 flex-col overflow-y-auto">
          {results.hits.map(({ template }, n) => (
            <li
              key={template.id}
              id={optionId(n)}
              role="option"
              data-testid="template-item"
              data-shortcut={template.shortcut ?? undefined}
              aria-selected={template === current}
              onMouseDown={(e) => e.preventDefault()} // the search box keeps focus (and the keyboard)
              onClick={() => void choose(template, n)}
              class={`cursor-pointer rounded-md px-2 py-1 ${template === current ? 'bg-indigo-50 dark:bg-indigo-950' : 'hover:bg-slate-50 dark:hover:bg-slate-800'}`}
            >
              <div class="flex items-baseline gap-2">
                <span class="min-w-0 flex-1 truncate font-medium">{template.title}</span>
                {template.shortcut && <span class="shrink-0 font-mono text-xs text-slate-500 dark:text-slate-400">;{template.shortcut}</span>}
              </div>
              <div class="truncate text-xs text-slate-500 dark:text-slate-400">
                {template.scope === 'personal' && 'Personal · '}
                {template.language && `${template.language} · `}
                {template.body.replace(/\s+/g, ' ').slice(0, 120)}
              </div>
            </li>
          ))}
        </ul>
      )}
      {results.total > results.hits.length && <p class="px-2 text-xs text-slate-500 dark:text-slate-400">{results.total - results.hits.length} more: type to narrow down</p>}
      {current && reply && (
        <TemplatePreview
          reply={reply}
          platform={place.platform}
          answers={answers}
          busy={busy}
          focusAsk={askFocus}
          onAnswer={(label, value) => setAnswers((a) => ({ ...a, [label]: value }))}
          onInsert={() => void choose(current, active)}
          onBack={() => search.current?.focus()}
        />
      )}
    </section>
  );
}
