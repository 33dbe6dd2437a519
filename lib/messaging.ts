/** The one typed protocol between content scripts, extension pages and the background. Every message is named here. */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { Customer, Note, Ticket, TicketStatus } from './model';
import type {
  Agent,
  Badge,
  BadgeTarget,
  CustomerChanges,
  CustomerMatch,
  DeskView,
  DeskViewRequest,
  IdentityRef,
  LogRequest,
  LogResult,
  NoteTarget,
  TicketChanges,
  TicketPage,
  TicketSearch,
  TicketThread,
} from './desk/types';

export interface ProtocolMap {
  /** Background → content script: the keyboard command to show or hide the sidebar. */
  toggleSidebar(): void;

  /** The sidebar's whole view: customer (all linked identities), this thread's ticket, history across networks. */
  getDeskView(request: DeskViewRequest): DeskView;
  /** One ticket with its messages and notes (the ticket list opening a row). */
  getTicketThread(request: { ticketId: string }): TicketThread | null;
  /** Log the ticked messages of a conversation: creates its ticket, or appends only what is new. */
  logConversation(request: LogRequest): LogResult;
  /** Change a ticket's status (and snooze time), priority, assignee, tags, follow-up or subject. */
  updateTicket(request: { ticketId: string; changes: TicketChanges }): Ticket;
  /** Set one status on many tickets (the ticket list's bulk action); returns how many changed. */
  setTicketsStatus(request: { ticketIds: string[]; status: TicketStatus; snoozedUntil?: number | null }): number;
  /** Append an internal note to a ticket or a customer. */
  addNote(request: NoteTarget & { text: string }): Note;
  /** Edit the customer card: name, email, phone, language, tags, VIP, notes, custom attributes. */
  updateCustomer(request: { customerId: string; changes: CustomerChanges }): Customer;
  /** Customers to offer for linking, matched by name, handle or email. */
  findCustomers(request: { text: string; excludeId?: string; limit?: number }): CustomerMatch[];
  /** Make two customers one person: `otherId`'s identities, tickets and notes move to `customerId`. */
  linkCustomers(request: { customerId: string; otherId: string }): Customer;
  /** Split one identity back out into a customer of its own, with that network's tickets. */
  unlinkIdentity(request: { customerId: string; identity: IdentityRef }): { customer: Customer; split: Customer };
  /** Delete a customer and everything about them, here and (through sync) on the server. */
  eraseCustomer(request: { customerId: string }): void;
  /** Badge state for threads and authors shown in the native page, in request order. */
  getBadges(request: { targets: BadgeTarget[] }): Badge[];
  /** The ticket list: filters, free text or "#number", paged, most recently updated first. */
  searchTickets(request: TicketSearch): TicketPage;
  /** The team's agents, for assignee pickers (empty until signed in to a team). */
  listAgents(): Agent[];
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
