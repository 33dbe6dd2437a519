import { execFile } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveCloseCodes, paths, type Mutation } from '../../lib/sync/protocol';
import { ApiClient, backends, freshDatabase, pgUrl, type TestDatabase } from './harness';
import { openLiveSocket, removeServerBundle, serverBundle, ServerProcess } from './process';
import { customerFields, newId } from './rows';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Starting a process takes seconds on a busy machine.
const STARTUP_MS = 60_000;

afterAll(removeServerBundle);

for (const backend of backends) {
  describe(`the server process on ${backend}`, () => {
    let database: TestDatabase;
    let server: ServerProcess;
    let admin: ApiClient;
    const env = () => ({ DATA_DIR: database.dataDir, DATABASE_URL: database.databaseUrl });

    beforeAll(async () => {
      database = await freshDatabase(backend);
      server = await ServerProcess.start(env());
    }, STARTUP_MS);
    afterAll(async () => {
      await server.stop();
      await database.drop();
    });

    it('creates a team on first start and prints its admin invite on a line of its own; the CLI makes more', async () => {
      expect(server.inviteCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
      admin = await server.signIn(server.inviteCode!, 'Founder');
      expect((await admin.request('GET', paths.me)).body.agent).toMatchObject({ name: 'Founder', role: 'admin' });
      // The log line is written once the response is on its way, so it may reach us just after it.
      await expect.poll(() => server.output).toMatch(/^\S+ GET \/v1\/me 200 [\d.]+ms agent=\w+$/m);

      const { stdout } = await promisify(execFile)(process.execPath, [(await serverBundle()).invite, '--uses', '2'], {
        env: { ...process.env, ...env(), DATABASE_URL: database.databaseUrl ?? '' },
      });
      const code = /^Invite code: (\S+)$/m.exec(stdout)![1];
      expect((await server.signIn(code, 'Second')).token).toBeTruthy();
      expect((await server.signIn(code, 'Third')).token).toBeTruthy();
    }, STARTUP_MS);

    it("pokes a team's open sockets with the sequence to pull up to, and refuses bad tokens and web origins", async () => {
      const code = (await admin.request('POST', paths.invites, {})).body.code;
      const watcher = await server.signIn(code, 'Watcher');
      const socket = await openLiveSocket(server, watcher.token!);
      await socket.waitFor(() => true); // the current sequence, sent on sign-in
      const pushed = await admin.pushApplied(admin.mutation('customers', 'insert', newId(), customerFields()));
      await socket.waitFor((poke) => poke.seq === pushed.seq);
      socket.close();

      expect(await (await openLiveSocket(server, 'sdk_wrong')).closed).toBe(liveCloseCodes.unauthorized);
      await expect(openLiveSocket(server, watcher.token!, 'https://evil.example')).rejects.toThrow(/403/);
    });

    it('finishes a push that is in flight on SIGTERM, refuses new connections, and exits cleanly', async () => {
      const ids = Array.from({ length: 50 }, () => newId());
      const body = JSON.stringify({ clientId: admin.clientId, mutations: ids.map((id) => admin.mutation('customers', 'insert', id, customerFields())) });
      const request = http.request({
        host: '127.0.0.1',
        port: server.port,
        path: paths.push,
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Authorization: `Bearer ${admin.token}` },
      });
      const responded = once(request, 'response');
      request.write(body.slice(0, 1_000));
      await sleep(200);
      server.signal('SIGTERM');
      await sleep(300);
      await expect(fetch(`${server.url}${paths.health}`)).rejects.toThrow();
      request.end(body.slice(1_000));

      const [response] = (await responded) as [http.IncomingMessage];
      let text = '';
      for await (const chunk of response) text += chunk;
      expect(response.statusCode).toBe(200);
      expect(JSON.parse(text).results.every((result: { status: string }) => result.status === 'applied')).toBe(true);
      expect(await server.exit()).toBe(0);

      server = await ServerProcess.start(env());
      admin.baseUrl = server.url;
      const rows = (await admin.pullAll()).rows;
      for (const id of ids) expect(rows.has(id)).toBe(true);
    }, STARTUP_MS);

    it('loses no acknowledged write when killed with SIGKILL in the middle of pushes', async () => {
      const writers = [admin, ...(await Promise.all([1, 2].map(async (n) => server.signIn((await admin.request('POST', paths.invites, {})).body.code, `Writer ${n}`))))];
      const acknowledged: string[] = [];
      const unacknowledged: Array<{ writer: ApiClient; batch: Mutation[] }> = [];
      let killed = false;
      const loops = writers.map(async (writer) => {
        while (!killed) {
          const batch = Array.from({ length: 20 }, () => writer.mutation('customers', 'insert', newId(), customerFields()));
          try {
            const reply = await writer.push(...batch);
            if (reply.status !== 200) throw new Error(`push failed: ${reply.status}`);
            reply.body.results.forEach((result, i) => result.status === 'applied' && acknowledged.push(batch[i].rowId));
          } catch {
            unacknowledged.push({ writer, batch });
            return;
          }
        }
      });
      // Killed once a few hundred writes are acknowledged, while the writers keep pushing.
      while (acknowledged.length < 300) await sleep(5);
      server.signal('SIGKILL');
      killed = true;
      await Promise.all(loops);

      server = await ServerProcess.start(env());
      for (const writer of writers) writer.baseUrl = server.url;
      const rows = (await admin.pullAll()).rows;
      expect(acknowledged.filter((id) => !rows.has(id))).toEqual([]);

      // The batches cut off by the kill may or may not have committed: a retry finishes them exactly once.
      for (const { writer, batch } of unacknowledged) {
        const retry = await writer.push(...batch);
        expect(retry.body.results.every((result) => result.status === 'applied' || result.status === 'duplicate')).toBe(true);
      }
      const after = await admin.pullAll();
      for (const { batch } of unacknowledged) for (const mutation of batch) expect(after.rows.has(mutation.rowId)).toBe(true);
    }, STARTUP_MS);
  });
}

if (pgUrl) {
  describe('two replicas on PostgreSQL', () => {
    let database: TestDatabase;
    let replicas: ServerProcess[] = [];

    beforeAll(async () => {
      database = await freshDatabase('postgres');
      replicas = await Promise.all([1, 2].map(() => ServerProcess.start({ DATA_DIR: database.dataDir, DATABASE_URL: database.databaseUrl })));
    }, STARTUP_MS);
    afterAll(async () => {
      await Promise.all(replicas.map((replica) => replica.stop()));
      await database.drop();
    });

    it('creates one team between them, and a push to one pokes a socket on the other', async () => {
      const codes = replicas.map((replica) => replica.inviteCode).filter(Boolean);
      expect(codes).toHaveLength(1);
      const [first, second] = replicas;
      const ana = await first.signIn(codes[0]!, 'Ana');
      const ben = await second.signIn((await ana.request('POST', paths.invites, {})).body.code, 'Ben');

      const socket = await openLiveSocket(second, ben.token!);
      await socket.waitFor(() => true);
      const customerId = newId();
      const started = performance.now();
      const pushed = await ana.pushApplied(ana.mutation('customers', 'insert', customerId, customerFields()));
      await socket.waitFor((poke) => poke.seq === pushed.seq);
      expect(performance.now() - started).toBeLessThan(1_000);
      socket.close();

      expect((await ben.pullAll()).rows.has(customerId)).toBe(true);
    });
  });
}
