import type { TicketPriority, TicketStatus } from '../lib/model';
import type { Channel, ContextKind, Platform } from '../lib/sites/types';

export const platformNames: Record<Platform, string> = { x: 'X', instagram: 'Instagram', facebook: 'Facebook' };
export const kindNames: Record<ContextKind, string> = { dm: 'Direct message', post: 'Post', profile: 'Profile' };
export const channelNames: Record<Channel, string> = { dm: 'DM', comment: 'Comment', reply: 'Reply', mention: 'Mention', post: 'Post' };
export const statusNames: Record<TicketStatus, string> = { open: 'Open', pending: 'Pending', snoozed: 'Snoozed', resolved: 'Resolved', closed: 'Closed' };
export const priorityNames: Record<TicketPriority, string> = { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' };
// The model's lists would bring zod into the content scripts: the names above list them in order.
export const ticketStatuses = Object.keys(statusNames) as TicketStatus[];
export const ticketPriorities = Object.keys(priorityNames) as TicketPriority[];
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "Jun 1, 2025, 9:11 PM" in the browser's time zone, like the sidebar's other English labels.
 * Written out because a page's first Intl date formatter costs it 20–90 ms of locale loading,
 * which the sidebar would add to every page it opens on.
 */
export function formatTime(ms: number): string {
  const date = new Date(ms);
  const [hours, minutes] = [date.getHours(), String(date.getMinutes()).padStart(2, '0')];
  return `${monthNames[date.getMonth()]} ${date.getDate()}, ${date.getFullYear()}, ${hours % 12 || 12}:${minutes} ${hours < 12 ? 'AM' : 'PM'}`;
}

/** "#42", or a placeholder until the server has numbered the ticket. */
export const ticketLabel = (ticket: { number: number | null }) => (ticket.number === null ? 'New ticket' : `#${ticket.number}`);

/** `<input type="datetime-local">` speaks local wall-clock time without a zone. */
export function toLocalInput(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(value: string): number | null {
  if (!value) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : ms;
}

/** When a ticket snoozed without a chosen time opens again; the agent can change it. */
export function tomorrowMorning(now = new Date()): number {
  const d = new Date(now);
  d.setDate(d.getDate() + 1);
  d.setHours(9, 0, 0, 0);
  return d.getTime();
}

export const parseTags = (value: string) => [...new Set(value.split(',').map((tag) => tag.trim()).filter(Boolean))];

/** Links come from pages and the network: only web addresses become clickable. */
export const safeHref = (url: string | null | undefined) => (url && /^https?:\/\//i.test(url) ? url : undefined);
