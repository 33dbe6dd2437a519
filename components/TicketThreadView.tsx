import type { TicketThread } from '../lib/desk/types';
import { ClampedText } from './ClampedText';
import { formatTime } from './labels';
import { LoggedMessages } from './LoggedMessages';

/** A logged conversation as the ticket list shows it when a row is opened: messages, then notes. */
export function TicketThreadView({ thread, agentName }: { thread: TicketThread; agentName: (id: string) => string }) {
  return (
    <div data-testid="ticket-thread" class="flex flex-col gap-2">
      <LoggedMessages messages={thread.messages} />
      {thread.notes.length > 0 && (
        <ol aria-label="Internal notes" class="flex flex-col gap-1.5">
          {thread.notes.map((n) => (
            <li key={n.id} class="rounded-md bg-amber-50 px-2 py-1 dark:bg-amber-950">
              <div class="text-xs text-slate-500 dark:text-slate-400">
                Note · <span dir="auto">{agentName(n.authorId)}</span> · {formatTime(n.createdAt)}
              </div>
              <ClampedText text={n.text} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
