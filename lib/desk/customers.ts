/**
 * The customer card: edits, finding customers to link, linking two customers into one person
 * (history then spans their networks), splitting an identity back out, and erasing a customer.
 */
import { customerSchema, identitySchema, type Customer, type Identity, type Note, type Ticket } from '../model';
import { write, type Desk, type DeskTables, type Writer } from './desk';
import { asCustomer, newCustomer } from './customer-rows';
import { customerByIdentity, keysWhereAnyOf, sameIdentity } from './lookup';
import { deleteTranscripts, messagesOf } from './transcripts';
import { normalizeHandle, queryWords } from './words';
import type { CustomerChanges, CustomerMatch, IdentityRef } from './types';

const changesSchema = customerSchema
  .pick({ name: true, email: true, phone: true, language: true, tags: true, vip: true, notes: true, attributes: true })
  .partial()
  .strict();

/**
 * The customer the page shows, made a customer of the team's before any conversation with them is
 * logged, so the agent can mark them VIP or note their email first. The one already known when there is one.
 */
export async function addCustomer(desk: Desk, identity: Identity): Promise<Customer> {
  const valid = identitySchema.parse(identity);
  const agentId = await desk.agentId();
  return write(desk, ['customers'], async (w, db) => {
    const known = await customerByIdentity(db, valid);
    if (known) return asCustomer(known);
    const customer = newCustomer(desk.newId(), valid, agentId, desk.now());
    await w.insert('customers', [customer]);
    return customer;
  });
}

export async function updateCustomer(desk: Desk, customerId: string, changes: CustomerChanges): Promise<Customer> {
  // An emptied field is a cleared one.
  const cleared = Object.fromEntries(Object.entries(changes).map(([key, value]) => [key, value === '' && key !== 'name' && key !== 'notes' ? null : value]));
  const valid = changesSchema.parse(cleared);
  const agentId = await desk.agentId();
  return write(desk, ['customers'], async (w, db) => {
    const customer = await existing(db, customerId);
    const next = { ...valid, updatedAt: desk.now(), updatedBy: agentId };
    await w.update('customers', customerId, next);
    return asCustomer({ ...customer, ...next });
  });
}

/** Customers whose name, handle or email starts with every word typed, most recently updated first. */
export async function findCustomers(desk: Desk, text: string, { excludeId, limit = 10 }: { excludeId?: string; limit?: number } = {}): Promise<CustomerMatch[]> {
  const { db } = desk;
  const words = queryWords(text);
  if (words.length === 0) return [];
  const index = await db.customers.index();
  let ids: Set<string> | undefined;
  for (const word of words) {
    const matching = index.withWordWhere((w) => w.startsWith(word));
    ids = ids ? new Set([...ids].filter((id) => matching.has(id))) : matching;
    if (ids.size === 0) return [];
  }
  if (excludeId) ids!.delete(excludeId);
  const customers = (await db.customers.bulkGet([...ids!].slice(0, 500))).filter((c) => c !== undefined);
  const best = customers.sort((a, b) => b.updatedAt - a.updatedAt).slice(0, Math.min(limit, 50));
  const tickets = await db.tickets.index();
  return best.map((c) => ({ customer: asCustomer(c), ticketCount: tickets.ofCustomer(c.id).length }));
}

/**
 * Makes `otherId` part of `customerId`: its identities, tickets and notes move over, empty fields
 * are filled from it, and the other record is erased. Notes are insert-only on the server, so
 * customer notes move as copies (same text and time) before the original record goes.
 */
export async function linkCustomers(desk: Desk, customerId: string, otherId: string): Promise<Customer> {
  if (customerId === otherId) throw new Error('These are already the same customer.');
  const agentId = await desk.agentId();
  return write(desk, ['customers', 'tickets', 'notes'], async (w, db) => {
    const [kept, other] = [await existing(db, customerId), await existing(db, otherId)];
    const identities = [...kept.identities, ...other.identities.filter((i) => !kept.identities.some((k) => sameIdentity(k, i)))];
    if (identities.length > 20) throw new Error('A customer can have at most 20 identities.');
    const now = desk.now();
    const merged: Partial<Customer> = {
      identities,
      email: kept.email ?? other.email,
      phone: kept.phone ?? other.phone,
      language: kept.language ?? other.language,
      tags: [...new Set([...kept.tags, ...other.tags])].slice(0, 50),
      vip: kept.vip || other.vip,
      notes: [kept.notes, other.notes].filter((n) => n.trim()).join('\n\n').slice(0, 20_000),
      attributes: { ...other.attributes, ...kept.attributes },
      updatedAt: now,
      updatedBy: agentId,
    };
    await w.update('customers', kept.id, merged);
    await moveTickets(w, (await db.tickets.index()).ofCustomer(other.id), kept.id, agentId, now);
    const notes = await db.notes.where('customerId').equals(other.id).toArray();
    await db.notes.bulkDelete(notes.map((n) => n.id));
    await w.insert('notes', notes.map((note): Note => ({ ...note, id: desk.newId(), customerId: kept.id })));
    // The absorbed rows' unpushed changes would carry their personal data to the server after
    // the merge (and after any later erase of the merged customer): only the erase goes.
    const absorbed: [string, string][] = [['customers', other.id], ...notes.map((n): [string, string] => ['notes', n.id])];
    await db.outbox.bulkDelete(await keysWhereAnyOf(db.outbox, '[table+rowId]', absorbed));
    await w.remove('customers', other.id, 'erase');
    return asCustomer({ ...kept, ...merged });
  });
}

/**
 * Splits one identity out of a customer into a customer of its own, taking that network's
 * tickets; when the customer keeps another identity on the same network, only the tickets whose
 * customer messages were written under the split handle.
 */
export async function unlinkIdentity(desk: Desk, customerId: string, identity: IdentityRef): Promise<{ customer: Customer; split: Customer }> {
  const agentId = await desk.agentId();
  return write(desk, ['customers', 'tickets', 'messages'], async (w, db) => {
    const customer = await existing(db, customerId);
    const removed = customer.identities.find((i) => sameIdentity(i, identity));
    if (!removed) throw new Error(`${identity.handle} is not one of this customer's identities.`);
    const identities = customer.identities.filter((i) => i !== removed);
    if (identities.length === 0) throw new Error('A customer keeps at least one identity.');
    const now = desk.now();
    const split = newCustomer(desk.newId(), removed as Identity, agentId, now);
    await w.insert('customers', [split]);
    await w.update('customers', customer.id, { identities, updatedAt: now, updatedBy: agentId });

    const onNetwork = (await db.tickets.index()).ofCustomer(customer.id).filter((t) => t.platform === removed.platform);
    const shared = identities.some((i) => i.platform === removed.platform);
    const handle = normalizeHandle(removed.handle);
    const writtenBySplit = async (ticket: Ticket) =>
      (await messagesOf(db.transcriptRuns, ticket.id)).some((m) => m.role === 'customer' && m.authorHandle !== null && normalizeHandle(m.authorHandle) === handle);
    const moving = shared ? await filterAsync(onNetwork, writtenBySplit) : onNetwork;
    await moveTickets(w, moving, split.id, agentId, now);
    return { customer: asCustomer({ ...customer, identities, updatedAt: now, updatedBy: agentId }), split: asCustomer(split) };
  });
}

/**
 * Removes the customer and everything about them (tickets, messages, notes, recorded conflicts,
 * and their changes still waiting to be pushed) and queues one `erase` for the server.
 */
export async function eraseCustomer(desk: Desk, customerId: string): Promise<void> {
  await write(desk, ['customers', 'tickets', 'messages', 'notes', 'conflicts'], async (w, db) => {
    if (!(await db.customers.get(customerId))) return; // already erased: a retry finds nothing to do
    const ticketIds = (await db.tickets.index()).ofCustomer(customerId).map((t) => t.id);
    const messageIds = (await Promise.all(ticketIds.map((id) => messagesOf(db.transcriptRuns, id)))).flat().map((m) => m.id);
    const noteIds = [
      ...(await db.notes.where('customerId').equals(customerId).primaryKeys()),
      ...(await keysWhereAnyOf(db.notes, 'ticketId', ticketIds)),
    ];
    const rows: [string, string[]][] = [
      ['tickets', ticketIds],
      ['messages', messageIds],
      ['notes', noteIds],
    ];
    const keys = [['customers', customerId] as [string, string], ...rows.flatMap(([table, ids]) => ids.map((id): [string, string] => [table, id]))];
    await deleteTranscripts(db.transcriptRuns, ticketIds);
    await db.notes.bulkDelete(noteIds);
    await db.tickets.bulkDelete(ticketIds);
    await db.conflicts.bulkDelete(await keysWhereAnyOf(db.conflicts, '[table+rowId]', keys));
    await db.outbox.bulkDelete(await keysWhereAnyOf(db.outbox, '[table+rowId]', keys));
    await w.remove('customers', customerId, 'erase');
  });
}

async function existing(db: DeskTables, customerId: string): Promise<Customer> {
  const customer = await db.customers.get(customerId);
  if (!customer) throw new Error('This customer no longer exists (they may have been erased).');
  return customer;
}

async function moveTickets(w: Writer, tickets: readonly Ticket[], customerId: string, agentId: string, now: number) {
  for (const ticket of tickets) await w.update('tickets', ticket.id, { customerId, updatedAt: now, updatedBy: agentId });
}

async function filterAsync<T>(items: readonly T[], keep: (item: T) => Promise<boolean>): Promise<T[]> {
  const kept = await Promise.all(items.map(keep));
  return items.filter((_, i) => kept[i]);
}
