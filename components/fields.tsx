/** Small labelled inputs that save when the agent is done (Enter or leaving the field), not on every key. */
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';

export const inputClass = 'w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-800';
export const labelClass = 'text-xs font-medium text-slate-500 dark:text-slate-400';

export function Field({ label, children, id }: { label: string; id: string; children: ComponentChildren }) {
  return (
    <div class="flex min-w-0 flex-col gap-0.5">
      <label for={id} class={labelClass}>{label}</label>
      {children}
    </div>
  );
}

interface TextFieldProps {
  label: string;
  value: string;
  onSave: (value: string) => void;
  multiline?: boolean;
  type?: 'text' | 'email' | 'tel';
  placeholder?: string;
  testId?: string;
}

/** A text that another tab may change meanwhile: the stored value replaces the draft unless the agent is editing it. */
export function TextField({ label, value, onSave, multiline = false, type = 'text', placeholder, testId }: TextFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  const editing = useRef(false);
  const saved = useRef(value);
  useEffect(() => {
    if (value === saved.current) return; // effects run late: on mount, this must not undo what was typed already
    saved.current = value;
    if (!editing.current) setDraft(value);
  }, [value]);
  // Enter and then leaving the field is one edit, saved once.
  const commit = () => {
    if (draft === saved.current) return;
    saved.current = draft;
    onSave(draft);
  };
  const events = {
    onFocus: () => (editing.current = true),
    onBlur: () => {
      editing.current = false;
      commit();
    },
    onInput: (e: Event) => setDraft((e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value),
  };
  return (
    <Field label={label} id={id}>
      {multiline ? (
        <textarea id={id} data-testid={testId} value={draft} placeholder={placeholder} dir="auto" rows={3} class={inputClass} {...events} />
      ) : (
        <input
          id={id}
          data-testid={testId}
          type={type as 'text'} // Preact types each input type separately; a union of them fits none
          value={draft}
          placeholder={placeholder}
          dir="auto"
          autoComplete="off"
          class={inputClass}
          {...events}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
            if (e.key === 'Escape') setDraft(value);
          }}
        />
      )}
    </Field>
  );
}

/** A date and time in the agent's own time zone; empty clears it. */
export function DateTimeField({ label, value, onSave, testId }: { label: string; value: string; onSave: (value: string) => void; testId?: string }) {
  const id = useId();
  return (
    <Field label={label} id={id}>
      <input id={id} data-testid={testId} type="datetime-local" value={value} onChange={(e) => onSave(e.currentTarget.value)} class={inputClass} />
    </Field>
  );
}
