/**
 * Rendering a parsed template for one conversation. The output is plain text for a composer; it is
 * never interpreted as HTML or as template syntax again (a customer named "{{x}}" stays "{{x}}").
 * Anything that would make the text wrong blocks it: an unresolved variable without a fallback,
 * an unanswered fill-in field, a missing or cyclic include.
 */
import { describeSyntaxErrors, parseTemplate, type ParseResult, type TemplateNode, type TemplateTree } from './parse';
import { normalizeShortcut } from './shortcut';
import { resolveVariable, type VariableContext } from './variables';

export interface RenderContext extends VariableContext {
  /** Answers to fill-in fields, by label as written in `{{ask:…}}`. */
  answers?: Readonly<Record<string, string>>;
}

/** Finds an included template by (normalized) shortcut; undefined when there is none. */
export type IncludeLookup = (shortcut: string) => ParseResult | undefined;

export interface RenderOptions {
  /** The rendered template's own shortcut, so a cycle back to it is caught and named. */
  shortcut?: string | null;
  includes?: IncludeLookup;
}

export type RenderProblem =
  | { kind: 'missing-variable'; variable: string; message: string }
  | { kind: 'unanswered'; label: string; message: string }
  | { kind: 'include'; chain: string[]; message: string }
  | { kind: 'syntax'; chain: string[]; message: string };

export type RenderResult =
  /** `asks` lists every fill-in field (answered), in order, so a form can show them again. */
  | { ok: true; text: string; asks: string[] }
  /** `preview` shows missing variables as {{name}} and unanswered fields as [label]. */
  | { ok: false; preview: string; asks: string[]; problems: RenderProblem[] };

type FlatNode = Exclude<TemplateNode, { kind: 'include' }>;

/** Bounds what includes can multiply into (a includes b twice, b includes c twice, …). */
const MAX_EXPANDED_NODES = 10_000;

function chainText(chain: readonly string[]): string {
  return chain.join(' → ');
}

function expand(tree: TemplateTree, chain: string[], options: RenderOptions, out: FlatNode[], problems: RenderProblem[]): void {
  for (const node of tree.nodes) {
    if (out.length > MAX_EXPANDED_NODES) {
      problems.push({ kind: 'include', chain, message: `Includes from ${chainText(chain)} expand to more than ${MAX_EXPANDED_NODES} parts` });
      return;
    }
    if (node.kind !== 'include') {
      out.push(node);
      continue;
    }
    const next = [...chain, node.shortcut];
    if (chain.includes(node.shortcut)) {
      problems.push({ kind: 'include', chain: next, message: `Include cycle: ${chainText(next)}` });
      continue;
    }
    const included = options.includes?.(node.shortcut);
    if (!included) {
      problems.push({ kind: 'include', chain: next, message: `Missing include: ${chainText(next)} (no template has the shortcut "${node.shortcut}")` });
    } else if (!included.ok) {
      const detail = describeSyntaxErrors(included.errors.slice(0, 1));
      problems.push({ kind: 'syntax', chain: next, message: `Included template "${node.shortcut}" (${chainText(next)}) is malformed: ${detail}` });
    } else {
      expand(included.tree, next, options, out, problems);
    }
  }
}

export function render(template: string | TemplateTree, context: RenderContext = {}, options: RenderOptions = {}): RenderResult {
  const root = options.shortcut ? normalizeShortcut(options.shortcut) : 'this template';
  let tree: TemplateTree;
  if (typeof template === 'string') {
    const parsed = parseTemplate(template);
    if (!parsed.ok) {
      const problems = parsed.errors.map((error): RenderProblem => ({ kind: 'syntax', chain: [root], message: describeSyntaxErrors([error]) }));
      return { ok: false, preview: template, asks: [], problems };
    }
    tree = parsed.tree;
  } else {
    tree = template;
  }

  const nodes: FlatNode[] = [];
  const problems: RenderProblem[] = [];
  expand(tree, [root], options, nodes, problems);

  const asks: string[] = [];
  const reported = new Set<string>();
  let text = '';
  for (const node of nodes) {
    if (node.kind === 'text') {
      text += node.text;
    } else if (node.kind === 'ask') {
      if (!asks.includes(node.label)) asks.push(node.label);
      const answer = context.answers && Object.hasOwn(context.answers, node.label) ? context.answers[node.label] : undefined;
      if (answer?.trim()) {
        text += answer;
        continue;
      }
      text += `[${node.label}]`;
      if (!reported.has(`ask:${node.label}`)) {
        reported.add(`ask:${node.label}`);
        problems.push({ kind: 'unanswered', label: node.label, message: `Fill in "${node.label}"` });
      }
    } else {
      const value = resolveVariable(node.namespace, node.key, context) ?? node.fallback;
      if (value != null) {
        text += value;
        continue;
      }
      text += `{{${node.name}}}`;
      if (!reported.has(node.name)) {
        reported.add(node.name);
        problems.push({ kind: 'missing-variable', variable: node.name, message: `No value for ${node.name}, and the template gives no fallback (write {{${node.name}|…}})` });
      }
    }
  }
  return problems.length ? { ok: false, preview: text, asks, problems } : { ok: true, text, asks };
}

/**
 * Include lookup over a set of templates, parsing each body at most once. Rebuild it when the
 * library changes; bodies are looked up by shortcut, the first template of a shortcut wins.
 */
export function createIncludeLookup(templates: Iterable<{ shortcut: string | null; body: string }>): IncludeLookup {
  const bodies = new Map<string, string>();
  for (const template of templates) {
    if (!template.shortcut) continue;
    const shortcut = normalizeShortcut(template.shortcut);
    if (!bodies.has(shortcut)) bodies.set(shortcut, template.body);
  }
  const parsed = new Map<string, ParseResult>();
  return (shortcut) => {
    const key = normalizeShortcut(shortcut);
    const body = bodies.get(key);
    if (body === undefined) return undefined;
    let result = parsed.get(key);
    if (!result) parsed.set(key, (result = parseTemplate(body)));
    return result;
  };
}
