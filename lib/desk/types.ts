/**
 * What the desk's operations take and give back: the payloads of the messaging protocol.
 * Types only, so content scripts can name them without bundling zod, Dexie or the model's schemas.
 */
import type { Agent, Customer, Message, Note, Ticket, TicketPriority, TicketStatus } from '../model';
import type { DetectedContext, Identity as PageIdentity, Platform } from '../sites/types';

/** Tables whose changes the live port announces. */
export type DeskTable = 'customers' | 'tickets' | 'messages' | 'notes' | 'templates' | 'conflicts' | 'meta';

/** A person on one network: the page's identity, or one typed in by hand. Handles match case-insensitively. */
export type IdentityRef = PageIdentity;

export type DeskViewRequest = ({ identity: IdentityRef } | { customerId: string }) & {
  /** The open thread, when there is one: its ticket comes back with its messages and notes. */
  conversationKey?: string;
  /** Most history entries to return (default 50, at most 1000): "show more" asks again with a larger limit. */
  historyLimit?: number;
};

/** A ticket with what the sidebar shows next to it. */
export interface TicketSummary extends Ticket {
  /** Open with the follow-up time past, or not answered within the response target. */
  overdue: boolean;
}

export interface TicketThread {
  ticket: TicketSummary;
  /** Oldest first. */
  messages: Message[];
  /** Oldest first. */
  notes: Note[];
}

/** One line of a customer's history, on any of their networks. */
export type HistoryEntry =
  | { kind: 'ticket'; at: number; ticket: TicketSummary }
  | { kind: 'note'; at: number; note: Note }
  | { kind: 'message'; at: number; message: Message; ticket: Pick<Ticket, 'id' | 'number' | 'platform' | 'channel' | 'subject' | 'status' | 'permalink'> };

export interface DeskView {
  /** The customer matched by identity (any linked network), or the ticket's customer. */
  customer: Customer | null;
  /** The ticket of `conversationKey`, if it was logged. */
  ticket: TicketThread | null;
  /** On post pages: tickets logged for single comments of this post. */
  commentTickets: TicketSummary[];
  /** Tickets, notes and logged messages across every network, newest first; this thread's ticket is in `ticket` instead. */
  history: HistoryEntry[];
  /** Older entries exist: ask again with a larger `historyLimit`. */
  historyMore: boolean;
  /** Who is working: the signed-in agent, or this browser's local agent id until sign-in. */
  agentId: string;
}

export interface LogRequest {
  context: DetectedContext;
  /** Indexes into `context.messages` the agent left ticked; all of them when omitted. */
  include?: number[];
  /** Post pages: log this comment (an index into `context.messages`) as its own ticket, its author as the customer. */
  comment?: number;
}

export interface LogResult {
  ticket: Ticket;
  customer: Customer;
  /** False when the thread already had a ticket and the messages were appended to it. */
  created: boolean;
  /** Messages newly stored; ones already logged are skipped. */
  added: number;
}

export interface TicketChanges {
  status?: TicketStatus;
  /** With status `snoozed`: when the ticket opens again. */
  snoozedUntil?: number | null;
  priority?: TicketPriority;
  assigneeId?: string | null;
  tags?: string[];
  followUpAt?: number | null;
  subject?: string;
}

export type CustomerChanges = Partial<Pick<Customer, 'name' | 'email' | 'phone' | 'language' | 'tags' | 'vip' | 'notes' | 'attributes'>>;

export type NoteTarget = { ticketId: string } | { customerId: string };

export interface CustomerMatch {
  customer: Customer;
  ticketCount: number;
}

/** A thread or an author shown in the native page that may deserve a badge. */
export interface BadgeTarget {
  conversationKey?: string;
  identity?: IdentityRef;
}

export interface Badge {
  /** The most urgent status among the target's tickets that are not resolved or closed; null when none. */
  status: TicketStatus | null;
  overdue: boolean;
  vip: boolean;
}

export interface TicketSearch {
  status?: TicketStatus[];
  /** An agent id, or null for unassigned tickets. */
  assigneeId?: string | null;
  platform?: Platform;
  tag?: string;
  /** Created at or after / before this time (UTC ms). */
  from?: number;
  to?: number;
  /** Words matched as prefixes against subject, customer name and handles, tags and message text. "#42" finds ticket 42. */
  text?: string;
  /** Page size (default 50, at most 200). */
  limit?: number;
  /** Opaque cursor from the previous page. */
  after?: string;
}

export interface TicketListItem extends TicketSummary {
  customerName: string;
}

export interface TicketPage {
  /** Most recently updated first. */
  tickets: TicketListItem[];
  /** Pass as `after` for the next page; null on the last page. */
  next: string | null;
}

export type { Agent };
