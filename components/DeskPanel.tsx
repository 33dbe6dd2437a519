import { useState } from 'preact/hooks';
import type { DeskTable, DeskViewRequest } from '../lib/desk/types';
import type { DetectedContext, Identity } from '../lib/sites/types';
import { ConversationSummary } from './ConversationSummary';
import { CustomerCard } from './CustomerCard';
import { CustomerDetails } from './CustomerDetails';
import { errorText, type DeskApi, type Preload } from './desk-api';
import { History } from './History';
import { LogConversation } from './LogConversation';
import { TemplatePicker } from './templates/TemplatePicker';
import { TicketPanel } from './TicketPanel';
import { useLiveQuery } from './use-live-query';

interface DeskPanelProps {
  desk: DeskApi;
  /** The customer as the page shows them, or as the agent typed them. */
  identity: Identity;
  /** The conversation on the page, when one was detected. */
  context?: DetectedContext;
}

const historyPage = 50;
const viewTables: DeskTable[] = ['customers', 'tickets', 'messages', 'notes'];

const viewRequest = (identity: Identity, context: DetectedContext | undefined, historyLimit: number): DeskViewRequest => ({
  identity,
  conversationKey: context && context.kind !== 'profile' ? context.conversationKey : undefined,
  historyLimit,
});

/** Asks for what a panel shows first, before it renders (DeskApi.preloaded). */
export const preloadDeskPanel = (preload: Preload, identity: Identity, context?: DetectedContext) => [
  preload('getDeskView', viewRequest(identity, context, historyPage)),
  preload('listAgents', undefined),
];

/**
 * The desk for one customer and conversation: card, logging, the ticket, history. Mounted per
 * customer and conversation (see ContextView), so nothing of the previous page's view survives.
 */
export function DeskPanel({ desk, identity, context }: DeskPanelProps) {
  const [historyLimit, setHistoryLimit] = useState(historyPage);
  const [error, setError] = useState<string>();
  const [added, setAdded] = useState(false);
  const request = viewRequest(identity, context, historyLimit);
  const { conversationKey } = request;
  const view = useLiveQuery(desk, 'getDeskView', request, viewTables);
  const agents = useLiveQuery(desk, 'listAgents', undefined, ['meta']);
  const data = view.data;
  const agentList = agents.data ?? [];
  const agentName = (id: string) => agentList.find((a) => a.id === id)?.name ?? (id === data?.agentId ? 'You' : 'Another agent');

  /** Runs a change; the view re-reads when the background announces it, and once more here in case the live port is down. */
  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
      setError(undefined);
      view.reload();
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    }
  };
  const customer = data?.customer;
  const ticket = data?.ticket;

  return (
    <div class="flex flex-col gap-3">
      <CustomerCard customer={identity} name={customer?.name} vip={customer?.vip} />
      {context && <ConversationSummary context={context} />}
      <TemplatePicker identity={identity} context={context} view={data} />
      {(error ?? view.error) && (
        <p role="alert" data-testid="desk-error" class="rounded-md bg-red-50 px-2 py-1 text-red-800 dark:bg-red-950 dark:text-red-200">{error ?? view.error}</p>
      )}
      {context && conversationKey && data && (
        <LogConversation
          context={context}
          thread={ticket ?? null}
          commentTickets={data.commentTickets}
          onLog={(include) => run(() => desk.call('logConversation', { context, include }))}
          onLogComment={(comment) => run(() => desk.call('logConversation', { context, comment }))}
        />
      )}
      {ticket && (
        <TicketPanel
          thread={ticket}
          agents={agentList}
          agentId={data.agentId}
          agentName={agentName}
          onUpdate={(changes) => void run(() => desk.call('updateTicket', { ticketId: ticket.ticket.id, changes }))}
          onAddNote={(text) => run(() => desk.call('addNote', { ticketId: ticket.ticket.id, text }))}
        />
      )}
      {customer && (
        <CustomerDetails
          customer={customer}
          open={added}
          onUpdate={(changes) => void run(() => desk.call('updateCustomer', { customerId: customer.id, changes }))}
          findCustomers={async (text) => desk.call('findCustomers', { text, excludeId: customer.id, limit: 8 })}
          onLink={(otherId) => void run(() => desk.call('linkCustomers', { customerId: customer.id, otherId }))}
          onUnlink={(unlinked) => void run(() => desk.call('unlinkIdentity', { customerId: customer.id, identity: unlinked }))}
          onErase={() => void run(() => desk.call('eraseCustomer', { customerId: customer.id }))}
        />
      )}
      {data && !customer && (
        <button
          type="button"
          data-testid="customer-add"
          onClick={async () => setAdded(await run(() => desk.call('addCustomer', { identity })))}
          class="rounded-md border border-slate-200 px-2 py-1 text-left text-xs font-medium text-slate-600 hover:bg-slate-50 dark:border-slate-700 dark:text-slate-300 dark:hover:bg-slate-800"
        >
          Add customer details
        </button>
      )}
      {data && <History entries={data.history} more={data.historyMore} onMore={() => setHistoryLimit(historyLimit + historyPage)} agentName={agentName} />}
    </div>
  );
}
