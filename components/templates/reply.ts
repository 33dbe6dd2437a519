/**
 * A template turned into the reply for one page: variables resolved for this customer, ticket and
 * agent, fill-in answers applied, includes resolved in the same place, and the length checked
 * against the box it goes into. Shared by the picker and the inline `;shortcut` expansion.
 */
import type { Agent, Customer, Template, Ticket } from '../../lib/model';
import { checkLength, type LengthCheck } from '../../lib/templates/limits';
import { render, type RenderResult } from '../../lib/templates/render';
import type { SearchFilters } from '../../lib/templates/search';
import type { VariableContext } from '../../lib/templates/variables';
import type { Channel, Identity, Platform } from '../../lib/sites/types';
import { parsedBody, type TemplateLibrary } from './library';

/** Where the reply goes and who it is for, as far as the page and the desk know. */
export interface ReplyPlace {
  platform: Platform;
  channel: Channel;
  /** The customer as the page shows them; stands in until the desk knows them. */
  identity?: Identity;
  customer?: Customer | null;
  ticket?: Ticket | null;
  agent?: Agent | null;
}

export interface Reply {
  result: RenderResult;
  /** Problems that block inserting (missing variables, broken includes); unanswered fields are asked instead. */
  blockers: string[];
  length: LengthCheck;
}

export function variablesFor({ platform, identity, customer, ticket, agent }: ReplyPlace): VariableContext {
  const pageCustomer = identity && { identities: [identity] };
  return { platform, customer: customer ?? pageCustomer, ticket: ticket ?? undefined, agent: agent ?? undefined };
}

/** The filters a reply is looked up with here: this network, approved team replies and the agent's own. */
export function filtersFor(place: ReplyPlace, language?: string | null): SearchFilters {
  return { platform: place.platform, approvedOnly: true, ...(language ? { language } : {}) };
}

export function renderReply(library: TemplateLibrary, template: Template, place: ReplyPlace, answers: Readonly<Record<string, string>> = {}): Reply {
  const parsed = parsedBody(template);
  const includes = library.includes(filtersFor(place, template.language));
  const result = parsed.ok
    ? render(parsed.tree, { ...variablesFor(place), answers }, { shortcut: template.shortcut, includes })
    : render(template.body, {}, { shortcut: template.shortcut });
  const blockers = result.ok ? [] : result.problems.filter((problem) => problem.kind !== 'unanswered').map((problem) => problem.message);
  return { result, blockers, length: checkLength(result.ok ? result.text : result.preview, place.platform, place.channel) };
}

/** The reply's text when nothing blocks it and every field is answered. */
export const replyText = (reply: Reply): string | undefined => (reply.result.ok ? reply.result.text : undefined);
