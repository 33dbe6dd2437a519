import type { TicketStatus } from '../lib/model';
import { statusNames } from './labels';

const colours: Record<TicketStatus, string> = {
  open: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100',
  pending: 'bg-amber-100 text-amber-800 dark:bg-amber-900 dark:text-amber-100',
  snoozed: 'bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-100',
  resolved: 'bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200',
  closed: 'bg-slate-200 text-slate-600 dark:bg-slate-700 dark:text-slate-300',
};

/** A ticket's status as a small coloured label, with "Overdue" beside it when it is late. */
export function StatusPill({ status, overdue = false }: { status: TicketStatus; overdue?: boolean }) {
  return (
    <span class="inline-flex shrink-0 gap-1">
      <span data-status={status} class={`rounded px-1.5 text-xs font-medium ${colours[status]}`}>{statusNames[status]}</span>
      {overdue && <span class="rounded bg-red-100 px-1.5 text-xs font-medium text-red-800 dark:bg-red-900 dark:text-red-100">Overdue</span>}
    </span>
  );
}
