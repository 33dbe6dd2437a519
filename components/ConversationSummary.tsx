import type { DetectedContext } from '../lib/sites/types';
import { kindNames, plural } from './labels';

/** The kind of conversation, how much of it was read, and on posts who else wrote in it. */
export function ConversationSummary({ context }: { context: DetectedContext }) {
  const count = context.messages.length;
  const repliers = context.kind === 'post' ? distinctCustomers(context) : [];
  return (
    <div class="flex flex-col gap-2">
      <p data-testid="context-status" data-state="detected" data-kind={context.kind} data-message-count={count} class="text-slate-600 dark:text-slate-300">
        {kindNames[context.kind]} · {plural(count, 'message')} read
      </p>
      {repliers.length > 0 && (
        <div>
          <h3 class="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">{plural(repliers.length, 'person', 'people')} in the replies</h3>
          <ul class="mt-1 flex flex-col gap-1">
            {repliers.map((name) => (
              <li key={name} dir="auto" class="truncate">{name}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function distinctCustomers(context: DetectedContext) {
  const names = context.messages.slice(1).filter((m) => m.role === 'customer').map((m) => m.author.handle ?? m.author.displayName);
  return [...new Set(names)];
}
