import { useId } from 'preact/hooks';
import type { Agent } from '../lib/desk/types';
import type { TicketStatus } from '../lib/model';
import type { Platform } from '../lib/sites/types';
import { inputClass, labelClass } from './fields';
import { platformNames, statusNames, ticketStatuses } from './labels';

export interface Filters {
  statuses: TicketStatus[];
  /** '' any, 'unassigned', or an agent id. */
  assignee: string;
  platform: Platform | '';
  tag: string;
  /** Dates as `<input type="date">` gives them (local days). */
  from: string;
  to: string;
  text: string;
}

export const noFilters: Filters = { statuses: [], assignee: '', platform: '', tag: '', from: '', to: '', text: '' };

/** The ticket list's filters: status, assignee, network, tag, creation dates and free text or "#number". */
export function TicketFilters({ filters, agents, onChange }: { filters: Filters; agents: Agent[]; onChange: (filters: Filters) => void }) {
  const ids = { text: useId(), assignee: useId(), platform: useId(), tag: useId(), from: useId(), to: useId() };
  const set = (patch: Partial<Filters>) => onChange({ ...filters, ...patch });
  const toggleStatus = (status: TicketStatus) =>
    set({ statuses: filters.statuses.includes(status) ? filters.statuses.filter((s) => s !== status) : [...filters.statuses, status] });
  return (
    <form role="search" aria-label="Filter tickets" onSubmit={(e) => e.preventDefault()} class="flex flex-wrap items-end gap-3">
      <div class="flex min-w-56 flex-1 flex-col gap-0.5">
        <label for={ids.text} class={labelClass}>Search</label>
        <input id={ids.text} type="search" data-testid="ticket-filter-text" value={filters.text} onInput={(e) => set({ text: e.currentTarget.value })} placeholder="Words, a name, a handle or #42" dir="auto" class={inputClass} />
      </div>
      <fieldset class="flex flex-col gap-0.5">
        <legend class={labelClass}>Status</legend>
        <div class="flex gap-2">
          {ticketStatuses.map((status) => (
            <label key={status} class="flex items-center gap-1">
              <input type="checkbox" data-testid={`ticket-filter-status-${status}`} checked={filters.statuses.includes(status)} onChange={() => toggleStatus(status)} />
              {statusNames[status]}
            </label>
          ))}
        </div>
      </fieldset>
      <div class="flex flex-col gap-0.5">
        <label for={ids.assignee} class={labelClass}>Assignee</label>
        <select id={ids.assignee} data-testid="ticket-filter-assignee" value={filters.assignee} onChange={(e) => set({ assignee: e.currentTarget.value })} class={inputClass}>
          <option value="">Anyone</option>
          <option value="unassigned">Unassigned</option>
          {agents.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
        </select>
      </div>
      <div class="flex flex-col gap-0.5">
        <label for={ids.platform} class={labelClass}>Network</label>
        <select id={ids.platform} data-testid="ticket-filter-platform" value={filters.platform} onChange={(e) => set({ platform: e.currentTarget.value as Platform | '' })} class={inputClass}>
          <option value="">All</option>
          {(Object.keys(platformNames) as Platform[]).map((p) => <option key={p} value={p}>{platformNames[p]}</option>)}
        </select>
      </div>
      <div class="flex w-32 flex-col gap-0.5">
        <label for={ids.tag} class={labelClass}>Tag</label>
        <input id={ids.tag} data-testid="ticket-filter-tag" value={filters.tag} onInput={(e) => set({ tag: e.currentTarget.value })} dir="auto" class={inputClass} />
      </div>
      <div class="flex flex-col gap-0.5">
        <label for={ids.from} class={labelClass}>Created from</label>
        <input id={ids.from} type="date" data-testid="ticket-filter-from" value={filters.from} onChange={(e) => set({ from: e.currentTarget.value })} class={inputClass} />
      </div>
      <div class="flex flex-col gap-0.5">
        <label for={ids.to} class={labelClass}>to</label>
        <input id={ids.to} type="date" data-testid="ticket-filter-to" value={filters.to} onChange={(e) => set({ to: e.currentTarget.value })} class={inputClass} />
      </div>
      <button type="button" onClick={() => onChange(noFilters)} class="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-600">Clear</button>
    </form>
  );
}
