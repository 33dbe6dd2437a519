/**
 * Text folded for matching: case- and diacritic-insensitive ("Café" and "cafe", "ё" and "е"),
 * compatibility forms unified (full-width letters, ligatures).
 */
const lettersWithoutDecomposition: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ı: 'i' };
const combiningMarks = /\p{M}+/gu;
const undecomposed = /[ßæœøłđı]/g;
const ascii = /^[\x00-\x7f]*$/;

export function fold(text: string): string {
  // Most replies are plain ASCII, where lower case is all there is to do.
  if (ascii.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace(combiningMarks, '')
    .toLowerCase()
    .replace(undecomposed, (letter) => lettersWithoutDecomposition[letter]);
}

const word = /[\p{L}\p{N}]+/gu;

/** The words of already folded text. */
export function words(folded: string): string[] {
  return folded.match(word) ?? [];
}
