/**
 * Logging a conversation: the detected thread becomes a ticket with its messages, or, when the
 * thread already has one, only messages not logged yet are appended. Idempotent: the lookup and
 * the writes share one transaction, and messages are unique per ticket by content hash, so a
 * retry after a killed worker (or a double click) finds what is there and adds nothing twice.
 */
import type { Customer, Identity, Message, Ticket } from '../model';
import type { DetectedContext, PageMessage } from '../sites/types';
import { write, type Desk } from './desk';
import { contentHashes } from './hash';
import { customerByIdentity, sameIdentity, ticketForConversation } from './lookup';
import { messagesOf } from './transcripts';
import { commentKey } from './ticket-index';
import { asCustomer, newCustomer } from './customer-rows';
import type { LogRequest, LogResult } from './types';

export async function logConversation(desk: Desk, request: LogRequest): Promise<LogResult> {
  const { context } = request;
  const comment = request.comment === undefined ? undefined : context.messages[request.comment];
  if (request.comment !== undefined && !comment) throw new Error('That comment is no longer on the page; reload and try again.');
  const wanted = request.include ?? (request.comment === undefined ? context.messages.map((_, i) => i) : [request.comment]);
  const indexes = [...new Set(wanted)].filter((i) => Number.isInteger(i) && i >= 0 && i < context.messages.length).sort((a, b) => a - b);

  // Hashing is async (Web Crypto), so it happens before the transaction opens.
  const hashes = await contentHashes(context.platform, context.messages);
  const agentId = await desk.agentId();
  const now = desk.now();
  const identity = comment ? authorIdentity(context, comment) : context.customer;
  const conversationKey = comment ? commentKey(context.conversationKey, comment.siteId ?? hashes[request.comment!]) : context.conversationKey;

  return write(desk, ['customers', 'tickets', 'messages'], async (w, db) => {
    let ticket = await ticketForConversation(db, conversationKey);
    const owner = await customerByIdentity(db, identity);
    let customer = (ticket && (await db.customers.get(ticket.customerId))) || owner;
    if (!customer) {
      customer = newCustomer(desk.newId(), identity, agentId, now);
      await w.insert('customers', [customer]);
    } else if (!owner || owner.id === customer.id) {
      // The thread's customer learns this identity (a changed handle, a user id) unless it is someone else's.
      const identities = withIdentity(customer.identities, identity);
      if (identities) {
        const changes = { identities, updatedAt: now, updatedBy: agentId };
        await w.update('customers', customer.id, changes);
        customer = { ...customer, ...changes };
      }
    }

    const picked = indexes.map((i) => ({ page: context.messages[i], hash: hashes[i] }));
    const thread = picked.map(({ page }) => page);
    const created = !ticket;
    if (!ticket) {
      ticket = newTicket(desk.newId(), context, comment, thread, conversationKey, customer, agentId, now);
      await w.insert('tickets', [ticket]);
    }

    const ticketId = ticket.id;
    const seen = new Set((await messagesOf(db.transcriptRuns, ticketId)).map((m) => m.contentHash));
    const added: Message[] = [];
    for (const { page, hash } of picked) {
      if (seen.has(hash)) continue;
      seen.add(hash);
      added.push(toMessage(desk.newId(), ticketId, page, hash, agentId, now));
    }
    await w.insert('messages', added);

    if (!created && added.length > 0) {
      const changes: Partial<Ticket> = { updatedAt: now, ...firstResponse(ticket, thread, now) };
      await w.update('tickets', ticketId, changes);
      ticket = { ...ticket, ...changes };
    }
    return { ticket, customer: asCustomer(customer), created, added: added.length };
  });
}

/** On post pages each comment has its own author: the customer of a comment's ticket. */
function authorIdentity(context: DetectedContext, comment: PageMessage): Identity {
  const { author } = comment;
  const identity: Identity = { platform: context.platform, handle: author.handle || author.displayName, displayName: author.displayName };
  if (author.userId) identity.userId = author.userId;
  if (author.profileUrl) identity.profileUrl = author.profileUrl;
  return identity;
}

/**
 * The customer's identities with this one added if it is new to them, or with the user id or
 * profile link the page now gives; null when nothing would change.
 */
function withIdentity(identities: Identity[], identity: Identity): Identity[] | null {
  const index = identities.findIndex((known) => sameIdentity(known, identity));
  if (index < 0) return identities.length < 20 ? [...identities, dropUndefined(identity)] : null;
  const known = identities[index];
  const learned = dropUndefined({ ...known, userId: known.userId ?? identity.userId, profileUrl: known.profileUrl ?? identity.profileUrl });
  if (learned.userId === known.userId && learned.profileUrl === known.profileUrl) return null;
  return identities.map((i, n) => (n === index ? learned : i));
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function newTicket(
  id: string,
  context: DetectedContext,
  comment: PageMessage | undefined,
  thread: readonly PageMessage[],
  conversationKey: string,
  customer: Customer,
  agentId: string,
  now: number,
): Ticket {
  const firstFromCustomer = (comment ? [comment] : thread).find((m) => m.role === 'customer');
  return {
    id,
    number: null,
    customerId: customer.id,
    platform: context.platform,
    channel: comment ? (context.channel === 'reply' ? 'reply' : 'comment') : context.channel,
    conversationKey,
    permalink: comment?.permalink ?? context.permalink,
    subject: subjectOf(firstFromCustomer?.text, customer.name),
    status: 'open',
    priority: 'normal',
    assigneeId: null,
    tags: [],
    followUpAt: null,
    snoozedUntil: null,
    firstResponseAt: firstResponse({ firstResponseAt: null }, thread, now).firstResponseAt ?? null,
    resolvedAt: null,
    statusHistory: [{ status: 'open', at: now, by: agentId }],
    createdAt: now,
    createdBy: agentId,
    updatedAt: now,
    updatedBy: agentId,
  };
}

/** The first line of the customer's first message, shortened; else who the conversation is with. */
function subjectOf(text: string | undefined, customerName: string): string {
  const line = text?.split('\n').find((l) => l.trim())?.trim() ?? '';
  if (!line) return `Conversation with ${customerName}`.slice(0, 200);
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

/** The first agent reply that follows a customer message in thread order; its time, or now when the page gave none. */
function firstResponse(ticket: Pick<Ticket, 'firstResponseAt'>, thread: readonly PageMessage[], now: number): Partial<Ticket> {
  if (ticket.firstResponseAt !== null) return {};
  const asked = thread.findIndex((m) => m.role === 'customer');
  const reply = asked < 0 ? undefined : thread.slice(asked + 1).find((m) => m.role === 'agent');
  return reply ? { firstResponseAt: reply.sentAt ?? now } : {};
}

function toMessage(id: string, ticketId: string, page: PageMessage, contentHash: string, agentId: string, now: number): Message {
  return {
    id,
    ticketId,
    role: page.role,
    authorName: page.author.displayName.slice(0, 200),
    authorHandle: page.author.handle?.slice(0, 200) ?? null,
    text: page.text,
    sentAt: page.sentAt ?? null,
    timeLabel: page.timeLabel ?? null,
    siteId: page.siteId ?? null,
    permalink: page.permalink ?? null,
    contentHash,
    createdAt: now,
    createdBy: agentId,
  };
}
