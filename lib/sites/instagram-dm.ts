/**
 * Instagram DM threads, in the 2026 layout (`IGDMessagesList`, `[role="group"]` rows) and the 2025
 * one still served to some accounts (`IGDOpenMessageList`, a grid with `h6` senders). Neither gives
 * a time or an id per message, so messages carry neither.
 */
import { freshReads, queryAll, queryFind, queryFirst, queryNewest, textWithEmoji, type RowMemo } from './dom';
import { detected, handleFromProfileLabel, identity, origin, profileUrl, signedInHandle, undetected } from './instagram-shared';
import type { Identity, PageContext, PageMessage } from './types';
import { instagramThreadId } from './urls';

const profileLinkSelector = 'a[aria-label^="Open the profile page of"]';
type Author = PageMessage['author'];

export function readDmThread(url: URL, document: Document, memo: RowMemo = freshReads): PageContext {
  const threadId = instagramThreadId(url)!;
  const list = queryFirst(document, ['[data-pagelet="IGDMessagesList"]', '[aria-label^="Conversation with"]']);
  const grid = list ? null : queryFirst(document, ['[data-pagelet="IGDOpenMessageList"] [role="grid"]', '[role="grid"][aria-label^="Messages in conversation"]']);
  const thread = list ?? grid;
  if (isMessageRequest(document, thread)) return undetected('This is a message request: accept it in Instagram before replying');
  if (!thread) return undetected("No conversation shown: Instagram's thread layout was not recognised");

  const peer = threadPeer(document, thread);
  const me = signedInHandle(document);
  const agent: Author = me ? { handle: me, displayName: me, profileUrl: profileUrl(me) } : { displayName: 'You' };
  const messages = list ? readRows(list, peer, agent, memo) : readGridCells(grid!, peer, agent);
  // A group thread's header links to no one: the agent is answering whoever wrote last.
  const customer = peer ?? latestCustomer(messages);
  if (!customer) return undetected('Could not tell who this conversation is with: no profile link in the header or the messages');
  return detected({ kind: 'dm', channel: 'dm', conversationKey: `instagram:dm:${threadId}`, permalink: `${origin}/direct/t/${threadId}/`, customer, messages });
}

/**
 * The person a 1:1 thread is with. The header links to their profile and holds their name in an `h2`
 * (inbox rows link to profiles too, but never hold an `h2`, and sit in the navigation column).
 */
function threadPeer(document: Document, thread: Element): Identity | undefined {
  const heading = document.querySelector(`${profileLinkSelector} h2`);
  const link = heading?.closest('a') ?? queryFind(document, profileLinkSelector, (a) => !a.closest('[role="navigation"]'));
  if (!link || thread.contains(link)) return undefined;
  const handle = handleFromProfileLabel(link);
  if (!handle) return undefined;
  const labelled = /\bwith (.+)$/.exec(thread.closest('[aria-label*=" with "]')?.getAttribute('aria-label') ?? '')?.[1];
  return identity(handle, textWithEmoji(heading) || labelled);
}

/** 2026: each `[role="group"]` row; incoming rows link to the sender's profile, sent rows do not. */
function readRows(list: Element, peer: Identity | undefined, agent: Author, memo: RowMemo): PageMessage[] {
  const messages: PageMessage[] = [];
  for (const row of queryNewest(list, '[role="group"][tabindex="-1"]')) {
    const { text, handle } = memo.parse(row, readRow);
    if (!text) continue;
    messages.push(handle ? { role: 'customer', author: authorFor(handle, peer), text } : { role: 'agent', author: agent, text });
  }
  return messages;
}

function readRow(row: Element): { text: string; handle?: string } {
  const link = row.querySelector(profileLinkSelector);
  return { text: textWithEmoji(lastBubble(row)), handle: (link && handleFromProfileLabel(link)) || undefined };
}

/** A reply shows the quoted message first and its own bubble last. */
function lastBubble(row: Element): Element | undefined {
  let bubble: Element | undefined;
  for (const el of queryAll(row, '[role="presentation"]')) if (!bubble?.contains(el)) bubble = el;
  return bubble;
}

function authorFor(handle: string, peer: Identity | undefined): Author {
  const person = handle === peer?.handle ? peer : identity(handle);
  return { handle: person.handle, displayName: person.displayName ?? person.handle, profileUrl: person.profileUrl };
}

/** 2025: grid cells; the `h6` says who wrote it ("You sent", "Jane", "Jane replied to you"). */
function readGridCells(grid: Element, peer: Identity | undefined, agent: Author): PageMessage[] {
  const messages: PageMessage[] = [];
  let sender = '';
  for (const cell of queryAll(grid, '[role="gridcell"][data-scope="messages_table"]')) {
    const heading = cell.querySelector('h6');
    // Consecutive messages may leave the heading out: they keep the sender of the one before.
    if (heading) sender = textWithEmoji(heading);
    const texts = queryAll(cell, 'div[dir="auto"]').filter((el) => !heading?.contains(el));
    const text = textWithEmoji(texts.at(-1));
    if (!text || !sender) continue;
    if (/^You\b/.test(sender)) messages.push({ role: 'agent', author: agent, text });
    else messages.push({ role: 'customer', author: gridAuthor(sender.replace(/ replied to .*$/, ''), peer), text });
  }
  return messages;
}

/** The grid names people, not handles: in a 1:1 thread the name is the peer's. */
function gridAuthor(name: string, peer: Identity | undefined): Author {
  return peer ? { ...authorFor(peer.handle, peer), displayName: name } : { displayName: name };
}

function latestCustomer(messages: PageMessage[]): Identity | undefined {
  const handle = messages.findLast((m) => m.role === 'customer' && m.author.handle)?.author.handle;
  return handle ? identity(handle) : undefined;
}

const composerSelectors = ['[data-pagelet^="IGDComposer"]', '[role="textbox"][aria-label="Message"]', 'textarea[placeholder^="Message"]'];

/** A request shows Accept/Delete/Block where the composer would be. */
function isMessageRequest(document: Document, thread: Element | null): boolean {
  if (thread ? composerAfter(thread) : queryFirst(document, composerSelectors)) return false;
  return queryFind(document, '[role="button"], button', (button) => button.textContent?.trim() === 'Accept') !== undefined;
}

/**
 * The composer below the thread: looked for in what follows the thread in the page, not from the
 * page's start through every message row (a walk of the whole thread at every re-read).
 */
function composerAfter(thread: Element): boolean {
  const selector = composerSelectors.join(', ');
  for (let el: Element | null = thread; el; el = el.parentElement) {
    for (let next = el.nextElementSibling; next; next = next.nextElementSibling) if (next.matches(selector) || next.querySelector(selector)) return true;
  }
  return false;
}
