/**
 * What the content script gives the template picker: the library, and a way to put a reply into
 * the page's composer (components never touch the page's editors or `browser.*` themselves).
 * Without a host (the options page, unit tests of other panels) the picker is not shown.
 */
import { createContext } from 'preact';
import type { TemplateLibrary } from './library';

export type InsertOutcome =
  | { ok: true }
  /** `copied`: the reply is on the clipboard instead, for the agent to paste. */
  | { ok: false; message: string; copied: boolean };

/** Something the picker should tell the agent about an inline `;shortcut`; `query` opens that reply in the picker. */
export interface TemplateNotice {
  message: string;
  query?: string;
}

export interface TemplateHost {
  library: TemplateLibrary;
  /** Inserts at the agent's caret in the page's composer; where that fails, copies the text. */
  insert(text: string): Promise<InsertOutcome>;
  onNotice(listener: (notice: TemplateNotice) => void): () => void;
}

export const TemplateHostContext = createContext<TemplateHost | null>(null);
