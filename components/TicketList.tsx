import { useState } from 'preact/hooks';
import type { TicketListItem, TicketSearch } from '../lib/desk/types';
import type { TicketStatus } from '../lib/model';
import { errorText, type DeskApi } from './desk-api';
import { inputClass } from './fields';
import { channelNames, formatTime, platformNames, plural, safeHref, statusNames, ticketLabel, ticketStatuses, tomorrowMorning } from './labels';
import { StatusPill } from './StatusPill';
import { noFilters, TicketFilters, type Filters } from './TicketFilters';
import { TicketThreadView } from './TicketThreadView';
import { useDebounced } from './use-debounced';
import { useLiveQuery } from './use-live-query';

const pageSize = 50;

/** Every ticket of the team: filter, page through, open one, change the status of many at once. */
export function TicketList({ desk }: { desk: DeskApi }) {
  const [filters, setFilters] = useState(noFilters);
  const query = useDebounced(filters, 250);
  /** The cursor of each page visited; the last is the page shown. */
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [opened, setOpened] = useState<string>();
  const [bulkStatus, setBulkStatus] = useState<TicketStatus>('resolved');
  const [error, setError] = useState<string>();
  const after = cursors.at(-1);
  const page = useLiveQuery(desk, 'searchTickets', { ...toSearch(query), after }, ['tickets', 'customers', 'messages']);
  const agents = useLiveQuery(desk, 'listAgents', undefined, ['meta']);
  const agentList = agents.data ?? [];
  const agentName = (id: string) => agentList.find((a) => a.id === id)?.name ?? 'Another agent';
  const tickets = page.data?.tickets ?? [];

  const changeFilters = (next: Filters) => {
    setFilters(next);
    setCursors([undefined]);
    setSelected(new Set());
  };
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (!next.delete(id)) next.add(id);
    setSelected(next);
  };
  const applyBulk = async () => {
    try {
      await desk.call('setTicketsStatus', { ticketIds: [...selected], status: bulkStatus, ...(bulkStatus === 'snoozed' ? { snoozedUntil: tomorrowMorning() } : {}) });
      setSelected(new Set());
      setError(undefined);
      page.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const allSelected = tickets.length > 0 && tickets.every((t) => selected.has(t.id));

  return (
    <section data-testid="ticket-list" aria-busy={page.loading} class="flex flex-col gap-4">
      <TicketFilters filters={filters} agents={agentList} onChange={changeFilters} />
      {(error ?? page.error) && <p role="alert" class="rounded-md bg-red-50 px-2 py-1 text-red-800 dark:bg-red-950 dark:text-red-200">{error ?? page.error}</p>}
      <div class="flex items-center gap-2" aria-live="polite">
        <span data-testid="ticket-selected-count">{plural(selected.size, 'ticket')} selected</span>
        <label class="sr-only" for="sidedesk-bulk-status">New status</label>
        <select id="sidedesk-bulk-status" data-testid="bulk-status" value={bulkStatus} onChange={(e) => setBulkStatus(e.currentTarget.value as TicketStatus)} class={`${inputClass} w-auto`}>
          {ticketStatuses.map((s) => <option key={s} value={s}>{statusNames[s]}</option>)}
        </select>
        <button type="button" data-testid="bulk-apply" disabled={selected.size === 0} onClick={() => void applyBulk()} class="rounded-md bg-indigo-600 px-3 py-1 font-medium text-white disabled:opacity-50">
          Set status
        </button>
      </div>
      <table class="w-full border-collapse text-left">
        <thead class="text-xs text-slate-500 dark:text-slate-400">
          <tr>
            <th class="w-8 p-1"><input type="checkbox" aria-label="Select every ticket on this page" checked={allSelected} onChange={() => setSelected(allSelected ? new Set() : new Set(tickets.map((t) => t.id)))} /></th>
            <th class="p-1">Ticket</th>
            <th class="p-1">Status</th>
            <th class="p-1">Customer</th>
            <th class="p-1">Where</th>
            <th class="p-1">Subject</th>
            <th class="p-1">Assignee</th>
            <th class="p-1">Updated</th>
            <th class="p-1"><span class="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {tickets.map((ticket) => (
            <TicketRow
              key={ticket.id}
              ticket={ticket}
              selected={selected.has(ticket.id)}
              onSelect={() => toggle(ticket.id)}
              opened={opened === ticket.id}
              onOpen={() => setOpened(opened === ticket.id ? undefined : ticket.id)}
              assignee={ticket.assigneeId ? agentName(ticket.assigneeId) : '—'}
              desk={desk}
              agentName={agentName}
            />
          ))}
        </tbody>
      </table>
      {!page.loading && tickets.length === 0 && <p data-testid="ticket-list-empty" class="text-slate-500 dark:text-slate-400">No ticket matches these filters.</p>}
      <nav aria-label="Pages" class="flex gap-2">
        <button type="button" data-testid="ticket-prev-page" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))} class="rounded-md border border-slate-300 px-3 py-1 disabled:opacity-50 dark:border-slate-600">
          Previous
        </button>
        <span class="self-center text-xs text-slate-500 dark:text-slate-400">Page {cursors.length}</span>
        <button type="button" data-testid="ticket-next-page" disabled={!page.data?.next} onClick={() => page.data?.next && setCursors([...cursors, page.data.next])} class="rounded-md border border-slate-300 px-3 py-1 disabled:opacity-50 dark:border-slate-600">
          Next
        </button>
      </nav>
    </section>
  );
}

interface TicketRowProps {
  ticket: TicketListItem;
  selected: boolean;
  onSelect: () => void;
  opened: boolean;
  onOpen: () => void;
  assignee: string;
  desk: DeskApi;
  agentName: (id: string) => string;
}

function TicketRow({ ticket, selected, onSelect, opened, onOpen, assignee, desk, agentName }: TicketRowProps) {
  const permalink = safeHref(ticket.permalink);
  return (
    <>
      <tr data-testid="ticket-row" data-ticket-id={ticket.id} data-status={ticket.status} class="border-t border-slate-200 align-top dark:border-slate-700">
        <td class="p-1"><input type="checkbox" data-testid="ticket-select" aria-label={`Select ${ticketLabel(ticket)}`} checked={selected} onChange={onSelect} /></td>
        <td class="p-1 whitespace-nowrap">{ticketLabel(ticket)}</td>
        <td class="p-1"><StatusPill status={ticket.status} overdue={ticket.overdue} /></td>
        <td class="max-w-48 truncate p-1" dir="auto">{ticket.customerName}</td>
        <td class="p-1 whitespace-nowrap">{platformNames[ticket.platform]} {channelNames[ticket.channel]}</td>
        <td class="max-w-80 truncate p-1" dir="auto">{ticket.subject}</td>
        <td class="max-w-32 truncate p-1" dir="auto">{assignee}</td>
        <td class="p-1 whitespace-nowrap">{formatTime(ticket.updatedAt)}</td>
        <td class="p-1 whitespace-nowrap">
          <button type="button" data-testid="ticket-row-open" aria-expanded={opened} onClick={onOpen} class="text-indigo-600 hover:underline dark:text-indigo-300">{opened ? 'Hide' : 'Show'}</button>
          {permalink && <a data-testid="ticket-permalink" href={permalink} target="_blank" rel="noopener noreferrer" class="ml-2 text-indigo-600 hover:underline dark:text-indigo-300">Open on {platformNames[ticket.platform]}</a>}
        </td>
      </tr>
      {opened && (
        <tr>
          <td colSpan={9} class="p-2"><OpenedTicket ticketId={ticket.id} desk={desk} agentName={agentName} /></td>
        </tr>
      )}
    </>
  );
}

function OpenedTicket({ ticketId, desk, agentName }: { ticketId: string; desk: DeskApi; agentName: (id: string) => string }) {
  const thread = useLiveQuery(desk, 'getTicketThread', { ticketId }, ['tickets', 'messages', 'notes']);
  if (thread.error) return <p role="alert">{thread.error}</p>;
  if (!thread.data) return <p class="text-slate-500">{thread.loading ? 'Loading…' : 'This ticket no longer exists.'}</p>;
  return <TicketThreadView thread={thread.data} agentName={agentName} />;
}

/** Days picked in the agent's calendar, as UTC times: from the start of the first to the end of the last. */
function toSearch(filters: Filters): TicketSearch {
  const search: TicketSearch = { limit: pageSize };
  if (filters.statuses.length > 0) search.status = filters.statuses;
  if (filters.assignee) search.assigneeId = filters.assignee === 'unassigned' ? null : filters.assignee;
  if (filters.platform) search.platform = filters.platform;
  if (filters.tag.trim()) search.tag = filters.tag.trim();
  if (filters.from) search.from = new Date(`${filters.from}T00:00`).getTime();
  if (filters.to) {
    const end = new Date(`${filters.to}T00:00`);
    end.setDate(end.getDate() + 1);
    search.to = end.getTime();
  }
  if (filters.text.trim()) search.text = filters.text.trim();
  return search;
}
