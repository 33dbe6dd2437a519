import { useId, useState } from 'preact/hooks';
import type { Note } from '../lib/model';
import { ClampedText } from './ClampedText';
import { inputClass, labelClass } from './fields';
import { formatTime } from './labels';

interface TicketNotesProps {
  notes: Note[];
  agentName: (agentId: string) => string;
  /** Resolves true once the note is stored. */
  onAdd: (text: string) => Promise<boolean>;
}

/** Internal notes, oldest first; they can be added, never edited or removed. */
export function TicketNotes({ notes, agentName, onAdd }: TicketNotesProps) {
  const id = useId();
  const [text, setText] = useState('');
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    if (!text.trim() || saving) return;
    setSaving(true);
    if (await onAdd(text.trim())) setText('');
    setSaving(false);
  };
  return (
    <div class="flex flex-col gap-2">
      {notes.length > 0 && (
        <ol aria-label="Internal notes" class="flex flex-col gap-1.5">
          {notes.map((note) => (
            <li key={note.id} data-testid="ticket-note" class="rounded-md bg-amber-50 px-2 py-1 dark:bg-amber-950">
              <div class="text-xs text-slate-500 dark:text-slate-400">
                <span dir="auto">{agentName(note.authorId)}</span> · <time dateTime={new Date(note.createdAt).toISOString()}>{formatTime(note.createdAt)}</time>
              </div>
              <ClampedText text={note.text} />
            </li>
          ))}
        </ol>
      )}
      <label for={id} class={labelClass}>Internal note (only your team sees it)</label>
      <textarea
        id={id}
        data-testid="ticket-note-input"
        dir="auto"
        rows={2}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => e.key === 'Enter' && (e.ctrlKey || e.metaKey) && (e.preventDefault(), void submit())}
        class={inputClass}
      />
      <button
        type="button"
        data-testid="ticket-note-add"
        disabled={!text.trim() || saving}
        onClick={() => void submit()}
        class="self-end rounded-md bg-slate-700 px-3 py-1 font-medium text-white disabled:opacity-50 dark:bg-slate-600"
      >
        Add note
      </button>
    </div>
  );
}
