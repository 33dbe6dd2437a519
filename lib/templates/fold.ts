/**
 * Text folded for matching: case- and diacritic-insensitive ("Café" and "cafe", "ё" and "е"),
 * compatibility forms unified (full-width letters, ligatures).
 */
const lettersWithoutDecomposition: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ı: 'i' };
// Unicode property patterns are built on first use: each costs the page a fraction of a
// millisecond to construct, and content scripts load these modules on every page they run in.
let combiningMarks: RegExp | undefined;
const undecomposed = /[ßæœøłđı]/g;
const ascii = /^[\x00-\x7f]*$/;

export function fold(text: string): string {
  // Most replies are plain ASCII, where lower case is all there is to do.
  if (ascii.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace((combiningMarks ??= /\p{M}+/gu), '')
    .toLowerCase()
    .replace(undecomposed, (letter) => lettersWithoutDecomposition[letter]);
}

let word: RegExp | undefined;

/** The words of already folded text. */
export function words(folded: string): string[] {
  return folded.match((word ??= /[\p{L}\p{N}]+/gu)) ?? [];
}
