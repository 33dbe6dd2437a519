import { useState } from 'preact/hooks';

/** Erasing is for good (and reaches the server): it always asks first. */
export function EraseCustomer({ name, onErase }: { name: string; onErase: () => void }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" data-testid="customer-erase" onClick={() => setConfirming(true)} class="self-start text-xs font-medium text-red-700 hover:underline dark:text-red-300">
        Erase this customer…
      </button>
    );
  }
  return (
    <div role="alertdialog" aria-labelledby="sidedesk-erase-question" class="flex flex-col gap-2 rounded-md border border-red-300 bg-red-50 p-2 dark:border-red-800 dark:bg-red-950">
      <p id="sidedesk-erase-question">
        Erase <strong dir="auto">{name}</strong> and everything about them — tickets, messages and notes on every network? This cannot be undone.
      </p>
      <div class="flex gap-2">
        <button type="button" data-testid="customer-erase-confirm" onClick={onErase} class="rounded-md bg-red-700 px-3 py-1 font-medium text-white">Erase</button>
        {/* Focus lands on the safe choice. */}
        <button type="button" data-testid="customer-erase-cancel" autoFocus onClick={() => setConfirming(false)} class="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-600">Cancel</button>
      </div>
    </div>
  );
}
