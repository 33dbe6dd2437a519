import { useId } from 'preact/hooks';
import type { Agent, TicketChanges, TicketThread } from '../lib/desk/types';
import type { TicketPriority, TicketStatus } from '../lib/model';
import { DateTimeField, Field, inputClass, TextField } from './fields';
import { channelNames, formatTime, fromLocalInput, parseTags, platformNames, plural, priorityNames, statusNames, ticketLabel, ticketPriorities, ticketStatuses, toLocalInput, tomorrowMorning } from './labels';
import { LoggedMessages } from './LoggedMessages';
import { StatusPill } from './StatusPill';
import { TicketNotes } from './TicketNotes';

interface TicketPanelProps {
  thread: TicketThread;
  agents: Agent[];
  /** The agent using this browser. */
  agentId: string;
  agentName: (agentId: string) => string;
  onUpdate: (changes: TicketChanges) => void;
  onAddNote: (text: string) => Promise<boolean>;
}

/** The ticket of this conversation: how it stands, who has it, and the team's notes on it. */
export function TicketPanel({ thread, agents, agentId, agentName, onUpdate, onAddNote }: TicketPanelProps) {
  const { ticket, messages, notes } = thread;
  const statusId = useId();
  const priorityId = useId();
  const assigneeId = useId();
  const setStatus = (status: TicketStatus) =>
    onUpdate(status === 'snoozed' ? { status, snoozedUntil: ticket.snoozedUntil ?? tomorrowMorning() } : { status });
  // Before sign-in the team is unknown: the agent can still take the ticket.
  const assignable = agents.some((a) => a.id === agentId) ? agents.map((a) => ({ id: a.id, label: a.id === agentId ? `${a.name} (you)` : a.name })) : [{ id: agentId, label: 'Me' }, ...agents.map((a) => ({ id: a.id, label: a.name }))];

  return (
    <section aria-labelledby="sidedesk-ticket" data-testid="ticket" data-ticket-id={ticket.id} class="flex flex-col gap-2 rounded-lg border border-slate-200 p-3 dark:border-slate-700">
      <header class="flex flex-wrap items-center gap-2">
        <h2 id="sidedesk-ticket" class="font-semibold">{ticket.number === null ? ticketLabel(ticket) : `Ticket ${ticketLabel(ticket)}`}</h2>
        <StatusPill status={ticket.status} overdue={ticket.overdue} />
        <span class="text-xs text-slate-500 dark:text-slate-400">{platformNames[ticket.platform]} {channelNames[ticket.channel]}</span>
      </header>
      <TextField label="Subject" value={ticket.subject} onSave={(subject) => onUpdate({ subject })} />
      <div class="grid grid-cols-2 gap-2">
        <Field label="Status" id={statusId}>
          <select id={statusId} data-testid="ticket-status" value={ticket.status} onChange={(e) => setStatus(e.currentTarget.value as TicketStatus)} class={inputClass}>
            {ticketStatuses.map((s) => <option key={s} value={s}>{statusNames[s]}</option>)}
          </select>
        </Field>
        <Field label="Priority" id={priorityId}>
          <select id={priorityId} data-testid="ticket-priority" value={ticket.priority} onChange={(e) => onUpdate({ priority: e.currentTarget.value as TicketPriority })} class={inputClass}>
            {ticketPriorities.map((p) => <option key={p} value={p}>{priorityNames[p]}</option>)}
          </select>
        </Field>
      </div>
      {ticket.status === 'snoozed' && (
        <DateTimeField label="Snoozed until" testId="ticket-snooze-until" value={toLocalInput(ticket.snoozedUntil)} onSave={(v) => onUpdate({ status: 'snoozed', snoozedUntil: fromLocalInput(v) ?? tomorrowMorning() })} />
      )}
      <Field label="Assignee" id={assigneeId}>
        <select id={assigneeId} data-testid="ticket-assignee" value={ticket.assigneeId ?? ''} onChange={(e) => onUpdate({ assigneeId: e.currentTarget.value || null })} class={inputClass}>
          <option value="">Unassigned</option>
          {assignable.map((a) => <option key={a.id} value={a.id}>{a.label}</option>)}
          {ticket.assigneeId && !assignable.some((a) => a.id === ticket.assigneeId) && <option value={ticket.assigneeId}>{agentName(ticket.assigneeId)}</option>}
        </select>
      </Field>
      <div class="grid grid-cols-2 gap-2">
        <TextField label="Tags" testId="ticket-tags" placeholder="refund, shipping" value={ticket.tags.join(', ')} onSave={(v) => onUpdate({ tags: parseTags(v) })} />
        <DateTimeField label="Follow up" testId="ticket-follow-up" value={toLocalInput(ticket.followUpAt)} onSave={(v) => onUpdate({ followUpAt: fromLocalInput(v) })} />
      </div>
      <p class="text-xs text-slate-500 dark:text-slate-400">
        Opened {formatTime(ticket.createdAt)}
        {ticket.firstResponseAt !== null && <> · first answer {formatTime(ticket.firstResponseAt)}</>}
        {ticket.resolvedAt !== null && <> · resolved {formatTime(ticket.resolvedAt)}</>}
      </p>
      <details>
        <summary data-testid="ticket-message-count" data-count={messages.length} class="cursor-pointer text-xs text-slate-600 dark:text-slate-300">
          {plural(messages.length, 'logged message')}
        </summary>
        <div class="pt-2"><LoggedMessages messages={messages} /></div>
      </details>
      <TicketNotes notes={notes} agentName={agentName} onAdd={onAddNote} />
    </section>
  );
}
