/**
 * Whether a rendered reply fits the box it goes into.
 *
 * X posts and replies count 280 *weighted* characters the way twitter-text v3 does: text is NFC
 * normalised; a URL counts 23 whatever its length; an emoji (a whole sequence, skin tones and
 * ZWJ families included) counts 2; other code points count 1 in U+0000–U+10FF, U+2000–U+200D,
 * U+2010–U+201F and U+2032–U+2037, and 2 elsewhere (CJK, Hangul, "…").
 * twitter-text recognises bare domains against the full TLD list; this recognises URLs with a
 * scheme and bare domains under common TLDs, which covers what support replies link to.
 *
 * Meta does not publish how it counts; its limits are counted here in code points.
 *   Instagram: DMs 1,000; comments, replies and captions 2,200.
 *   Facebook: comments and replies 8,000; Messenger 20,000; posts 63,206.
 *   X: DMs 10,000 characters (not weighted).
 */
import type { Channel, Platform } from '../sites/types';

export const X_MAX_WEIGHTED = 280;
const X_URL_LENGTH = 23;

export const limits: Record<Platform, Record<Channel, number>> = {
  x: { dm: 10_000, comment: X_MAX_WEIGHTED, reply: X_MAX_WEIGHTED, mention: X_MAX_WEIGHTED, post: X_MAX_WEIGHTED },
  instagram: { dm: 1_000, comment: 2_200, reply: 2_200, mention: 2_200, post: 2_200 },
  facebook: { dm: 20_000, comment: 8_000, reply: 8_000, mention: 8_000, post: 63_206 },
};

export interface LengthCheck {
  count: number;
  limit: number;
  /** Negative when over. */
  remaining: number;
  over: boolean;
  unit: 'weighted characters' | 'characters';
}

const singleWeightRanges: readonly [number, number][] = [
  [0x0000, 0x10ff],
  [0x2000, 0x200d],
  [0x2010, 0x201f],
  [0x2032, 0x2037],
];

const commonTlds = 'com|net|org|edu|gov|info|biz|io|co|me|ly|app|dev|page|link|shop|store|online|site|xyz|ai|tv|gg|to|ph|my|id|ru|uk|us|ca|au|nz|sg|in|de|fr|es|it|nl|eu|jp|kr|cn|hk|tw|br|mx';
const trailingPunctuation = String.raw`.,!?;:'"()\[\]{}<>…`;
// Both patterns are built on first use: constructing them costs every page the content script runs
// in about a millisecond, for a count shown only once the agent picks a reply.
const urlPattern = () => new RegExp(
  String.raw`(?<![\p{L}\p{N}@＠$#＃_.-])(?:https?://[^\s${trailingPunctuation}](?:[^\s]*[^\s${trailingPunctuation}])?|(?:[\p{L}\p{N}-]+\.)+(?:${commonTlds})(?![\p{L}\p{N}-])(?::\d+)?(?:[/?#](?:[^\s]*[^\s${trailingPunctuation}])?)?)`,
  'giu',
);
/**
 * An emoji and the sequence it heads (skin tone, ZWJ family, flag, keycap, subdivision flag), by the
 * structure of UTS #51. `\p{RGI_Emoji}` says the same of every real emoji, but costs tens of
 * milliseconds to compile in each page the content script runs in.
 */
const emojiElement = String.raw`(?:\p{Emoji_Modifier_Base}\p{Emoji_Modifier}|(?!\p{Emoji_Modifier})\p{Emoji_Presentation}|(?![#*0-9])\p{Emoji}\uFE0F)`;
const emojiPattern = () => new RegExp(
  String.raw`\p{RI}\p{RI}|[#*0-9]\uFE0F\u20E3|\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}|${emojiElement}(?:\u200D(?:\p{Emoji_Modifier_Base}\p{Emoji_Modifier}|\p{Extended_Pictographic}\uFE0F?))*`,
  'gu',
);

let url: RegExp | undefined;
let emoji: RegExp | undefined;

function codePointWeight(codePoint: number): number {
  return singleWeightRanges.some(([from, to]) => codePoint >= from && codePoint <= to) ? 1 : 2;
}

function weightOfPlainText(text: string): number {
  let weight = 0;
  for (const character of text) weight += codePointWeight(character.codePointAt(0)!);
  return weight;
}

/** The length X shows in its counter for a post or reply. */
export function xWeightedLength(text: string): number {
  const normalized = text.normalize('NFC');
  const entities: { start: number; end: number; weight: number }[] = [];
  for (const match of normalized.matchAll((url ??= urlPattern()))) entities.push({ start: match.index, end: match.index + match[0].length, weight: X_URL_LENGTH });
  for (const match of normalized.matchAll((emoji ??= emojiPattern()))) {
    const start = match.index;
    if (!entities.some((entity) => start < entity.end && start >= entity.start)) entities.push({ start, end: start + match[0].length, weight: 2 });
  }
  entities.sort((a, b) => a.start - b.start);

  let length = 0;
  let at = 0;
  for (const entity of entities) {
    length += weightOfPlainText(normalized.slice(at, entity.start)) + entity.weight;
    at = entity.end;
  }
  return length + weightOfPlainText(normalized.slice(at));
}

export function checkLength(text: string, platform: Platform, channel: Channel): LengthCheck {
  const limit = limits[platform][channel];
  const weighted = platform === 'x' && limit === X_MAX_WEIGHTED;
  const count = weighted ? xWeightedLength(text) : [...text.normalize('NFC')].length;
  return { count, limit, remaining: limit - count, over: count > limit, unit: weighted ? 'weighted characters' : 'characters' };
}
