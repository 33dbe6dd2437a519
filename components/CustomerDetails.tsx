import type { CustomerChanges, CustomerMatch, IdentityRef } from '../lib/desk/types';
import type { Customer } from '../lib/model';
import { CustomerAttributes } from './CustomerAttributes';
import { CustomerLinks } from './CustomerLinks';
import { EraseCustomer } from './EraseCustomer';
import { TextField } from './fields';
import { parseTags } from './labels';

export interface CustomerActions {
  onUpdate: (changes: CustomerChanges) => void;
  findCustomers: (text: string) => Promise<CustomerMatch[]>;
  onLink: (otherId: string) => void;
  onUnlink: (identity: IdentityRef) => void;
  onErase: () => void;
}

const orNull = (value: string) => value.trim() || null;

/** Everything the team keeps on the customer, editable; folded away until the agent opens it (or just added them). */
export function CustomerDetails({ customer, open = false, ...actions }: { customer: Customer; open?: boolean } & CustomerActions) {
  const save = actions.onUpdate;
  return (
    <details data-testid="customer-details" open={open} class="rounded-md border border-slate-200 dark:border-slate-700">
      <summary class="cursor-pointer px-2 py-1 text-xs font-medium text-slate-600 dark:text-slate-300">Customer details</summary>
      <div class="flex flex-col gap-2 px-2 pb-2">
        <CustomerLinks customer={customer} findCustomers={actions.findCustomers} onLink={actions.onLink} onUnlink={actions.onUnlink} />
        <TextField label="Name" testId="customer-edit-name" value={customer.name} onSave={(name) => save({ name: name.trim() })} />
        <div class="grid grid-cols-2 gap-2">
          <TextField label="Email" type="email" testId="customer-email" value={customer.email ?? ''} onSave={(v) => save({ email: orNull(v) })} />
          <TextField label="Phone" type="tel" testId="customer-phone" value={customer.phone ?? ''} onSave={(v) => save({ phone: orNull(v) })} />
          <TextField label="Language" testId="customer-language" placeholder="en, fil, ms…" value={customer.language ?? ''} onSave={(v) => save({ language: orNull(v) })} />
          <TextField label="Tags" testId="customer-tags" value={customer.tags.join(', ')} onSave={(v) => save({ tags: parseTags(v) })} />
        </div>
        <label class="flex items-center gap-2">
          <input type="checkbox" data-testid="customer-vip-toggle" checked={customer.vip} onChange={(e) => save({ vip: e.currentTarget.checked })} />
          VIP
        </label>
        <TextField label="Notes" multiline testId="customer-notes" value={customer.notes} onSave={(notes) => save({ notes })} />
        <CustomerAttributes attributes={customer.attributes} onSave={(attributes) => save({ attributes })} />
        <EraseCustomer name={customer.name || customer.identities[0]?.handle || 'this customer'} onErase={actions.onErase} />
      </div>
    </details>
  );
}
