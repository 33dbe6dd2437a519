/** The background's answers to the protocol's desk messages: each one a call into lib/desk. */
import { z } from 'zod';
import { onMessage, type ProtocolMap } from '../messaging';
import type { SyncMessage } from '../sync/status';
import type { Desk } from './desk';
import { getBadges } from './badges';
import { addCustomer, eraseCustomer, findCustomers, linkCustomers, unlinkIdentity, updateCustomer } from './customers';
import { logConversation } from './log';
import { searchTickets } from './search';
import { addNote, getTicketThread, setTicketsStatus, updateTicket, wakeDueSnoozes } from './tickets';
import { getDeskView } from './view';
import { deleteTemplate, getTemplateFacts, importTemplates, listTemplates, saveTemplate, useTemplate } from './templates';

type DeskMessage = Exclude<keyof ProtocolMap, 'toggleSidebar' | 'getSidebarCollapsed' | SyncMessage>;
type Handlers = { [K in DeskMessage]: (data: Parameters<ProtocolMap[K]>[0]) => Promise<ReturnType<ProtocolMap[K]>> };

export function deskHandlers(desk: Desk): Handlers {
  /** Reads first open snoozed tickets whose time has come. */
  const fresh = async <T>(read: () => Promise<T>) => (await wakeDueSnoozes(desk), read());
  return {
    getDeskView: (request) => fresh(() => getDeskView(desk, request)),
    getTicketThread: ({ ticketId }) => fresh(() => getTicketThread(desk, ticketId)),
    logConversation: (request) => logConversation(desk, request),
    updateTicket: ({ ticketId, changes }) => updateTicket(desk, ticketId, changes),
    setTicketsStatus: ({ ticketIds, status, snoozedUntil }) => setTicketsStatus(desk, ticketIds, status, snoozedUntil),
    addNote: ({ text, ...target }) => addNote(desk, target, text),
    addCustomer: ({ identity }) => addCustomer(desk, identity),
    updateCustomer: ({ customerId, changes }) => updateCustomer(desk, customerId, changes),
    findCustomers: ({ text, ...options }) => findCustomers(desk, text, options),
    linkCustomers: ({ customerId, otherId }) => linkCustomers(desk, customerId, otherId),
    unlinkIdentity: ({ customerId, identity }) => unlinkIdentity(desk, customerId, identity),
    eraseCustomer: ({ customerId }) => eraseCustomer(desk, customerId),
    getBadges: ({ targets }) => fresh(() => getBadges(desk, targets.slice(0, 500))),
    searchTickets: (search) => fresh(() => searchTickets(desk, search)),
    listAgents: async () => (await desk.db.getMeta('agents')) ?? [],
    listTemplates: (request) => listTemplates(desk, request),
    getTemplateFacts: (request) => getTemplateFacts(desk, request),
    saveTemplate: (request) => saveTemplate(desk, request),
    deleteTemplate: ({ id }) => deleteTemplate(desk, id),
    importTemplates: (request) => importTemplates(desk, request),
    useTemplate: ({ id }) => useTemplate(desk, id),
  };
}

/** Registers every desk message with `@webext-core/messaging`. Call synchronously at the worker's top level. */
export function registerDeskHandlers(desk: Desk) {
  const handlers = deskHandlers(desk);
  for (const type of Object.keys(handlers) as DeskMessage[]) {
    const handle = handlers[type] as (data: unknown) => Promise<unknown>;
    onMessage(type, ({ data }) => handle(data).catch(readable) as never);
  }
}

/** Validation errors reach the UI as a sentence, not as zod's JSON. */
function readable(error: unknown): never {
  throw error instanceof z.ZodError ? new Error(z.prettifyError(error)) : error;
}
