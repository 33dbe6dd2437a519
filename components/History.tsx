import type { HistoryEntry } from '../lib/desk/types';
import { ClampedText } from './ClampedText';
import { channelNames, formatTime, platformNames, safeHref, ticketLabel } from './labels';
import { StatusPill } from './StatusPill';

interface HistoryProps {
  entries: HistoryEntry[];
  more: boolean;
  onMore: () => void;
  agentName: (agentId: string) => string;
}

/** Everything known of the customer on every network, newest first. */
export function History({ entries, more, onMore, agentName }: HistoryProps) {
  return (
    <section aria-labelledby="sidedesk-history" class="flex flex-col gap-2">
      <h2 id="sidedesk-history" class="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">History</h2>
      {entries.length === 0 ? (
        <p class="text-slate-500 dark:text-slate-400">Nothing logged for this customer yet.</p>
      ) : (
        <ol class="flex flex-col gap-2">
          {entries.map((entry) => (
            <li key={entryKey(entry)} data-testid="history-item" data-kind={entry.kind} data-platform={entryPlatform(entry)} class="rounded-md border border-slate-200 px-2 py-1.5 dark:border-slate-700">
              <HistoryLine entry={entry} agentName={agentName} />
            </li>
          ))}
        </ol>
      )}
      {more && (
        <button type="button" onClick={onMore} class="self-start text-xs font-medium text-indigo-600 hover:underline dark:text-indigo-300">
          Show older
        </button>
      )}
    </section>
  );
}

function HistoryLine({ entry, agentName }: { entry: HistoryEntry; agentName: (agentId: string) => string }) {
  const time = <time dateTime={new Date(entry.at).toISOString()} class="shrink-0">{formatTime(entry.at)}</time>;
  const meta = 'flex flex-wrap items-center gap-x-2 text-xs text-slate-500 dark:text-slate-400';
  switch (entry.kind) {
    case 'ticket': {
      const { ticket } = entry;
      return (
        <>
          <div class={meta}>
            <span class="font-medium text-slate-700 dark:text-slate-200">{ticketLabel(ticket)}</span>
            <span>{platformNames[ticket.platform]} {channelNames[ticket.channel]}</span>
            <StatusPill status={ticket.status} overdue={ticket.overdue} />
            {time}
          </div>
          {ticket.subject && <ClampedText text={ticket.subject} />}
        </>
      );
    }
    case 'note':
      return (
        <>
          <div class={meta}>
            <span class="font-medium text-slate-700 dark:text-slate-200">Note</span>
            <span dir="auto">{agentName(entry.note.authorId)}</span>
            {time}
          </div>
          <ClampedText text={entry.note.text} />
        </>
      );
    case 'message': {
      const { message, ticket } = entry;
      return (
        <>
          <div class={meta}>
            <span dir="auto" class="max-w-40 truncate font-medium text-slate-700 dark:text-slate-200">{message.authorName}</span>
            <span>{platformNames[ticket.platform]} {channelNames[ticket.channel]} {ticketLabel(ticket)}</span>
            {time}
            {safeHref(message.permalink ?? ticket.permalink) && (
              <a href={safeHref(message.permalink ?? ticket.permalink)} target="_blank" rel="noopener noreferrer" class="text-indigo-600 hover:underline dark:text-indigo-300">Open</a>
            )}
          </div>
          <ClampedText text={message.text} />
        </>
      );
    }
  }
}

const entryKey = (entry: HistoryEntry) => (entry.kind === 'ticket' ? `t:${entry.ticket.id}` : entry.kind === 'note' ? `n:${entry.note.id}` : `m:${entry.message.id}`);
const entryPlatform = (entry: HistoryEntry) => (entry.kind === 'note' ? undefined : entry.ticket.platform);
