/**
 * The template library as the sidebar and the options page hold it: every template the agent may
 * use, read once from the background and indexed here, so a keystroke in the picker searches
 * memory instead of waiting on a message. When the background announces a change the list is
 * read again and only the templates that differ are re-indexed.
 */
import type { Agent, Template } from '../../lib/model';
import { parseTemplate, type ParseResult } from '../../lib/templates/parse';
import type { IncludeLookup } from '../../lib/templates/render';
import { TemplateIndex, type SearchFilters, type SearchOptions, type SearchResult } from '../../lib/templates/search';
import { errorText, type DeskApi } from '../desk-api';

export interface TemplateLibrary {
  /** Starts the first read (once); resolves when the templates are indexed. */
  load(): Promise<void>;
  readonly loaded: boolean;
  readonly error: string | undefined;
  /** The signed-in agent, for `{{agent.…}}`; null before sign-in. */
  readonly agent: Agent | null;
  /** Calls `listener` after every change to the templates (or to loading); returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  search(query: string, options?: SearchOptions): SearchResult<Template>;
  findByShortcut(shortcut: string, filters?: SearchFilters): Template | undefined;
  get(id: string): Template | undefined;
  all(): Template[];
  /** `{{> shortcut}}` resolved as `;shortcut` would be in the same place. */
  includes(filters: SearchFilters): IncludeLookup;
  /** Counts a use of the template (inserted or copied). */
  countUse(id: string): Promise<void>;
}

/** A template's parsed body, kept as long as the template object (a changed template is a new object). */
const parsedBodies = new WeakMap<Template, ParseResult>();
export function parsedBody(template: Template): ParseResult {
  let parsed = parsedBodies.get(template);
  if (!parsed) parsedBodies.set(template, (parsed = parseTemplate(template.body)));
  return parsed;
}

const fieldsCompared = ['updatedAt', 'usageCount', 'lastUsedAt', 'title', 'shortcut', 'body', 'folder', 'language', 'scope', 'approved'] as const;
const sameTemplate = (a: Template, b: Template) =>
  fieldsCompared.every((key) => a[key] === b[key]) && a.tags.join('\n') === b.tags.join('\n') && a.platforms.join() === b.platforms.join();

export function createTemplateLibrary(desk: DeskApi, signal?: AbortSignal): TemplateLibrary {
  let index = new TemplateIndex<Template>();
  const byId = new Map<string, Template>();
  const listeners = new Set<() => void>();
  let state: { loaded: boolean; error?: string; agent: Agent | null } = { loaded: false, agent: null };
  let firstLoad: Promise<void> | undefined;
  let reading: Promise<void> | undefined;
  let readAgain = false;

  const notify = () => listeners.forEach((listener) => listener());

  /** Applies the background's list: a fresh index the first time, then only the differences. */
  function apply(templates: Template[]) {
    if (!state.loaded) {
      index = new TemplateIndex(templates);
      for (const template of templates) byId.set(template.id, template);
      return;
    }
    const seen = new Set<string>();
    for (const template of templates) {
      seen.add(template.id);
      const known = byId.get(template.id);
      if (known && sameTemplate(known, template)) continue;
      byId.set(template.id, template);
      index.upsert(template);
    }
    for (const id of byId.keys()) {
      if (seen.has(id)) continue;
      byId.delete(id);
      index.remove(id);
    }
  }

  /** One read at a time; a change announced meanwhile reads once more after it. */
  function read(): Promise<void> {
    if (reading) {
      readAgain = true;
      return reading;
    }
    reading = desk
      .call('listTemplates', undefined)
      .then(
        ({ templates, agent }) => {
          apply(templates);
          state = { loaded: true, agent };
        },
        (error) => {
          state = { ...state, error: errorText(error) };
        },
      )
      .finally(() => {
        reading = undefined;
        notify();
        if (readAgain) {
          readAgain = false;
          void read();
        }
      });
    return reading;
  }

  return {
    load() {
      if (!firstLoad) {
        firstLoad = read();
        const unsubscribe = desk.subscribe((change) => change.tables.some((t) => t === 'templates' || t === 'meta') && void read());
        signal?.addEventListener('abort', unsubscribe);
      }
      return firstLoad;
    },
    get loaded() {
      return state.loaded;
    },
    get error() {
      return state.error;
    },
    get agent() {
      return state.agent;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    search: (query, options) => index.search(query, options),
    findByShortcut: (shortcut, filters) => index.findByShortcut(shortcut, filters),
    get: (id) => byId.get(id),
    all: () => [...byId.values()],
    includes: (filters) => (shortcut) => {
      const template = index.findByShortcut(shortcut, filters);
      return template && parsedBody(template);
    },
    async countUse(id) {
      await desk.call('useTemplate', { id });
    },
  };
}
