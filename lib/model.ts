/**
 * The domain model shared by the extension (Dexie rows) and the server (sync validation).
 * Rows are plain JSON: ids are client-generated ULIDs, times are UTC milliseconds, and an unset
 * optional value is `null` rather than missing, so that "clear this field" is an ordinary write.
 */
import { z } from 'zod';
import { platforms, type Channel, type Platform } from './sites/types';

export type { Channel, Platform };

export const idSchema = z.ulid({ error: 'must be a ULID (26 characters, Crockford base32)' });
export const timeSchema = z.int().nonnegative({ error: 'must be a time in UTC milliseconds' });

const platformSchema = z.enum(platforms as [Platform, ...Platform[]]);
export const channels = ['dm', 'comment', 'reply', 'mention', 'post'] as const satisfies readonly Channel[];
export const ticketStatuses = ['open', 'pending', 'snoozed', 'resolved', 'closed'] as const;
export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export const roles = ['admin', 'agent'] as const;
export const templateScopes = ['personal', 'team'] as const;

const shortText = z.string().trim().max(200);
const longText = z.string().max(20_000);
const optionalShortText = shortText.nullable();
const tagsSchema = z.array(z.string().trim().min(1).max(50)).max(50);
const urlSchema = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2_000);

/** Who last changed a row, and who created it: agent ids, set by the server from the token. */
const authorship = {
  createdAt: timeSchema,
  createdBy: idSchema,
  updatedAt: timeSchema,
  updatedBy: idSchema,
};

export const identitySchema = z.object({
  platform: platformSchema,
  handle: z.string().trim().min(1).max(200),
  userId: z.string().max(200).optional(),
  profileUrl: urlSchema.optional(),
  displayName: z.string().max(200).optional(),
});

export const customerSchema = z.object({
  id: idSchema,
  name: shortText,
  identities: z.array(identitySchema).max(20),
  email: z.email().max(320).nullable(),
  phone: z.string().trim().max(50).nullable(),
  /** BCP 47 tag, e.g. "en", "fil", "ms", "id", "ru". */
  language: z.string().trim().max(35).nullable(),
  tags: tagsSchema,
  vip: z.boolean(),
  notes: longText,
  attributes: z.record(z.string().max(100), z.union([z.string().max(2_000), z.number(), z.boolean(), z.null()])),
  ...authorship,
});

export const statusChangeSchema = z.object({
  status: z.enum(ticketStatuses),
  at: timeSchema,
  by: idSchema,
});

export const ticketSchema = z.object({
  id: idSchema,
  /** The team's human ticket number ("#42"); assigned by the server, null until first synced. */
  number: z.int().positive().nullable(),
  customerId: idSchema,
  platform: platformSchema,
  channel: z.enum(channels),
  /** Stable per thread, e.g. "x:dm:12-34" (see DetectedContext.conversationKey). */
  conversationKey: z.string().min(1).max(500),
  permalink: urlSchema.nullable(),
  subject: shortText,
  status: z.enum(ticketStatuses),
  priority: z.enum(ticketPriorities),
  assigneeId: idSchema.nullable(),
  tags: tagsSchema,
  followUpAt: timeSchema.nullable(),
  snoozedUntil: timeSchema.nullable(),
  firstResponseAt: timeSchema.nullable(),
  resolvedAt: timeSchema.nullable(),
  /** Every status the ticket has had, oldest first; appended by the server. */
  statusHistory: z.array(statusChangeSchema),
  ...authorship,
});

export const messageSchema = z.object({
  id: idSchema,
  ticketId: idSchema,
  role: z.enum(['customer', 'agent']),
  authorName: shortText,
  authorHandle: optionalShortText,
  /** Plain text as the page showed it; never HTML. */
  text: longText,
  /** UTC ms when the page gave a full date and time; otherwise `timeLabel` holds what it showed. */
  sentAt: timeSchema.nullable(),
  timeLabel: z.string().max(100).nullable(),
  siteId: z.string().max(200).nullable(),
  permalink: urlSchema.nullable(),
  /** Identifies the same message logged twice; unique within a ticket. */
  contentHash: z.string().min(8).max(128),
  createdAt: timeSchema,
  createdBy: idSchema,
});

/** An internal note on a ticket or on a customer (exactly one of the two). Append-only. */
export const noteSchema = z.object({
  id: idSchema,
  ticketId: idSchema.nullable(),
  customerId: idSchema.nullable(),
  authorId: idSchema,
  text: z.string().trim().min(1, { error: 'must not be empty' }).max(20_000),
  createdAt: timeSchema,
});

export const templateSchema = z.object({
  id: idSchema,
  title: z.string().trim().min(1).max(200),
  /** Typed in a composer to expand the template, e.g. "/refund". */
  shortcut: z.string().trim().max(50).nullable(),
  body: longText,
  folder: z.string().trim().max(200).nullable(),
  tags: tagsSchema,
  language: z.string().trim().max(35).nullable(),
  /** The networks it suits; empty means all. */
  platforms: z.array(platformSchema).max(platforms.length),
  scope: z.enum(templateScopes),
  ownerId: idSchema,
  approved: z.boolean(),
  usageCount: z.int().nonnegative(),
  lastUsedAt: timeSchema.nullable(),
  ...authorship,
});

export const agentSchema = z.object({
  id: idSchema,
  teamId: idSchema,
  name: z.string().trim().min(1).max(100),
  role: z.enum(roles),
  createdAt: timeSchema,
});

export const teamSchema = z.object({
  id: idSchema,
  name: z.string().trim().min(1).max(100),
  createdAt: timeSchema,
});

/**
 * A concurrent overwrite, recorded by the server: one agent changed a field without having seen
 * another agent's later value, so the other value was replaced. Kept so nothing is lost silently.
 */
export const conflictSchema = z.object({
  id: idSchema,
  table: z.enum(['customers', 'tickets', 'templates']),
  rowId: idSchema,
  field: z.string(),
  /** The value that was replaced, who wrote it and when. */
  overwrittenValue: z.unknown(),
  overwrittenBy: idSchema,
  overwrittenAt: timeSchema,
  /** The value that won (the later arrival), who wrote it and when. */
  value: z.unknown(),
  by: idSchema,
  at: timeSchema,
});

export type Identity = z.infer<typeof identitySchema>;
export type Customer = z.infer<typeof customerSchema>;
export type TicketStatus = (typeof ticketStatuses)[number];
export type TicketPriority = (typeof ticketPriorities)[number];
export type StatusChange = z.infer<typeof statusChangeSchema>;
export type Ticket = z.infer<typeof ticketSchema>;
export type Message = z.infer<typeof messageSchema>;
export type Note = z.infer<typeof noteSchema>;
export type Template = z.infer<typeof templateSchema>;
export type Role = (typeof roles)[number];
export type Agent = z.infer<typeof agentSchema>;
export type Team = z.infer<typeof teamSchema>;
export type Conflict = z.infer<typeof conflictSchema>;
