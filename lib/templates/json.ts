/** Templates as a JSON file: a versioned envelope, so later versions can read older files. */
import { collectDrafts, toDraft, type ImportDefaults, type ImportResult, type TemplateDraft } from './draft';

export const JSON_FORMAT = 'sidedesk-templates';
export const JSON_VERSION = 1;

export interface TemplateFile {
  format: typeof JSON_FORMAT;
  version: number;
  exportedAt: string;
  templates: TemplateDraft[];
}

export function exportJson(templates: readonly TemplateDraft[], exportedAt = new Date()): string {
  const file: TemplateFile = { format: JSON_FORMAT, version: JSON_VERSION, exportedAt: exportedAt.toISOString(), templates: templates.map(toDraft) };
  return `${JSON.stringify(file, null, 2)}\n`;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function importJson(text: string, defaults: ImportDefaults = {}): ImportResult {
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `This is not a JSON file (${(error as Error).message})` };
  }
  if (!isObject(file) || file.format !== JSON_FORMAT || !Array.isArray(file.templates)) {
    return { ok: false, error: 'This JSON file is not a Sidedesk template export' };
  }
  if (typeof file.version !== 'number' || file.version > JSON_VERSION) {
    return { ok: false, error: `This file was made by a newer Sidedesk (format version ${String(file.version)}); update to import it` };
  }
  const rows = file.templates.map((entry: unknown, index) => ({
    row: index + 1,
    candidate: isObject(entry)
      ? { shortcut: null, folder: null, tags: [], language: null, platforms: [], scope: defaults.scope ?? 'team', approved: defaults.approved ?? false, ...entry }
      : 'not a template object',
  }));
  return { ok: true, ...collectDrafts(rows) };
}
