import { describe, expect, it } from 'vitest';
import { checkLength, xWeightedLength } from '../../../lib/templates/limits';

describe('xWeightedLength, as twitter-text v3 counts', () => {
  it.each([
    ['plain Latin text counts 1 a character', 'Thanks for your patience!', 25],
    ['Cyrillic and accented letters count 1', 'Спасибо, café', 13],
    ['a decomposed accent counts as its composed letter', 'cafe\u0301', 4],
    ['CJK counts 2', '日本語', 6],
    ['the ellipsis is outside the light ranges', 'a…b', 4],
    ['an emoji counts 2, skin tone included', '👍🏽', 2],
    ['a ZWJ family counts 2', '👨‍👩‍👧', 2],
    ['a flag counts 2', '🇵🇭', 2],
    ['a URL counts 23 however long', 'https://example.com/orders/1234567890?ref=support-team', 23],
    ['trailing punctuation is not part of the URL', 'See https://example.com.', 4 + 23 + 1],
    ['a bare domain counts as a URL', 'Visit help.example.com/refunds today', 6 + 23 + 6],
    ['an email address is not a URL', 'a@example.com', 13],
    ['new lines count 1', 'Hi\nthere', 8],
  ])('%s', (_, text, expected) => {
    expect(xWeightedLength(text)).toBe(expected);
  });
});

describe('emoji, as the Unicode RGI list has them', () => {
  // The reference: every RGI emoji counts 2 and everything else by its code points.
  const rgi = /\p{RGI_Emoji}/gv;
  const light: [number, number][] = [[0x0000, 0x10ff], [0x2000, 0x200d], [0x2010, 0x201f], [0x2032, 0x2037]];
  const plain = (text: string) => [...text].reduce((n, c) => n + (light.some(([a, b]) => c.codePointAt(0)! >= a && c.codePointAt(0)! <= b) ? 1 : 2), 0);
  const byRgi = (raw: string) => {
    const text = raw.normalize('NFC');
    let [length, at] = [0, 0];
    for (const match of text.matchAll(rgi)) [length, at] = [length + plain(text.slice(at, match.index)) + 2, match.index + match[0].length];
    return length + plain(text.slice(at));
  };

  it('counts every emoji code point, alone and in the sequences it heads, as the RGI list does', () => {
    const tails = ['', '\uFE0F', '\uFE0E', '\u{1F3FD}', '\uFE0F\u20E3', '\u200D\u2642\uFE0F', '\u{1F3FB}\u200D\u2640\uFE0F', '\u200D\u{1F525}'];
    const blocks: [number, number][] = [[0x20, 0x7f], [0xa0, 0xff], [0x2000, 0x2bff], [0x3000, 0x303f], [0x1f000, 0x1faff]];
    const differ: string[] = [];
    for (const [from, to] of blocks) {
      for (let code = from; code <= to; code++) {
        for (const tail of tails) {
          const text = `a${String.fromCodePoint(code)}${tail} b`;
          // Invented sequences are left out (a ZWJ joining what is no emoji, a skin tone on nothing): the RGI list does not say how they count.
          if (tail.includes('\u200D') && !/^\p{RGI_Emoji}$/v.test(String.fromCodePoint(code) + tail)) continue;
          if (tail && /\p{Emoji_Modifier}/u.test(String.fromCodePoint(code))) continue;
          if (/^\p{Emoji_Modifier}/u.test(tail) && !/^\p{RGI_Emoji}$/v.test(String.fromCodePoint(code) + [...tail][0])) continue;
          if (xWeightedLength(text) !== byRgi(text)) differ.push(`U+${code.toString(16)} ${JSON.stringify(tail)}`);
        }
      }
    }
    expect(differ).toEqual([]);
  });

  it.each(['👨‍👩‍👧‍👦', '🏳️‍🌈', '🏴‍☠️', '🇵🇭🇲🇾', '🏴󠁧󠁢󠁥󠁮󠁧󠁿', '❤️‍🔥', '👩🏽‍💻', '🧑🏿‍🤝‍🧑🏻', '1️⃣', '©️', '©', '™', '☝🏽', '👁️‍🗨️', '🫱🏼‍🫲🏿', '😶‍🌫️', '👩‍❤️‍💋‍👨', '🐕‍🦺', '🧔🏻‍♂️'])('counts %s as the RGI list does', (text) => {
    expect(xWeightedLength(`Hi ${text}!`)).toBe(byRgi(`Hi ${text}!`));
  });
});

describe('checkLength', () => {
  it('flags an X reply over 280 weighted characters, with the count', () => {
    expect(checkLength('a'.repeat(280), 'x', 'reply')).toMatchObject({ count: 280, over: false, remaining: 0 });
    expect(checkLength('日'.repeat(141), 'x', 'reply')).toEqual({ count: 282, limit: 280, remaining: -2, over: true, unit: 'weighted characters' });
    const withLink = `${'a'.repeat(256)} https://example.com/${'p'.repeat(200)}`;
    expect(checkLength(withLink, 'x', 'post')).toMatchObject({ count: 280, over: false });
  });

  it('counts X DMs in plain characters against 10,000', () => {
    expect(checkLength('日'.repeat(5_001), 'x', 'dm')).toMatchObject({ count: 5_001, limit: 10_000, over: false, unit: 'characters' });
  });

  it.each([
    ['instagram', 'dm', 1_000],
    ['instagram', 'comment', 2_200],
    ['facebook', 'comment', 8_000],
    ['facebook', 'dm', 20_000],
  ] as const)('%s %s allows %i characters, an emoji counting once', (platform, channel, limit) => {
    expect(checkLength('😀'.repeat(limit), platform, channel)).toMatchObject({ count: limit, over: false });
    expect(checkLength('😀'.repeat(limit + 1), platform, channel)).toMatchObject({ count: limit + 1, over: true, remaining: -1 });
  });
});
