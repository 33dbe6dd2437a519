import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conflict, Ticket } from '../../lib/model';
import { limits, type PullChange } from '../../lib/sync/protocol';
import { backends, freshDatabase, startTestServer, type TestDatabase, type TestServer } from './harness';
import { customerFields, messageFields, newId, noteFields, templateFields, ticketFields } from './rows';

const rowOf = <T>(change: PullChange | undefined) => (change && !change.deleted ? (change.row as T) : undefined);

for (const backend of backends) {
  describe(`sync on ${backend}`, () => {
    let database: TestDatabase;
    let server: TestServer;

    beforeAll(async () => {
      database = await freshDatabase(backend);
      server = await startTestServer(database);
    });
    afterAll(async () => {
      await server.close();
      await database.drop();
    });

    async function teamWithTicket() {
      const team = await server.newTeam();
      const ana = await team.join('agent', 'Ana');
      const ben = await team.join('agent', 'Ben');
      const customerId = newId();
      const ticketId = newId();
      await ana.pushApplied(ana.mutation('customers', 'insert', customerId, customerFields()), ana.mutation('tickets', 'insert', ticketId, ticketFields(customerId)));
      return { team, ana, ben, customerId, ticketId };
    }

    it('delivers a ticket logged by one agent to another, numbered and with its status history', async () => {
      const { ana, ben, ticketId, customerId } = await teamWithTicket();
      const second = newId();
      await ana.pushApplied(ana.mutation('tickets', 'insert', second, ticketFields(customerId, { subject: 'Second' })));

      const { rows } = await ben.pullAll();
      const ticket = rowOf<Ticket>(rows.get(ticketId))!;
      expect(ticket.subject).toBe('Refund for order 1001');
      expect(ticket.number).toBe(1);
      expect(rowOf<Ticket>(rows.get(second))!.number).toBe(2);
      expect(ticket.createdBy).toBe(ana.agent.id);
      expect(ticket.statusHistory).toEqual([{ status: 'open', at: ticket.createdAt, by: ana.agent.id }]);
      expect(rowOf(rows.get(customerId))).toMatchObject({ name: 'Ana Cruz', email: 'ana@example.com' });
    });

    it('applies nothing twice when a push is retried, whole or with more mutations added', async () => {
      const { ana, ben, ticketId } = await teamWithTicket();
      const note = ana.mutation('notes', 'insert', newId(), noteFields({ ticketId }));
      const status = ana.mutation('tickets', 'update', ticketId, { status: 'pending' }, 0);
      const first = await ana.push(note, status);
      expect(first.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);

      const retry = await ana.push(note, status);
      expect(retry.body.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
      expect(retry.body.seq).toBe(first.body.seq);

      const another = ana.mutation('notes', 'insert', newId(), noteFields({ ticketId }, 'Second note'));
      const partial = await ana.push(note, status, another);
      expect(partial.body.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'applied']);

      const { rows } = await ben.pullAll();
      const notes = [...rows.values()].filter((change) => change.table === 'notes');
      expect(notes).toHaveLength(2);
      expect(rowOf<Ticket>(rows.get(ticketId))!.statusHistory.map((s) => s.status)).toEqual(['open', 'pending']);
    });

    it('lets the later of two concurrent edits win, records the overwritten value, and keeps both notes', async () => {
      const { ana, ben, ticketId } = await teamWithTicket();
      const seen = (await ben.pullAll()).rows.get(ticketId)!.seq;

      await ana.pushApplied(ana.mutation('tickets', 'update', ticketId, { priority: 'high' }, seen), ana.mutation('notes', 'insert', newId(), noteFields({ ticketId }, 'Ana: customer is upset')));
      const benPush = await ben.pushApplied(
        ben.mutation('tickets', 'update', ticketId, { priority: 'urgent' }, seen),
        ben.mutation('notes', 'insert', newId(), noteFields({ ticketId }, 'Ben: refund approved')),
      );

      expect(benPush.results[0]).toMatchObject({
        status: 'applied',
        conflicts: [{ field: 'priority', overwrittenValue: 'high', overwrittenBy: ana.agent.id, value: 'urgent', by: ben.agent.id }],
      });
      const { rows } = await ana.pullAll();
      expect(rowOf<Ticket>(rows.get(ticketId))!.priority).toBe('urgent');
      const conflicts = [...rows.values()].filter((change) => change.table === 'conflicts').map((change) => rowOf<Conflict>(change));
      expect(conflicts).toEqual([expect.objectContaining({ table: 'tickets', rowId: ticketId, field: 'priority', overwrittenValue: 'high', value: 'urgent' })]);
      const noteTexts = [...rows.values()].filter((change) => change.table === 'notes').map((change) => rowOf<{ text: string }>(change)!.text);
      expect(noteTexts.sort()).toEqual(['Ana: customer is upset', 'Ben: refund approved']);
    });

    it('merges concurrent edits of different fields, and never reports a conflict with oneself', async () => {
      const { ana, ben, ticketId } = await teamWithTicket();
      const seen = (await ben.pullAll()).rows.get(ticketId)!.seq;
      const anaPush = await ana.pushApplied(
        ana.mutation('tickets', 'update', ticketId, { status: 'pending' }, seen),
        ana.mutation('tickets', 'update', ticketId, { status: 'resolved', resolvedAt: Date.now() }, seen),
      );
      const benPush = await ben.pushApplied(ben.mutation('tickets', 'update', ticketId, { assigneeId: ben.agent.id }, seen));
      expect([...anaPush.results, ...benPush.results].flatMap((r) => (r.status === 'applied' ? r.conflicts : []))).toEqual([]);
      const ticket = rowOf<Ticket>((await ana.pullAll()).rows.get(ticketId))!;
      expect(ticket).toMatchObject({ status: 'resolved', assigneeId: ben.agent.id, updatedBy: ben.agent.id });
      expect(ticket.statusHistory.map((s) => s.status)).toEqual(['open', 'pending', 'resolved']);
    });

    it('keeps notes and messages insert-only, and a rejected mutation does not hold back the next', async () => {
      const { ana, ticketId } = await teamWithTicket();
      const noteId = newId();
      const messageId = newId();
      await ana.pushApplied(ana.mutation('notes', 'insert', noteId, noteFields({ ticketId })), ana.mutation('messages', 'insert', messageId, messageFields(ticketId)));
      const reply = await ana.push(
        ana.mutation('notes', 'update', noteId, { text: 'rewritten' }),
        ana.mutation('messages', 'delete', messageId),
        ana.mutation('notes', 'insert', newId(), noteFields({ ticketId }, 'after the rejected ones')),
      );
      expect(reply.body.results).toMatchObject([
        { status: 'rejected', code: 'not_allowed', reason: expect.stringContaining('append-only') },
        { status: 'rejected', code: 'not_allowed', reason: expect.stringContaining('cannot be changed or deleted') },
        { status: 'applied' },
      ]);
      const { rows } = await ana.pullAll();
      expect(rowOf<{ text: string }>(rows.get(noteId))!.text).toBe('Called the courier');
      expect(rows.get(messageId)?.deleted).toBe(false);
    });

    it('treats a message logged again under a new id as a duplicate of the one already stored', async () => {
      const { ana, ben, ticketId } = await teamWithTicket();
      const original = newId();
      const fields = messageFields(ticketId, { contentHash: 'sha256-same-line' });
      await ana.pushApplied(ana.mutation('messages', 'insert', original, fields));
      const again = await ben.push(ben.mutation('messages', 'insert', newId(), { ...fields, createdAt: Date.now() }));
      expect(again.body.results[0]).toEqual({ id: expect.any(Number), status: 'duplicate', existingRowId: original });
      const messages = [...(await ben.pullAll()).rows.values()].filter((change) => change.table === 'messages');
      expect(messages.map((change) => change.id)).toEqual([original]);
    });

    it('rejects permanently invalid mutations with a reason a person can act on', async () => {
      const { ana, ticketId, customerId } = await teamWithTicket();
      const reply = await ana.push(
        ana.mutation('tickets', 'update', ticketId, { status: 'done' }),
        ana.mutation('tickets', 'insert', newId(), ticketFields(newId())),
        ana.mutation('customers', 'insert', customerId, customerFields()),
        ana.mutation('tickets', 'update', newId(), { priority: 'low' }),
        ana.mutation('tickets', 'update', ticketId, { assigneeId: newId() }),
        ana.mutation('notes', 'insert', newId(), { ...noteFields({ ticketId }), customerId }),
        ana.mutation('tickets', 'erase', ticketId),
        ana.mutation('tickets', 'update', ticketId, { subject: 'Still works' }),
      );
      expect(reply.status).toBe(200);
      expect(reply.body.results).toMatchObject([
        { status: 'rejected', code: 'invalid', reason: expect.stringMatching(/status: Invalid option.*open/) },
        { status: 'rejected', code: 'not_found', reason: expect.stringContaining('customer') },
        { status: 'rejected', code: 'exists' },
        { status: 'rejected', code: 'not_found', reason: expect.stringContaining('No ticket') },
        { status: 'rejected', code: 'not_found', reason: expect.stringContaining('No agent') },
        { status: 'rejected', code: 'invalid', reason: expect.stringContaining('exactly one') },
        { status: 'rejected', code: 'not_allowed' },
        { status: 'applied' },
      ]);
      const ticket = rowOf<Ticket>((await ana.pullAll()).rows.get(ticketId))!;
      expect(ticket).toMatchObject({ status: 'open', assigneeId: null, subject: 'Still works' });
    });

    it('ignores fields the server owns and does not accept times from the future', async () => {
      const { ana, ben, customerId } = await teamWithTicket();
      const ticketId = newId();
      const future = Date.now() + 86_400_000;
      await ben.pushApplied(
        ben.mutation('tickets', 'insert', ticketId, { ...ticketFields(customerId), number: 999, createdBy: ana.agent.id, statusHistory: [], createdAt: future }),
      );
      const ticket = rowOf<Ticket>((await ana.pullAll()).rows.get(ticketId))!;
      expect(ticket.number).not.toBe(999);
      expect(ticket.createdBy).toBe(ben.agent.id);
      expect(ticket.statusHistory).toHaveLength(1);
      expect(ticket.createdAt).toBeLessThanOrEqual(Date.now());
    });

    it('turns a deleted ticket and its messages and notes into tombstones', async () => {
      const { ana, ben, ticketId, customerId } = await teamWithTicket();
      const messageId = newId();
      const noteId = newId();
      await ana.pushApplied(ana.mutation('messages', 'insert', messageId, messageFields(ticketId)), ana.mutation('notes', 'insert', noteId, noteFields({ ticketId })));
      const before = await ben.pullAll();

      await ana.pushApplied(ana.mutation('tickets', 'delete', ticketId));
      const after = await ben.pullAll(before.cursor);
      for (const id of [ticketId, messageId, noteId]) expect(after.rows.get(id)).toMatchObject({ id, deleted: true });
      expect(after.rows.has(customerId)).toBe(false);

      const late = await ben.push(ben.mutation('tickets', 'update', ticketId, { status: 'closed' }), ben.mutation('tickets', 'delete', ticketId));
      expect(late.body.results).toMatchObject([{ status: 'rejected', code: 'deleted', reason: expect.stringContaining('deleted') }, { status: 'duplicate' }]);
    });

    it('erases a customer and everything about them, everywhere', async () => {
      const { team, ana, ben, ticketId, customerId } = await teamWithTicket();
      const seen = (await ben.pullAll()).rows.get(ticketId)!.seq;
      await ana.pushApplied(
        ana.mutation('messages', 'insert', newId(), messageFields(ticketId, { text: 'My address is 12 Mabini St' })),
        ana.mutation('notes', 'insert', newId(), noteFields({ customerId }, 'Ana prefers Filipino')),
        ana.mutation('tickets', 'update', ticketId, { subject: 'Ana Cruz refund' }),
      );
      await ben.pushApplied(ben.mutation('tickets', 'update', ticketId, { subject: 'Refund (Mabini St)' }, seen)); // records a conflict
      const other = newId();
      await ana.pushApplied(ana.mutation('customers', 'insert', other, customerFields({ name: 'Bea Santos', email: 'bea@example.com', phone: null, identities: [{ platform: 'instagram', handle: 'bea' }] })));
      const before = await ben.pullAll();
      expect([...before.rows.values()].some((change) => change.table === 'conflicts')).toBe(true);

      await ana.pushApplied(ana.mutation('customers', 'erase', customerId));
      const after = await ben.pullAll(before.cursor);
      const erased = [...before.rows.values()].filter((change) => change.id !== other).map((change) => change.id);
      for (const id of erased) expect(after.rows.get(id)).toMatchObject({ deleted: true });

      const stored = await server.store.db.selectFrom('rows').select(['data', 'field_writes', 'dedupe_key']).where('team_id', '=', team.teamId).execute();
      const everything = JSON.stringify(stored);
      for (const personal of ['Ana Cruz', 'ana@example.com', 'anacruz', 'Mabini', 'Filipino', '+63 917']) expect(everything).not.toContain(personal);
      expect(everything).toContain('bea@example.com');
    });

    it('pages pull in seq order, resumable from any cursor, each row once at its latest state', async () => {
      const team = await server.newTeam();
      const agent = await team.join();
      const ids = Array.from({ length: 25 }, () => newId());
      await agent.pushApplied(...ids.map((id, i) => agent.mutation('customers', 'insert', id, customerFields({ name: `Customer ${i}` }))));
      await agent.pushApplied(agent.mutation('customers', 'update', ids[3], { vip: true }));

      const pages: PullChange[][] = [];
      let cursor = 0;
      for (;;) {
        const reply = await agent.pull(cursor, 10);
        pages.push(reply.body.changes);
        cursor = reply.body.cursor;
        if (!reply.body.more) break;
      }
      expect(pages.map((page) => page.length)).toEqual([10, 10, 5]);
      const all = pages.flat();
      expect(new Set(all.map((change) => change.id)).size).toBe(25);
      expect(all.map((change) => change.seq)).toEqual([...all.map((change) => change.seq)].sort((a, b) => a - b));
      expect(all[all.length - 1]).toMatchObject({ id: ids[3], row: { vip: true } });

      const resumed = await agent.pull(pages[0][9].seq, 100);
      expect(resumed.body.changes.map((change) => change.id)).toEqual([...pages[1], ...pages[2]].map((change) => change.id));
      expect(await agent.pull(cursor)).toMatchObject({ status: 200, body: { changes: [], cursor, more: false } });
    });

    it('pages past long runs of changes superseded since, to every row once at its latest state', async () => {
      const team = await server.newTeam();
      const agent = await team.join();
      const [busy, ...quiet] = Array.from({ length: 6 }, () => newId());
      await agent.pushApplied(agent.mutation('customers', 'insert', busy, customerFields({ name: 'Busy' })));
      // 100 changes to one customer leave 99 seqs behind that no row holds any more.
      for (let i = 1; i <= 100; i++) await agent.pushApplied(agent.mutation('customers', 'update', busy, { notes: `change ${i}` }));
      await agent.pushApplied(...quiet.map((id) => agent.mutation('customers', 'insert', id, customerFields())));

      const seen: PullChange[] = [];
      let cursor = 0;
      let pages = 0;
      for (let more = true; more; pages++) {
        const { body } = await agent.pull(cursor, 10);
        expect(body.changes.length).toBeLessThanOrEqual(10);
        seen.push(...body.changes);
        [cursor, more] = [body.cursor, body.more];
      }
      expect(seen.map((change) => change.id).sort()).toEqual([busy, ...quiet].sort());
      expect(seen.find((change) => change.id === busy)).toMatchObject({ row: { notes: 'change 100' } });
      expect(pages).toBeLessThanOrEqual(4); // 106 seqs, looked at 40 at a time
    });

    it('copies the team in a snapshot that holds what a pull from 0 does, each ticket with its messages right after it', async () => {
      const { team, ana, ben, ticketId, customerId } = await teamWithTicket();
      const other = newId();
      await ana.pushApplied(ana.mutation('tickets', 'insert', other, ticketFields(customerId, { conversationKey: 'x:dm:other' })));
      // Logged in turns, as agents do: in seq order the two tickets' messages alternate.
      for (let i = 0; i < 6; i++) await ana.pushApplied(ana.mutation('messages', 'insert', newId(), messageFields(i % 2 ? other : ticketId, { text: `Message ${i}` })));
      await ana.pushApplied(ana.mutation('templates', 'insert', newId(), templateFields({ scope: 'personal', title: 'Only Ana sees it' })));
      const gone = newId();
      await ana.pushApplied(ana.mutation('customers', 'insert', gone, customerFields({ name: 'Gone' })));
      await ana.pushApplied(ana.mutation('customers', 'delete', gone));
      await team.admin.pushApplied(team.admin.mutation('tickets', 'update', ticketId, { status: 'pending' }));

      const pages = await ben.snapshotPages(4);
      expect(pages.map((page) => page.changes.length)).toEqual([4, 4, 3]);
      const copied = pages.flatMap((page) => page.changes);
      const { rows: pulled, cursor } = await ben.pullAll();
      expect(new Map(copied.map((change) => [change.id, change]))).toEqual(pulled);
      expect(pages[0]).toMatchObject({ head: cursor, total: 11 });
      expect(copied.find((change) => change.id === gone)).toMatchObject({ deleted: true });
      // Each ticket's messages follow it, in a run of their own.
      const owners = copied.flatMap((change) => (change.table === 'tickets' ? [change.id] : change.table === 'messages' && !change.deleted ? [change.row.ticketId] : []));
      expect(owners.filter((id, i) => id !== owners[i - 1])).toEqual([...new Set(owners)]);
      expect(owners.filter((id) => id === ticketId)).toHaveLength(4);
    });

    it('ends a page sooner when its rows are long, in pulls and in snapshots, every row still once', async () => {
      const { ana, ben, ticketId } = await teamWithTicket();
      const ids = Array.from({ length: 250 }, () => newId());
      // 250 messages of 19 KB: 4.75 MB, more than one page may carry.
      for (let i = 0; i < ids.length; i += 40) {
        await ana.pushApplied(...ids.slice(i, i + 40).map((id, j) => ana.mutation('messages', 'insert', id, messageFields(ticketId, { text: `${i + j} ${'x'.repeat(19_000)}` }))));
      }
      const pulled: PullChange[][] = [];
      for (let cursor = 0, more = true; more; ) {
        const { body } = await ben.pull(cursor, limits.maxPullLimit);
        pulled.push(body.changes);
        [cursor, more] = [body.cursor, body.more];
      }
      for (const pages of [pulled, (await ben.snapshotPages(limits.maxPullLimit)).map((page) => page.changes)]) {
        expect(pages.length).toBeGreaterThan(1);
        for (const page of pages) expect(JSON.stringify(page).length).toBeLessThan(limits.maxPageBytes + 30_000);
        expect(pages.flat().map((change) => change.id).filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
      }
    });

    it('shows personal templates only to their owner and lets only admins approve', async () => {
      const team = await server.newTeam();
      const ana = await team.join('agent', 'Ana');
      const ben = await team.join('agent', 'Ben');
      const personal = newId();
      const shared = newId();
      const reply = await ana.push(
        ana.mutation('templates', 'insert', personal, templateFields({ scope: 'personal', title: 'My sign-off' })),
        ana.mutation('templates', 'insert', shared, templateFields()),
        ana.mutation('templates', 'update', shared, { approved: true }),
      );
      expect(reply.body.results).toMatchObject([{ status: 'applied' }, { status: 'applied' }, { status: 'rejected', code: 'forbidden', reason: expect.stringContaining('admin') }]);

      const benRows = (await ben.pullAll()).rows;
      expect(benRows.has(personal)).toBe(false);
      expect(rowOf(benRows.get(shared))).toMatchObject({ ownerId: ana.agent.id, approved: false });
      expect((await ben.push(ben.mutation('templates', 'update', personal, { title: 'Mine now' }))).body.results[0]).toMatchObject({ code: 'not_found' });
      expect((await ben.push(ben.mutation('templates', 'insert', personal, templateFields()))).body.results[0]).toMatchObject({ code: 'exists' });
      expect((await ana.pullAll()).rows.has(personal)).toBe(true);

      await team.admin.pushApplied(team.admin.mutation('templates', 'update', shared, { approved: true }));
      await ana.pushApplied(ana.mutation('templates', 'update', personal, { scope: 'team' }));
      const shared2 = (await ben.pullAll()).rows;
      expect(rowOf(shared2.get(shared))).toMatchObject({ approved: true });
      expect(rowOf(shared2.get(personal))).toMatchObject({ title: 'My sign-off', scope: 'team' });
    });

    it('counts every use of a template, even from two agents at once', async () => {
      const team = await server.newTeam();
      const ana = await team.join();
      const ben = await team.join();
      const templateId = newId();
      await ana.pushApplied(ana.mutation('templates', 'insert', templateId, templateFields()));
      await Promise.all([
        ana.pushApplied(ana.mutation('templates', 'increment', templateId, { usageCount: 1 })),
        ben.pushApplied(ben.mutation('templates', 'increment', templateId, { usageCount: 1 }), ben.mutation('templates', 'increment', templateId, { usageCount: 1 })),
      ]);
      expect(rowOf((await ana.pullAll()).rows.get(templateId))).toMatchObject({ usageCount: 3 });
    });
  });
}
