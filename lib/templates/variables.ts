/**
 * What `{{customer.…}}`, `{{agent.…}}` and `{{ticket.…}}` resolve to. Inputs are partial picks of
 * the model's rows so callers can pass what they have; derived values (first names, "@handle",
 * "#42") are computed here so every template gets them the same way.
 */
import type { Agent, Customer, Team, Ticket } from '../model';
import type { Platform } from '../sites/types';

export type CustomerFacts = Partial<Pick<Customer, 'name' | 'identities' | 'email' | 'phone' | 'language' | 'attributes'>>;
export type AgentFacts = Partial<Pick<Agent, 'name'>>;
export type TeamFacts = Partial<Pick<Team, 'name'>>;
export type TicketFacts = Partial<Pick<Ticket, 'id' | 'number' | 'status' | 'priority' | 'subject' | 'platform' | 'channel' | 'permalink'>>;

export interface VariableContext {
  customer?: CustomerFacts;
  agent?: AgentFacts;
  team?: TeamFacts;
  ticket?: TicketFacts;
  /** The network the reply is written on; picks the customer's handle there. Defaults to the ticket's. */
  platform?: Platform;
}

export const namespaces = ['customer', 'agent', 'ticket'] as const;
export type Namespace = (typeof namespaces)[number];

type Resolver = (context: VariableContext) => string | number | null | undefined;

const platformNames: Record<Platform, string> = { x: 'X', instagram: 'Instagram', facebook: 'Facebook' };

function nameParts(name: string | null | undefined): string[] {
  return (name ?? '').trim().split(/\s+/).filter(Boolean);
}

function customerName(context: VariableContext): string | undefined {
  const name = context.customer?.name?.trim();
  if (name) return name;
  return context.customer?.identities?.find((identity) => identity.displayName?.trim())?.displayName?.trim();
}

function customerIdentity(context: VariableContext) {
  const identities = context.customer?.identities ?? [];
  const platform = context.platform ?? context.ticket?.platform;
  return identities.find((identity) => identity.platform === platform) ?? identities[0];
}

const customer: Record<string, Resolver> = {
  name: customerName,
  first_name: (context) => nameParts(customerName(context))[0],
  last_name: (context) => nameParts(customerName(context)).slice(1).join(' '),
  handle: (context) => customerIdentity(context)?.handle,
  // Facebook has no public @handles, so a mention there falls back like any missing value.
  mention: (context) => {
    const identity = customerIdentity(context);
    return identity && identity.platform !== 'facebook' ? `@${identity.handle}` : undefined;
  },
  email: (context) => context.customer?.email,
  phone: (context) => context.customer?.phone,
  language: (context) => context.customer?.language,
  platform: (context) => {
    const platform = context.platform ?? context.ticket?.platform ?? customerIdentity(context)?.platform;
    return platform && platformNames[platform];
  },
};

const agent: Record<string, Resolver> = {
  name: (context) => context.agent?.name,
  first_name: (context) => nameParts(context.agent?.name)[0],
  last_name: (context) => nameParts(context.agent?.name).slice(1).join(' '),
  team: (context) => context.team?.name,
};

const ticket: Record<string, Resolver> = {
  // What a customer can quote back: the team's number, since the row id is an opaque ULID.
  id: (context) => (context.ticket?.number == null ? undefined : `#${context.ticket.number}`),
  number: (context) => context.ticket?.number,
  status: (context) => context.ticket?.status,
  priority: (context) => context.ticket?.priority,
  subject: (context) => context.ticket?.subject,
  platform: (context) => context.ticket?.platform && platformNames[context.ticket.platform],
  channel: (context) => context.ticket?.channel,
  permalink: (context) => context.ticket?.permalink,
};

const resolvers: Record<Namespace, Record<string, Resolver>> = { customer, agent, ticket };

/** The keys each namespace knows; any other `customer.<key>` reads the customer's custom attributes. */
export const knownKeys: Record<Namespace, readonly string[]> = {
  customer: Object.keys(customer),
  agent: Object.keys(agent),
  ticket: Object.keys(ticket),
};

/** "Order Tier", "order-tier" and "order_tier" name the same custom attribute. */
export function attributeKey(key: string): string {
  return key.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

function customAttribute(context: VariableContext, key: string): string | number | boolean | null | undefined {
  const attributes = context.customer?.attributes ?? {};
  const wanted = attributeKey(key);
  for (const [name, value] of Object.entries(attributes)) if (attributeKey(name) === wanted) return value;
  return undefined;
}

/** The variable's text, or undefined when the context has no (non-blank) value for it. */
export function resolveVariable(namespace: Namespace, key: string, context: VariableContext): string | undefined {
  const known = resolvers[namespace];
  const value = Object.hasOwn(known, key) ? known[key](context) : namespace === 'customer' ? customAttribute(context, key) : undefined;
  if (value == null) return undefined;
  const text = String(value);
  return text.trim() ? text : undefined;
}
