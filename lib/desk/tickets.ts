/**
 * Working a ticket: status (with the times reports need), priority, assignee, tags, follow-up,
 * snooze; and notes, which are append-only.
 */
import { noteSchema, ticketSchema, type Note, type Ticket, type TicketStatus } from '../model';
import { write, type Desk, type Writer } from './desk';
import { notesOfTicket, summarize } from './lookup';
import { messagesOf } from './transcripts';
import type { NoteTarget, TicketChanges, TicketThread } from './types';

const changesSchema = ticketSchema
  .pick({ status: true, snoozedUntil: true, priority: true, assigneeId: true, tags: true, followUpAt: true, subject: true })
  .partial()
  .strict();

export async function updateTicket(desk: Desk, ticketId: string, changes: TicketChanges): Promise<Ticket> {
  const valid = changesSchema.parse(changes);
  const agentId = await desk.agentId();
  return write(desk, ['tickets'], async (w, db) => {
    const ticket = await db.tickets.get(ticketId);
    if (!ticket) throw new Error('This ticket no longer exists (it may have been erased).');
    return applyChanges(w, ticket, valid, agentId, desk.now());
  });
}

/** The ticket list's bulk action: one status on many tickets, in one transaction. Returns how many changed. */
export async function setTicketsStatus(desk: Desk, ticketIds: readonly string[], status: TicketStatus, snoozedUntil?: number | null): Promise<number> {
  const valid = changesSchema.parse({ status, snoozedUntil });
  const agentId = await desk.agentId();
  return write(desk, ['tickets'], async (w, db) => {
    const tickets = (await db.tickets.bulkGet([...new Set(ticketIds)])).filter((t) => t !== undefined);
    const now = desk.now();
    let changed = 0;
    for (const ticket of tickets) {
      if (ticket.status === status && (status !== 'snoozed' || ticket.snoozedUntil === snoozedUntil)) continue;
      await applyChanges(w, ticket, valid, agentId, now);
      changed++;
    }
    return changed;
  });
}

/** Snoozed tickets whose time has come are open again. Run before reading, so no alarm is needed. */
export async function wakeDueSnoozes(desk: Desk): Promise<number> {
  const now = desk.now();
  if ((await desk.db.tickets.index()).snoozedUntil(now).length === 0) return 0;
  const agentId = await desk.agentId();
  return write(desk, ['tickets'], async (w, db) => {
    const tickets = (await db.tickets.index()).snoozedUntil(now);
    for (const ticket of tickets) await applyChanges(w, ticket, { status: 'open' }, agentId, now, { byAgent: false });
    return tickets.length;
  });
}

async function applyChanges(w: Writer, ticket: Ticket, changes: TicketChanges, agentId: string, now: number, { byAgent = true } = {}): Promise<Ticket> {
  const next: Partial<Ticket> = { ...changes, updatedAt: now, updatedBy: agentId };
  const status = changes.status ?? ticket.status;
  if (changes.status !== undefined && changes.status !== ticket.status) {
    next.statusHistory = [...ticket.statusHistory, { status, at: now, by: agentId }];
    // An agent acting on the ticket is a response, even when no reply was logged.
    if (byAgent && ticket.firstResponseAt === null) next.firstResponseAt = now;
    const closing = status === 'resolved' || status === 'closed';
    const wasClosed = ticket.status === 'resolved' || ticket.status === 'closed';
    if (closing && !wasClosed) next.resolvedAt = now;
    if (!closing) next.resolvedAt = null;
  }
  if (status === 'snoozed') {
    const until = changes.snoozedUntil ?? ticket.snoozedUntil;
    if (until === null || until <= now) throw new Error('Choose a time in the future to snooze until.');
  } else if (ticket.snoozedUntil !== null) {
    next.snoozedUntil = null;
  } else {
    delete next.snoozedUntil;
  }
  await w.update('tickets', ticket.id, next);
  return { ...ticket, ...next };
}

export async function getTicketThread(desk: Desk, ticketId: string): Promise<TicketThread | null> {
  const { db } = desk;
  const [ticket, messages, notes] = await Promise.all([db.tickets.get(ticketId), messagesOf(db.transcriptRuns, ticketId), notesOfTicket(db, ticketId)]);
  if (!ticket) return null;
  return { ticket: summarize(ticket, desk.now(), await desk.responseTargetMs()), messages, notes };
}

const noteTextSchema = noteSchema.shape.text;

export async function addNote(desk: Desk, target: NoteTarget, text: string): Promise<Note> {
  const valid = noteTextSchema.parse(text);
  const agentId = await desk.agentId();
  const ticketId = 'ticketId' in target ? target.ticketId : null;
  const customerId = 'customerId' in target ? target.customerId : null;
  return write(desk, ['notes', 'tickets', 'customers'], async (w, db) => {
    const exists = ticketId ? await db.tickets.get(ticketId) : await db.customers.get(customerId!);
    if (!exists) throw new Error('The ticket or customer for this note no longer exists.');
    const note: Note = { id: desk.newId(), ticketId, customerId, authorId: agentId, text: valid, createdAt: desk.now() };
    await w.insert('notes', [note]);
    // A note is work on the ticket; it also keeps "a ticket's notes are never newer than the ticket" true for the history.
    if (ticketId) await w.touch('tickets', ticketId, { updatedAt: note.createdAt, updatedBy: agentId });
    return note;
  });
}
