import type { Message } from '../lib/model';
import { ClampedText } from './ClampedText';
import { formatTime } from './labels';

/** A ticket's logged messages, oldest first: the customer's on the left, the team's on the right. */
export function LoggedMessages({ messages }: { messages: Message[] }) {
  return (
    <ol aria-label="Logged messages" class="flex flex-col gap-1.5">
      {messages.map((m) => (
        <li key={m.id} data-testid="logged-message" data-role={m.role} class={`max-w-[85%] rounded-md px-2 py-1 ${m.role === 'agent' ? 'self-end bg-indigo-50 dark:bg-indigo-950' : 'self-start bg-slate-100 dark:bg-slate-800'}`}>
          <div class="text-xs text-slate-500 dark:text-slate-400">
            <span dir="auto">{m.authorName}</span>
            {(m.sentAt !== null || m.timeLabel) && <> · {m.sentAt !== null ? formatTime(m.sentAt) : m.timeLabel}</>}
          </div>
          <ClampedText text={m.text} />
        </li>
      ))}
    </ol>
  );
}
