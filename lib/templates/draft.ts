/**
 * A template as it travels in and out of files: the fields a person writes, without ids,
 * ownership or usage. Both importers validate rows here, so JSON and CSV accept the same things
 * and what they accept will also pass the model's schema when saved.
 */
import { templateSchema, type Template } from '../model';
import { platforms, type Platform } from '../sites/types';
import { describeSyntaxErrors, parseTemplate } from './parse';
import { isValidShortcut, normalizeShortcut, shortcutRule } from './shortcut';

export type TemplateDraft = Pick<Template, 'title' | 'shortcut' | 'body' | 'folder' | 'tags' | 'language' | 'platforms' | 'scope' | 'approved'>;

export const draftFields = ['shortcut', 'title', 'body', 'language', 'platforms', 'scope', 'approved', 'folder', 'tags'] as const satisfies readonly (keyof TemplateDraft)[];

const draftSchema = templateSchema.pick({ title: true, shortcut: true, body: true, folder: true, tags: true, language: true, platforms: true, scope: true, approved: true });

export interface ImportDefaults {
  /** For rows that do not say; "team" unless given. */
  scope?: Template['scope'];
  /** For rows that do not say; false unless given, so imports wait for approval where teams use it. */
  approved?: boolean;
}

export interface ImportProblem {
  /** 1-based: the entry in a JSON file, the data row in a CSV file. */
  row: number;
  /** CSV only: the line the row starts on, counting the header as line 1. */
  line?: number;
  reason: string;
}

export type ImportResult = { ok: true; templates: TemplateDraft[]; problems: ImportProblem[] } | { ok: false; error: string };

export function toDraft(template: TemplateDraft): TemplateDraft {
  const { title, shortcut, body, folder, tags, language, platforms, scope, approved } = template;
  return { title, shortcut, body, folder, tags, language, platforms, scope, approved };
}

/** "en-ph" → "en-PH"; undefined for something that is not a BCP 47 tag. */
function canonicalLanguage(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

export function unknownPlatforms(names: readonly string[]): string[] {
  return names.filter((name) => !platforms.includes(name as Platform));
}

/** Checks one row, already shaped like a draft; returns the draft or the reasons it is refused. */
export function validateDraft(candidate: Record<string, unknown>): { draft: TemplateDraft } | { reasons: string[] } {
  const reasons: string[] = [];
  if (typeof candidate.title === 'string' && !candidate.title.trim()) reasons.push('title is empty');
  if (typeof candidate.shortcut === 'string' && !isValidShortcut(candidate.shortcut.trim())) reasons.push(`shortcut "${candidate.shortcut}": ${shortcutRule}`);
  if (typeof candidate.language === 'string') {
    const language = canonicalLanguage(candidate.language.trim());
    if (language) candidate = { ...candidate, language };
    else reasons.push(`language "${candidate.language}" is not a language tag such as en, fil, ms, id or ru`);
  }
  if (Array.isArray(candidate.platforms)) {
    const unknown = unknownPlatforms(candidate.platforms.map(String));
    if (unknown.length) reasons.push(`platforms: "${unknown.join('", "')}" is not one of ${platforms.join(', ')}`);
  }
  if (typeof candidate.body === 'string') {
    const parsed = parseTemplate(candidate.body);
    if (!parsed.ok) reasons.push(`body: ${describeSyntaxErrors(parsed.errors.slice(0, 1))}`);
  }
  if (reasons.length) return { reasons };

  const result = draftSchema.safeParse(candidate);
  if (!result.success) return { reasons: result.error.issues.map((issue) => `${issue.path.join('.') || 'template'}: ${issue.message}`) };
  return { draft: result.data };
}

/** Validates rows in order; a shortcut used twice in one file is refused the second time. */
export function collectDrafts(rows: Iterable<{ row: number; line?: number; candidate: Record<string, unknown> | string }>): Omit<Extract<ImportResult, { ok: true }>, 'ok'> {
  const templates: TemplateDraft[] = [];
  const problems: ImportProblem[] = [];
  const shortcutsSeen = new Map<string, string>();
  for (const { row, line, candidate } of rows) {
    const where = { row, ...(line === undefined ? {} : { line }) };
    const checked = typeof candidate === 'string' ? { reasons: [candidate] } : validateDraft(candidate);
    if ('reasons' in checked) {
      problems.push({ ...where, reason: checked.reasons.join('; ') });
      continue;
    }
    const shortcut = checked.draft.shortcut && normalizeShortcut(checked.draft.shortcut);
    const earlier = shortcut ? shortcutsSeen.get(shortcut) : undefined;
    if (earlier) {
      problems.push({ ...where, reason: `shortcut "${checked.draft.shortcut}" is already used by ${earlier}` });
      continue;
    }
    if (shortcut) shortcutsSeen.set(shortcut, line === undefined ? `entry ${row}` : `line ${line}`);
    templates.push(checked.draft);
  }
  return { templates, problems };
}
