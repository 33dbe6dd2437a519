import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../lib/sync/protocol';
import { ApiClient, backends, freshDatabase, startTestServer, type TestDatabase, type TestServer } from './harness';
import { customerFields, messageFields, newId, noteFields, templateFields, ticketFields } from './rows';

for (const backend of backends) {
  describe(`team isolation on ${backend}`, () => {
    let database: TestDatabase;
    let server: TestServer;
    let acme: Awaited<ReturnType<TestServer['newTeam']>>;
    let acmeAgent: ApiClient & { agent: { id: string } };
    let rival: ApiClient;
    const ids = { customer: newId(), ticket: newId(), message: newId(), note: newId(), template: newId() };
    let acmeSnapshot: string;

    /** Everything team Acme's own agent can see, to compare before and after the rival's attempts. */
    const acmeView = async () => JSON.stringify([...(await acmeAgent.pullAll()).rows.values()]);

    beforeAll(async () => {
      database = await freshDatabase(backend);
      server = await startTestServer(database);
      acme = await server.newTeam('Acme');
      acmeAgent = await acme.join('agent', 'Ana');
      const rivalTeam = await server.newTeam('Rival');
      rival = rivalTeam.admin;
      await acmeAgent.pushApplied(
        acmeAgent.mutation('customers', 'insert', ids.customer, customerFields()),
        acmeAgent.mutation('tickets', 'insert', ids.ticket, ticketFields(ids.customer)),
        acmeAgent.mutation('messages', 'insert', ids.message, messageFields(ids.ticket, { contentHash: 'shared-hash-1' })),
        acmeAgent.mutation('notes', 'insert', ids.note, noteFields({ ticketId: ids.ticket })),
        acmeAgent.mutation('templates', 'insert', ids.template, templateFields()),
      );
      acmeSnapshot = await acmeView();
      // The rival's sequence passes Acme's, so a pull that forgot the team would return Acme's rows.
      await rival.pushApplied(...Array.from({ length: 10 }, () => rival.mutation('customers', 'insert', newId(), customerFields({ name: 'Rival customer' }))));
    });
    afterAll(async () => {
      await server.close();
      await database.drop();
    });

    it("never shows one team's rows, agents or team to another", async () => {
      const { rows } = await rival.pullAll();
      expect([...rows.keys()].filter((id) => Object.values(ids).includes(id))).toEqual([]);
      const copied = (await rival.snapshotPages()).flatMap((page) => page.changes);
      expect(copied).toHaveLength(10);
      expect(copied.filter((change) => Object.values(ids).includes(change.id))).toEqual([]);
      const agents = await rival.request('GET', paths.agents);
      expect(agents.body.agents.map((agent: { teamId: string }) => agent.teamId)).not.toContain(acme.teamId);
      expect((await rival.request('GET', paths.me)).body.team.name).toBe('Rival');
    });

    it("cannot change, delete, erase or count another team's rows", async () => {
      const reply = await rival.push(
        rival.mutation('customers', 'update', ids.customer, { name: 'Hijacked' }, 1_000_000),
        rival.mutation('tickets', 'update', ids.ticket, { status: 'closed' }, 1_000_000),
        rival.mutation('tickets', 'delete', ids.ticket),
        rival.mutation('customers', 'erase', ids.customer),
        rival.mutation('templates', 'increment', ids.template, { usageCount: 5 }),
        rival.mutation('templates', 'delete', ids.template),
      );
      expect(reply.body.results.map((result) => result.status === 'rejected' && result.code)).toEqual(Array(6).fill('not_found'));
      expect(await acmeView()).toBe(acmeSnapshot);
    });

    it("cannot attach tickets, messages or notes to another team's rows, nor assign its agents", async () => {
      const ownCustomer = newId();
      const reply = await rival.push(
        rival.mutation('tickets', 'insert', newId(), ticketFields(ids.customer)),
        rival.mutation('messages', 'insert', newId(), messageFields(ids.ticket)),
        rival.mutation('notes', 'insert', newId(), noteFields({ ticketId: ids.ticket })),
        rival.mutation('notes', 'insert', newId(), noteFields({ customerId: ids.customer })),
        rival.mutation('customers', 'insert', ownCustomer, customerFields()),
        rival.mutation('tickets', 'insert', newId(), ticketFields(ownCustomer, { assigneeId: acmeAgent.agent.id })),
      );
      expect(reply.body.results.map((result) => result.status === 'rejected' ? result.code : result.status)).toEqual([
        'not_found',
        'not_found',
        'not_found',
        'not_found',
        'applied',
        'not_found',
      ]);
      expect(await acmeView()).toBe(acmeSnapshot);
    });

    it('keeps ids, message hashes and client ids per team: the same values elsewhere neither clash nor leak', async () => {
      const ownTicket = newId();
      const sameClient = new ApiClient(server.fetch, rival.token, acmeAgent.clientId);
      const reply = await sameClient.push(
        sameClient.mutation('customers', 'insert', ids.customer, customerFields({ name: 'Rival customer' })),
        sameClient.mutation('tickets', 'insert', ownTicket, ticketFields(ids.customer)),
        sameClient.mutation('messages', 'insert', newId(), messageFields(ownTicket, { contentHash: 'shared-hash-1' })),
      );
      expect(reply.body.results.map((result) => result.status)).toEqual(['applied', 'applied', 'applied']);
      expect(await acmeView()).toBe(acmeSnapshot);
      const rivalRows = (await rival.pullAll()).rows;
      expect(rivalRows.get(ids.customer)).toMatchObject({ row: { name: 'Rival customer' } });
    });

    it("cannot sign out another team's agents or invite into another team", async () => {
      const revoke = await rival.request('DELETE', paths.agentTokens(acmeAgent.agent.id));
      expect(revoke).toMatchObject({ status: 404, body: { error: expect.stringContaining('no agent') } });
      expect((await acmeAgent.request('GET', paths.me)).status).toBe(200);

      const invite = await rival.request('POST', paths.invites, { role: 'admin' });
      const joined = await new ApiClient(server.fetch).request('POST', paths.redeem, { code: invite.body.code, name: 'Spy' });
      expect(joined.body.team.name).toBe('Rival');
    });

    it('pokes only the team whose rows changed', async () => {
      const acmePokes: string[] = [];
      const rivalPokes: string[] = [];
      const acmeSocket = { send: (message: string) => acmePokes.push(message), close: () => {} };
      const rivalSocket = { send: (message: string) => rivalPokes.push(message), close: () => {} };
      server.hub.add(acme.teamId, acmeSocket);
      const rivalTeamId = (await rival.request('GET', paths.me)).body.team.id;
      server.hub.add(rivalTeamId, rivalSocket);
      await acmeAgent.pushApplied(acmeAgent.mutation('notes', 'insert', newId(), noteFields({ ticketId: ids.ticket })));
      server.hub.remove(acme.teamId, acmeSocket);
      server.hub.remove(rivalTeamId, rivalSocket);
      expect(acmePokes).toHaveLength(1);
      expect(rivalPokes).toEqual([]);
    });
  });
}
