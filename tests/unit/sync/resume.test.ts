/** A worker killed in the middle of a sync resumes from what Dexie holds: the cursor of the last page applied, the unsent outbox. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { logConversation } from '../../../lib/desk/log';
import { addNote, updateTicket } from '../../../lib/desk/tickets';
import { limits, paths } from '../../../lib/sync/protocol';
import { customerFields, newId } from '../../server/rows';
import { customerSays, xDm, storedMessages } from '../desk/helpers';
import { longHistory, network, openBrowser, pushLongHistory, serverUrl, signedIn, startTeam, type Team } from './helpers';

let team: Team;
beforeEach(async () => (team = await startTeam()));
afterEach(async () => team.close());

/** Every request to `path` fails (the worker died) once `pages` of them have been answered. */
function dyingAfter(net: ReturnType<typeof network>, path: string, pages: number) {
  let answered = 0;
  const through = net.fetch;
  net.fetch = async (request) => {
    if (new URL(request.url).pathname === path && ++answered > pages) throw new TypeError('worker stopped');
    return through(request);
  };
  return net;
}

it('resumes a first copy of the team from the last page applied, and ends with every row once', async () => {
  await pushLongHistory(team);

  const ben = await signedIn(team, 'Ben', dyingAfter(network(team.server), paths.snapshot, 2));
  const position = await ben.db.getMeta('snapshot');
  expect(position).toMatchObject({ copied: 2 * limits.maxPullLimit, total: longHistory + 2 });
  expect((await ben.db.getMeta('pullCursor')) ?? 0).toBe(0);

  const again = network(team.server);
  const restarted = ben.restartWith(again);
  await restarted.engine.start();
  expect(again.requests.find((r) => r.startsWith(`GET ${paths.snapshot}`))).toBe(`GET ${paths.snapshot}?after=${position!.after}&limit=${limits.maxPullLimit}`);
  expect((await storedMessages(restarted.db)).length).toBe(longHistory);
  expect(await restarted.db.tickets.count()).toBe(1);
  expect(await restarted.db.getMeta('snapshot')).toBeNull();
  expect(await restarted.db.getMeta('pullCursor')).toBe(position!.head);
}, 60_000);

it('ends a copy with what changed while it ran: edits, notes and new tickets', async () => {
  await pushLongHistory(team);
  const ben = await signedIn(team, 'Ben', dyingAfter(network(team.server), paths.snapshot, 1));
  const [ticket] = await ben.db.tickets.toArray();
  expect(ticket).toBeDefined(); // the first page had the ticket, before its messages

  const { ticket: later } = await logConversation(ben.desk, { context: xDm([customerSays('Logged meanwhile', { siteId: '1' })]) });
  const ana = await signedIn(team, 'Ana');
  await addNote(ana.desk, { ticketId: ticket.id }, 'added while Ben copied');
  await updateTicket(ana.desk, ticket.id, { subject: 'Renamed while Ben copied' });
  await ana.settle();

  const restarted = ben.restartWith(network(team.server));
  await restarted.engine.start();
  expect((await restarted.db.tickets.get(ticket.id))?.subject).toBe('Renamed while Ben copied');
  expect((await restarted.db.notes.toArray()).map((n) => n.text)).toEqual(['added while Ben copied']);
  expect(await restarted.db.tickets.get(later.id)).toBeDefined();
  expect(await restarted.engine.status()).toMatchObject({ state: 'synced', pending: 0 });
}, 60_000);

it('resumes a long pull from the last page applied, and ends with every row once', async () => {
  await team.admin.pushApplied(team.admin.mutation('customers', 'insert', newId(), customerFields()));
  const ben = await signedIn(team, 'Ben', dyingAfter(network(team.server), paths.pull, 3)); // copies the one customer, then pulls
  await pushLongHistory(team);
  await ben.engine.request('poke');
  const cursor = await ben.db.getMeta('pullCursor');
  expect((await storedMessages(ben.db)).length).toBeGreaterThan(0);
  expect((await storedMessages(ben.db)).length).toBeLessThan(longHistory);

  const again = network(team.server);
  const restarted = ben.restartWith(again);
  await restarted.engine.start();
  expect(again.requests.find((r) => r.startsWith(`GET ${paths.pull}`))).toBe(`GET ${paths.pull}?cursor=${cursor}&limit=${limits.maxPullLimit}`);
  expect((await storedMessages(restarted.db)).length).toBe(longHistory);
  expect(await restarted.db.tickets.count()).toBe(1);
}, 60_000);

it('tells how far a long first sync has come, page by page, until it is done', async () => {
  await pushLongHistory(team);
  const ben = openBrowser(network(team.server));
  const shown: (number | null)[] = [];
  ben.db.onChange(() => void ben.engine.status().then((status) => status.state === 'syncing' && shown.push(status.progress)));
  await ben.engine.signIn({ serverUrl, code: team.code, name: 'Ben' });
  await ben.settle();

  const progress = shown.filter((p): p is number => p !== null);
  expect(progress.length).toBeGreaterThanOrEqual(2); // a customer, a ticket and 2.5 pages of messages
  expect(progress).toEqual([...progress].sort((a, b) => a - b));
  expect(progress.every((p) => p > 0 && p < 1)).toBe(true);
  expect(await ben.engine.status()).toMatchObject({ state: 'synced', progress: null });
}, 60_000);

it('sends the outbox a killed worker left behind, once', async () => {
  const [ana, ben] = [await signedIn(team, 'Ana'), await signedIn(team, 'Ben')];
  ana.net.down = true;
  const { ticket } = await logConversation(ana.desk, { context: xDm([customerSays('Lost parcel', { siteId: '9' })]) });
  await addNote(ana.desk, { ticketId: ticket.id }, 'written before the worker died');
  await ana.settle();

  const restarted = ana.restartWith(network(team.server));
  await restarted.engine.start();
  await ben.engine.request('poke');
  expect((await ben.db.notes.toArray()).map((n) => n.text)).toEqual(['written before the worker died']);
  expect(await restarted.engine.status()).toMatchObject({ state: 'synced', pending: 0 });
});
