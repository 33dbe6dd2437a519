/**
 * The template library as the sidebar and the options page hold it: every template the agent may
 * use, read from the background and indexed here, so a keystroke in the picker searches memory
 * instead of waiting on a message. After a change only what changed is read and re-indexed.
 */
import type { LibraryRevision, TemplateLibrary as LibraryAnswer } from '../../lib/desk/templates';
import type { Agent, Template } from '../../lib/model';
import { parseTemplate, type ParseResult } from '../../lib/templates/parse';
import type { IncludeLookup } from '../../lib/templates/render';
import { TemplateIndex, type SearchFilters, type SearchOptions, type SearchResult } from '../../lib/templates/search';
import { errorText, type DeskApi } from '../desk-api';
import { measure } from '../../lib/measure';

export interface TemplateLibrary {
  /** Starts the first read (once); resolves when the templates are indexed. */
  load(): Promise<void>;
  /** The first read was asked for and has not ended yet. */
  readonly loading: boolean;
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
  let state: { loaded: boolean; error?: string; agent: Agent | null; at?: LibraryRevision } = { loaded: false, agent: null };
  let firstLoad: Promise<void> | undefined;
  let reading: Promise<void> | undefined;
  /** A change announced during a read: read again after it, everything when the agent may have changed. */
  let readAgain: 'changes' | 'all' | undefined;

  const notify = () => listeners.forEach((listener) => listener());

  function apply(answer: LibraryAnswer) {
    if (!state.loaded) {
      const start = performance.now();
      index = new TemplateIndex(answer.templates);
      for (const template of answer.templates) byId.set(template.id, template);
      measure('sidedesk:templates-indexed', start);
      return;
    }
    const present = new Set(answer.templates.map((t) => t.id));
    const removed = answer.full ? [...byId.keys()].filter((id) => !present.has(id)) : answer.removed;
    for (const template of answer.templates) {
      const known = byId.get(template.id);
      if (known && sameTemplate(known, template)) continue;
      byId.set(template.id, template);
      index.upsert(template);
    }
    for (const id of removed) {
      byId.delete(id);
      index.remove(id);
    }
  }

  /** One read at a time; what is announced meanwhile is read once after it. */
  function read(what: 'changes' | 'all'): Promise<void> {
    if (reading) {
      readAgain = readAgain === 'all' || what === 'all' ? 'all' : 'changes';
      return reading;
    }
    const since = what === 'changes' ? state.at : undefined;
    const start = performance.now();
    reading = desk
      .call('listTemplates', { since })
      .then(
        (answer) => {
          measure(since ? 'sidedesk:templates-changes-read' : 'sidedesk:templates-read', start);
          apply(answer);
          state = { loaded: true, agent: answer.agent, at: { epoch: answer.epoch, revision: answer.revision } };
        },
        (error) => {
          state = { ...state, error: errorText(error) };
        },
      )
      .finally(() => {
        reading = undefined;
        notify();
        const again = readAgain;
        readAgain = undefined;
        if (again) void read(again);
      });
    return reading;
  }

  function load() {
    if (!firstLoad) {
      firstLoad = read('all');
      notify(); // now loading
      const unsubscribe = desk.subscribe(({ tables }) => {
        if (tables.includes('meta')) void read('all'); // sign-in changes whose personal templates these are
        else if (tables.includes('templates')) void read('changes');
      });
      signal?.addEventListener('abort', unsubscribe);
    }
    return firstLoad;
  }

  return {
    load,
    get loading() {
      return firstLoad !== undefined && !state.loaded && state.error === undefined;
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
