/**
 * Push (DESIGN.md §5.2): the outbox, oldest first, in batches within the server's limits. An entry
 * leaves the outbox only once the server has answered for it: applied, already applied (a retry),
 * or rejected for good. Retrying a batch is always safe: the server skips mutation ids it has seen.
 */
import { z } from 'zod';
import type { DeskDb, OutboxEntry } from '../db';
import type { Conflict } from '../model';
import { SyncError, type SyncApi } from './api';
import { batchMutations, limits, mutationSchema, type Mutation, type MutationResult } from './protocol';
import type { RejectedChange } from './status';

export interface PushOutcome {
  /** Mutations the server applied (not counting retries it had already applied). */
  applied: number;
  rejected: RejectedChange[];
  /** The team's sequence after the last push: a pull up to it sees everything pushed here. */
  seq: number;
}

/** Where rejections are kept for the UI. Recorded before the entries leave the outbox, so none is lost. */
export interface RejectionLog {
  add(rejections: RejectedChange[]): Promise<void>;
}

export async function pushOutbox(db: DeskDb, api: SyncApi, clientId: string, log: RejectionLog, now: () => number): Promise<PushOutcome> {
  const outcome: PushOutcome = { applied: 0, rejected: [], seq: 0 };
  for (;;) {
    const entries = await db.outbox.orderBy(':id').limit(limits.maxMutationsPerPush).toArray();
    if (entries.length === 0) return outcome;
    const { valid, invalid } = checkLocally(entries, now());
    if (invalid.length) await settle(db, log, invalid.map((r) => ({ id: r.id })), invalid, [], outcome);
    for (const batch of batchMutations(valid, clientId)) await pushBatch(db, api, clientId, log, batch.mutations, now, outcome);
    // Every entry sent has an answer by now; one still here means the reply skipped it, and looping would never end.
    if (await db.outbox.get(entries[0].id!)) throw new SyncError('busy', 'The server did not answer for every change sent; trying again later.');
  }
}

/**
 * Sends one batch. A request the server refuses as a whole (400, 413) is split in halves until the
 * mutation at fault is alone; it is then rejected with the server's sentence, and the rest goes through.
 */
async function pushBatch(db: DeskDb, api: SyncApi, clientId: string, log: RejectionLog, mutations: Mutation[], now: () => number, outcome: PushOutcome): Promise<void> {
  let results: MutationResult[];
  try {
    const response = await api.push({ clientId, mutations });
    results = response.results;
    outcome.seq = Math.max(outcome.seq, response.seq);
  } catch (error) {
    if (!(error instanceof SyncError) || error.kind !== 'refused') throw error;
    if (mutations.length === 1) {
      const rejection = rejectionOf(mutations[0], error.message, now());
      return settle(db, log, [{ id: mutations[0].id }], [rejection], [], outcome);
    }
    const half = Math.ceil(mutations.length / 2);
    await pushBatch(db, api, clientId, log, mutations.slice(0, half), now, outcome);
    return pushBatch(db, api, clientId, log, mutations.slice(half), now, outcome);
  }
  const byId = new Map(mutations.map((m) => [m.id, m]));
  const rejected = results.flatMap((r) => (r.status === 'rejected' && byId.has(r.id) && !alreadyThere(r, byId.get(r.id)!) ? [rejectionOf(byId.get(r.id)!, r.reason, now())] : []));
  const conflicts = results.flatMap((r) => (r.status === 'applied' ? r.conflicts : []));
  outcome.applied += results.filter((r) => r.status === 'applied').length;
  await settle(db, log, results.filter((r) => byId.has(r.id)), rejected, conflicts, outcome);
}

async function settle(db: DeskDb, log: RejectionLog, answered: { id: number }[], rejected: RejectedChange[], conflicts: Conflict[], outcome: PushOutcome) {
  if (rejected.length) await log.add(rejected);
  await db.transaction('rw', db.outbox, db.conflicts, async () => {
    await db.outbox.bulkDelete(answered.map((r) => r.id));
    if (conflicts.length) await db.conflicts.bulkPut(conflicts);
  });
  outcome.rejected.push(...rejected);
  if (conflicts.length) db.changed(['conflicts']);
}

/**
 * An insert of a row the server already has: ids are random ULIDs, so only rows every browser
 * creates with the same fixed id (the starter pack) meet this. The server's row arrives by pull;
 * there is nothing for the agent to read or do.
 */
function alreadyThere(result: MutationResult, mutation: Mutation): boolean {
  return result.status === 'rejected' && result.code === 'exists' && mutation.op === 'insert';
}

/** Entries that could never be sent (a broken row, or one larger than a whole push may be) are rejected here. */
function checkLocally(entries: OutboxEntry[], at: number): { valid: Mutation[]; invalid: RejectedChange[] } {
  const valid: Mutation[] = [];
  const invalid: RejectedChange[] = [];
  for (const entry of entries) {
    const parsed = mutationSchema.safeParse(entry);
    if (!parsed.success) {
      invalid.push(rejectionOf(entry as Mutation, `This change cannot be sent: ${z.prettifyError(parsed.error)}`, at));
    } else if (new TextEncoder().encode(JSON.stringify(parsed.data)).length > limits.maxBodyBytes - 200) {
      invalid.push(rejectionOf(parsed.data, `This change is larger than the server accepts (${limits.maxBodyBytes} bytes).`, at));
    } else {
      valid.push(parsed.data);
    }
  }
  return { valid, invalid };
}

function rejectionOf(mutation: Pick<Mutation, 'id' | 'table' | 'op' | 'rowId'>, reason: string, at: number): RejectedChange {
  return { id: mutation.id, table: mutation.table, op: mutation.op, rowId: mutation.rowId, reason, at };
}
