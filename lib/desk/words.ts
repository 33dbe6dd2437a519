/** How customers and tickets are found: identity keys and search words. Pure string functions. */
import type { Platform } from '../sites/types';

/** Zero-width and other format characters (U+200B, U+200D, U+FEFF, bidi marks): invisible, never part of a word. */
const invisible = /\p{Cf}/gu;
const wordPattern = /[\p{L}\p{N}\p{M}]+/gu;
const maxWords = 60;
const maxWordLength = 40;

/** A handle as typed or shown: without "@", trimmed, lower case (handles match case-insensitively). */
export function normalizeHandle(handle: string): string {
  return handle.replace(invisible, '').trim().replace(/^@+/, '').toLowerCase();
}

/** The index keys one identity is found by: its handle, and its network user id when known. */
export function identityKeys(identity: { platform: Platform; handle: string; userId?: string }): string[] {
  const keys = [`${identity.platform}:h:${normalizeHandle(identity.handle)}`];
  if (identity.userId) keys.push(`${identity.platform}:u:${identity.userId}`);
  return keys;
}

/** The distinct lower-case words of the texts (letters and digits in any script), at most 60, each at most 40 characters. */
export function searchWords(texts: readonly string[]): string[] {
  const words = new Set<string>();
  for (const text of texts) {
    for (const [word] of text.replace(invisible, '').toLowerCase().normalize('NFKC').matchAll(wordPattern)) {
      if (words.size >= maxWords) return [...words];
      words.add(word.slice(0, maxWordLength));
    }
  }
  return [...words];
}

/** The words of a search box's text, as prefixes to match. */
export function queryWords(text: string): string[] {
  return searchWords([text]);
}
