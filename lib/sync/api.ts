/**
 * The server's HTTP API as the background calls it. Every failure becomes a SyncError whose `kind`
 * says what the engine should do: wait for the network, back off, sign out, or give up on a request.
 */
import type { z } from 'zod';
import {
  agentsResponseSchema,
  errorBodySchema,
  meResponseSchema,
  paths,
  pullResponseSchema,
  pushResponseSchema,
  redeemResponseSchema,
  snapshotResponseSchema,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type SnapshotResponse,
} from './protocol';
import { measure } from '../measure';

export type SyncErrorKind =
  /** The server could not be reached (or did not answer in time). */
  | 'offline'
  /** The token is unknown or revoked. */
  | 'unauthorized'
  /** 429 or 5xx: try again later (`retryAfterMs` when the server said when). */
  | 'busy'
  /** The pull cursor is ahead of the server's sequence: the server was reset or restored. */
  | 'cursor-ahead'
  /** Any other 4xx: this exact request will never succeed. */
  | 'refused';

export class SyncError extends Error {
  constructor(
    readonly kind: SyncErrorKind,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'SyncError';
  }
}

export type Fetch = (input: Request) => Promise<Response>;

export interface SyncApiOptions {
  baseUrl: string;
  token?: string;
  fetch?: Fetch;
  timeoutMs?: number;
}

export type SyncApi = ReturnType<typeof createSyncApi>;

export function createSyncApi({ baseUrl, token, fetch = (request) => globalThis.fetch(request), timeoutMs = 20_000 }: SyncApiOptions) {
  async function call<T>(method: string, path: string, schema: z.ZodType<T> | null, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const request = new Request(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The wire, then the checking.
    const start = performance.now();
    let response: Response;
    try {
      response = await fetch(request);
    } catch {
      throw new SyncError('offline', `Cannot reach ${baseUrl}. Changes are kept here and sent when it is back.`);
    }
    if (!response.ok) throw await failure(response);
    const text = await response.text();
    const received = measure(`sidedesk:fetch ${path}`, start);
    if (!schema) return undefined as T;
    const parsed = schema.safeParse(text ? safeJson(text) : undefined);
    measure(`sidedesk:check ${path}`, received.startTime + received.duration);
    if (!parsed.success) throw new SyncError('busy', `${baseUrl} answered ${method} ${path} with something that is not a Sidedesk server's reply.`);
    return parsed.data;
  }

  return {
    redeem: (code: string, name: string) => call('POST', paths.redeem, redeemResponseSchema, { code, name }),
    me: () => call('GET', paths.me, meResponseSchema),
    agents: async () => (await call('GET', paths.agents, agentsResponseSchema)).agents,
    push: (request: PushRequest): Promise<PushResponse> => call('POST', paths.push, pushResponseSchema, request),
    pull: (cursor: number, limit: number) => call('GET', `${paths.pull}?cursor=${cursor}&limit=${limit}`, pullResponseSchema) as Promise<PullResponse>,
    snapshot: (after: string, limit: number) => call('GET', `${paths.snapshot}?after=${after}&limit=${limit}`, snapshotResponseSchema) as Promise<SnapshotResponse>,
    /** Revokes the token this client holds. */
    revoke: () => call('DELETE', paths.currentToken, null),
  };
}

async function failure(response: Response): Promise<SyncError> {
  const body = errorBodySchema.safeParse(safeJson(await response.text().catch(() => '')));
  const said = body.success ? body.data.error : `The server answered ${response.status} ${response.statusText}.`;
  if (response.status === 401) return new SyncError('unauthorized', said);
  if (response.status === 409) return new SyncError('cursor-ahead', said);
  if (response.status === 429 || response.status >= 500) {
    const seconds = Number(response.headers.get('Retry-After'));
    return new SyncError('busy', said, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined);
  }
  return new SyncError('refused', said);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The server's base URL as the agent typed it, checked and without a trailing slash. */
export function normalizeServerUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new Error('Enter the server address, e.g. https://desk.example.com');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('The server address must start with https:// (or http:// on your own machine).');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** The poke socket's address for a server URL. */
export function liveSocketUrl(serverUrl: string): string {
  return `${serverUrl.replace(/^http/, 'ws')}${paths.live}`;
}
