import { describe, expect, it } from 'vitest';
import { shortcutBeforeCaret } from '../../../lib/templates/inline';

describe('shortcutBeforeCaret', () => {
  it('finds a ;shortcut ending at the caret, with the range to replace', () => {
    const text = 'Thanks! ;refund-late';
    expect(shortcutBeforeCaret(text)).toEqual({ shortcut: 'refund-late', start: 8, end: text.length });
    expect(text.slice(0, 8)).toBe('Thanks! ');
  });

  it('works at the start, after a new line, after an opening bracket, and in other scripts', () => {
    expect(shortcutBeforeCaret(';ack')).toEqual({ shortcut: 'ack', start: 0, end: 4 });
    expect(shortcutBeforeCaret('Hi 😀\n;ack-fil')).toEqual({ shortcut: 'ack-fil', start: 6, end: 14 });
    expect(shortcutBeforeCaret('(;ack')?.start).toBe(1);
    expect(shortcutBeforeCaret('Да ;спасибо')?.shortcut).toBe('спасибо');
  });

  it.each([
    ['the caret is not at the end of the token', ';ack '],
    ['the ";" is inside a word', 'a;ack'],
    ['there is only a ";"', 'Hello ;'],
    ['the token is a doubled ";"', ';;ack'],
    ['the shortcut starts with punctuation', ';-ack'],
    ['there is no ";"', 'ack'],
  ])('returns null when %s', (_, text) => {
    expect(shortcutBeforeCaret(text)).toBeNull();
  });
});
