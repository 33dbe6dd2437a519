/** The sidebar's view of a page: the customer, this thread's ticket, and their history on every network. */
import type { Message, Ticket } from '../model';
import type { Desk, DeskTables } from './desk';
import { asCustomer } from './customer-rows';
import { customerByIdentity, notesOfTicket, summarize, ticketForConversation, whereAnyOf } from './lookup';
import { messagesOf } from './transcripts';
import type { DeskView, DeskViewRequest, HistoryEntry } from './types';

export async function getDeskView(desk: Desk, request: DeskViewRequest): Promise<DeskView> {
  const { db } = desk;
  const key = request.conversationKey;
  // Independent reads go out together: every sidebar re-reads this view after each change it is told of.
  const [target, agentId, ticket, found] = await Promise.all([
    desk.responseTargetMs(),
    desk.agentId(),
    key ? ticketForConversation(db, key) : undefined,
    'customerId' in request ? db.customers.get(request.customerId) : customerByIdentity(db, request.identity),
  ]);
  const now = desk.now();
  const customer = found ?? (ticket ? await db.customers.get(ticket.customerId) : undefined);

  const [thread, commentTickets, history] = await Promise.all([
    ticket ? Promise.all([messagesOf(db.transcriptRuns, ticket.id), notesOfTicket(db, ticket.id)]) : undefined,
    key ? db.tickets.index().then((index) => index.commentsOn(key)) : [],
    customer ? historyOf(db, customer.id, { limit: Math.min(Math.max(request.historyLimit ?? 50, 1), 1000), except: ticket?.id, now, target }) : { entries: [], more: false },
  ]);
  return {
    customer: customer ? asCustomer(customer) : null,
    ticket: ticket && thread ? { ticket: summarize(ticket, now, target), messages: thread[0], notes: thread[1] } : null,
    commentTickets: commentTickets.map((t) => summarize(t, now, target)),
    history: history.entries,
    historyMore: history.more,
    agentId,
  };
}

/** When the message was written, as far as known; never later than when it was logged. */
const messageTime = (m: Message) => Math.min(m.sentAt ?? m.createdAt, m.createdAt);

interface HistoryOptions {
  limit: number;
  /** This thread's ticket: shown in full beside the history, so left out of it. */
  except?: string;
  now: number;
  target: number;
}

/**
 * Every ticket, note and logged message of the customer, newest first, `limit` at a time. A
 * ticket's messages and notes are never newer than its last update (logging or noting updates
 * it), so only the `limit + 1` most recently updated tickets can make the page, and of those only
 * as many as it takes to have more than `limit` entries ahead of the next one's messages and notes:
 * every ticket updated since (a ticket comes before its messages at the same time) and every
 * message and note read so far that is newer. Reading a transcript reads its whole run.
 */
async function historyOf(db: DeskTables, customerId: string, { limit, except, now, target }: HistoryOptions) {
  const [recent, customerNotes] = await Promise.all([
    db.tickets.index().then((index) => index.ofCustomer(customerId)),
    db.notes.where('customerId').equals(customerId).toArray(),
  ]);
  const tickets = recent.filter((t) => t.id !== except).slice(0, limit + 1);
  const messages: Message[] = [];
  const notes = [...customerNotes];
  let fetched = 0;
  while (fetched < tickets.length) {
    const next = tickets[fetched].updatedAt;
    const ahead = tickets.filter((t) => t.updatedAt >= next).length + messages.filter((m) => messageTime(m) > next).length + notes.filter((n) => n.createdAt > next).length;
    if (ahead > limit) break;
    const batch = tickets.slice(fetched, fetched + 8);
    const [batchMessages, batchNotes] = await Promise.all([
      Promise.all(batch.map((t) => newestMessages(db, t.id, limit + 1))),
      whereAnyOf(db.notes, 'ticketId', batch.map((t) => t.id)),
    ]);
    messages.push(...batchMessages.flat());
    notes.push(...batchNotes);
    fetched += batch.length;
  }

  const refs = new Map(tickets.map((t) => [t.id, ticketRef(t)]));
  const entries: HistoryEntry[] = [
    ...tickets.map((t): HistoryEntry => ({ kind: 'ticket', at: t.updatedAt, ticket: summarize(t, now, target) })),
    ...notes.map((note): HistoryEntry => ({ kind: 'note', at: note.createdAt, note })),
    ...messages.map((message): HistoryEntry => ({ kind: 'message', at: messageTime(message), message, ticket: refs.get(message.ticketId)! })),
  ].sort((a, b) => b.at - a.at || kindOrder[a.kind] - kindOrder[b.kind]);
  return { entries: entries.slice(0, limit), more: entries.length > limit };
}

/** At the same moment, a ticket shows above the note and the messages logged with it. */
const kindOrder = { ticket: 0, note: 1, message: 2 } as const;

/** One ranged read of the thread (threads are short) rather than a backwards cursor step per message. */
async function newestMessages(db: DeskTables, ticketId: string, count: number) {
  return (await messagesOf(db.transcriptRuns, ticketId)).slice(-count);
}

function ticketRef({ id, number, platform, channel, subject, status, permalink }: Ticket) {
  return { id, number, platform, channel, subject, status, permalink };
}
