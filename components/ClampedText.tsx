import { useState } from 'preact/hooks';

const maxChars = 280;
const maxLines = 5;

/** Text from a page or a customer, always as text, cut to a few lines until the agent asks for more. */
export function ClampedText({ text, class: className = '' }: { text: string; class?: string }) {
  const [expanded, setExpanded] = useState(false);
  const lines = text.split('\n');
  const long = text.length > maxChars || lines.length > maxLines;
  const shown = !long || expanded ? text : `${lines.slice(0, maxLines).join('\n').slice(0, maxChars).trimEnd()}…`;
  return (
    <div class={className}>
      <p dir="auto" data-testid="clamped-text" class="whitespace-pre-wrap break-words [overflow-wrap:anywhere]">{shown}</p>
      {long && (
        <button type="button" aria-expanded={expanded} onClick={() => setExpanded(!expanded)} class="text-xs font-medium text-indigo-600 hover:underline dark:text-indigo-300">
          {expanded ? 'Show less' : 'Show more'}
        </button>
      )}
    </div>
  );
}
