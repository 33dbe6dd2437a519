// @vitest-environment happy-dom
/** The Team section and the sync status, over a real engine and the real server app: sign in, see the team, refused changes, sign out. */
import { h } from 'preact';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { DeskApi, DeskCall } from '../../../components/desk-api';
import { TeamSection } from '../../../components/options/TeamSection';
import { SyncStatus } from '../../../components/SyncStatus';
import { deskHandlers } from '../../../lib/desk/handlers';
import { logConversation } from '../../../lib/desk/log';
import type { LiveChange } from '../../../lib/live';
import { syncHandlers } from '../../../lib/sync/handlers';
import { click, mount, type, until } from '../components/dom';
import { customerSays, xDm } from '../desk/helpers';
import { network, openBrowser, pushLongHistory, serverUrl, signedIn, startTeam, type Team, type TestBrowser } from './helpers';

let team: Team;
beforeEach(async () => (team = await startTeam()));
afterEach(async () => team.close());

/** The UI's view of a browser: its desk and sync messages, and the live changes its database announces. */
function deskApiOf(browser: TestBrowser): DeskApi {
  const handlers = { ...deskHandlers(browser.desk), ...syncHandlers(browser.engine) } as unknown as Record<DeskCall, (data: unknown) => Promise<unknown>>;
  const listeners = new Set<(change: LiveChange) => void>();
  browser.db.onChange((tables) => listeners.forEach((listener) => listener({ tables })));
  return {
    call: (name, data) => handlers[name](structuredClone(data)) as never,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

it('signs in with the server address, invite code and name, shows who and the team, and signs out', async () => {
  await signedIn(team, 'Ben');
  const browser = openBrowser(network(team.server));
  const ui = await mount(h(TeamSection, { desk: deskApiOf(browser) }));

  await type(await ui.find('server-url'), `${serverUrl}/`);
  await type(ui.get('invite-code'), 'WRONG-CODE');
  await type(ui.get('agent-name'), 'Ana Cruz');
  await click(ui.get('sign-in'));
  await until(() => expect(ui.get('sign-in-error').textContent).toMatch(/invite/i));

  await type(ui.get('invite-code'), team.code);
  await click(ui.get('sign-in'));
  const signedInAs = await ui.find('signed-in-as');
  expect(signedInAs.textContent).toBe('Signed in as Ana Cruz (agent) in Acme support');
  await until(() => expect(ui.all('team-agent').map((li) => li.textContent)).toEqual(expect.arrayContaining(['Ben (agent)', 'Ana Cruz (agent)'])));
  await until(() => expect(ui.get('sync-status').dataset.state).toBe('synced'));

  await click(ui.get('sign-out'));
  await ui.find('server-url');
  expect(await browser.engine.status()).toMatchObject({ state: 'signed-out' });
});

it("shows offline with the changes waiting, and a refused change with the server's reason", async () => {
  const ana = await signedIn(team, 'Ana');
  const ui = await mount(h(SyncStatus, { desk: deskApiOf(ana) }));
  await until(() => expect(ui.get('sync-status').dataset.state).toBe('synced'));

  ana.net.down = true;
  const { ticket } = await logConversation(ana.desk, { context: xDm([customerSays('Hello?', { siteId: '1' })]) });
  await until(() => expect(ui.get('sync-status').dataset.state).toBe('offline'));
  expect(ui.get('sync-status').textContent).toBe('Offline · 3 changes waiting');

  ana.net.down = false;
  await ana.desk.db.outbox.add({ table: 'tickets', op: 'update', rowId: ticket.id, baseSeq: 0, fields: { assigneeId: '01JNDKQJM0Z94QA701X3HZSS8A' } });
  await click(ui.get('sync-status'));
  await click(await ui.find('sync-now'));
  await until(() => expect(ui.get('sync-status').dataset.state).toBe('synced'));
  expect(ui.get('sync-rejected-count').textContent).toBe('1 refused change');
  expect(ui.all('sync-rejected-item').map((li) => li.textContent)).toEqual([expect.stringMatching(/^Change to a ticket.*No agent 01JNDKQJM0Z94QA701X3HZSS8A in this team/)]);

  await click(ui.get('sync-rejected-dismiss'));
  await until(() => expect(ui.all('sync-rejected-item')).toEqual([]));
});

it('shows how far a long first sync has come', async () => {
  await pushLongHistory(team);
  const ben = openBrowser(network(team.server));
  const ui = await mount(h(SyncStatus, { desk: deskApiOf(ben) }));
  const labels = new Set<string>();
  new MutationObserver(() => labels.add(ui.get('sync-status').textContent ?? '')).observe(document.body, { subtree: true, childList: true, characterData: true });

  await ben.engine.signIn({ serverUrl, code: team.code, name: 'Ben' });
  await until(() => expect(ui.get('sync-status').dataset.state).toBe('synced'));
  expect([...labels].filter((label) => /^Syncing… \d{1,2}%$/.test(label)).length).toBeGreaterThan(0);
  expect(ui.get('sync-status').textContent).toBe('Synced');
});
