/**
 * One push = one transaction: lock the team row (which serialises pushes of a team, so seq order
 * is commit order), skip mutation ids this client has already had applied, apply the rest in
 * order, then store the new sequence and the client's high-water mark together.
 */
import { sql } from 'kysely';
import type { PushRequest, PushResponse } from '../../lib/sync/protocol';
import type { Auth } from '../auth';
import type { Store } from '../store/db';
import { MutationApplier, messageDedupeKey } from './apply';
import { RowWriter } from './rows';

export const POKE_CHANNEL = 'sidedesk_poke';

export interface PushOutcome {
  response: PushResponse;
  /** True when the team's sequence moved, i.e. other agents have something to pull. */
  changed: boolean;
}

export async function push(store: Store, auth: Auth, request: PushRequest, replicaId: string): Promise<PushOutcome> {
  const { teamId } = auth;
  const agentId = auth.agent.id;
  return store.db.transaction().execute(async (trx) => {
    const team = await trx
      .updateTable('teams')
      .set((eb) => ({ seq: eb.ref('seq') }))
      .where('id', '=', teamId)
      .returning(['seq', 'next_ticket_number'])
      .executeTakeFirstOrThrow();
    const client = await trx
      .selectFrom('sync_clients')
      .select('last_mutation_id')
      .where('team_id', '=', teamId)
      .where('agent_id', '=', agentId)
      .where('client_id', '=', request.clientId)
      .executeTakeFirst();
    let lastId = client?.last_mutation_id ?? 0;

    const rows = new RowWriter(trx, teamId, team.seq);
    const applier = new MutationApplier(rows, auth, request.clientId, Date.now(), team.next_ticket_number, async () =>
      (await trx.selectFrom('agents').select('id').where('team_id', '=', teamId).execute()).map((agent) => agent.id),
    );
    const fresh = request.mutations.filter((mutation) => mutation.id > lastId);
    await rows.preload(fresh.flatMap((m) => [m.rowId, m.fields.customerId, m.fields.ticketId].filter((id): id is string => typeof id === 'string')));
    await rows.preloadDedupeKeys(fresh.filter((m) => m.table === 'messages' && m.op === 'insert').map((m) => messageDedupeKey(m.fields)));

    const results: PushResponse['results'] = [];
    for (const mutation of request.mutations) {
      if (mutation.id <= lastId) {
        results.push({ id: mutation.id, status: 'duplicate' });
        continue;
      }
      results.push(await applier.apply(mutation));
      lastId = mutation.id;
    }

    await rows.flush();
    const changed = rows.seq !== team.seq;
    if (changed) {
      await trx.updateTable('teams').set({ seq: rows.seq, next_ticket_number: applier.nextTicketNumber }).where('id', '=', teamId).execute();
      // Delivered to every replica's listener when (and only if) this transaction commits.
      if (store.dialect === 'postgres') {
        await sql`SELECT pg_notify(${POKE_CHANNEL}, ${JSON.stringify({ teamId, seq: rows.seq, replicaId })})`.execute(trx);
      }
    }
    await trx
      .insertInto('sync_clients')
      .values({ team_id: teamId, agent_id: agentId, client_id: request.clientId, last_mutation_id: lastId })
      .onConflict((oc) => oc.columns(['team_id', 'agent_id', 'client_id']).doUpdateSet({ last_mutation_id: lastId }))
      .execute();
    return { response: { results, seq: rows.seq }, changed };
  });
}
