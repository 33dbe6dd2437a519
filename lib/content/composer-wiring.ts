/**
 * Canned replies in the page: remembers the agent's caret in the site's composers, inserts what the
 * picker chooses (copying it to the clipboard where that fails), and expands `;shortcut` + Tab in
 * place. The picker gets all of it as a TemplateHost.
 */
import type { DeskApi } from '../../components/desk-api';
import { platformNames } from '../../components/labels';
import type { TemplateHost, TemplateNotice } from '../../components/templates/host';
import { createTemplateLibrary, type TemplateLibrary } from '../../components/templates/library';
import { filtersFor, renderReply, replyText, type ReplyPlace } from '../../components/templates/reply';
import { expandShortcutsOnTab, insertIntoComposer, trackComposerCaret } from '../composer';
import { shortcutBeforeCaret } from '../templates/inline';
import type { DetectedContext, Platform } from '../sites/types';
import { measure } from '../measure';

interface ComposerWiring {
  desk: DeskApi;
  platform: Platform;
  /** The conversation the page shows now, if one was detected. */
  currentContext: () => DetectedContext | undefined;
  signal: AbortSignal;
}

export function wireComposers({ desk, platform, currentContext, signal }: ComposerWiring): TemplateHost {
  const library = createTemplateLibrary(desk, signal);
  const listeners = new Set<(notice: TemplateNotice) => void>();
  const tell = (notice: TemplateNotice) => listeners.forEach((listener) => listener(notice));
  /** The template each pending expansion chose, so a use is counted once it is in. */
  const expanding = new Map<string, string>();

  const stopCaret = trackComposerCaret();
  const stopExpanding = expandShortcutsOnTab({
    findToken: (text) => shortcutBeforeCaret(text) ?? undefined,
    async render(shortcut) {
      const reply = await replyFor(library, desk, platform, currentContext(), shortcut);
      if (typeof reply === 'string') return void tell({ message: reply });
      const text = replyText(reply.reply);
      if (text !== undefined) {
        expanding.set(shortcut, reply.templateId);
        return text;
      }
      const { blockers, result } = reply.reply;
      if (blockers.length) return void tell({ message: `;${shortcut} was not expanded. ${blockers.join(' ')}` });
      // Fill-in fields cannot be asked in the site's composer: the picker asks them, and its insert replaces the selected ;shortcut.
      selectTokenBeforeCaret(`;${shortcut}`);
      tell({ message: `;${shortcut} has fields to fill in: fill them in here, then Enter puts the reply in place of ;${shortcut}.`, query: `;${shortcut}` });
      return undefined;
    },
    onResult(result, shortcut) {
      const templateId = expanding.get(shortcut);
      expanding.delete(shortcut);
      if (result.ok && templateId) void library.countUse(templateId).catch(() => undefined);
      else if (!result.ok && result.reason !== 'no-reply') tell({ message: `;${shortcut} was not expanded: ${result.message}` });
    },
  });
  signal.addEventListener('abort', () => {
    stopCaret();
    stopExpanding();
  });

  return {
    library,
    async insert(text) {
      const start = performance.now();
      const result = await insertIntoComposer(text);
      measure('sidedesk:insert', start);
      if (result.ok) return { ok: true };
      return { ok: false, message: result.message, copied: await copyToClipboard(text) };
    },
    onNotice(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The rendered reply for `;shortcut` on this page, or a sentence saying why there is none. */
async function replyFor(library: TemplateLibrary, desk: DeskApi, platform: Platform, context: DetectedContext | undefined, shortcut: string) {
  const conversationKey = context && context.kind !== 'profile' ? context.conversationKey : undefined;
  const [facts] = await Promise.all([desk.call('getTemplateFacts', { identity: context?.customer, conversationKey }), library.load()]);
  const place: ReplyPlace = { platform, channel: context?.channel ?? 'dm', identity: context?.customer, ...facts };
  // The customer's own language first, then any variant of the shortcut for this network.
  const template = library.findByShortcut(shortcut, filtersFor(place, facts.customer?.language)) ?? library.findByShortcut(shortcut, filtersFor(place));
  if (!template) return `No reply has the shortcut ;${shortcut} on ${platformNames[platform]}.`;
  return { templateId: template.id, reply: renderReply(library, template, place) };
}

/** Selects `token` where it ends at the caret of the focused composer, as the agent's own selection (the caret tracker keeps it). */
function selectTokenBeforeCaret(token: string) {
  let focused = document.activeElement;
  while (focused?.shadowRoot?.activeElement) focused = focused.shadowRoot.activeElement;
  if (focused instanceof HTMLTextAreaElement) {
    const end = focused.selectionEnd;
    if (focused.value.slice(end - token.length, end) === token) focused.setSelectionRange(end - token.length, end);
    return;
  }
  const selection = document.getSelection();
  const caret = selection?.rangeCount ? selection.getRangeAt(0) : undefined;
  if (!caret?.collapsed || caret.startContainer.nodeType !== Node.TEXT_NODE || caret.startOffset < token.length) return;
  const range = caret.cloneRange();
  range.setStart(caret.startContainer, caret.startOffset - token.length);
  if (range.toString() !== token) return;
  selection!.removeAllRanges();
  selection!.addRange(range);
}

async function copyToClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false; // the page is not focused, or the browser refused
  }
}
