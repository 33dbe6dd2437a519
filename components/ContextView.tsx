import { useState } from 'preact/hooks';
import type { WatchedContext } from '../lib/content/watch-page';
import type { Identity, Platform } from '../lib/sites/types';
import type { DeskApi, Preload } from './desk-api';
import { DeskPanel, preloadDeskPanel } from './DeskPanel';
import { ManualCustomer } from './ManualCustomer';

/** Asks for the panel of the customer the page shows, before it renders (DeskApi.preloaded). */
export const preloadContextView = (preload: Preload, watched: WatchedContext) =>
  watched.state === 'read' && watched.context.ok ? preloadDeskPanel(preload, watched.context.customer, watched.context) : [];

/** What the page shows: the detected customer and conversation, or why nothing was detected. */
export function ContextView({ platform, watched, desk }: { platform: Platform; watched: WatchedContext; desk: DeskApi }) {
  const [manual, setManual] = useState<Identity | undefined>();

  if (watched.state === 'reading') {
    return <p data-testid="context-status" data-state="reading" class="px-4 py-3 text-slate-500 dark:text-slate-400">Reading this page…</p>;
  }
  const { context } = watched;
  if (!context.ok) {
    return (
      <section class="flex flex-col gap-3 px-4 py-3">
        <p data-testid="context-status" data-state="undetected" class="text-slate-600 dark:text-slate-300">{context.reason}</p>
        {manual ? <DeskPanel key={manual.handle} desk={desk} identity={manual} /> : <ManualCustomer platform={platform} onSubmit={setManual} />}
      </section>
    );
  }
  // A new customer or thread on the same URL (a page still rendering) gets a fresh panel, never the previous one's view.
  const { customer } = context;
  return (
    <section class="px-4 py-3">
      <DeskPanel key={`${customer.platform}:${customer.handle}:${context.conversationKey}`} desk={desk} identity={customer} context={context} />
    </section>
  );
}
