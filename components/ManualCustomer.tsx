import { useState } from 'preact/hooks';
import type { Identity, Platform } from '../lib/sites/types';
import { platformNames } from './labels';

/** When the page cannot be read, the agent types or pastes the customer's handle. */
export function ManualCustomer({ platform, onSubmit }: { platform: Platform; onSubmit: (customer: Identity) => void }) {
  const [value, setValue] = useState('');
  const handle = value.trim().replace(/^@/, '');
  return (
    <form
      class="flex flex-col gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (handle) onSubmit({ platform, handle });
      }}
    >
      <label for="sidedesk-manual-handle" class="text-slate-600 dark:text-slate-300">Customer’s {platformNames[platform]} handle</label>
      <div class="flex gap-2">
        <input
          id="sidedesk-manual-handle"
          data-testid="manual-handle"
          value={value}
          onInput={(e) => setValue(e.currentTarget.value)}
          placeholder="@handle"
          autoComplete="off"
          class="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-800"
        />
        <button type="submit" disabled={!handle} class="rounded-md bg-indigo-600 px-3 py-1 font-medium text-white disabled:opacity-50">Use</button>
      </div>
    </form>
  );
}
