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
      // Fill-in fields cannot be asked in the site's composer: the picker asks them.
      if (!blockers.length) tell({ message: `;${shortcut} has fields to fill in (${result.asks.join(', ')}): fill them in below and insert.`, query: `;${shortcut}` });
      else tell({ message: `;${shortcut} was not expanded. ${blockers.join(' ')}` });
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
      performance.measure('sidedesk:insert', { start }); // for the Performance panel and `npm run bench`
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

async function copyToClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false; // the page is not focused, or the browser refused
  }
}
