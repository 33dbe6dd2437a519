import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { z } from 'zod';
import type { Auth } from '../auth';
import { describeIssues } from '../validation';
import type { RateLimiter } from './rate-limit';

export type Env = { Variables: { auth: Auth } };

/** Every error body: one sentence a person can act on. */
export function fail(c: Context, status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500, error: string) {
  return c.json({ error }, status);
}

const extensionOrigin = /^(chrome|moz)-extension:\/\/[A-Za-z0-9-]+$/;
export const isExtensionOrigin = (origin: string) => extensionOrigin.test(origin);

/**
 * Browsers send Origin on cross-origin requests: anything but the extension is refused before it
 * reaches a handler, so a web page cannot drive the API with a token it somehow holds.
 */
export const extensionOriginsOnly: MiddlewareHandler = async (c, next) => {
  const origin = c.req.header('Origin');
  if (origin && !isExtensionOrigin(origin)) {
    return fail(c, 403, `Requests from ${origin} are not accepted: this server only talks to the Sidedesk extension.`);
  }
  await next();
};

/** One line per request; never the query string or body, which may carry personal data. */
export function requestLog(log: (line: string) => void): MiddlewareHandler<Env> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const agent = c.get('auth')?.agent.id;
    const ms = (performance.now() - started).toFixed(1);
    log(`${new Date().toISOString()} ${c.req.method} ${c.req.path} ${c.res.status} ${ms}ms${agent ? ` agent=${agent}` : ''}`);
  };
}

export function rateLimited(limiter: RateLimiter, keyOf: (c: Context<Env>) => string): MiddlewareHandler<Env> {
  return async (c, next) => {
    const verdict = limiter.take(keyOf(c));
    if (!verdict.ok) {
      c.header('Retry-After', String(verdict.retryAfterSeconds));
      return fail(c, 429, `Too many requests; wait ${verdict.retryAfterSeconds} s and try again.`);
    }
    await next();
  };
}

export function clientAddress(c: Context, trustProxy: boolean): string {
  const forwarded = trustProxy ? c.req.header('X-Forwarded-For')?.split(',')[0]?.trim() : undefined;
  if (forwarded) return forwarded;
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // requests made in-process (tests) have no socket
  }
}

/** The JSON body checked against a schema, or a 4xx response saying what is wrong with it. */
export async function readJson<T>(c: Context, schema: z.ZodType<T>): Promise<{ ok: true; value: T } | { ok: false; response: Response }> {
  if (!c.req.header('Content-Type')?.toLowerCase().startsWith('application/json')) {
    return { ok: false, response: fail(c, 415, 'Send the body as JSON with Content-Type: application/json.') };
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return { ok: false, response: fail(c, 400, 'The request body is not valid JSON.') };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) return { ok: false, response: fail(c, 400, `The request is invalid: ${describeIssues(parsed.error)}.`) };
  return { ok: true, value: parsed.data };
}
