/**
 * The real server as a child process. Its entry points are bundled once per test run: on a busy
 * machine compiling TypeScript at every start (as `npm run server` does with tsx) costs seconds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import WebSocket from 'ws';
import { liveHelloSchema, paths, pokeSchema, type Poke } from '../../lib/sync/protocol';
import { ApiClient } from './harness';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
// Inside node_modules so the bundle finds the native modules it leaves out.
const outdir = join(repoRoot, 'node_modules', '.cache', 'sidedesk-server-test', String(process.pid));

let bundled: Promise<unknown> | undefined;
/** Paths of the bundled `main` (the server) and `invite` (the CLI). */
export async function serverBundle(): Promise<{ main: string; invite: string }> {
  bundled ??= build({
    entryPoints: { main: join(repoRoot, 'server/main.ts'), invite: join(repoRoot, 'server/invite.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3', 'pg-native'],
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  await bundled;
  return { main: join(outdir, 'main.mjs'), invite: join(outdir, 'invite.mjs') };
}

export function removeServerBundle(): void {
  bundled = undefined;
  rmSync(outdir, { recursive: true, force: true });
}

export class ServerProcess {
  output = '';
  port = 0;
  private exited: Promise<number | null>;

  private constructor(private child: ChildProcess) {
    child.stdout!.on('data', (chunk) => (this.output += chunk));
    child.stderr!.on('data', (chunk) => (this.output += chunk));
    this.exited = once(child, 'exit').then(([code]) => code as number | null);
  }

  static async start(env: { DATA_DIR: string; DATABASE_URL?: string }): Promise<ServerProcess> {
    const child = spawn(process.execPath, [(await serverBundle()).main], {
      cwd: repoRoot,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ServerProcess(child);
    const deadline = Date.now() + 50_000;
    while (!/listening on http:\/\/[\d.]+:(\d+)/.test(server.output)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${server.output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    server.port = Number(/listening on http:\/\/[\d.]+:(\d+)/.exec(server.output)![1]);
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get inviteCode(): string | undefined {
    return /^Invite code: (\S+)$/m.exec(this.output)?.[1];
  }

  /** An API client over real HTTP. */
  client(token?: string): ApiClient {
    return new ApiClient((request) => fetch(request), token, undefined, this.url);
  }

  async signIn(code: string, name: string): Promise<ApiClient> {
    const client = this.client();
    const reply = await client.request('POST', paths.redeem, { code, name });
    if (reply.status !== 201) throw new Error(`redeem failed: ${JSON.stringify(reply.body)}`);
    client.token = reply.body.token;
    return client;
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  exit(): Promise<number | null> {
    return this.exited;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** A poke socket signed in with a token; collects the pokes it receives. */
export async function openLiveSocket(server: ServerProcess, token: string, origin?: string) {
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}${paths.live}`, origin ? { origin } : {});
  const pokes: Poke[] = [];
  // Not `once`: it would also reject on 'error', and a refused socket is what some tests want.
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  socket.on('message', (data) => pokes.push(pokeSchema.parse(JSON.parse(String(data)))));
  await once(socket, 'open');
  socket.send(JSON.stringify(liveHelloSchema.parse({ token })));
  return {
    pokes,
    closed,
    /** Resolves with the first poke that satisfies `accept`, or fails after `ms`. */
    async waitFor(accept: (poke: Poke) => boolean, ms = 3_000): Promise<Poke> {
      const deadline = Date.now() + ms;
      for (;;) {
        const poke = pokes.find(accept);
        if (poke) return poke;
        if (Date.now() > deadline) throw new Error(`no matching poke within ${ms} ms; got ${JSON.stringify(pokes)}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () => socket.close(),
  };
}
