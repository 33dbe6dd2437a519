/**
 * Search for the template picker, built once and updated one template at a time.
 *
 * Ranking: exact shortcut, then shortcut prefix, then every query word in the title, then every
 * query word anywhere (body, folder, tags); within a rank, most used, then most recently used.
 * Query words match word beginnings ("ref" finds "Refund"), case- and diacritic-insensitively.
 *
 * Why an index: the picker re-searches on every keystroke, and a scan of 10,000 bodies costs
 * milliseconds. Here a keystroke costs a binary search in the sorted vocabulary, the postings of
 * the matching words, and one pass over the templates in rank order to take the first few.
 * One- and two-letter prefixes have postings of their own: they begin most of the vocabulary,
 * and a union over it would touch every posting of every template.
 */
import type { Template } from '../model';
import type { Platform } from '../sites/types';
import { fold, words } from './fold';
import { normalizeShortcut } from './shortcut';

export type SearchableTemplate = Pick<
  Template,
  'id' | 'title' | 'shortcut' | 'body' | 'folder' | 'tags' | 'language' | 'platforms' | 'scope' | 'approved' | 'usageCount' | 'lastUsedAt'
>;

/** How a result matched; `all` is an empty query listing everything that passes the filters. */
export type MatchKind = 'shortcut' | 'shortcut-prefix' | 'title' | 'body' | 'all';
/** Tier numbers index this list; 0 is "no match". */
const tiers = [undefined, 'shortcut', 'shortcut-prefix', 'title', 'body', 'all'] as const;
const SHORTCUT = 1;
const SHORTCUT_PREFIX = 2;
const TITLE = 3;
const BODY = 4;
const ALL = 5;
/** Per-slot word counts are bytes; a longer query is cut to its first words. */
const MAX_TERMS = 100;
const SHORT_PREFIX = 2;

export interface SearchFilters {
  /** Templates for this network; a template with no platforms suits all. */
  platform?: Platform;
  /** BCP 47 tags; "en" takes "en-PH" and the reverse. A template with no language suits all. */
  language?: string | readonly string[];
  scope?: Template['scope'];
  /** Hide team templates still in draft (an agent's personal templates always show). */
  approvedOnly?: boolean;
}

export interface SearchOptions extends SearchFilters {
  /** At most this many hits (default 50); `total` still counts every match. */
  limit?: number;
}

export interface SearchHit<T> {
  template: T;
  match: MatchKind;
}

export interface SearchResult<T> {
  hits: SearchHit<T>[];
  total: number;
}

interface Entry<T> {
  template: T;
  shortcut: string;
  title: string;
  /** Lower case; empty when the template suits every language. */
  language: string;
  /** Each distinct word of the template, for unindexing. */
  words: string[];
}

/** Whether an edit changes what is searched (a use only changes the rank). */
function sameText(a: SearchableTemplate, b: SearchableTemplate): boolean {
  return a.title === b.title && a.shortcut === b.shortcut && a.body === b.body && a.folder === b.folder && a.tags.join('\n') === b.tags.join('\n');
}

function shortPrefixes(word: string): string[] {
  return Array.from({ length: Math.min(SHORT_PREFIX, word.length) }, (_, i) => word.slice(0, i + 1));
}

/** Both lower case. */
function sameLanguage(x: string, y: string): boolean {
  return x === y || x.startsWith(`${y}-`) || y.startsWith(`${x}-`);
}

function passes(entry: Entry<SearchableTemplate>, filters: SearchFilters, languages: readonly string[]): boolean {
  const template = entry.template;
  if (filters.scope && template.scope !== filters.scope) return false;
  if (filters.approvedOnly && template.scope === 'team' && !template.approved) return false;
  if (filters.platform && template.platforms.length && !template.platforms.includes(filters.platform)) return false;
  return !entry.language || !languages.length || languages.some((wanted) => sameLanguage(wanted, entry.language));
}

/** First index in a sorted array whose value is >= key. */
function lowerBound<V>(sorted: readonly V[], key: V, compare: (a: V, b: V) => number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(sorted[middle], key) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function addTo<K>(map: Map<K, number[]>, key: K, value: number): boolean {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
  return !list;
}

/** Removes values matching `drop` from the key's list; true when the list became empty. */
function removeFrom<K>(map: Map<K, number[]>, key: K, drop: (value: number) => boolean): boolean {
  const list = map.get(key);
  if (!list) return false;
  const kept = list.filter((value) => !drop(value));
  if (kept.length) map.set(key, kept);
  else map.delete(key);
  return !kept.length;
}

export class TemplateIndex<T extends SearchableTemplate> {
  private entries: (Entry<T> | undefined)[] = [];
  private slotById = new Map<string, number>();
  private freeSlots: number[] = [];
  /** word → postings, each `slot * 2 + (word is in the title ? 1 : 0)`. */
  private postings = new Map<string, number[]>();
  /** One- and two-letter prefix → postings as above, one per template. */
  private prefixPostings = new Map<string, number[]>();
  private vocabulary: string[] = [];
  private shortcutSlots = new Map<string, number[]>();
  private shortcuts: string[] = [];
  /** Every slot, best ranked first: the order results are taken in. */
  private order: number[] = [];
  // Per-search scratch space, indexed by slot and cleared after each search.
  private wordsMatched = new Uint8Array(0);
  private titleWordsMatched = new Uint8Array(0);
  private seenInTerm = new Uint8Array(0);
  private shortcutTier = new Uint8Array(0);

  constructor(templates: Iterable<T> = []) {
    const latest = new Map<string, T>();
    for (const template of templates) latest.set(template.id, template);
    for (const template of latest.values()) this.insert(template, false);
    this.vocabulary.sort(byString);
    this.shortcuts.sort(byString);
    this.order.sort(this.compareSlots);
  }

  get size(): number {
    return this.slotById.size;
  }

  /** Adds a template, or replaces the one with its id (after an edit or a use). */
  upsert(template: T): void {
    const slot = this.slotById.get(template.id);
    const entry = slot === undefined ? undefined : this.entries[slot];
    if (slot === undefined || !entry || !sameText(entry.template, template)) {
      this.remove(template.id);
      this.insert(template, true);
      return;
    }
    this.order.splice(this.order.indexOf(slot), 1);
    entry.template = template;
    entry.language = template.language?.toLowerCase() ?? '';
    this.order.splice(lowerBound(this.order, slot, this.compareSlots), 0, slot);
  }

  remove(id: string): void {
    const slot = this.slotById.get(id);
    if (slot === undefined) return;
    const entry = this.entries[slot]!;
    this.order.splice(this.order.indexOf(slot), 1);
    const ofSlot = (posting: number) => posting >> 1 === slot;
    for (const word of entry.words) if (removeFrom(this.postings, word, ofSlot)) this.deleteSorted(this.vocabulary, word);
    for (const prefix of new Set(entry.words.flatMap(shortPrefixes))) removeFrom(this.prefixPostings, prefix, ofSlot);
    if (entry.shortcut && removeFrom(this.shortcutSlots, entry.shortcut, (value) => value === slot)) {
      this.deleteSorted(this.shortcuts, entry.shortcut);
    }
    this.entries[slot] = undefined;
    this.slotById.delete(id);
    this.freeSlots.push(slot);
  }

  /**
   * The template an inline ";shortcut" expands to: exact shortcut among those passing the
   * filters, the agent's personal one before the team's, then the most used.
   */
  findByShortcut(shortcut: string, filters: SearchFilters = {}): T | undefined {
    const slots = this.shortcutSlots.get(fold(normalizeShortcut(shortcut))) ?? [];
    const languages = this.languages(filters);
    const candidates = slots.map((slot) => this.entries[slot]!).filter((entry) => passes(entry, filters, languages));
    candidates.sort((a, b) => (a.template.scope === b.template.scope ? this.compareSlots(this.slotById.get(a.template.id)!, this.slotById.get(b.template.id)!) : a.template.scope === 'personal' ? -1 : 1));
    return candidates[0]?.template;
  }

  /** Searches with the query as typed (a leading ";" or "/" is taken as the shortcut sigil). */
  search(query: string, options: SearchOptions = {}): SearchResult<T> {
    const limit = options.limit ?? 50;
    const languages = this.languages(options);
    const folded = fold(query.trim().replace(/^[;/]/, ''));
    const terms = [...new Set(words(folded))].slice(0, MAX_TERMS);
    if (!folded) return this.collect(() => ALL, limit, options, languages);

    const shortcutMarked = /\s/.test(folded) ? [] : this.markShortcuts(folded);
    const candidates = terms.length ? this.matchTerms(terms) : [];
    const termCount = terms.length;
    const result = this.collect(
      (slot) =>
        this.shortcutTier[slot] ||
        (termCount && this.wordsMatched[slot] === termCount ? (this.titleWordsMatched[slot] === termCount ? TITLE : BODY) : 0),
      limit,
      options,
      languages,
    );
    for (const slot of shortcutMarked) this.shortcutTier[slot] = 0;
    for (const slot of candidates) this.wordsMatched[slot] = this.titleWordsMatched[slot] = 0;
    return result;
  }

  private languages(filters: SearchFilters): readonly string[] {
    const wanted = filters.language === undefined ? [] : typeof filters.language === 'string' ? [filters.language] : filters.language;
    return wanted.map((language) => language.toLowerCase());
  }

  /** Walks templates in rank order, taking up to `limit` of each tier, then the tiers in order. */
  private collect(tierOf: (slot: number) => number, limit: number, filters: SearchFilters, languages: readonly string[]): SearchResult<T> {
    const buckets: T[][] = tiers.map(() => []);
    let total = 0;
    for (const slot of this.order) {
      const tier = tierOf(slot);
      if (!tier) continue;
      const entry = this.entries[slot]!;
      if (!passes(entry, filters, languages)) continue;
      total++;
      if (buckets[tier].length < limit) buckets[tier].push(entry.template);
    }
    const hits = buckets.flatMap((bucket, tier) => bucket.map((template) => ({ template, match: tiers[tier]! })));
    return { hits: hits.slice(0, limit), total };
  }

  private markShortcuts(query: string): number[] {
    const marked: number[] = [];
    for (let i = lowerBound(this.shortcuts, query, byString); i < this.shortcuts.length && this.shortcuts[i].startsWith(query); i++) {
      const tier = this.shortcuts[i] === query ? SHORTCUT : SHORTCUT_PREFIX;
      for (const slot of this.shortcutSlots.get(this.shortcuts[i])!) {
        this.shortcutTier[slot] = tier;
        marked.push(slot);
      }
    }
    return marked;
  }

  /** Counts, per slot, how many query words it matches (anywhere, and in the title). */
  private matchTerms(terms: readonly string[]): number[] {
    let firstTermSlots: number[] = [];
    terms.forEach((term, index) => {
      const touched: number[] = [];
      for (const postings of this.postingsStartingWith(term)) {
        for (const posting of postings) {
          const slot = posting >> 1;
          if (!this.seenInTerm[slot]) touched.push(slot);
          this.seenInTerm[slot] |= 1 | ((posting & 1) << 1);
        }
      }
      for (const slot of touched) {
        // Only slots that matched every earlier word advance, so only first-word slots are ever set.
        if (this.wordsMatched[slot] === index) this.wordsMatched[slot]++;
        if (this.seenInTerm[slot] & 2 && this.titleWordsMatched[slot] === index) this.titleWordsMatched[slot]++;
        this.seenInTerm[slot] = 0;
      }
      if (index === 0) firstTermSlots = touched;
    });
    return firstTermSlots;
  }

  private *postingsStartingWith(term: string): Generator<number[]> {
    if (term.length <= SHORT_PREFIX) {
      yield this.prefixPostings.get(term) ?? [];
      return;
    }
    for (let i = lowerBound(this.vocabulary, term, byString); i < this.vocabulary.length && this.vocabulary[i].startsWith(term); i++) {
      yield this.postings.get(this.vocabulary[i])!;
    }
  }

  private insert(template: T, keepSorted: boolean): void {
    const slot = this.freeSlots.pop() ?? this.entries.length;
    const title = fold(template.title);
    const shortcut = template.shortcut ? fold(normalizeShortcut(template.shortcut)) : '';
    // 1 for words in the title, 0 for words only elsewhere; prefixes are in the title if any of their words is.
    const titleBit = new Map<string, number>();
    for (const word of words(title)) titleBit.set(word, 1);
    for (const word of words([shortcut, template.body, template.folder ?? '', ...template.tags].map(fold).join(' '))) {
      if (!titleBit.has(word)) titleBit.set(word, 0);
    }
    const prefixTitleBit = new Map<string, number>();
    for (const [word, bit] of titleBit) for (const prefix of shortPrefixes(word)) prefixTitleBit.set(prefix, (prefixTitleBit.get(prefix) ?? 0) | bit);

    const entry: Entry<T> = { template, title, shortcut, language: template.language?.toLowerCase() ?? '', words: [...titleBit.keys()] };
    this.entries[slot] = entry;
    this.slotById.set(template.id, slot);
    this.growScratch();
    for (const [word, bit] of titleBit) if (addTo(this.postings, word, slot * 2 + bit)) this.addSorted(this.vocabulary, word, keepSorted);
    for (const [prefix, bit] of prefixTitleBit) addTo(this.prefixPostings, prefix, slot * 2 + bit);
    if (entry.shortcut && addTo(this.shortcutSlots, entry.shortcut, slot)) this.addSorted(this.shortcuts, entry.shortcut, keepSorted);
    if (keepSorted) this.order.splice(lowerBound(this.order, slot, this.compareSlots), 0, slot);
    else this.order.push(slot);
  }

  private addSorted(sorted: string[], value: string, keepSorted: boolean): void {
    if (keepSorted) sorted.splice(lowerBound(sorted, value, byString), 0, value);
    else sorted.push(value);
  }

  private deleteSorted(sorted: string[], value: string): void {
    const at = lowerBound(sorted, value, byString);
    if (sorted[at] === value) sorted.splice(at, 1);
  }

  private growScratch(): void {
    if (this.entries.length <= this.wordsMatched.length) return;
    const capacity = Math.max(64, this.entries.length * 2);
    this.wordsMatched = new Uint8Array(capacity);
    this.titleWordsMatched = new Uint8Array(capacity);
    this.seenInTerm = new Uint8Array(capacity);
    this.shortcutTier = new Uint8Array(capacity);
  }

  private compareSlots = (a: number, b: number): number => {
    const x = this.entries[a]!;
    const y = this.entries[b]!;
    return (
      y.template.usageCount - x.template.usageCount ||
      (y.template.lastUsedAt ?? -1) - (x.template.lastUsedAt ?? -1) ||
      byString(x.title, y.title) ||
      byString(x.template.id, y.template.id)
    );
  };
}
