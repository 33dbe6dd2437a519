/**
 * The background's sync engine (DESIGN.md §5): push the outbox, then pull until done, one cycle at a
 * time. Every trigger (a local write, a poke, an alarm, start-up, tab focus) asks for a cycle; asks
 * that arrive during one are folded into one more. Everything it resumes from lives in Dexie (the
 * outbox, the cursor, row seqs) or extension storage (the session): a worker killed mid-sync starts
 * over from there, and the server's idempotent push makes the repeat harmless.
 */
import type { DeskDb } from '../db';
import type { DeskTable } from '../desk/types';
import type { Agent } from '../model';
import { createSyncApi, liveSocketUrl, normalizeServerUrl, SyncError, type Fetch, type SyncApi } from './api';
import { pullUntilDone } from './pull';
import { pushOutbox } from './push';
import { PokeSocket, type SocketLike } from './socket';
import type { RejectedChange, SignInRequest, SignOutResult, SyncState, SyncStatus } from './status';
import type { Session, SyncStorage } from './storage';

export type SyncTrigger = 'startup' | 'write' | 'poke' | 'reconnect' | 'disconnect' | 'alarm' | 'focus' | 'retry' | 'sign-in' | 'manual';

export interface SyncEngineOptions {
  db: DeskDb;
  storage: SyncStorage;
  fetch?: Fetch;
  /** Opens the poke socket; without it the engine relies on its other triggers. */
  openSocket?: (url: string) => SocketLike;
  /** True while an agent has a sidebar or an extension page open. */
  isActive?: () => boolean;
  now?: () => number;
}

const MAX_RETRY_MS = 30_000;
/** The team's agents are re-read at most this often, unless a pulled row names one we do not know. */
const AGENTS_MAX_AGE_MS = 5 * 60_000;
const KEPT_REJECTIONS = 100;
const OFFLINE_WRITE_GAP_MS = 2_000;

export class SyncEngine {
  private readonly db: DeskDb;
  private readonly storage: SyncStorage;
  private readonly fetch: Fetch | undefined;
  private readonly now: () => number;
  private running: Promise<void> | undefined;
  private again = false;
  private failures = 0;
  private failedAt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private blockedUntil = 0;
  private phase: { state: Exclude<SyncState, 'signed-out'>; message: string | null } = { state: 'syncing', message: null };
  private signedOutMessage: string | null = null;
  private lastSyncedAt: number | null = null;
  private agentsReadAt = 0;
  private socket: PokeSocket | undefined;
  /**
   * The cursor after the last page applied, or the seq a push answered with (the pull after that
   * push reaches it): a poke at or below it, like the one our own push sets off, has nothing new.
   */
  private knownSeq = 0;
  /** SyncStatus.progress: set while a pull has more pages to come. */
  private progress: number | null = null;
  /** The highest seq a poke announced. */
  private pokedSeq = 0;
  private announcing = false;
  private cachedSession: Promise<Session | null> | undefined;
  private cachedClientId: Promise<string> | undefined;

  constructor(private options: SyncEngineOptions) {
    this.db = options.db;
    this.storage = options.storage;
    this.fetch = options.fetch;
    this.now = options.now ?? Date.now;
    // Every committed local write: push it now. The engine's own announcements are not writes to push.
    this.db.onChange(() => {
      if (!this.announcing) void this.request('write');
    });
  }

  /** On every worker start: reconnect the poke socket and catch up. */
  async start(): Promise<void> {
    this.knownSeq = (await this.db.getMeta('pullCursor')) ?? 0;
    const session = await this.session();
    if (session) this.connect(session);
    await this.request('startup');
  }

  /** Asks for a sync; resolves when a cycle that started after the ask has finished (it never rejects). */
  request(trigger: SyncTrigger): Promise<void> {
    if (this.needless(trigger)) return this.running ?? Promise.resolve();
    if (this.running) {
      // A poke during a cycle may be our own push's, which the cycle's pull covers: the loop below checks its seq.
      if (trigger !== 'poke') this.again = true;
      return this.running;
    }
    const run = async () => {
      try {
        let synced: boolean;
        do {
          this.again = false;
          synced = await this.cycle(trigger);
        } while (this.again || (synced && this.behindPoke()));
      } finally {
        this.running = undefined;
      }
    };
    this.running = run();
    return this.running;
  }

  /** Whether a poke during the last cycle announced more than it pulled; asked once per poke. */
  private behindPoke(): boolean {
    const behind = this.pokedSeq > this.knownSeq;
    this.pokedSeq = 0;
    return behind;
  }

  private needless(trigger: SyncTrigger): boolean {
    if (trigger !== 'retry' && this.now() < this.blockedUntil) return true; // the server asked us to wait
    // Offline, a burst of writes would each re-read the whole outbox for nothing: the retry timer is on it.
    if (trigger === 'write' && this.phase.state === 'offline' && this.now() - this.failedAt < OFFLINE_WRITE_GAP_MS) return true;
    // With the socket up, pokes keep this browser current; coming back to a tab adds nothing.
    return trigger === 'focus' && !!this.socket?.connected && this.lastSyncedAt !== null && this.now() - this.lastSyncedAt < 5_000;
  }

  /** One push and pull; true when it reached the server's current state. */
  private async cycle(trigger: SyncTrigger): Promise<boolean> {
    const session = await this.session();
    if (!session) return false;
    const api = this.api(session);
    try {
      // No "syncing" announced here: status() says so while changes wait, and a failing retry must not flicker.
      const pending = (await this.db.outbox.count()) > 0;
      const pushError = pending ? await this.push(api) : undefined;
      const named = new Set<string>();
      this.progress = null;
      await pullUntilDone(this.db, api, (applied, page) => {
        this.knownSeq = Math.max(this.knownSeq, page.cursor);
        applied.agentIds.forEach((id) => named.add(id));
        this.progress = page.progress;
        if (page.more) this.setPhase('syncing', null);
        this.announce(page.more ? [...applied.tables, 'meta'] : applied.tables);
      });
      await this.readAgents(api, named, trigger);
      if (pushError) throw pushError;
      this.succeeded(pending);
      return true;
    } catch (error) {
      await this.failed(error, session);
      return false;
    }
  }

  /**
   * Pushes the outbox. When the server is reachable but a push fails (busy, refused), the pull still
   * runs: teammates' changes keep arriving, and the agent's own stay queued on top of them.
   */
  private async push(api: SyncApi): Promise<SyncError | undefined> {
    try {
      const pushed = await pushOutbox(this.db, api, await this.clientId(), { add: (r) => this.recordRejected(r) }, this.now);
      this.knownSeq = Math.max(this.knownSeq, pushed.seq);
      if (pushed.rejected.length) this.announce(['meta']);
    } catch (error) {
      if (error instanceof SyncError && (error.kind === 'busy' || error.kind === 'refused')) return error;
      throw error;
    }
  }

  private succeeded(pushed: boolean) {
    this.failures = 0;
    clearTimeout(this.retryTimer);
    this.lastSyncedAt = this.now();
    const changed = this.setPhase('synced', null);
    if (pushed && !changed) this.announce(['meta']); // the waiting count went to zero
  }

  private async failed(error: unknown, session: Session) {
    const kind = error instanceof SyncError ? error.kind : undefined;
    const message = error instanceof Error ? error.message : String(error);
    if (kind === 'unauthorized') return this.endSession(session, 'Your sign-in was revoked or has expired: sign in again in the Team settings.');
    if (kind === 'cursor-ahead') {
      // The server was reset or restored from a backup: read everything it has again.
      await this.resetCursor();
      this.again = true;
      return;
    }
    this.failures++;
    this.failedAt = this.now();
    const retryAfterMs = error instanceof SyncError ? error.retryAfterMs : undefined;
    if (retryAfterMs) this.blockedUntil = this.now() + retryAfterMs;
    this.setPhase(kind === 'offline' ? 'offline' : 'error', message);
    const backoff = Math.min(MAX_RETRY_MS, 1_000 * 2 ** Math.min(this.failures - 1, 5)) * (0.5 + Math.random() / 2);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.request('retry'), retryAfterMs ?? backoff);
  }

  /** Reads the team's agents for assignee pickers: after sign-in, now and then, and when a row names someone new. */
  private async readAgents(api: SyncApi, named: Set<string>, trigger: SyncTrigger) {
    const known = new Set(((await this.db.getMeta('agents')) ?? []).map((a) => a.id));
    const stale = this.now() - this.agentsReadAt > AGENTS_MAX_AGE_MS || trigger === 'sign-in';
    const localId = await this.db.getMeta('localAgentId');
    const newcomer = [...named].some((id) => !known.has(id) && id !== localId);
    if (!stale && !newcomer) return;
    await this.setAgents(await api.agents());
  }

  private async setAgents(agents: Agent[]) {
    this.agentsReadAt = this.now();
    await this.db.setMeta('agents', agents);
    this.announce(['meta']);
  }

  async status(): Promise<SyncStatus> {
    const [session, rejected, pending] = await Promise.all([this.session(), this.storage.getRejected(), this.db.outbox.count()]);
    const common = { pending, rejected, lastSyncedAt: this.lastSyncedAt, progress: this.phase.state === 'syncing' ? this.progress : null };
    if (!session) return { ...common, state: 'signed-out', message: this.signedOutMessage, serverUrl: null, agent: null, team: null };
    const state = this.phase.state === 'synced' && pending > 0 ? 'syncing' : this.phase.state;
    return { ...common, state, message: this.phase.message, serverUrl: session.serverUrl, agent: session.agent, team: session.team };
  }

  /** Redeems an invite; this browser then syncs as that agent (in the background). Throws a sentence for the form when it cannot. */
  async signIn({ serverUrl, code, name }: SignInRequest): Promise<SyncStatus> {
    const baseUrl = normalizeServerUrl(serverUrl);
    let redeemed;
    try {
      redeemed = await createSyncApi({ baseUrl, fetch: this.fetch }).redeem(code.trim(), name.trim());
    } catch (error) {
      if (error instanceof SyncError && error.kind === 'offline') throw new Error(`Cannot reach ${baseUrl}: check the address and that the server is running.`);
      throw error;
    }
    const previous = await this.session();
    if (previous) await this.signOut();
    if ((await this.storage.getCursorTeam()) !== redeemed.team.id) {
      await this.resetCursor();
      await this.storage.setCursorTeam(redeemed.team.id);
    }
    const session: Session = { serverUrl: baseUrl, token: redeemed.token, agent: redeemed.agent, team: redeemed.team };
    await this.setSession(session);
    await this.db.setMeta('agent', redeemed.agent);
    this.signedOutMessage = null;
    this.phase = { state: 'syncing', message: null };
    this.announce(['meta']);
    this.connect(session);
    // Not awaited: a first sync of a large team takes seconds, and the status shows its progress.
    void this.request('sign-in');
    return this.status();
  }

  /** Revokes this browser's token and stops syncing. Local data and unsent changes stay for the next sign-in. */
  async signOut(): Promise<SignOutResult> {
    const session = await this.session();
    if (!session) return { revoked: true };
    let revoked = true;
    try {
      await this.api(session).revoke();
    } catch (error) {
      // Already revoked is as good as revoked; an unreachable server is not.
      revoked = error instanceof SyncError && error.kind === 'unauthorized';
    }
    await this.endSession(session, revoked ? null : 'Signed out here, but the server could not be reached to revoke this browser’s token.');
    return { revoked };
  }

  async dismissRejected(ids: readonly number[]): Promise<void> {
    const drop = new Set(ids);
    await this.storage.setRejected((await this.storage.getRejected()).filter((r) => !drop.has(r.id)));
    this.announce(['meta']);
  }

  private async endSession(session: Session, message: string | null) {
    const current = await this.session();
    if (current?.token !== session.token) return; // a newer sign-in replaced it meanwhile
    this.socket?.close();
    this.socket = undefined;
    clearTimeout(this.retryTimer);
    await this.setSession(null);
    await this.db.setMeta('agent', null);
    await this.db.setMeta('agents', []);
    this.signedOutMessage = message;
    this.announce(['meta']);
  }

  private async recordRejected(rejections: RejectedChange[]) {
    const known = await this.storage.getRejected();
    const ids = new Set(known.map((r) => r.id));
    const fresh = rejections.filter((r) => !ids.has(r.id)).reverse();
    await this.storage.setRejected([...fresh, ...known].slice(0, KEPT_REJECTIONS));
  }

  private async resetCursor() {
    await this.db.meta.bulkPut([
      { key: 'pullCursor', value: 0 },
      { key: 'snapshot', value: null },
    ]);
    this.knownSeq = 0;
  }

  /** The session as stored; kept in memory too, since only this engine writes it and every cycle reads it. */
  private session(): Promise<Session | null> {
    this.cachedSession ??= this.storage.getSession();
    return this.cachedSession;
  }

  private async setSession(session: Session | null) {
    this.cachedSession = Promise.resolve(session);
    await this.storage.setSession(session);
  }

  private async clientId(): Promise<string> {
    this.cachedClientId ??= this.readClientId();
    return this.cachedClientId;
  }

  private readClientId(): Promise<string> {
    return this.db.transaction('rw', this.db.meta, async () => {
      const known = await this.db.getMeta('clientId');
      if (known) return known;
      const id = crypto.randomUUID().replaceAll('-', '');
      await this.db.setMeta('clientId', id);
      return id;
    });
  }

  private connect(session: Session) {
    const { openSocket, isActive = () => true } = this.options;
    if (!openSocket) return;
    this.socket?.close();
    this.socket = new PokeSocket({
      url: liveSocketUrl(session.serverUrl),
      token: session.token,
      open: openSocket,
      isActive,
      onPoke: (seq, first) => {
        this.pokedSeq = Math.max(this.pokedSeq, seq);
        // A (re)connect is the moment the server is back: send what waited, even when nobody else wrote meanwhile.
        if (first) void this.request('reconnect');
        else if (seq > this.knownSeq) void this.request('poke');
      },
      // Finds out at once whether the server is gone (offline) or just the socket dropped.
      onDisconnected: () => void this.request('disconnect'),
      // The next request meets the same 401 and ends the session with a message.
      onUnauthorized: () => void this.request('disconnect'),
    });
  }

  private api(session: Session): SyncApi {
    return createSyncApi({ baseUrl: session.serverUrl, token: session.token, fetch: this.fetch });
  }

  /** Returns whether it changed (and so was announced). */
  private setPhase(state: Exclude<SyncState, 'signed-out'>, message: string | null): boolean {
    if (this.phase.state === state && this.phase.message === message) return false;
    this.phase = { state, message };
    this.announce(['meta']);
    return true;
  }

  /** Tells sidebars and pages what changed, without counting it as a local write to push. */
  private announce(tables: DeskTable[]) {
    if (tables.length === 0) return;
    this.announcing = true;
    try {
      this.db.changed(tables);
    } finally {
      this.announcing = false;
    }
  }
}
