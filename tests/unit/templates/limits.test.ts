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
