import { useId, useState } from 'preact/hooks';
import type { Customer } from '../lib/model';
import { inputClass, labelClass, TextField } from './fields';

type Attributes = Customer['attributes'];

/** The team's own fields on a customer (order number, plan, city…): edit, add, remove. */
export function CustomerAttributes({ attributes, onSave }: { attributes: Attributes; onSave: (attributes: Attributes) => void }) {
  const keyId = useId();
  const valueId = useId();
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const add = () => {
    const name = key.trim();
    if (!name) return;
    onSave({ ...attributes, [name]: value });
    setKey('');
    setValue('');
  };
  const without = (name: string) => Object.fromEntries(Object.entries(attributes).filter(([k]) => k !== name));
  return (
    <fieldset class="flex flex-col gap-1.5">
      <legend class={labelClass}>Custom attributes</legend>
      {Object.entries(attributes).map(([name, current]) => (
        <div key={name} data-testid="customer-attribute" class="flex items-end gap-1">
          <div class="min-w-0 flex-1">
            <TextField label={name} value={current === null ? '' : String(current)} onSave={(next) => onSave({ ...attributes, [name]: keepType(current, next) })} />
          </div>
          <button type="button" aria-label={`Remove ${name}`} onClick={() => onSave(without(name))} class="rounded-md px-2 py-1 text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800">×</button>
        </div>
      ))}
      <form
        class="flex items-end gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <div class="flex min-w-0 flex-1 flex-col gap-0.5">
          <label for={keyId} class={labelClass}>New attribute</label>
          <input id={keyId} data-testid="customer-attribute-key" value={key} onInput={(e) => setKey(e.currentTarget.value)} placeholder="plan" autoComplete="off" class={inputClass} />
        </div>
        <div class="flex min-w-0 flex-1 flex-col gap-0.5">
          <label for={valueId} class={labelClass}>Value</label>
          <input id={valueId} data-testid="customer-attribute-value" value={value} onInput={(e) => setValue(e.currentTarget.value)} dir="auto" autoComplete="off" class={inputClass} />
        </div>
        <button type="submit" disabled={!key.trim()} class="rounded-md border border-slate-300 px-2 py-1 disabled:opacity-50 dark:border-slate-600">Add</button>
      </form>
    </fieldset>
  );
}

/** A number stays a number and a yes/no stays one when the agent edits it as text. */
function keepType(previous: Attributes[string], text: string): Attributes[string] {
  if (typeof previous === 'number' && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  if (typeof previous === 'boolean' && /^(true|false)$/i.test(text.trim())) return text.trim().toLowerCase() === 'true';
  return text;
}
