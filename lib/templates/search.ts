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
 * and a union over it would touch every posting of every template. What filters and ranks read
 * per template lives in typed arrays: chasing 10,000 scattered objects costs more than the search.
 * Removal is lazy: a removed template's postings are skipped until enough pile up to compact.
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
/** Removed templates whose postings are tolerated before compacting (or a quarter of the index). */
const COMPACT_AFTER = 256;

const platformBits: Record<Platform, number> = { x: 1, instagram: 2, facebook: 4 };
const PERSONAL = 1;
const APPROVED = 2;

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
  /** Folded, for ranking ties. */
  title: string;
  /** Folded and normalized; empty when the template has none. */
  shortcut: string;
}

/** Filters turned into what the per-slot arrays hold. */
interface SlotFilter {
  platformBit: number;
  scope: Template['scope'] | undefined;
  approvedOnly: boolean;
  /** By interned language id. */
  languageAllowed: Uint8Array;
}

/** Whether an edit changes what is searched (a use only changes the rank). */
function sameText(a: SearchableTemplate, b: SearchableTemplate): boolean {
  return a.title === b.title && a.shortcut === b.shortcut && a.body === b.body && a.folder === b.folder && a.tags.join('\n') === b.tags.join('\n');
}

/** Both lower case. */
function sameLanguage(x: string, y: string): boolean {
  return x === y || x.startsWith(`${y}-`) || y.startsWith(`${x}-`);
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

/** Each posting is `slot * 2 + (the word is in the title ? 1 : 0)`, one per template. */
interface Postings {
  list: number[];
  /** The slot posted last, so a word repeated in one template is posted once. */
  lastSlot: number;
}

const NEW_KEY = 2;
const POSTED = 1;
const ALREADY_POSTED = 0;

/** Posts the slot under the key, once. */
function post(map: Map<string, Postings>, key: string, slot: number, inTitle: number): number {
  const postings = map.get(key);
  if (!postings) {
    map.set(key, { list: [slot * 2 + inTitle], lastSlot: slot });
    return NEW_KEY;
  }
  if (postings.lastSlot === slot) return ALREADY_POSTED;
  postings.list.push(slot * 2 + inTitle);
  postings.lastSlot = slot;
  return POSTED;
}

function grown<A extends Uint8Array | Uint16Array>(array: A, capacity: number, make: (capacity: number) => A): A {
  if (array.length >= capacity) return array;
  const bigger = make(Math.max(64, capacity * 2));
  bigger.set(array);
  return bigger;
}

export class TemplateIndex<T extends SearchableTemplate> {
  private entries: (Entry<T> | undefined)[] = [];
  private slotById = new Map<string, number>();
  private freeSlots: number[] = [];
  /** Removed, but still in the postings until the next compaction. */
  private deadSlots: number[] = [];
  private postings = new Map<string, Postings>();
  /** Postings of one- and two-letter word beginnings. */
  private prefixPostings = new Map<string, Postings>();
  private vocabulary: string[] = [];
  private shortcutSlots = new Map<string, number[]>();
  private shortcuts: string[] = [];
  /** Every live slot, best ranked first: the order results are taken in. */
  private order: number[] = [];
  private languages: string[] = [''];
  private languageIds = new Map<string, number>([['', 0]]);
  // Per slot.
  private alive = new Uint8Array(0);
  private platformMask = new Uint8Array(0);
  private flags = new Uint8Array(0);
  private languageOf = new Uint16Array(0);
  // Per-search scratch space, per slot, cleared after each search.
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
    this.setFilterData(slot, template);
    this.order.splice(lowerBound(this.order, slot, this.compareSlots), 0, slot);
  }

  remove(id: string): void {
    const slot = this.slotById.get(id);
    if (slot === undefined) return;
    const { shortcut } = this.entries[slot]!;
    this.order.splice(this.order.indexOf(slot), 1);
    const sharing = this.shortcutSlots.get(shortcut)?.filter((other) => other !== slot);
    if (sharing?.length) this.shortcutSlots.set(shortcut, sharing);
    else if (sharing) {
      this.shortcutSlots.delete(shortcut);
      this.shortcuts.splice(lowerBound(this.shortcuts, shortcut, byString), 1);
    }
    this.entries[slot] = undefined;
    this.slotById.delete(id);
    this.alive[slot] = 0;
    this.deadSlots.push(slot);
    if (this.deadSlots.length > Math.max(COMPACT_AFTER, this.size / 4)) this.compact();
  }

  /**
   * The template an inline ";shortcut" expands to: exact shortcut among those passing the
   * filters, the agent's personal one before the team's, then the best ranked.
   */
  findByShortcut(shortcut: string, filters: SearchFilters = {}): T | undefined {
    const filter = this.slotFilter(filters);
    const slots = (this.shortcutSlots.get(fold(normalizeShortcut(shortcut))) ?? []).filter((slot) => this.allowed(slot, filter));
    slots.sort((a, b) => (this.flags[b] & PERSONAL) - (this.flags[a] & PERSONAL) || this.compareSlots(a, b));
    return slots.length ? this.entries[slots[0]]!.template : undefined;
  }

  /** Searches with the query as typed (a leading ";" or "/" is taken as the shortcut sigil). */
  search(query: string, options: SearchOptions = {}): SearchResult<T> {
    const limit = options.limit ?? 50;
    const filter = this.slotFilter(options);
    const folded = fold(query.trim().replace(/^[;/]/, ''));
    if (!folded) return this.collect(() => ALL, limit, filter);

    const terms = [...new Set(words(folded))].slice(0, MAX_TERMS);
    const shortcutMarked = /\s/.test(folded) ? [] : this.markShortcuts(folded);
    const candidates = terms.length ? this.matchTerms(terms) : [];
    const termCount = terms.length;
    const result = this.collect(
      (slot) =>
        this.shortcutTier[slot] ||
        (termCount && this.wordsMatched[slot] === termCount ? (this.titleWordsMatched[slot] === termCount ? TITLE : BODY) : 0),
      limit,
      filter,
    );
    for (const slot of shortcutMarked) this.shortcutTier[slot] = 0;
    for (const slot of candidates) this.wordsMatched[slot] = this.titleWordsMatched[slot] = 0;
    return result;
  }

  private slotFilter(filters: SearchFilters): SlotFilter {
    const wanted = (filters.language === undefined ? [] : typeof filters.language === 'string' ? [filters.language] : filters.language).map((tag) => tag.toLowerCase());
    const languageAllowed = Uint8Array.from(this.languages, (language) => (!language || !wanted.length || wanted.some((tag) => sameLanguage(tag, language)) ? 1 : 0));
    return { platformBit: filters.platform ? platformBits[filters.platform] : 0, scope: filters.scope, approvedOnly: !!filters.approvedOnly, languageAllowed };
  }

  private allowed(slot: number, filter: SlotFilter): boolean {
    const platforms = this.platformMask[slot];
    if (filter.platformBit && platforms && !(platforms & filter.platformBit)) return false;
    const personal = (this.flags[slot] & PERSONAL) !== 0;
    if (filter.scope && filter.scope !== (personal ? 'personal' : 'team')) return false;
    if (filter.approvedOnly && !personal && !(this.flags[slot] & APPROVED)) return false;
    return filter.languageAllowed[this.languageOf[slot]] === 1;
  }

  /** Walks templates in rank order, taking up to `limit` of each tier, then the tiers in order. */
  private collect(tierOf: (slot: number) => number, limit: number, filter: SlotFilter): SearchResult<T> {
    const buckets: number[][] = tiers.map(() => []);
    let total = 0;
    for (const slot of this.order) {
      const tier = tierOf(slot);
      if (!tier || !this.allowed(slot, filter)) continue;
      total++;
      if (buckets[tier].length < limit) buckets[tier].push(slot);
    }
    const hits = buckets.flatMap((slots, tier) => slots.map((slot) => ({ template: this.entries[slot]!.template, match: tiers[tier]! })));
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
          if (!this.alive[slot]) continue;
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
      yield this.prefixPostings.get(term)?.list ?? [];
      return;
    }
    for (let i = lowerBound(this.vocabulary, term, byString); i < this.vocabulary.length && this.vocabulary[i].startsWith(term); i++) {
      yield this.postings.get(this.vocabulary[i])!.list;
    }
  }

  private insert(template: T, keepSorted: boolean): void {
    const slot = this.freeSlots.pop() ?? this.entries.length;
    const title = fold(template.title);
    const shortcut = template.shortcut ? fold(normalizeShortcut(template.shortcut)) : '';
    this.entries[slot] = { template, title, shortcut };
    this.slotById.set(template.id, slot);
    this.growPerSlot(slot + 1);
    this.alive[slot] = 1;
    this.setFilterData(slot, template);
    // The title goes first, so a word (or word beginning) also in the title is posted as such.
    const text = [shortcut, template.body, template.folder ?? '', ...template.tags].map(fold).join(' ');
    for (const [inTitle, list] of [[1, words(title)], [0, words(text)]] as const) {
      for (const word of list) {
        const posted = post(this.postings, word, slot, inTitle);
        if (posted === ALREADY_POSTED) continue;
        if (posted === NEW_KEY) this.addSorted(this.vocabulary, word, keepSorted);
        for (let length = 1; length <= Math.min(SHORT_PREFIX, word.length); length++) post(this.prefixPostings, word.slice(0, length), slot, inTitle);
      }
    }
    const sharing = shortcut ? this.shortcutSlots.get(shortcut) : undefined;
    if (sharing) sharing.push(slot);
    else if (shortcut) {
      this.shortcutSlots.set(shortcut, [slot]);
      this.addSorted(this.shortcuts, shortcut, keepSorted);
    }
    if (keepSorted) this.order.splice(lowerBound(this.order, slot, this.compareSlots), 0, slot);
    else this.order.push(slot);
  }

  private setFilterData(slot: number, template: T): void {
    const language = template.language?.toLowerCase() ?? '';
    let id = this.languageIds.get(language);
    if (id === undefined) {
      id = this.languages.push(language) - 1;
      this.languageIds.set(language, id);
    }
    this.languageOf[slot] = id;
    this.platformMask[slot] = template.platforms.reduce((mask, platform) => mask | platformBits[platform], 0);
    this.flags[slot] = (template.scope === 'personal' ? PERSONAL : 0) | (template.approved ? APPROVED : 0);
  }

  /** Drops removed templates from the postings and frees their slots. */
  private compact(): void {
    const live = (posting: number) => this.alive[posting >> 1] === 1;
    for (const map of [this.postings, this.prefixPostings]) {
      for (const [key, postings] of map) {
        postings.list = postings.list.filter(live);
        // A freed slot will be reused: it must not look already posted.
        postings.lastSlot = -1;
        if (!postings.list.length) map.delete(key);
      }
    }
    this.vocabulary = this.vocabulary.filter((word) => this.postings.has(word));
    this.freeSlots.push(...this.deadSlots);
    this.deadSlots = [];
  }

  private addSorted(sorted: string[], value: string, keepSorted: boolean): void {
    if (keepSorted) sorted.splice(lowerBound(sorted, value, byString), 0, value);
    else sorted.push(value);
  }

  private growPerSlot(capacity: number): void {
    const bytes = (size: number) => new Uint8Array(size);
    this.alive = grown(this.alive, capacity, bytes);
    this.platformMask = grown(this.platformMask, capacity, bytes);
    this.flags = grown(this.flags, capacity, bytes);
    this.languageOf = grown(this.languageOf, capacity, (size) => new Uint16Array(size));
    this.wordsMatched = grown(this.wordsMatched, capacity, bytes);
    this.titleWordsMatched = grown(this.titleWordsMatched, capacity, bytes);
    this.seenInTerm = grown(this.seenInTerm, capacity, bytes);
    this.shortcutTier = grown(this.shortcutTier, capacity, bytes);
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
