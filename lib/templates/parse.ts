/**
 * Template syntax, parsed once into a tree:
 *   {{customer.first_name|there}}  a variable with an optional fallback after "|"
 *   {{ask:Order number}}           a fill-in field the agent answers at insert time
 *   {{> shortcut}}                 another template, included by its shortcut
 * Everything else is plain text, kept exactly (new lines, emoji, "<" and "&" included).
 */
import { isValidShortcut, normalizeShortcut, shortcutRule } from './shortcut';
import { knownKeys, namespaces, type Namespace } from './variables';

export interface Span {
  /** UTF-16 offsets into the body, end exclusive. */
  start: number;
  end: number;
}

export type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'variable'; namespace: Namespace; key: string; name: string; fallback: string | null; span: Span }
  | { kind: 'ask'; label: string; span: Span }
  | { kind: 'include'; shortcut: string; span: Span };

export interface TemplateTree {
  nodes: readonly TemplateNode[];
}

export interface TemplateSyntaxError {
  message: string;
  offset: number;
  /** 1-based; the column counts characters (code points), so an emoji is one. */
  line: number;
  column: number;
}

export type ParseResult = { ok: true; tree: TemplateTree } | { ok: false; errors: TemplateSyntaxError[] };

const OPEN = '{{';
const CLOSE = '}}';
let variablePath: RegExp | undefined; // built on first use, like every \p{…} pattern a content script loads

function position(body: string, offset: number): Pick<TemplateSyntaxError, 'line' | 'column'> {
  const before = body.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: [...before.slice(lineStart)].length + 1 };
}

/** A tag's content (between the braces) as a node, or the reason it is not one. */
function parseTag(content: string, span: Span): TemplateNode | string {
  const tag = content.trim();
  if (!tag) return 'Empty {{ }}: write a variable such as {{customer.first_name}}';

  if (tag.startsWith('>')) {
    const shortcut = tag.slice(1).trim();
    if (!shortcut) return 'An include needs a shortcut, e.g. {{> greeting}}';
    if (!isValidShortcut(shortcut)) return `Bad include "{{> ${shortcut}}}": ${shortcutRule}`;
    return { kind: 'include', shortcut: normalizeShortcut(shortcut), span };
  }

  if (/^ask\s*:/i.test(tag)) {
    const label = tag.slice(tag.indexOf(':') + 1).trim();
    if (!label) return 'A fill-in field needs a label, e.g. {{ask:Order number}}';
    return { kind: 'ask', label, span };
  }

  const bar = tag.indexOf('|');
  const path = (bar < 0 ? tag : tag.slice(0, bar)).trim();
  const fallback = bar < 0 ? null : tag.slice(bar + 1).trim();
  if (!path) return 'Empty variable name before "|", e.g. {{customer.first_name|there}}';
  const match = (variablePath ??= /^([\p{L}_]+)\.([\p{L}\p{N}_-]+)$/u).exec(path);
  const namespace = match?.[1].toLowerCase();
  if (!match || !namespaces.includes(namespace as Namespace)) {
    return `Unknown variable "${path}": variables start with customer., agent. or ticket. (e.g. customer.first_name)`;
  }
  const ns = namespace as Namespace;
  const known = knownKeys[ns].includes(match[2].toLowerCase());
  // Custom attribute names keep their spelling; they are matched loosely when resolved.
  const key = known ? match[2].toLowerCase() : match[2];
  if (!known && ns !== 'customer') {
    return `Unknown variable "${path}": ${ns} has ${knownKeys[ns].join(', ')}`;
  }
  return { kind: 'variable', namespace: ns, key, name: `${ns}.${key}`, fallback, span };
}

export function parseTemplate(body: string): ParseResult {
  const nodes: TemplateNode[] = [];
  const errors: TemplateSyntaxError[] = [];
  const fail = (message: string, offset: number) => errors.push({ message, offset, ...position(body, offset) });
  let text = '';
  let i = 0;

  while (i < body.length) {
    const open = body.indexOf(OPEN, i);
    const close = body.indexOf(CLOSE, i);
    if (open < 0 && close < 0) break;

    if (close >= 0 && (open < 0 || close < open)) {
      fail('"}}" without a matching "{{"', close);
      text += body.slice(i, close + CLOSE.length);
      i = close + CLOSE.length;
      continue;
    }

    text += body.slice(i, open);
    const end = body.indexOf(CLOSE, open + OPEN.length);
    const reopened = body.indexOf(OPEN, open + OPEN.length);
    if (end < 0 || (reopened >= 0 && reopened < end)) {
      fail('"{{" is never closed with "}}"', open);
      text += OPEN;
      i = open + OPEN.length;
      continue;
    }

    const span = { start: open, end: end + CLOSE.length };
    const node = parseTag(body.slice(open + OPEN.length, end), span);
    if (typeof node === 'string') {
      fail(node, open);
    } else {
      if (text) nodes.push({ kind: 'text', text });
      text = '';
      nodes.push(node);
    }
    i = span.end;
  }

  text += body.slice(i);
  if (text) nodes.push({ kind: 'text', text });
  return errors.length ? { ok: false, errors } : { ok: true, tree: { nodes } };
}

/** One line per error, "line 2, column 5: …", for editors and import reports. */
export function describeSyntaxErrors(errors: readonly TemplateSyntaxError[]): string {
  return errors.map((error) => `line ${error.line}, column ${error.column}: ${error.message}`).join('\n');
}
