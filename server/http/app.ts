/**
 * The HTTP API. Every handler behind the bearer-token middleware works only on the team of the bearer token;
 * nothing in a path, query or body can name another team.
 */
import { upgradeWebSocket } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { createInviteRequestSchema, limits, paths, pullQuerySchema, pushRequestSchema, redeemRequestSchema, snapshotQuerySchema } from '../../lib/sync/protocol';
import { AuthError, authenticate, createInvite, getTeam, listAgents, redeemInvite, revokeAgentTokens, revokeToken } from '../auth';
import type { Config } from '../config';
import type { LiveHub } from '../live';
import type { Store } from '../store/db';
import { asJson, CursorAheadError, pull } from '../sync/pull';
import { push } from '../sync/push';
import { snapshot } from '../sync/snapshot';
import { describeIssues } from '../validation';
import { liveSocketEvents } from './live-socket';
import { clientAddress, extensionOriginsOnly, fail, isExtensionOrigin, rateLimited, readJson, requestLog, type Env } from './middleware';
import { RateLimiter } from './rate-limit';

export interface AppDeps {
  store: Store;
  hub: LiveHub;
  config: Pick<Config, 'rateLimit' | 'signInRateLimit' | 'trustProxy'>;
  replicaId: string;
  log: (line: string) => void;
}

/** Pages are written as JSON text (server/sync/pull.ts `asJson` says why). */
const jsonType = { 'Content-Type': 'application/json; charset=UTF-8' };

export function createApp({ store, hub, config, replicaId, log }: AppDeps) {
  const app = new Hono<Env>();
  const perToken = new RateLimiter(config.rateLimit.burst, config.rateLimit.perSecond);
  const perAddress = new RateLimiter(config.signInRateLimit.burst, config.signInRateLimit.perSecond);

  app.use(requestLog(log));
  app.use(extensionOriginsOnly);
  app.use(
    cors({
      origin: (origin) => (isExtensionOrigin(origin) ? origin : null),
      allowHeaders: ['Authorization', 'Content-Type'],
      allowMethods: ['GET', 'POST', 'DELETE'],
      maxAge: 600,
    }),
  );
  app.use(
    bodyLimit({
      maxSize: limits.maxBodyBytes,
      onError: (c) => fail(c, 413, `The request body is larger than ${limits.maxBodyBytes} bytes; send fewer mutations per push.`),
    }),
  );
  app.onError((error, c) => {
    log(`error on ${c.req.method} ${c.req.path}: ${error.stack ?? error.message}`);
    return fail(c, 500, 'The server could not complete this request; nothing was saved. Try again in a moment.');
  });
  app.notFound((c) => fail(c, 404, `There is no ${c.req.method} ${c.req.path} on this server; check the server URL.`));

  app.get(paths.health, (c) => c.json({ ok: true }));

  app.post(
    paths.redeem,
    rateLimited(perAddress, (c) => clientAddress(c, config.trustProxy)),
    async (c) => {
      const body = await readJson(c, redeemRequestSchema);
      if (!body.ok) return body.response;
      try {
        return c.json(await redeemInvite(store, body.value.code, body.value.name), 201);
      } catch (error) {
        if (error instanceof AuthError) return fail(c, 400, error.message);
        throw error;
      }
    },
  );

  app.get(paths.live, upgradeWebSocket(() => liveSocketEvents(store, hub)));

  // Registered after the open routes above: those answer before this runs; everything below needs a token.
  app.use('/v1/*', async (c, next) => {
    const header = c.req.header('Authorization');
    const token = header?.match(/^Bearer (\S+)$/)?.[1];
    if (!token) return fail(c, 401, 'Sign in first: send the token you received as "Authorization: Bearer <token>".');
    const auth = await authenticate(store, token);
    if (!auth) return fail(c, 401, 'This token is unknown or was revoked. Sign in again with a new invite code.');
    c.set('auth', auth);
    await next();
  });
  app.use('/v1/*', rateLimited(perToken, (c) => c.get('auth').tokenId));

  app.get(paths.me, async (c) => {
    const { agent, teamId } = c.get('auth');
    return c.json({ agent, team: await getTeam(store, teamId) });
  });

  app.get(paths.agents, async (c) => c.json({ agents: await listAgents(store, c.get('auth').teamId) }));

  app.post(paths.invites, async (c) => {
    const { agent, teamId } = c.get('auth');
    if (agent.role !== 'admin') return fail(c, 403, 'Only a team admin can create invites; ask one of your admins.');
    const body = await readJson(c, createInviteRequestSchema);
    if (!body.ok) return body.response;
    return c.json(await createInvite(store, teamId, { ...body.value, createdBy: agent.id }), 201);
  });

  app.delete(paths.currentToken, async (c) => {
    await revokeToken(store, c.get('auth'));
    return c.body(null, 204);
  });

  app.delete('/v1/agents/:agentId/tokens', async (c) => {
    const { agent, teamId } = c.get('auth');
    const agentId = c.req.param('agentId');
    if (agent.role !== 'admin' && agent.id !== agentId) return fail(c, 403, "Only a team admin can sign out another agent's browsers.");
    if (!(await revokeAgentTokens(store, teamId, agentId))) return fail(c, 404, `There is no agent ${agentId} in your team.`);
    return c.body(null, 204);
  });

  app.post(paths.push, async (c) => {
    const body = await readJson(c, pushRequestSchema);
    if (!body.ok) return body.response;
    const auth = c.get('auth');
    const { response, changed } = await push(store, auth, body.value, replicaId);
    if (changed) hub.poke(auth.teamId, response.seq);
    return c.json(response);
  });

  app.get(paths.pull, async (c) => {
    const query = pullQuerySchema.safeParse(c.req.query());
    if (!query.success) return fail(c, 400, `The pull query is invalid: ${describeIssues(query.error)}.`);
    try {
      return c.body(asJson(await pull(store, c.get('auth'), query.data.cursor, query.data.limit)), 200, jsonType);
    } catch (error) {
      if (error instanceof CursorAheadError) return fail(c, 409, error.message);
      throw error;
    }
  });

  app.get(paths.snapshot, async (c) => {
    const query = snapshotQuerySchema.safeParse(c.req.query());
    if (!query.success) return fail(c, 400, `The snapshot query is invalid: ${describeIssues(query.error)}.`);
    return c.body(asJson(await snapshot(store, c.get('auth'), query.data.after, query.data.limit)), 200, jsonType);
  });

  return app;
}
