/**
 * Two browsers of one team syncing through the real server app: what one agent does reaches the
 * other, offline work arrives exactly once, lost answers and killed workers lose and repeat nothing,
 * concurrent edits keep both values, and refused changes are shown instead of blocking the queue.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eraseCustomer } from '../../../lib/desk/customers';
import { logConversation } from '../../../lib/desk/log';
import { addNote, updateTicket } from '../../../lib/desk/tickets';
import { deskHandlers } from '../../../lib/desk/handlers';
import { paths } from '../../../lib/sync/protocol';
import { agentSays, customerSays, xDm, storedMessages } from '../desk/helpers';
import { network, openBrowser, serverUrl, signedIn, startTeam, type Team } from './helpers';

let team: Team;
beforeEach(async () => (team = await startTeam()));
afterEach(async () => team.close());

const thread = [customerSays('Where is order 4411?', { siteId: '1' }), agentSays('Checking now', { siteId: '2' })];

describe('signing in', () => {
  it("works as the server's agent, lists the team's agents, and keeps the token out of the database", async () => {
    const ana = await signedIn(team, 'Ana');
    const status = await ana.engine.status();
    expect(status).toMatchObject({ state: 'synced', agent: { name: 'Ana', role: 'agent' }, team: { name: 'Acme support' }, serverUrl, pending: 0 });
    expect(await ana.desk.agentId()).toBe(status.agent!.id);
    const agents = await deskHandlers(ana.desk).listAgents(undefined);
    expect(agents.map((a) => a.name).sort()).toEqual(['Acme support admin', 'Ana']);

    const token = (await ana.storage.getSession())!.token;
    const everything = JSON.stringify(await Promise.all(ana.db.tables.map((t) => t.toArray())));
    expect(everything).not.toContain(token);
  });

  it('says why when the code is wrong or the server is unreachable', async () => {
    const browser = openBrowser(network(team.server));
    await expect(browser.engine.signIn({ serverUrl, code: 'NOPE-NOPE-NOPE-NOPE', name: 'Ana' })).rejects.toThrow(/invite/i);
    const down = network(team.server);
    down.down = true;
    await expect(openBrowser(down).engine.signIn({ serverUrl, code: team.code, name: 'Ana' })).rejects.toThrow(/Cannot reach http:\/\/server/);
    await expect(browser.engine.signIn({ serverUrl: 'ftp://server', code: team.code, name: 'Ana' })).rejects.toThrow(/https/);
    expect((await browser.engine.status()).state).toBe('signed-out');
  });

  it('signs out by revoking the token; local work stays', async () => {
    const ana = await signedIn(team, 'Ana');
    await logConversation(ana.desk, { context: xDm(thread) });
    await ana.settle();
    const token = (await ana.storage.getSession())!.token;
    expect(await ana.engine.signOut()).toEqual({ revoked: true });
    const client = team.admin;
    const asAna = Object.assign(Object.create(Object.getPrototypeOf(client)), client, { token });
    expect((await asAna.request('GET', paths.me)).status).toBe(401);
    expect(await ana.engine.status()).toMatchObject({ state: 'signed-out', agent: null });
    expect(await ana.db.tickets.count()).toBe(1);
    expect(await deskHandlers(ana.desk).listAgents(undefined)).toEqual([]);
  });

  it('notices a revoked token and asks to sign in again', async () => {
    const ana = await signedIn(team, 'Ana');
    const agentId = (await ana.engine.status()).agent!.id;
    expect((await team.admin.request('DELETE', paths.agentTokens(agentId))).status).toBe(204);
    await addNote(ana.desk, { ticketId: (await logConversation(ana.desk, { context: xDm(thread) })).ticket.id }, 'after revocation');
    await ana.settle();
    // Unsent work stays for the next sign-in.
    expect(await ana.engine.status()).toMatchObject({ state: 'signed-out', message: expect.stringMatching(/sign in again/), pending: await ana.db.outbox.count() });
    expect(await ana.db.outbox.count()).toBeGreaterThan(0);
  });
});

describe('two browsers', () => {
  it("shows one agent's ticket, status change and note in the other's desk, with the server's ticket number", async () => {
    const [ana, ben] = [await signedIn(team, 'Ana'), await signedIn(team, 'Ben')];
    const { ticket } = await logConversation(ana.desk, { context: xDm(thread) });
    await updateTicket(ana.desk, ticket.id, { status: 'pending', priority: 'high' });
    await addNote(ana.desk, { ticketId: ticket.id }, 'Refund approved');
    await ana.settle();
    await ben.engine.request('poke');

    const view = await deskHandlers(ben.desk).getDeskView({ identity: xDm([]).customer, conversationKey: 'x:dm:12-34' });
    expect(view.ticket?.ticket).toMatchObject({ id: ticket.id, status: 'pending', priority: 'high', number: 1 });
    expect(view.ticket?.messages.map((m) => m.text)).toEqual(thread.map((m) => m.text));
    expect(view.ticket?.notes.map((n) => n.text)).toEqual(['Refund approved']);
    expect((await ana.db.tickets.get(ticket.id))?.number).toBe(1);
    expect(await ana.engine.status()).toMatchObject({ state: 'synced', pending: 0 });
  });

  it('delivers 100 changes made while the server was down exactly once, after it is back', async () => {
    const [ana, ben] = [await signedIn(team, 'Ana'), await signedIn(team, 'Ben')];
    const { ticket } = await logConversation(ana.desk, { context: xDm(thread) });
    await ana.settle();
    ana.net.down = true;
    for (let i = 0; i < 100; i++) await addNote(ana.desk, { ticketId: ticket.id }, `offline note ${i}`);
    await ana.settle();
    const waiting = await ana.db.outbox.count();
    expect(waiting).toBeGreaterThanOrEqual(100);
    expect(await ana.engine.status()).toMatchObject({ state: 'offline', pending: waiting, message: expect.stringMatching(/Cannot reach/) });

    ana.net.down = false;
    await ana.settle();
    await ben.engine.request('poke');
    const notes = (await ben.db.notes.toArray()).map((n) => n.text).sort();
    expect(notes).toEqual(Array.from({ length: 100 }, (_, i) => `offline note ${i}`).sort());
    expect(await ana.engine.status()).toMatchObject({ state: 'synced', pending: 0 });
  }, 30_000);

  it('repeats nothing when the answers to pushes are lost after the server committed them', async () => {
    const [ana, ben] = [await signedIn(team, 'Ana'), await signedIn(team, 'Ben')];
    ana.net.loseAnswers = true;
    const { ticket } = await logConversation(ana.desk, { context: xDm(thread) });
    for (let i = 0; i < 5; i++) await addNote(ana.desk, { ticketId: ticket.id }, `note ${i}`);
    await ana.settle();
    expect((await ana.engine.status()).pending).toBeGreaterThan(0);
    ana.net.loseAnswers = false;
    await ana.settle();
    await ben.engine.request('poke');
    expect(await ben.db.notes.count()).toBe(5);
    expect((await storedMessages(ben.db)).length).toBe(2);
    expect(await ben.db.tickets.count()).toBe(1);
    expect(await ana.engine.status()).toMatchObject({ state: 'synced', pending: 0, rejected: [] });
  });

  it('keeps the later of two concurrent edits, records the other, and keeps both notes', async () => {
    const [ana, ben] = [await signedIn(team, 'Ana'), await signedIn(team, 'Ben')];
    const { ticket } = await logConversation(ana.desk, { context: xDm(thread) });
    await ana.settle();
    await ben.engine.request('poke');

    ana.net.down = true;
    ben.net.down = true;
    await updateTicket(ana.desk, ticket.id, { subject: 'Ana: refund' });
    await addNote(ana.desk, { ticketId: ticket.id }, 'Ana was here');
    await updateTicket(ben.desk, ticket.id, { subject: 'Ben: replacement', priority: 'urgent' });
    await addNote(ben.desk, { ticketId: ticket.id }, 'Ben was here');
    ana.net.down = false;
    await ana.settle();
    // Ben has not sent his edit yet: his own value stays on top of what the server now says.
    ben.net.down = false;
    ben.net.down = true;
    await ben.engine.request('poke');
    ben.net.down = false;
    await ben.settle();
    await ana.engine.request('poke');

    for (const browser of [ana, ben]) {
      expect(await browser.db.tickets.get(ticket.id)).toMatchObject({ subject: 'Ben: replacement', priority: 'urgent' });
      expect((await browser.db.notes.toArray()).map((n) => n.text).sort()).toEqual(['Ana was here', 'Ben was here']);
      expect(await browser.db.conflicts.toArray()).toEqual([
        expect.objectContaining({ rowId: ticket.id, field: 'subject', overwrittenValue: 'Ana: refund', value: 'Ben: replacement' }),
      ]);
    }
  });

  it('keeps an unsent local edit on top of the rows a pull brings (rebase)', async () => {
    const [ana, ben] = [await signedIn(team, 'Ana'), await signedIn(team, 'Ben')];
    const { ticket } = await logConversation(ana.desk, { context: xDm(thread) });
    await ana.settle();
    await ben.engine.request('poke');
    ben.net.down = true;
    await updateTicket(ben.desk, ticket.id, { subject: 'Ben typed this' });
    await updateTicket(ana.desk, ticket.id, { priority: 'low', subject: 'Ana typed this' });
    await ana.settle();
    // A pull that gets through while Ben's push does not.
    ben.net.down = false;
    const through = ben.net.fetch;
    ben.net.fetch = async (request) => {
      if (new URL(request.url).pathname === paths.push) return Response.json({ error: 'Pushes are paused.' }, { status: 503 });
      return through(request);
    };
    await ben.engine.request('poke');
    expect(await ben.db.tickets.get(ticket.id)).toMatchObject({ subject: 'Ben typed this', priority: 'low' });
    expect(await ben.engine.status()).toMatchObject({ state: 'error', message: 'Pushes are paused.', pending: 1 });
  });

  it('erases a customer everywhere', async () => {
    const [ana, ben] = [await signedIn(team, 'Ana'), await signedIn(team, 'Ben')];
    const { customer, ticket } = await logConversation(ana.desk, { context: xDm(thread) });
    await addNote(ana.desk, { ticketId: ticket.id }, 'private detail');
    await ana.settle();
    await ben.engine.request('poke');
    expect(await ben.db.notes.count()).toBe(1);

    await eraseCustomer(ben.desk, customer.id);
    await ben.settle();
    await ana.engine.request('poke');
    for (const browser of [ana, ben]) {
      const left = await Promise.all([browser.db.customers, browser.db.tickets, browser.db.transcriptRuns, browser.db.notes].map((t) => t.count()));
      expect(left).toEqual([0, 0, 0, 0]);
    }
  });

  it('keeps one copy of a message both agents logged before either synced', async () => {
    const [ana, ben] = [await signedIn(team, 'Ana'), await signedIn(team, 'Ben')];
    await logConversation(ana.desk, { context: xDm(thread) });
    await ana.settle();
    await ben.engine.request('poke');
    const more = [...thread, customerSays('Any news?', { siteId: '3' })];
    ana.net.down = true;
    await logConversation(ana.desk, { context: xDm(more) });
    await logConversation(ben.desk, { context: xDm(more) });
    await ben.settle();
    ana.net.down = false;
    await ana.settle();
    await ben.engine.request('poke');
    for (const browser of [ana, ben]) expect((await storedMessages(browser.db)).map((m) => m.text).sort()).toEqual(more.map((m) => m.text).sort());
    expect((await ana.engine.status()).rejected).toEqual([]);
  });

  it("learns of an agent who joins when their work arrives, for the assignee picker", async () => {
    const ana = await signedIn(team, 'Ana');
    const cleo = await signedIn(team, 'Cleo');
    await logConversation(cleo.desk, { context: xDm(thread) });
    await cleo.settle();
    await ana.engine.request('poke');
    expect((await deskHandlers(ana.desk).listAgents(undefined)).map((a) => a.name)).toContain('Cleo');
  });
});

describe('refused changes', () => {
  it('drops a change the server rejects, shows why, and sends what was queued behind it', async () => {
    const [ana, ben] = [await signedIn(team, 'Ana'), await signedIn(team, 'Ben')];
    const { ticket } = await logConversation(ana.desk, { context: xDm(thread) });
    await ana.settle();
    ana.net.down = true;
    await updateTicket(ana.desk, ticket.id, { assigneeId: '01JNDKQJM0Z94QA701X3HZSS8A' });
    await addNote(ana.desk, { ticketId: ticket.id }, 'queued behind it');
    ana.net.down = false;
    await ana.settle();
    const status = await ana.engine.status();
    expect(status).toMatchObject({ state: 'synced', pending: 0 });
    expect(status.rejected).toEqual([expect.objectContaining({ table: 'tickets', op: 'update', rowId: ticket.id, reason: expect.stringMatching(/No agent .* in this team/) })]);
    await ben.engine.request('poke');
    expect((await ben.db.notes.toArray()).map((n) => n.text)).toEqual(['queued behind it']);

    await ana.engine.dismissRejected([status.rejected[0].id]);
    expect((await ana.engine.status()).rejected).toEqual([]);
  });

  it('rejects here a change that could never be sent, and one a server refuses as a whole request', async () => {
    const ana = await signedIn(team, 'Ana');
    const { ticket } = await logConversation(ana.desk, { context: xDm(thread) });
    await ana.settle();
    ana.net.down = true;
    await ana.db.outbox.add({ table: 'tickets', op: 'update', rowId: 'not-a-ulid', baseSeq: 0, fields: { subject: 'x' } });
    const poisoned = await addNote(ana.desk, { ticketId: ticket.id }, 'a proxy refuses this one');
    for (let i = 0; i < 6; i++) await addNote(ana.desk, { ticketId: ticket.id }, `fine ${i}`);
    // A server (or proxy) that answers 400 to any push carrying the poisoned note.
    const through = ana.net.fetch;
    ana.net.fetch = async (request) => {
      if (new URL(request.url).pathname === paths.push && (await request.clone().text()).includes(poisoned.id)) {
        return Response.json({ error: 'That note is not allowed here.' }, { status: 400 });
      }
      return through(request);
    };
    ana.net.down = false;
    await ana.settle();
    const status = await ana.engine.status();
    expect(status.pending).toBe(0);
    expect(status.rejected.map((r) => r.reason)).toEqual(['That note is not allowed here.', expect.stringMatching(/cannot be sent.*rowId/s)]);
    expect((await team.admin.pullAll()).rows.size).toBeGreaterThanOrEqual(2 + 1 + 6 + 1);
  });
});
