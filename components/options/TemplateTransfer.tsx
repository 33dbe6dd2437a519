/**
 * Import and export of the library: JSON (Sidedesk's own format) and CSV (for spreadsheets).
 * Rows that cannot be imported are listed with their row and line and why, the rest are imported.
 */
import { useState } from 'preact/hooks';
import { ulid } from 'ulid';
import { exportCsv, importCsv } from '../../lib/templates/csv';
import type { ImportResult } from '../../lib/templates/draft';
import { exportJson, importJson } from '../../lib/templates/json';
import { errorText, type DeskApi } from '../desk-api';
import type { TemplateLibrary } from '../templates/library';

interface Report {
  file: string;
  summary: string;
  problems: string[];
  failed: boolean;
}

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const fileDate = () => new Date().toISOString().slice(0, 10);
const buttonClass = 'rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800';

export function TemplateTransfer({ desk, library, canApprove }: { desk: DeskApi; library: TemplateLibrary; canApprove: boolean }) {
  const [report, setReport] = useState<Report>();

  async function importFile(file: File) {
    const text = await file.text();
    // Rows that do not say are team templates, approved only where this agent may approve.
    const defaults = { scope: 'team' as const, approved: canApprove };
    const parsed: ImportResult = /\.csv$/i.test(file.name) || !text.trimStart().startsWith('{') ? importCsv(text, defaults) : importJson(text, defaults);
    if (!parsed.ok) return setReport({ file: file.name, summary: parsed.error, problems: [], failed: true });
    const problems = parsed.problems.map(({ row, line, reason }) => `Row ${row}${line === undefined ? '' : ` (line ${line})`}: ${reason}`);
    try {
      const outcome = await desk.call('importTemplates', { templates: parsed.templates.map((draft) => ({ id: ulid(), draft })) });
      for (const { index, reason } of outcome.problems) {
        const { title, shortcut } = parsed.templates[index];
        problems.push(`“${title}”${shortcut ? ` (;${shortcut})` : ''}: ${reason}`);
      }
      const summary = `${outcome.created} new, ${outcome.updated} updated, ${outcome.unchanged} unchanged; ${problems.length} not imported.`;
      setReport({ file: file.name, summary, problems, failed: false });
    } catch (error) {
      setReport({ file: file.name, summary: errorText(error), problems, failed: true });
    }
  }

  const drafts = () => library.all().sort((a, b) => (a.folder ?? '').localeCompare(b.folder ?? '') || a.title.localeCompare(b.title));
  return (
    <>
      <label class={`${buttonClass} cursor-pointer`}>
        Import JSON or CSV…
        <input
          type="file"
          data-testid="template-import"
          accept=".json,.csv,application/json,text/csv"
          class="sr-only"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = ''; // the same file again is a new import
            if (file) void importFile(file);
          }}
        />
      </label>
      <button type="button" data-testid="template-export-json" class={buttonClass} onClick={() => download(`sidedesk-templates-${fileDate()}.json`, exportJson(drafts()), 'application/json')}>
        Export JSON
      </button>
      <button type="button" data-testid="template-export-csv" class={buttonClass} onClick={() => download(`sidedesk-templates-${fileDate()}.csv`, exportCsv(drafts()), 'text/csv;charset=utf-8')}>
        Export CSV
      </button>
      {report && (
        <div data-testid="template-import-report" role={report.failed ? 'alert' : 'status'} class={`w-full rounded-md px-2 py-1 ${report.failed ? 'bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200' : 'bg-slate-50 dark:bg-slate-800'}`}>
          <p>
            {report.file}: {report.summary}
          </p>
          {report.problems.length > 0 && (
            <ul class="list-disc pl-5">
              {report.problems.map((problem) => <li key={problem} data-testid="template-import-problem">{problem}</li>)}
            </ul>
          )}
        </div>
      )}
    </>
  );
}
