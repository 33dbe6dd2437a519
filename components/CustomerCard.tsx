import type { Identity } from '../lib/sites/types';
import { platformNames, safeHref } from './labels';

/**
 * Who the agent is talking to: the name the team keeps for them when there is one, else the page's,
 * with the handle this page shows. Text only: names come from pages and are never rendered as HTML.
 */
export function CustomerCard({ customer, name: storedName, vip = false }: { customer: Identity; name?: string; vip?: boolean }) {
  const name = storedName || customer.displayName || customer.handle;
  const profile = safeHref(customer.profileUrl);
  return (
    <div class="flex items-center gap-3">
      <div aria-hidden="true" class="flex h-10 w-10 shrink-0 items-center justify-center rounded-full bg-indigo-100 text-base font-semibold text-indigo-700 dark:bg-indigo-900 dark:text-indigo-200">
        {[...name][0]?.toUpperCase() ?? '?'}
      </div>
      <div class="min-w-0">
        <div class="flex items-center gap-1.5">
          <div data-testid="customer-name" dir="auto" class="truncate text-base font-semibold">{name}</div>
          {vip && <span data-testid="customer-vip" class="rounded bg-yellow-200 px-1 text-xs font-bold text-yellow-900">VIP</span>}
        </div>
        <div class="flex gap-2 text-slate-500 dark:text-slate-400">
          {profile ? (
            <a data-testid="customer-handle" dir="auto" href={profile} target="_blank" rel="noopener noreferrer" class="truncate hover:underline">{customer.handle}</a>
          ) : (
            <span data-testid="customer-handle" dir="auto" class="truncate">{customer.handle}</span>
          )}
          <span aria-hidden="true">·</span>
          <span data-testid="customer-platform" data-platform={customer.platform}>{platformNames[customer.platform]}</span>
        </div>
      </div>
    </div>
  );
}
