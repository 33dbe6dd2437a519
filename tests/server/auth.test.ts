import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../lib/sync/protocol';
import { createInvite, sha256 } from '../../server/auth';
import { ApiClient, backends, freshDatabase, startTestServer, type TestDatabase, type TestServer } from './harness';

for (const backend of backends) {
  describe(`invites and tokens on ${backend}`, () => {
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

    const redeem = (code: string, name = 'Agent') => new ApiClient(server.fetch).request('POST', paths.redeem, { code, name });

    it('redeems an invite for a personal token that identifies the agent, listed as an assignee', async () => {
      const team = await server.newTeam('Helpdesk');
      const invite = await team.admin.request('POST', paths.invites, { role: 'agent' });
      expect(invite).toMatchObject({ status: 201, body: { code: expect.stringMatching(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/), role: 'agent', maxUses: 1 } });

      // Typed in lower case with spaces: still accepted.
      const reply = await redeem(` ${invite.body.code.toLowerCase().replaceAll('-', ' ')} `, 'Rosa');
      expect(reply).toMatchObject({ status: 201, body: { agent: { name: 'Rosa', role: 'agent', teamId: team.teamId }, team: { name: 'Helpdesk' } } });
      expect(Buffer.from(reply.body.token.replace(/^sdk_/, ''), 'base64url')).toHaveLength(32);

      const rosa = new ApiClient(server.fetch, reply.body.token);
      expect((await rosa.request('GET', paths.me)).body.agent.name).toBe('Rosa');
      const agents = (await rosa.request('GET', paths.agents)).body.agents.map((agent: { name: string }) => agent.name);
      expect(agents.sort()).toEqual(['Helpdesk admin', 'Rosa']);
    });

    it('honours single use, limited uses and expiry, saying which', async () => {
      const team = await server.newTeam();
      const single = (await team.admin.request('POST', paths.invites, {})).body.code;
      expect((await redeem(single)).status).toBe(201);
      expect(await redeem(single)).toMatchObject({ status: 400, body: { error: expect.stringContaining('already been used') } });

      const triple = (await team.admin.request('POST', paths.invites, { maxUses: 3 })).body.code;
      const uses = await Promise.all([1, 2, 3, 4].map(() => redeem(triple)));
      expect(uses.map((use) => use.status).sort()).toEqual([201, 201, 201, 400]);

      const { code: expired } = await createInvite(server.store, team.teamId, { role: 'agent', maxUses: 1, expiresInHours: -1 });
      expect(await redeem(expired)).toMatchObject({ status: 400, body: { error: expect.stringContaining('expired') } });
      expect(await redeem('NOPE-NOPE-NOPE-NOPE')).toMatchObject({ status: 400, body: { error: expect.stringContaining('not valid') } });
    });

    it('stores neither tokens nor invite codes in clear', async () => {
      const team = await server.newTeam();
      const { code } = (await team.admin.request('POST', paths.invites, {})).body;
      const { token } = (await redeem(code)).body;
      const everything = JSON.stringify(
        await Promise.all((['tokens', 'invites', 'agents', 'teams', 'rows', 'sync_clients'] as const).map((table) => server.store.db.selectFrom(table).selectAll().execute())),
      );
      for (const secret of [token, code, code.replaceAll('-', ''), team.admin.token!]) expect(everything).not.toContain(secret);
      expect(everything).toContain(sha256(token));
    });

    it('signs out one browser without touching the others, and lets an admin sign an agent out everywhere', async () => {
      const team = await server.newTeam();
      const laptop = await team.join('agent', 'Sam');
      const invite = (await team.admin.request('POST', paths.invites, {})).body.code;
      const desktop = new ApiClient(server.fetch, (await redeem(invite, 'Sam desk')).body.token);

      expect((await laptop.request('DELETE', paths.currentToken)).status).toBe(204);
      expect(await laptop.request('GET', paths.me)).toMatchObject({ status: 401, body: { error: expect.stringContaining('revoked') } });
      expect((await desktop.request('GET', paths.me)).status).toBe(200);

      const colleague = await team.join('agent', 'Kim');
      expect(await desktop.request('DELETE', paths.agentTokens(colleague.agent.id))).toMatchObject({ status: 403, body: { error: expect.stringContaining('admin') } });
      expect((await team.admin.request('DELETE', paths.agentTokens(colleague.agent.id))).status).toBe(204);
      expect((await colleague.request('GET', paths.me)).status).toBe(401);
      expect((await colleague.request('GET', paths.pull)).status).toBe(401);
    });

    it('lets only admins create invites, with sane limits', async () => {
      const team = await server.newTeam();
      const agent = await team.join('agent');
      expect(await agent.request('POST', paths.invites, {})).toMatchObject({ status: 403, body: { error: expect.stringContaining('admin') } });
      expect(await team.admin.request('POST', paths.invites, { role: 'owner' })).toMatchObject({ status: 400, body: { error: expect.stringContaining('role') } });
      expect(await team.admin.request('POST', paths.invites, { maxUses: 0 })).toMatchObject({ status: 400, body: { error: expect.stringContaining('maxUses') } });
      const admin2 = (await team.admin.request('POST', paths.invites, { role: 'admin' })).body.code;
      expect((await redeem(admin2)).body.agent.role).toBe('admin');
    });
  });
}
