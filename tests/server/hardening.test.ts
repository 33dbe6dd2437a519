import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits, paths } from '../../lib/sync/protocol';
import { ApiClient, backends, freshDatabase, startTestServer, type TestDatabase, type TestServer } from './harness';
import { customerFields, newId } from './rows';

for (const backend of backends) {
  describe(`bad input on ${backend}`, () => {
    let database: TestDatabase;
    let server: TestServer;
    let agent: ApiClient;

    /** The team's sequence and row count: unchanged means nothing was written. */
    const footprint = async () => {
      const team = await server.store.db.selectFrom('teams').select('seq').execute();
      const rows = await server.store.db.selectFrom('rows').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return JSON.stringify({ team, rows: Number(rows.n) });
    };

    beforeAll(async () => {
      database = await freshDatabase(backend);
      server = await startTestServer(database);
      const team = await server.newTeam();
      agent = await team.join();
      await agent.pushApplied(agent.mutation('customers', 'insert', newId(), customerFields()));
    });
    afterAll(async () => {
      await server.close();
      await database.drop();
    });

    const validInsert = () => agent.mutation('customers', 'insert', newId(), customerFields());

    it('answers malformed and oversized requests with a 4xx that says what to fix, and writes nothing', async () => {
      const before = await footprint();
      const tooMany = Array.from({ length: limits.maxMutationsPerPush + 1 }, validInsert);
      const huge = { clientId: agent.clientId, mutations: [{ ...validInsert(), fields: customerFields({ notes: 'x'.repeat(limits.maxBodyBytes) }) }] };
      const cases: Array<[unknown, number, RegExp]> = [
        ['{"clientId": "abc', 400, /not valid JSON/],
        [{ clientId: agent.clientId }, 400, /mutations/],
        [{ clientId: 'no spaces allowed', mutations: [validInsert()] }, 400, /clientId must be/],
        [{ clientId: agent.clientId, mutations: tooMany }, 400, /at most 500 mutations/],
        [{ clientId: agent.clientId, mutations: [validInsert(), { ...validInsert(), rowId: 'not-an-id' }] }, 400, /rowId: must be a ULID/],
        [{ clientId: agent.clientId, mutations: [validInsert(), { ...validInsert(), table: 'agents' }] }, 400, /table: Invalid option/],
        [{ clientId: agent.clientId, mutations: [{ ...validInsert(), id: 9 }, { ...validInsert(), id: 8 }] }, 400, /ids must increase/],
        [{ clientId: agent.clientId, mutations: [{ ...validInsert(), sneaky: true }] }, 400, /Unrecognized key/],
        [huge, 413, /larger than/],
      ];
      for (const [body, status, message] of cases) {
        const reply = await agent.request('POST', paths.push, body);
        expect({ status: reply.status, error: reply.body?.error }).toEqual({ status, error: expect.stringMatching(message) });
      }
      const wrongType = await agent.request('POST', paths.push, 'clientId=abc', { 'Content-Type': 'text/plain' });
      expect(wrongType).toMatchObject({ status: 415, body: { error: expect.stringContaining('application/json') } });
      expect(await footprint()).toBe(before);
    });

    it('refuses bad pull queries and a cursor from a different server', async () => {
      expect(await agent.request('GET', `${paths.pull}?cursor=abc`)).toMatchObject({ status: 400, body: { error: expect.stringContaining('cursor') } });
      expect(await agent.request('GET', `${paths.pull}?cursor=-1`)).toMatchObject({ status: 400 });
      expect(await agent.request('GET', `${paths.pull}?limit=100000`)).toMatchObject({ status: 400, body: { error: expect.stringContaining(`at most ${limits.maxPullLimit}`) } });
      expect(await agent.request('GET', `${paths.pull}?cursor=99999999`)).toMatchObject({ status: 409, body: { error: expect.stringContaining('Sign out') } });
      expect(await agent.request('GET', `${paths.snapshot}?after=' or 1=1 --`)).toMatchObject({ status: 400, body: { error: expect.stringContaining('after') } });
      expect(await agent.request('GET', `${paths.snapshot}?limit=0`)).toMatchObject({ status: 400 });
    });

    it('treats text that looks like SQL or HTML as plain data', async () => {
      const id = newId();
      const name = `Robert'); DROP TABLE rows;-- <img src=x onerror=alert(1)>`;
      await agent.pushApplied(agent.mutation('customers', 'insert', id, customerFields({ name })));
      expect((await agent.pullAll()).rows.get(id)).toMatchObject({ row: { name } });
    });

    it('asks for a token, and refuses unknown ones', async () => {
      const anonymous = new ApiClient(server.fetch);
      expect(await anonymous.request('GET', paths.pull)).toMatchObject({ status: 401, body: { error: expect.stringContaining('Authorization: Bearer') } });
      const forged = new ApiClient(server.fetch, 'sdk_forged');
      expect(await forged.request('POST', paths.push, { clientId: 'abcdefgh', mutations: [validInsert()] })).toMatchObject({ status: 401 });
      expect(await anonymous.request('GET', '/v2/nothing')).toMatchObject({ status: 404, body: { error: expect.stringContaining('check the server URL') } });
    });

    it('accepts only extension origins, and allows them through CORS', async () => {
      const fromWeb = await agent.request('GET', paths.me, undefined, { Origin: 'https://evil.example' });
      expect(fromWeb).toMatchObject({ status: 403, body: { error: expect.stringContaining('only talks to the Sidedesk extension') } });

      for (const origin of ['chrome-extension://abcdefghijklmnopabcdefghijklmnop', 'moz-extension://0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0']) {
        const preflight = await server.fetch(
          new Request(`http://server${paths.push}`, {
            method: 'OPTIONS',
            headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
          }),
        );
        expect(preflight.status).toBe(204);
        expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe(origin);
        expect(preflight.headers.get('Access-Control-Allow-Headers')?.toLowerCase()).toContain('authorization');
      }
    });

    it('limits the request rate per token, and tells the client when to retry', async () => {
      const limited = await startTestServer(database, { rateLimit: { burst: 5, perSecond: 1 } });
      try {
        const team = await limited.newTeam();
        const other = await team.join(); // the admin's first request
        const replies = [];
        for (let i = 0; i < 6; i++) replies.push(await team.admin.request('GET', paths.me));
        expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200, 200, 429, 429]);
        expect(replies[5].body.error).toMatch(/Too many requests; wait 1 s/);
        expect(replies[5].headers.get('Retry-After')).toBe('1');
        expect((await other.request('GET', paths.me)).status).toBe(200);
      } finally {
        await limited.close();
      }
    });
  });
}
