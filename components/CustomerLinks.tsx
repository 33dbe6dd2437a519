import { useEffect, useId, useState } from 'preact/hooks';
import type { CustomerMatch, IdentityRef } from '../lib/desk/types';
import type { Customer } from '../lib/model';
import { inputClass, labelClass } from './fields';
import { platformNames, plural, safeHref } from './labels';

interface CustomerLinksProps {
  customer: Customer;
  findCustomers: (text: string) => Promise<CustomerMatch[]>;
  onLink: (otherId: string) => void;
  onUnlink: (identity: IdentityRef) => void;
}

/** One person on several networks: the identities linked into this customer, and linking another one in. */
export function CustomerLinks({ customer, findCustomers, onLink, onUnlink }: CustomerLinksProps) {
  const searchId = useId();
  const [text, setText] = useState('');
  const [matches, setMatches] = useState<CustomerMatch[]>([]);
  useEffect(() => {
    const query = text.trim();
    if (!query) {
      setMatches([]);
      return;
    }
    let current = true;
    // Wait for a pause in typing: one search per word typed, not per key.
    const timer = setTimeout(() => void findCustomers(query).then((found) => current && setMatches(found), () => current && setMatches([])), 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [text]);

  return (
    <div class="flex flex-col gap-1.5">
      <h3 class={labelClass}>On the networks</h3>
      <ul class="flex flex-col gap-1">
        {customer.identities.map((identity) => {
          const href = safeHref(identity.profileUrl);
          return (
            <li key={`${identity.platform}:${identity.handle}`} data-testid="customer-identity" data-platform={identity.platform} class="flex items-center gap-2">
              <span class="w-16 shrink-0 text-xs text-slate-500 dark:text-slate-400">{platformNames[identity.platform]}</span>
              {href ? (
                <a href={href} target="_blank" rel="noopener noreferrer" dir="auto" class="min-w-0 truncate hover:underline">{identity.handle}</a>
              ) : (
                <span dir="auto" class="min-w-0 truncate">{identity.handle}</span>
              )}
              {customer.identities.length > 1 && (
                <button
                  type="button"
                  data-testid="customer-unlink"
                  aria-label={`Unlink ${platformNames[identity.platform]} ${identity.handle} into a customer of its own`}
                  onClick={() => onUnlink(identity)}
                  class="ml-auto text-xs text-slate-500 hover:underline dark:text-slate-400"
                >
                  Unlink
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <label for={searchId} class={labelClass}>Same person as…</label>
      <input
        id={searchId}
        type="search"
        data-testid="customer-link-search"
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        placeholder="Name or handle on another network"
        autoComplete="off"
        dir="auto"
        class={inputClass}
      />
      {text.trim() && (
        <ul aria-label="Customers to link" aria-live="polite" class="flex flex-col gap-1">
          {matches.length === 0 && <li class="text-xs text-slate-500 dark:text-slate-400">No other customer matches.</li>}
          {matches.map(({ customer: other, ticketCount }) => (
            <li key={other.id}>
              <button
                type="button"
                data-testid="customer-link-option"
                onClick={() => {
                  onLink(other.id);
                  setText('');
                }}
                class="flex w-full flex-col rounded-md border border-slate-200 px-2 py-1 text-left hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800"
              >
                <span dir="auto" class="font-medium">Link {other.name || other.identities[0]?.handle}</span>
                <span class="text-xs text-slate-500 dark:text-slate-400">
                  <span dir="auto">{other.identities.map((i) => `${platformNames[i.platform]} ${i.handle}`).join(' · ')}</span> · {plural(ticketCount, 'ticket')}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
