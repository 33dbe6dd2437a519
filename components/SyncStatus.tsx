/**
 * Whether this browser's work has reached the team: a small state label (`sync-status`, DESIGN.md §9)
 * that opens to say why, to retry, and to list changes the server refused with its reasons.
 */
import { useState } from 'preact/hooks';
import type { DeskTable } from '../lib/desk/types';
import type { RejectedChange, SyncState, SyncStatus as Status } from '../lib/sync/status';
import { errorText, type DeskApi, type Preload } from './desk-api';
import { formatTime, plural } from './labels';
import { useLiveQuery } from './use-live-query';

// The pending count moves with every local write, and the engine announces its own state as `meta`.
const watched: DeskTable[] = ['meta', 'customers', 'tickets', 'messages', 'notes', 'templates'];

const looks: Record<SyncState, { label: string; dot: string }> = {
  synced: { label: 'Synced', dot: 'bg-emerald-500' },
  syncing: { label: 'Syncing…', dot: 'bg-sky-500 animate-pulse' },
  offline: { label: 'Offline', dot: 'bg-amber-500' },
  error: { label: 'Sync error', dot: 'bg-red-500' },
  'signed-out': { label: 'Not signed in', dot: 'bg-slate-400' },
};

const what: Record<RejectedChange['table'], string> = { customers: 'customer', tickets: 'ticket', messages: 'message', notes: 'note', templates: 'template' };
const verb: Record<RejectedChange['op'], string> = { insert: 'New', update: 'Change to', delete: 'Deletion of', erase: 'Erasure of', increment: 'Use of' };

/** Asks for the status before the sidebar renders (DeskApi.preloaded). */
export const preloadSyncStatus = (preload: Preload) => preload('getSyncStatus', undefined);

export function SyncStatus({ desk }: { desk: DeskApi }) {
  const status = useLiveQuery(desk, 'getSyncStatus', undefined, watched);
  const [open, setOpen] = useState(false);
  const data = status.data;
  if (!data) return null;
  const look = looks[data.state];
  const label = data.state === 'syncing' && data.progress !== null ? `Syncing… ${Math.floor(data.progress * 100)}%` : look.label;
  const waiting = data.pending > 0 && data.state !== 'synced' ? ` · ${plural(data.pending, 'change')} waiting` : '';
  return (
    <div class="relative ml-auto">
      <button
        type="button"
        data-testid="sync-status"
        data-state={data.state}
        aria-expanded={open}
        title={data.message ?? look.label}
        onClick={() => setOpen(!open)}
        class="flex items-center gap-1.5 rounded-md px-1.5 py-0.5 text-xs text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
      >
        <span aria-hidden="true" class={`h-2 w-2 rounded-full ${look.dot}`} />
        <span>{label}{waiting}</span>
        {data.rejected.length > 0 && (
          <span data-testid="sync-rejected-count" class="rounded bg-red-100 px-1 font-medium text-red-800 dark:bg-red-900 dark:text-red-100">
            {plural(data.rejected.length, 'refused change')}
          </span>
        )}
      </button>
      {open && <SyncDetails desk={desk} status={data} />}
    </div>
  );
}

function SyncDetails({ desk, status }: { desk: DeskApi; status: Status }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const act = (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    action().then(
      () => setBusy(false),
      (e) => (setBusy(false), setError(errorText(e))),
    );
  };
  return (
    <div data-testid="sync-details" class="absolute right-0 top-full z-10 mt-1 flex w-72 flex-col gap-2 rounded-md border border-slate-200 bg-white p-3 text-xs shadow-lg dark:border-slate-700 dark:bg-slate-900">
      {status.agent && <p>Signed in as {status.agent.name} ({status.team?.name}).</p>}
      {status.message && <p data-testid="sync-message" dir="auto">{status.message}</p>}
      {status.state === 'signed-out' && !status.message && <p>Sign in on the options page (Team) to share tickets and templates with your team.</p>}
      {status.lastSyncedAt !== null && <p class="text-slate-500 dark:text-slate-400">Last synced {formatTime(status.lastSyncedAt)}.</p>}
      {status.state !== 'signed-out' && (
        <button type="button" data-testid="sync-now" disabled={busy} onClick={() => act(() => desk.call('syncNow', undefined))} class="self-start rounded-md border border-slate-300 px-2 py-0.5 hover:bg-slate-100 disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800">
          {busy ? 'Syncing…' : 'Sync now'}
        </button>
      )}
      {error && <p role="alert" class="text-red-700 dark:text-red-300">{error}</p>}
      {status.rejected.length > 0 && (
        <section class="flex flex-col gap-1">
          <h3 class="font-semibold">Refused by the server (not saved for the team)</h3>
          <ul class="flex max-h-60 flex-col gap-1 overflow-y-auto">
            {status.rejected.map((change) => (
              <li key={change.id} data-testid="sync-rejected-item" data-table={change.table} class="rounded bg-red-50 p-1.5 dark:bg-red-950">
                <p class="font-medium">{verb[change.op]} a {what[change.table]} · {formatTime(change.at)}</p>
                <p dir="auto">{change.reason}</p>
              </li>
            ))}
          </ul>
          <button type="button" data-testid="sync-rejected-dismiss" onClick={() => act(() => desk.call('dismissRejected', { ids: status.rejected.map((r) => r.id) }))} class="self-start underline">
            Dismiss
          </button>
        </section>
      )}
    </div>
  );
}
