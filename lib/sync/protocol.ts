/**
 * The sync protocol between the extension's background and the server (DESIGN.md §5), and the
 * small auth API around it. Both sides validate with these schemas, so a client can check a
 * mutation before it enters the outbox instead of learning from a rejection.
 */
import { z } from 'zod';
import {
  agentSchema,
  conflictSchema,
  customerSchema,
  idSchema,
  messageSchema,
  noteSchema,
  roles,
  teamSchema,
  templateSchema,
  ticketSchema,
  type Conflict,
  type Customer,
  type Message,
  type Note,
  type Template,
  type Ticket,
} from '../model';

export const limits = {
  maxMutationsPerPush: 500,
  /** Request bodies above this are refused with 413; batchMutations keeps pushes below it. */
  maxBodyBytes: 1_000_000,
  defaultPullLimit: 500,
  /**
   * Rows per pull or snapshot page, at most. A fresh browser applies its copy a page per
   * transaction: pages of 4,000 rows instead of 1,000 took its first sync from 11.4 to 8.3 s.
   */
  maxPullLimit: 4_000,
  /** A page ends sooner once its rows pass this much JSON (counted in characters): a few long messages make a short page. */
  maxPageBytes: 4_000_000,
} as const;

export const paths = {
  push: '/v1/sync/push',
  pull: '/v1/sync/pull',
  /** A fresh browser's first copy of the team (server/sync/snapshot.ts). */
  snapshot: '/v1/sync/snapshot',
  live: '/v1/live',
  redeem: '/v1/auth/redeem',
  me: '/v1/me',
  agents: '/v1/agents',
  invites: '/v1/invites',
  /** DELETE: sign out (revokes the token that makes the request). */
  currentToken: '/v1/tokens/current',
  /** DELETE: an admin revokes every token of an agent (or an agent their own). */
  agentTokens: (agentId: string) => `/v1/agents/${agentId}/tokens`,
  health: '/health',
} as const;

/** Tables clients write through push. */
export const syncTables = ['customers', 'tickets', 'messages', 'notes', 'templates'] as const;
export type SyncTable = (typeof syncTables)[number];
/** Tables clients receive through pull: the above plus the server's record of overwrites. */
export const pullTables = [...syncTables, 'conflicts'] as const;
export type PullTable = (typeof pullTables)[number];

export interface RowOf {
  customers: Customer;
  tickets: Ticket;
  messages: Message;
  notes: Note;
  templates: Template;
  conflicts: Conflict;
}

/**
 * insert: a new row (fields = the row minus id and server-owned fields).
 * update: some fields of an existing row; each field is last-writer-wins in server arrival order.
 * delete: a tombstone. erase (customers): the customer and everything about them, everywhere.
 * increment (templates.usageCount): adds to a counter, so concurrent uses all count.
 */
export const mutationOps = ['insert', 'update', 'delete', 'erase', 'increment'] as const;
export type MutationOp = (typeof mutationOps)[number];

export const allowedOps: Record<SyncTable, readonly MutationOp[]> = {
  customers: ['insert', 'update', 'delete', 'erase'],
  tickets: ['insert', 'update', 'delete'],
  messages: ['insert'],
  notes: ['insert'],
  templates: ['insert', 'update', 'delete', 'increment'],
};

/**
 * Fields the server sets itself (from the token, its clock or its counters). A client may keep
 * them in its rows and send them back; the server ignores them.
 */
export const serverOwnedFields: Record<SyncTable, readonly string[]> = {
  customers: ['id', 'createdBy', 'updatedBy'],
  tickets: ['id', 'number', 'statusHistory', 'createdBy', 'updatedBy'],
  messages: ['id', 'createdBy'],
  notes: ['id', 'authorId'],
  templates: ['id', 'ownerId', 'createdBy', 'updatedBy'],
};

/** Set once at insert; an update that names them is rejected. */
const immutableFields: Record<SyncTable, readonly string[]> = {
  customers: ['createdAt'],
  tickets: ['createdAt'],
  messages: [],
  notes: [],
  templates: ['createdAt', 'usageCount'],
};

const rowSchemas = {
  customers: customerSchema,
  tickets: ticketSchema,
  messages: messageSchema,
  notes: noteSchema,
  templates: templateSchema,
} as const;

function withoutServerOwned(table: SyncTable) {
  const owned = new Set(serverOwnedFields[table]);
  return (fields: unknown) =>
    fields && typeof fields === 'object' && !Array.isArray(fields)
      ? Object.fromEntries(Object.entries(fields).filter(([key]) => !owned.has(key)))
      : fields;
}

function omitKeys<T extends z.ZodObject>(schema: T, keys: readonly string[]) {
  return schema.omit(Object.fromEntries(keys.map((key) => [key, true])) as never) as z.ZodObject;
}

const clientTimes = { createdAt: true, updatedAt: true } as const;

function insertSchema(table: SyncTable) {
  const schema = omitKeys(rowSchemas[table], serverOwnedFields[table]);
  // Times default to the server's clock; a client sends them when the change was made offline.
  const times = Object.keys(clientTimes).filter((key) => key in schema.shape);
  const optionalTimes = schema.partial(Object.fromEntries(times.map((key) => [key, true])) as never);
  return z.preprocess(withoutServerOwned(table), (optionalTimes as z.ZodObject).strict());
}

function updateSchema(table: SyncTable) {
  const schema = omitKeys(rowSchemas[table], [...serverOwnedFields[table], ...immutableFields[table]]);
  return z.preprocess(
    withoutServerOwned(table),
    schema
      .partial()
      .strict()
      .refine((fields) => Object.keys(fields).length > 0, { error: 'an update must change at least one field' }),
  );
}

function perTable<T>(make: (table: SyncTable) => T): Record<SyncTable, T> {
  return Object.fromEntries(syncTables.map((table) => [table, make(table)])) as Record<SyncTable, T>;
}
const insertSchemas = perTable<z.ZodType>(insertSchema);
const updateSchemas = perTable<z.ZodType>(updateSchema);

const emptyFields = z.strictObject({}, { error: 'takes no fields' });

/** The schema a mutation's `fields` must satisfy, or undefined when the op is not allowed on the table. */
export function fieldsSchema(table: SyncTable, op: MutationOp): z.ZodType | undefined {
  if (!allowedOps[table].includes(op)) return undefined;
  switch (op) {
    case 'insert':
      return insertSchemas[table];
    case 'update':
      return updateSchemas[table];
    case 'increment':
      return z.strictObject({ usageCount: z.int().min(1).max(1_000) });
    case 'delete':
    case 'erase':
      return emptyFields;
  }
}


export const mutationSchema = z.strictObject({
  /** Monotonic per client: the server skips ids it has already seen from this client. */
  id: z.int().positive().max(Number.MAX_SAFE_INTEGER),
  table: z.enum(syncTables),
  op: z.enum(mutationOps),
  rowId: idSchema,
  /** The row's seq as the client last saw it (0 when new): how the server notices overwrites. */
  baseSeq: z.int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  fields: z.record(z.string(), z.unknown()),
});
export type Mutation = z.infer<typeof mutationSchema>;

/** One browser profile's install: generated once (a ULID is fine) and kept with the outbox. */
export const clientIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'clientId must be 8 to 64 letters, digits, "-" or "_"' });

export const pushRequestSchema = z
  .strictObject({
    clientId: clientIdSchema,
    mutations: z.array(mutationSchema).min(1).max(limits.maxMutationsPerPush, {
      error: `at most ${limits.maxMutationsPerPush} mutations per push; send the rest in another push`,
    }),
  })
  .refine(({ mutations }) => mutations.every((m, i) => i === 0 || m.id > mutations[i - 1].id), {
    error: 'mutation ids must increase within a push',
    path: ['mutations'],
  });
export type PushRequest = z.infer<typeof pushRequestSchema>;

/** Why a mutation can never apply. The client drops it from the queue and shows `reason`. */
export const rejectionCodes = ['invalid', 'not_allowed', 'not_found', 'exists', 'deleted', 'forbidden'] as const;

export const mutationResultSchema = z.discriminatedUnion('status', [
  z.object({
    id: z.int(),
    status: z.literal('applied'),
    /** The row's new seq. */
    seq: z.int(),
    /** Values of other agents this mutation replaced (also delivered by pull as `conflicts`). */
    conflicts: z.array(conflictSchema),
  }),
  z.object({
    id: z.int(),
    status: z.literal('duplicate'),
    /** For a message already logged under another id: the id it has on the server. */
    existingRowId: idSchema.optional(),
  }),
  z.object({ id: z.int(), status: z.literal('rejected'), code: z.enum(rejectionCodes), reason: z.string() }),
]);
export type MutationResult = z.infer<typeof mutationResultSchema>;

export const pushResponseSchema = z.object({
  /** One per mutation, in request order. */
  results: z.array(mutationResultSchema),
  /** The team's change sequence after this push. */
  seq: z.int(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const pullQuerySchema = z.object({
  cursor: z.coerce.number({ error: 'cursor must be a number' }).int().nonnegative().default(0),
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int()
    .min(1)
    .max(limits.maxPullLimit, { error: `limit must be at most ${limits.maxPullLimit}` })
    .default(limits.defaultPullLimit),
});

export type PullChange = {
  [T in PullTable]: { table: T; id: string; seq: number; deleted: false; row: RowOf[T] } | { table: T; id: string; seq: number; deleted: true };
}[PullTable];

/**
 * A pulled row: a JSON object, as `z.record(z.string(), z.unknown())` would check, without visiting
 * each field (4 ms of a 1,000-row page, a second of a first sync's worker time).
 */
const pulledRowSchema = z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), { error: 'row must be an object' });

export const pullChangeSchema = z.discriminatedUnion('deleted', [
  z.object({ table: z.enum(pullTables), id: idSchema, seq: z.int(), deleted: z.literal(false), row: pulledRowSchema }),
  z.object({ table: z.enum(pullTables), id: idSchema, seq: z.int(), deleted: z.literal(true) }),
]);

export const pullResponseSchema = z.object({
  /** Ordered by seq. A row appears at most once per page, with its latest state. */
  changes: z.array(pullChangeSchema),
  /** Store it with the page (same transaction) and send it as the next `cursor`. */
  cursor: z.int(),
  /** True when more changes follow: pull again at once. */
  more: z.boolean(),
  /** The team's latest seq when the page was read: how far a browser catching up has to go. */
  head: z.int().optional(),
});
export type PullResponse = Omit<z.infer<typeof pullResponseSchema>, 'changes'> & { changes: PullChange[] };

export const snapshotQuerySchema = z.object({
  after: z
    .string()
    .regex(/^[0-9A-Z]{0,52}$/, { error: 'after must be the `after` of the previous snapshot page, or empty' })
    .default(''),
  limit: pullQuerySchema.shape.limit,
});

export const snapshotResponseSchema = z.object({
  /** Every row of the team (tombstones too), each ticket's messages right after it; not in seq order. */
  changes: z.array(pullChangeSchema),
  /** Send it as the next page's `after`; null on the last page. */
  after: z.string().nullable(),
  /** The team's latest seq: once done, pull from the first page's head on. */
  head: z.int(),
  /** On the first page: how many rows the snapshot holds. */
  total: z.int().optional(),
});
export type SnapshotResponse = Omit<z.infer<typeof snapshotResponseSchema>, 'changes'> & { changes: PullChange[] };

/** WebSocket at `paths.live`: the client's first message authenticates it. */
export const liveHelloSchema = z.strictObject({ token: z.string().min(1).max(200) });
/** Every later server message: the team's sequence moved; pull until `more` is false. */
export const pokeSchema = z.object({ seq: z.int() });
export type Poke = z.infer<typeof pokeSchema>;
export const liveCloseCodes = { unauthorized: 4401, helloTimeout: 4408, shuttingDown: 1001 } as const;

export const redeemRequestSchema = z.strictObject({
  code: z.string().trim().min(1, { error: 'enter the invite code you were given' }).max(100),
  name: z.string().trim().min(1, { error: 'enter your name as the team should see it' }).max(100),
});
export const redeemResponseSchema = z.object({
  /** Shown once: the server keeps only its hash. Send as `Authorization: Bearer <token>`. */
  token: z.string(),
  agent: agentSchema,
  team: teamSchema,
});
export const meResponseSchema = z.object({ agent: agentSchema, team: teamSchema });
export const agentsResponseSchema = z.object({ agents: z.array(agentSchema) });
export const createInviteRequestSchema = z.strictObject({
  role: z.enum(roles).default('agent'),
  maxUses: z.int().min(1).max(1_000).default(1),
  expiresInHours: z.number().positive().max(24 * 90).default(24 * 7),
});
export const createInviteResponseSchema = z.object({ code: z.string(), role: z.enum(roles), maxUses: z.int(), expiresAt: z.int() });

/** Every 4xx/5xx body: a sentence a person can act on. */
export const errorBodySchema = z.object({ error: z.string() });

/** Splits an outbox into pushes that respect both the mutation and the body-size limits. */
export function batchMutations(mutations: readonly Mutation[], clientId: string): PushRequest[] {
  const encoder = new TextEncoder();
  const envelope = encoder.encode(JSON.stringify({ clientId, mutations: [] })).length;
  const batches: PushRequest[] = [];
  let current: Mutation[] = [];
  let size = envelope;
  for (const mutation of mutations) {
    const bytes = encoder.encode(JSON.stringify(mutation)).length + 1;
    if (current.length > 0 && (current.length === limits.maxMutationsPerPush || size + bytes > limits.maxBodyBytes)) {
      batches.push({ clientId, mutations: current });
      current = [];
      size = envelope;
    }
    current.push(mutation);
    size += bytes;
  }
  if (current.length > 0) batches.push({ clientId, mutations: current });
  return batches;
}
