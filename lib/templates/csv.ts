/**
 * Templates as CSV for spreadsheets, one template a row: RFC 4180 quoting by papaparse, so bodies
 * keep commas, quotes, new lines and emoji. Lists (platforms, tags) are comma-separated in a cell.
 */
import Papa from 'papaparse';
import { collectDrafts, draftFields, toDraft, type ImportDefaults, type ImportResult, type TemplateDraft } from './draft';

type Column = (typeof draftFields)[number];

const BYTE_ORDER_MARK = '\uFEFF';
// Spreadsheets run a cell starting with one of these as a formula (CSV injection). A leading "'"
// makes it text; one more "'" is added to cells already starting that way, so import can undo it.
const formulaStart = /^'*[=+\-@\t\r]/;
const escapedFormula = /^'+[=+\-@\t\r]/;

const escapeCell = (cell: string) => (formulaStart.test(cell) ? `'${cell}` : cell);
const unescapeCell = (cell: string) => (escapedFormula.test(cell) ? cell.slice(1) : cell);

function cellOf(draft: TemplateDraft, column: Column): string {
  const value = draft[column];
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return value ?? '';
}

/** With a byte order mark, so Excel reads the file as UTF-8 and shows emoji and Cyrillic. */
export function exportCsv(templates: readonly TemplateDraft[]): string {
  const rows = templates.map(toDraft).map((draft) => draftFields.map((column) => escapeCell(cellOf(draft, column))));
  return BYTE_ORDER_MARK + Papa.unparse({ fields: [...draftFields], data: rows }, { newline: '\r\n' });
}

const list = (cell: string) => cell.split(',').map((item) => item.trim()).filter(Boolean);
const truthy = ['yes', 'y', 'true', '1', 'approved'];
const falsy = ['no', 'n', 'false', '0', 'draft'];

function candidateFrom(cells: Partial<Record<Column, string>>, defaults: ImportDefaults): Record<string, unknown> | string {
  const approved = cells.approved?.trim().toLowerCase() ?? '';
  if (approved && !truthy.includes(approved) && !falsy.includes(approved)) return `approved "${cells.approved}" should be yes or no`;
  const optional = (cell: string | undefined) => (cell?.trim() ? cell.trim() : null);
  return {
    title: cells.title ?? '',
    shortcut: optional(cells.shortcut),
    body: cells.body ?? '',
    folder: optional(cells.folder),
    tags: list(cells.tags ?? ''),
    language: optional(cells.language),
    platforms: list(cells.platforms ?? '').map((name) => name.toLowerCase()),
    scope: optional(cells.scope)?.toLowerCase() ?? defaults.scope ?? 'team',
    approved: approved ? truthy.includes(approved) : (defaults.approved ?? false),
  };
}

const headerName = (cell: string) => cell.trim().toLowerCase().replace(/\s+/g, '_');

export function importCsv(text: string, defaults: ImportDefaults = {}): ImportResult {
  const csv = text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  const records: { cells: string[]; line: number; error?: string }[] = [];
  let lineAtCursor = 1;
  let cursor = 0;
  Papa.parse<string[]>(csv, {
    skipEmptyLines: 'greedy',
    step: (result) => {
      // The row starts at the first non-blank character after the previous row.
      let start = cursor;
      while (start < csv.length && /\s/.test(csv[start])) start++;
      const line = lineAtCursor + (csv.slice(cursor, start).match(/\n/g)?.length ?? 0);
      lineAtCursor += csv.slice(cursor, result.meta.cursor).match(/\n/g)?.length ?? 0;
      cursor = result.meta.cursor;
      records.push({ cells: result.data, line, error: result.errors[0]?.message });
    },
  });

  const [header, ...rows] = records;
  const columns = (header?.cells ?? []).map(headerName);
  const missing = (['title', 'body'] as const).filter((column) => !columns.includes(column));
  if (missing.length) return { ok: false, error: `The first row must name the columns (${draftFields.join(', ')}); missing: ${missing.join(', ')}` };

  const candidates = rows.map(({ cells, line, error }, index) => {
    const byColumn: Partial<Record<Column, string>> = {};
    columns.forEach((column, at) => {
      if ((draftFields as readonly string[]).includes(column) && cells[at] !== undefined) byColumn[column as Column] = unescapeCell(cells[at]);
    });
    const extra = cells.slice(columns.length).some((cell) => cell.trim());
    const problem = error ?? (extra ? `has ${cells.length} cells but the header names ${columns.length} columns` : undefined);
    return { row: index + 1, line, candidate: problem ?? candidateFrom(byColumn, defaults) };
  });
  return { ok: true, ...collectDrafts(candidates) };
}
