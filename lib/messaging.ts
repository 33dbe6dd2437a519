/** The one typed protocol between content scripts, extension pages and the background. Every message is named here. */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { Customer, Identity, Note, Template, Ticket, TicketStatus } from './model';
import type { Platform } from './sites/types';
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
import type { ImportOutcome, LibraryRevision, TemplateFacts, TemplateLibrary, TemplateWrite } from './desk/templates';

export interface ProtocolMap {
  /** Background → content script: the keyboard command to show or hide the sidebar. */
  toggleSidebar(): void;
  /** Whether the sidebar is collapsed to a tab on this network (lib/sidebar-collapsed.ts). */
  getSidebarCollapsed(request: { platform: Platform }): boolean;

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
  /** Make the customer the page shows one of the team's, before anything is logged; the known one when there is one. */
  addCustomer(request: { identity: Identity }): Customer;
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

  // Canned replies (lib/desk/templates.ts).
  /** The templates this agent can use (the team's and their own personal ones), or what changed `since`; seeds the starter pack on first run. */
  listTemplates(request: { since?: LibraryRevision }): TemplateLibrary;
  /** What a template's variables resolve from on a page: its customer, the thread's ticket, the signed-in agent. */
  getTemplateFacts(request: { identity?: IdentityRef; conversationKey?: string }): TemplateFacts;
  /** Creates the template with this (caller-made ULID) id, or saves the fields that changed. */
  saveTemplate(request: TemplateWrite): Template;
  deleteTemplate(request: { id: string }): void;
  /** Checked drafts from a JSON or CSV file; one matching an existing template updates it. */
  importTemplates(request: { templates: TemplateWrite[] }): ImportOutcome;
  /** Counts one use of a template (inserted or copied) and when it was. */
  useTemplate(request: { id: string }): void;

  // Team sync (lib/sync): sign-in, status, rejected changes. The token never leaves the background.
  /** Redeems an invite code on the team's server: this browser then syncs as that agent. */
  signIn(request: import('./sync/status').SignInRequest): import('./sync/status').SyncStatus;
  /** Revokes this browser's token and stops syncing; local data and unsent changes stay. */
  signOut(): import('./sync/status').SignOutResult;
  getSyncStatus(): import('./sync/status').SyncStatus;
  /** Syncs now (the status's retry button); answers once that sync has finished. */
  syncNow(): import('./sync/status').SyncStatus;
  /** Hides rejected changes the agent has read. */
  dismissRejected(request: { ids: number[] }): void;
}

const messaging = defineExtensionMessaging<ProtocolMap>();
export const { sendMessage } = messaging;

type Handler = Parameters<typeof messaging.onMessage>[1];
/** The handlers registered in this context, by message: a batch's calls are answered by them. */
const handlers = new Map<keyof ProtocolMap, Handler>();

export const onMessage: typeof messaging.onMessage = (type, onReceived) => {
  handlers.set(type, onReceived as Handler);
  const remove = messaging.onMessage(type, onReceived);
  return () => {
    handlers.delete(type);
    remove();
  };
};

/** One of the calls a page made together (lib/content/desk-client.ts). */
export interface BatchedCall {
  name: Exclude<keyof ProtocolMap, 'toggleSidebar'>;
  data: unknown;
}
export type BatchedAnswer = { value: unknown } | { error: string };

/**
 * Calls made together travel as one message, each answered as if it had come alone. Every message
 * costs the page a round trip through the browser (serialising, a task for its answer), and a
 * sidebar asks its panel's three questions at once. Kept out of ProtocolMap, whose every message
 * the desk or the sync engine answers.
 */
const batches = defineExtensionMessaging<{ batch(request: { calls: BatchedCall[] }): BatchedAnswer[] }>();

export const sendBatch = (calls: BatchedCall[]) => batches.sendMessage('batch', { calls });

/** Background: answers batches with the handlers registered through onMessage. */
export function answerBatches() {
  batches.onMessage('batch', ({ data, ...message }) =>
    Promise.all(
      data.calls.map(async ({ name, data }): Promise<BatchedAnswer> => {
        try {
          const handle = handlers.get(name);
          if (!handle) throw new Error(`Nothing answers ${name}`);
          return { value: await handle({ ...message, type: name, data } as never) };
        } catch (error) {
          return { error: error instanceof Error ? error.message : String(error) };
        }
      }),
    ),
  );
}
