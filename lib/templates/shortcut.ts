/**
 * Shortcuts are what an agent types after ";" in a composer, and what `{{> shortcut}}` includes.
 * Letters of any script are allowed so that agents can name replies in their own language.
 */
let shortcutPattern: RegExp | undefined; // built on first use, like every \p{…} pattern a content script loads

/** The sigils agents tend to type or store in front of a shortcut (";ack", "/ack"). */
const leadingSigil = /^[;/]/;

export function isValidShortcut(shortcut: string): boolean {
  return (shortcutPattern ??= /^[\p{L}\p{N}][\p{L}\p{N}_-]*$/u).test(shortcut.replace(leadingSigil, ''));
}

/** The form shortcuts are compared in: no sigil, NFC, lower case. */
export function normalizeShortcut(shortcut: string): string {
  return shortcut.trim().replace(leadingSigil, '').normalize('NFC').toLowerCase();
}

export const shortcutRule = 'a shortcut is letters, digits, "-" and "_", starting with a letter or digit';
