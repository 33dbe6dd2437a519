/**
 * What a site adapter reads off a page. Adapters are pure functions of (URL, DOM): they never
 * touch storage, never throw, and never remember the previous page.
 */
import type { RowMemo } from './dom';

export type Platform = 'x' | 'instagram' | 'facebook';
export const platforms: readonly Platform[] = ['x', 'instagram', 'facebook'];

/** What kind of conversation the page shows. */
export type ContextKind = 'dm' | 'post' | 'profile';

/** The ticket channel a context logs into (DESIGN.md §4). */
export type Channel = 'dm' | 'comment' | 'reply' | 'mention' | 'post';

/** One person on one network, as far as the page tells. */
export interface Identity {
  platform: Platform;
  /** Handle without "@" (X, Instagram) or the page's own name for the person (Facebook). */
  handle: string;
  displayName?: string;
  profileUrl?: string;
  /** The network's numeric or opaque user id, when the page carries one. */
  userId?: string;
}

export type AuthorRole = 'customer' | 'agent';

export interface PageMessage {
  role: AuthorRole;
  /** Who wrote it, as the page shows them. On post pages each reply has its own author. */
  author: Omit<Identity, 'platform' | 'handle'> & { handle?: string; displayName: string };
  /** Plain text, emoji included as characters. Never HTML. */
  text: string;
  /** UTC ms, when the page gives a full date and time. */
  sentAt?: number;
  /** The time as the page shows it when it gives no full date ("9:11 PM"). */
  timeLabel?: string;
  /** The site's own id for the message (message id, comment id, status id), when present. */
  siteId?: string;
  permalink?: string;
}

export interface DetectedContext {
  ok: true;
  platform: Platform;
  kind: ContextKind;
  channel: Channel;
  /** Stable per thread across visits and layouts, e.g. "x:dm:12-34", "instagram:post:Cx1". */
  conversationKey: string;
  permalink: string;
  /** Who the agent is talking to: the DM peer, the post's author, the profile's owner. */
  customer: Identity;
  /** The visible messages, oldest first. On post pages: the post itself, then its replies. */
  messages: PageMessage[];
}

export interface UndetectedContext {
  ok: false;
  platform: Platform;
  /** A sentence for the agent: why nothing was read ("No conversation open"). */
  reason: string;
}

export type PageContext = DetectedContext | UndetectedContext;

/** Where an adapter reads from: the document, or a shadow root the site renders into. */
export type ReadRoot = Document | ShadowRoot | Element;

export interface SiteAdapter {
  platform: Platform;
  /**
   * The site renders conversations inside open shadow roots (X's chat): the page and badge watches
   * observe those too. The other sites' pages are not searched for them, a walk of the whole page.
   */
  shadowRoots?: true;
  /**
   * The adapter parses a list's rows through the memo `read` is given (X chat, Instagram DMs): the
   * page watch then keeps one, and observes the attributes rows are read by to keep it right. The
   * other sites' pages change classes at every hover, for no reader to use.
   */
  memoRows?: true;
  /**
   * Reads the page. Never throws: a page it cannot read gives `{ ok: false, reason }`. With a memo
   * (dom.ts) told of every change since the last read, rows unchanged since are not parsed again.
   */
  read(url: URL, document: Document, memo?: RowMemo): PageContext;
}
