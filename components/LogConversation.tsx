import { useState } from 'preact/hooks';
import type { TicketSummary, TicketThread } from '../lib/desk/types';
import type { DetectedContext, PageMessage } from '../lib/sites/types';
import { ClampedText } from './ClampedText';
import { formatTime, plural } from './labels';
import { commentTicket, loggedIndexes, pageMessageKeys } from './logged';
import { StatusPill } from './StatusPill';
import { useContentHashes } from './use-content-hashes';
import { useOpened } from './use-opened';

interface LogConversationProps {
  context: DetectedContext;
  thread: TicketThread | null;
  commentTickets: TicketSummary[];
  /** Logs the ticked messages (indexes into `context.messages`); resolves true once stored. */
  onLog: (include: number[]) => Promise<boolean>;
  /** Post pages: logs one comment as a ticket of its own. */
  onLogComment: (index: number) => Promise<boolean>;
}

/** One click logs what the page shows; the agent may untick messages first. Messages already logged are not offered again. */
export function LogConversation({ context, thread, commentTickets, onLog, onLogComment }: LogConversationProps) {
  const [unticked, setUnticked] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [choosing, onToggleChoosing] = useOpened();
  const stored = thread?.messages ?? [];
  const { hashes, prepare } = useContentHashes(context.platform, context.messages, stored.length > 0);
  const logged = loggedIndexes(hashes ?? [], stored);
  const offered = hashes ? context.messages.map((message, index) => ({ message, index })).filter(({ index }) => !logged.has(index)) : [];
  // Keys name messages in the open list and in what the agent unticked; a page streaming in a
  // thousand messages re-renders this with neither, and builds no key.
  const keys = choosing || unticked.size > 0 ? pageMessageKeys(context.messages) : undefined;
  const ticked = keys ? offered.filter(({ index }) => !unticked.has(keys[index])) : offered;

  const toggle = (key: string) => {
    const next = new Set(unticked);
    if (!next.delete(key)) next.add(key);
    setUnticked(next);
  };
  const log = async () => {
    setBusy(true);
    await Promise.all([onLog(ticked.map(({ index }) => index)), prepare()]);
    setBusy(false);
  };
  const label = () => {
    if (busy) return 'Logging…';
    if (!hashes) return 'Reading messages…';
    if (offered.length === 0) return thread ? 'Everything shown is logged' : 'No messages to log';
    if (ticked.length === 0) return 'Tick the messages to log';
    return thread ? `Add ${plural(ticked.length, 'new message')} to the ticket` : `Log conversation (${plural(ticked.length, 'message')})`;
  };

  return (
    <section aria-label="Log this conversation" class="flex flex-col gap-2">
      <button
        type="button"
        data-testid="log-ticket"
        data-new-count={ticked.length}
        disabled={busy || !hashes || ticked.length === 0}
        onClick={() => void log()}
        class="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-700 disabled:opacity-50"
      >
        {label()}
      </button>
      {offered.length > 0 && (
        <details data-testid="log-choose" onToggle={onToggleChoosing} class="rounded-md border border-slate-200 dark:border-slate-700">
          <summary class="cursor-pointer px-2 py-1 text-xs text-slate-600 dark:text-slate-300">
            Choose messages · {ticked.length} of {plural(offered.length, thread ? 'new message' : 'message')} ticked
          </summary>
          {keys && choosing && <ul class="flex max-h-72 flex-col gap-1 overflow-y-auto px-2 pb-2">
            {offered.map(({ message, index }) => (
              <li key={keys[index]} data-testid="log-message">
                <label class="flex gap-2">
                  <input type="checkbox" data-testid="log-message-check" checked={!unticked.has(keys[index])} onChange={() => toggle(keys[index])} class="mt-0.5 shrink-0" />
                  <MessagePreview message={message} />
                </label>
              </li>
            ))}
          </ul>}
        </details>
      )}
      {context.kind === 'post' && <CommentLogging context={context} tickets={commentTickets} onLogComment={onLogComment} />}
    </section>
  );
}

function MessagePreview({ message }: { message: PageMessage }) {
  const time = message.sentAt !== undefined ? formatTime(message.sentAt) : message.timeLabel;
  return (
    <span class="flex min-w-0 flex-col">
      <span class="text-xs text-slate-500 dark:text-slate-400">
        <span dir="auto">{message.role === 'agent' ? `${message.author.displayName} (team)` : message.author.displayName}</span>
        {time && <> · {time}</>}
      </span>
      <ClampedText text={message.text} />
    </span>
  );
}

/** On a post, each comment or reply by a customer can become a ticket of its own, with its author as the customer. */
function CommentLogging({ context, tickets, onLogComment }: { context: DetectedContext; tickets: TicketSummary[]; onLogComment: (index: number) => Promise<boolean> }) {
  const [busy, setBusy] = useState<number>();
  const [opened, onToggle] = useOpened();
  const keys = opened ? pageMessageKeys(context.messages) : [];
  const comments = context.messages.map((message, index) => ({ message, index })).filter(({ message, index }) => index > 0 && message.role === 'customer');
  if (comments.length === 0) return null;
  return (
    <details data-testid="comment-logging" onToggle={onToggle} class="rounded-md border border-slate-200 dark:border-slate-700">
      <summary class="cursor-pointer px-2 py-1 text-xs text-slate-600 dark:text-slate-300">Log a single comment · {plural(comments.length, 'comment')}</summary>
      {opened && <ul class="flex max-h-72 flex-col gap-1 overflow-y-auto px-2 pb-2">
        {comments.map(({ message, index }) => {
          const ticket = commentTicket(message, tickets);
          return (
            <li key={keys[index]} data-testid="comment-item" class="flex items-start gap-2">
              <MessagePreview message={message} />
              <span class="ml-auto shrink-0">
                {ticket ? (
                  <StatusPill status={ticket.status} overdue={ticket.overdue} />
                ) : (
                  <button
                    type="button"
                    data-testid="log-comment"
                    disabled={busy !== undefined}
                    aria-label={`Log the comment by ${message.author.displayName} as its own ticket`}
                    onClick={async () => {
                      setBusy(index);
                      await onLogComment(index);
                      setBusy(undefined);
                    }}
                    class="rounded-md border border-indigo-600 px-2 text-xs font-medium text-indigo-700 disabled:opacity-50 dark:text-indigo-200"
                  >
                    {busy === index ? 'Logging…' : 'Log'}
                  </button>
                )}
              </span>
            </li>
          );
        })}
      </ul>}
    </details>
  );
}
