/**
 * The inline shortcut: an agent types ";refund" in the site's composer and presses Tab. The
 * composer code passes the text before the caret and replaces the returned range.
 */
export interface ShortcutToken {
  /** As typed, without the ";" (look it up with TemplateIndex.findByShortcut). */
  shortcut: string;
  /** UTF-16 offsets into the text given: the ";" and the end of the shortcut (the caret). */
  start: number;
  end: number;
}

// The ";" must start a word, so "a;b" or "https://x;y" typed in prose never expands.
// Built on first use, like every \p{…} pattern a content script loads.
let tokenAtEnd: RegExp | undefined;

export function shortcutBeforeCaret(textBeforeCaret: string): ShortcutToken | null {
  const match = (tokenAtEnd ??= /(?:^|[\s([{"'“‘«])(;[\p{L}\p{N}][\p{L}\p{N}_-]*)$/u).exec(textBeforeCaret);
  if (!match) return null;
  const token = match[1];
  const start = textBeforeCaret.length - token.length;
  return { shortcut: token.slice(1), start, end: textBeforeCaret.length };
}
