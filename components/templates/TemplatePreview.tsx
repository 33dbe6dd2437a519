/** The reply under the picker's cursor, as it will be inserted: what blocks it, its fill-in fields, its length. */
import { useEffect, useId, useRef } from 'preact/hooks';
import type { Platform } from '../../lib/sites/types';
import { inputClass, labelClass } from '../fields';
import { platformNames } from '../labels';
import type { Reply } from './reply';

interface TemplatePreviewProps {
  reply: Reply;
  platform: Platform;
  answers: Readonly<Record<string, string>>;
  busy: boolean;
  /** Changes when the agent tried to insert with fields still empty: the first empty one takes focus. */
  focusAsk: number;
  onAnswer: (label: string, value: string) => void;
  onInsert: () => void;
  /** Esc in a field: back to the search box. */
  onBack: () => void;
}

export function TemplatePreview({ reply, platform, answers, busy, focusAsk, onAnswer, onInsert, onBack }: TemplatePreviewProps) {
  const id = useId();
  const fields = useRef<HTMLDivElement>(null);
  const { result, blockers, length } = reply;
  const asks = result.asks;
  const firstEmpty = () => fields.current?.querySelector<HTMLInputElement>('input[data-empty="true"]');

  useEffect(() => {
    if (focusAsk) firstEmpty()?.focus();
  }, [focusAsk]);

  const onFieldKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onBack();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const empty = firstEmpty();
      if (empty && empty !== event.currentTarget) empty.focus();
      else onInsert();
    }
  };

  return (
    <div data-testid="template-preview-panel" class="flex flex-col gap-2 border-t border-slate-200 pt-2 dark:border-slate-700">
      {blockers.length > 0 && (
        <div data-testid="template-blocked" role="alert" class="rounded-md bg-red-50 px-2 py-1 text-red-800 dark:bg-red-950 dark:text-red-200">
          <p class="font-medium">This reply cannot be inserted:</p>
          <ul class="list-disc pl-4">
            {blockers.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </div>
      )}
      {asks.length > 0 && (
        <div ref={fields} class="flex flex-col gap-1">
          {asks.map((label, n) => (
            <div key={label} class="flex flex-col gap-0.5">
              <label for={`${id}-${n}`} class={labelClass}>{label}</label>
              <input
                id={`${id}-${n}`}
                data-testid="template-ask"
                data-empty={!answers[label]?.trim()}
                value={answers[label] ?? ''}
                dir="auto"
                autoComplete="off"
                onInput={(e) => onAnswer(label, e.currentTarget.value)}
                onKeyDown={onFieldKey}
                class={inputClass}
              />
            </div>
          ))}
        </div>
      )}
      <p data-testid="template-preview" dir="auto" class="max-h-48 overflow-y-auto whitespace-pre-wrap break-words rounded-md bg-slate-50 px-2 py-1 dark:bg-slate-800">
        {result.ok ? result.text : result.preview}
      </p>
      <div class="flex items-center gap-2">
        <span data-testid="template-length" data-over={length.over} class={`flex-1 text-xs ${length.over ? 'font-medium text-red-700 dark:text-red-300' : 'text-slate-500 dark:text-slate-400'}`}>
          {length.over
            ? `${length.count} of ${length.limit} ${length.unit}: too long for ${platformNames[platform]} here`
            : `${length.count} / ${length.limit}`}
        </span>
        <button
          type="button"
          data-testid="template-insert"
          disabled={busy || blockers.length > 0}
          onClick={onInsert}
          class="rounded-md bg-indigo-600 px-3 py-1 font-medium text-white disabled:opacity-50 hover:bg-indigo-700"
        >
          {asks.some((label) => !answers[label]?.trim()) ? 'Fill in and insert' : 'Insert'}
        </button>
      </div>
    </div>
  );
}
