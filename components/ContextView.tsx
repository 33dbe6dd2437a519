import { useState } from 'preact/hooks';
import type { WatchedContext } from '../lib/content/watch-page';
import type { Identity, Platform } from '../lib/sites/types';
import { ConversationSummary } from './ConversationSummary';
import { CustomerCard } from './CustomerCard';
import { ManualCustomer } from './ManualCustomer';

/** What the page shows: the detected customer and conversation, or why nothing was detected. */
export function ContextView({ platform, watched }: { platform: Platform; watched: WatchedContext }) {
  const [manual, setManual] = useState<Identity | undefined>();

  if (watched.state === 'reading') {
    return <p data-testid="context-status" data-state="reading" class="px-4 py-3 text-slate-500 dark:text-slate-400">Reading this page…</p>;
  }
  const { context } = watched;
  if (!context.ok) {
    return (
      <section class="flex flex-col gap-3 px-4 py-3">
        <p data-testid="context-status" data-state="undetected" class="text-slate-600 dark:text-slate-300">{context.reason}</p>
        {manual ? <CustomerCard customer={manual} /> : <ManualCustomer platform={platform} onSubmit={setManual} />}
      </section>
    );
  }
  return (
    <section class="flex flex-col gap-3 px-4 py-3">
      <CustomerCard customer={context.customer} />
      <ConversationSummary context={context} />
    </section>
  );
}
