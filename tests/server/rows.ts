/** Valid field sets for inserts, as the extension would send them. */
import { ulid } from 'ulid';

const now = () => Date.now();

export const newId = () => ulid();

export function customerFields(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Ana Cruz',
    identities: [{ platform: 'x', handle: 'anacruz', profileUrl: 'https://x.com/anacruz' }],
    email: 'ana@example.com',
    phone: '+63 917 000 0000',
    language: 'fil',
    tags: ['refund'],
    vip: false,
    notes: 'Prefers DMs',
    attributes: { plan: 'pro' },
    createdAt: now(),
    updatedAt: now(),
    ...overrides,
  };
}

export function ticketFields(customerId: string, overrides: Record<string, unknown> = {}) {
  return {
    customerId,
    platform: 'x',
    channel: 'dm',
    conversationKey: 'x:dm:12-34',
    permalink: 'https://x.com/i/chat/12-34',
    subject: 'Refund for order 1001',
    status: 'open',
    priority: 'normal',
    assigneeId: null,
    tags: [],
    followUpAt: null,
    snoozedUntil: null,
    firstResponseAt: null,
    resolvedAt: null,
    createdAt: now(),
    updatedAt: now(),
    ...overrides,
  };
}

export function messageFields(ticketId: string, overrides: Record<string, unknown> = {}) {
  return {
    ticketId,
    role: 'customer',
    authorName: 'Ana Cruz',
    authorHandle: 'anacruz',
    text: 'My order never arrived',
    sentAt: now(),
    timeLabel: null,
    siteId: null,
    permalink: null,
    contentHash: `hash-${ulid()}`,
    createdAt: now(),
    ...overrides,
  };
}

export function noteFields(parent: { ticketId: string } | { customerId: string }, text = 'Called the courier') {
  return { ticketId: null, customerId: null, ...parent, text, createdAt: now() };
}

export function templateFields(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Refund on its way',
    shortcut: '/refund',
    body: 'Hi {{customer.first_name|there}}, your refund is on its way.',
    folder: 'Billing',
    tags: ['refund'],
    language: 'en',
    platforms: [],
    scope: 'team',
    approved: false,
    usageCount: 0,
    lastUsedAt: null,
    createdAt: now(),
    updatedAt: now(),
    ...overrides,
  };
}
