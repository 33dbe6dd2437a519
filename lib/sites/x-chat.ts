/** X chat threads: the new chat (`/i/chat/…`, often inside an open shadow root) and legacy `/messages/…`. */
import { freshReads, parseDateTime, queryAll, queryDeep, queryNewest, textWithEmoji, type RowMemo } from './dom';
import type { Identity, PageContext, PageMessage } from './types';
import { xChatId } from './urls';
import { handleFromHref, signedInAccount, xOrigin, xProfileUrl, type XPerson } from './x-people';

type ChatRoot = Document | ShadowRoot;
type Thread = { customer: Identity; messages: PageMessage[] };

const noConversation = (reason: string): PageContext => ({ ok: false, platform: 'x', reason });
export const chatLocked = noConversation('X chat is locked: enter your passcode in X, then Sidedesk can read this conversation');
const requestPending = noConversation('Message request not accepted yet: accept it in X to read and answer this conversation');
const notRecognised = noConversation('Conversation not recognised: X is still loading it or has changed its chat layout');

// Any of these tells where the chat is rendered: in the document or in X's shadow root.
const chatMarkers = [
  '[data-testid="dm-container"]',
  '[data-testid="dm-conversation-panel"]',
  '[data-testid="dm-inbox-panel"]',
  '[data-testid="pin-code-input-container"]',
  '[data-testid="dm-message-request-prompt"]',
  '[data-dm-message-row]',
  '[data-testid="DmActivityContainer"]',
  '[data-testid="messageEntry"]',
].join(', ');

/** "34-12" and "12-34" are the same 1:1 chat; keys and permalinks use one spelling (lower id first). */
export function canonicalChatId(id: string): string {
  const pair = /^(\d+)-(\d+)$/.exec(id);
  if (!pair) return id;
  const [a, b] = [pair[1], pair[2]];
  const aFirst = a.length !== b.length ? a.length < b.length : a <= b;
  return aFirst ? id : `${b}-${a}`;
}

export function readXChat(url: URL, document: Document, memo: RowMemo = freshReads): PageContext {
  const chatId = canonicalChatId(xChatId(url)!);
  const root = (queryDeep(document, chatMarkers)?.getRootNode() ?? document) as ChatRoot;
  // One walk of the chat for both instead of one each: each is a walk of every message row.
  const pin = '[data-testid="pin-code-input-container"]';
  const blocker = root.querySelector(`${pin}, [data-testid="dm-message-request-prompt"]`);
  if (blocker) return blocker.matches(pin) || root.querySelector(pin) ? chatLocked : requestPending;
  const me = signedInAccount(document);
  const thread = root.querySelector('[data-dm-message-row], [data-testid="dm-conversation-header"]')
    ? readChat(root, chatId, me, memo)
    : root.querySelector('[data-testid="messageEntry"], [data-testid="DmActivityContainer"]')
      ? readLegacy(root, me)
      : undefined;
  if (!thread) return notRecognised;
  return { ok: true, platform: 'x', kind: 'dm', channel: 'dm', conversationKey: `x:dm:${chatId}`, permalink: `${xOrigin}/i/chat/${chatId}`, ...thread };
}

const firstHandle = (links: Iterable<Element>) => {
  for (const link of links) {
    const handle = handleFromHref(link.getAttribute('href'));
    if (handle) return handle;
  }
  return undefined;
};

function agentAuthor(me: XPerson | undefined, sender: string | undefined): PageMessage['author'] {
  const handle = me?.handle;
  return { handle, displayName: me?.displayName ?? sender ?? handle ?? 'You', profileUrl: handle && xProfileUrl(handle) };
}

interface ChatRow {
  id?: string;
  text?: string;
  sender?: string;
  timeLabel?: string;
  side?: 'agent' | 'customer';
  link?: string;
}

/** One message row of the new chat: its id, its own text (not the one it replies to), hidden labels, side. */
function readChatRow(row: Element): ChatRow {
  const rowValue = row.getAttribute('data-dm-message-row');
  const id = (rowValue && rowValue !== 'true' ? rowValue : (row.getAttribute('data-testid') ?? '').replace(/^message-/, '')) || undefined;
  const texts = queryAll(row, '[data-testid^="message-text-"]');
  const textEl = texts.find((el) => el.getAttribute('data-testid') === `message-text-${id}`) ?? texts.at(-1);
  const label = (suffix: string) => {
    const labels = queryAll(row, `[id$="-${suffix}"]`);
    return textWithEmoji(labels.find((el) => id && el.id.includes(id)) ?? labels[0]) || undefined;
  };
  const kind = label('kind');
  return {
    id,
    text: textWithEmoji(textEl?.querySelector('span[dir="auto"]') ?? textEl) || (kind && `[${kind}]`),
    sender: label('sender'),
    timeLabel: label('time'),
    side: row.classList.contains('justify-end') ? 'agent' : row.classList.contains('justify-start') ? 'customer' : undefined,
    link: firstHandle(row.querySelectorAll('a[href]')),
  };
}

/** New chat: a header names the peer (1:1) or the group; each row says its side, sender and time. */
function readChat(root: ChatRoot, chatId: string, me: XPerson | undefined, memo: RowMemo): Thread | undefined {
  const isGroup = chatId.startsWith('g');
  const title = textWithEmoji(root.querySelector('[data-testid="dm-conversation-username"]')) || undefined;
  const header = root.querySelector('[data-testid="dm-conversation-header"]');
  const peer = isGroup ? undefined : firstHandle(header?.querySelectorAll('a[href]') ?? []);
  if (!isGroup && !peer) return undefined;
  const customer: Identity = peer
    ? { platform: 'x', handle: peer, displayName: title ?? peer, profileUrl: xProfileUrl(peer) }
    : { platform: 'x', handle: chatId, displayName: title ?? 'Group chat', profileUrl: `${xOrigin}/i/chat/${chatId}` };

  const messages: PageMessage[] = [];
  // In a group only the first message of a run carries the sender's avatar link.
  const handleBySender = new Map<string, string>();
  const rows = queryNewest(root, '[data-dm-message-row]:not([data-testid^="message-text-"])');
  for (const rowEl of rows) {
    const { id, text, sender, timeLabel, side, link } = memo.parse(rowEl, readChatRow);
    if (!text) continue;
    const role = side ?? (sender && (/^you$/i.test(sender) || sender === me?.displayName) ? 'agent' : 'customer');
    let author: PageMessage['author'];
    if (role === 'agent') author = agentAuthor(me, sender);
    else if (peer) author = { handle: peer, displayName: customer.displayName!, profileUrl: customer.profileUrl };
    else {
      const handle = link ?? (sender && handleBySender.get(sender));
      if (handle && sender) handleBySender.set(sender, handle);
      author = { handle, displayName: sender ?? handle ?? 'Unknown', profileUrl: handle && xProfileUrl(handle) };
    }
    messages.push({ role, author, text, timeLabel, siteId: id });
  }
  return { customer, messages };
}

/** Legacy DMs: the peer's avatar heads the thread and marks their messages; the agent's have none. */
function readLegacy(root: ChatRoot, me: XPerson | undefined): Thread | undefined {
  const avatars = queryAll(root, '[data-testid="DM_Conversation_Avatar"]');
  const headerAvatars = avatars.filter((a) => !a.closest('[data-testid="messageEntry"], [data-testid="conversation"]'));
  const peer = firstHandle(headerAvatars) ?? firstHandle(avatars.filter((a) => a.closest('[data-testid="messageEntry"]')));
  if (!peer) return undefined;
  const name = textWithEmoji(root.querySelector('#detail-header')) || peer;
  const customer: Identity = { platform: 'x', handle: peer, displayName: name, profileUrl: xProfileUrl(peer) };
  const messages: PageMessage[] = [];
  for (const entry of queryNewest(root, '[data-testid="messageEntry"]')) {
    const text = textWithEmoji(entry.querySelector('[data-testid="tweetText"]') ?? entry.querySelector('[dir="auto"]'));
    if (!text) continue;
    const fromPeer = !!entry.querySelector('[data-testid="DM_Conversation_Avatar"]');
    messages.push({
      role: fromPeer ? 'customer' : 'agent',
      author: fromPeer ? { handle: peer, displayName: name, profileUrl: customer.profileUrl } : agentAuthor(me, undefined),
      text,
      sentAt: parseDateTime(entry.querySelector('time[datetime]')?.getAttribute('datetime')),
    });
  }
  return { customer, messages };
}
