/**
 * One badge: a span with its own shadow root, so the page's CSS cannot restyle it and its CSS
 * cannot leak out. Inline styles on the host keep it a small inline box whatever the page says
 * about spans; it lets clicks through to the row or name it sits in.
 */
import type { Badge } from '../desk/types';
import type { TicketStatus } from '../model';

const marker = 'data-sidedesk-badge';
const hostStyle = 'all: initial; display: inline-flex; flex: none; gap: 2px; vertical-align: middle; margin-inline-start: 4px; pointer-events: none; line-height: 1;';
const css = `
  span { font: 600 10px/14px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; border-radius: 4px; padding: 0 4px; white-space: nowrap; }
  .open { background: #d1fae5; color: #065f46; }
  .pending, .snoozed { background: #fef3c7; color: #92400e; }
  .overdue { background: #fee2e2; color: #991b1b; }
  .vip { background: #fde68a; color: #713f12; }
  .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); padding: 0; }
`;

/** Resolved and closed tickets need no badge. */
const statusText: Partial<Record<TicketStatus, string>> = { open: 'Open', pending: 'Pending', snoozed: 'Snoozed' };

/** What a badge says, most important first; empty when there is nothing to say. */
export function badgeLabels(badge: Badge): { text: string; kind: string }[] {
  const labels: { text: string; kind: string }[] = [];
  if (badge.vip) labels.push({ text: 'VIP', kind: 'vip' });
  if (badge.overdue) labels.push({ text: 'Overdue', kind: 'overdue' });
  else {
    const text = badge.status && statusText[badge.status];
    if (text) labels.push({ text, kind: badge.status! });
  }
  return labels;
}

export function createBadge(document: Document): HTMLElement {
  const host = document.createElement('span');
  host.setAttribute(marker, '');
  host.setAttribute('style', hostStyle);
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = css;
  root.append(style);
  return host;
}

export function updateBadge(host: HTMLElement, badge: Badge) {
  const labels = badgeLabels(badge);
  const summary = labels.map((l) => l.text).join(' ');
  if (host.getAttribute('data-labels') === summary) return;
  host.setAttribute('data-labels', summary);
  host.setAttribute('data-status', badge.status ?? '');
  const root = host.shadowRoot!;
  root.querySelectorAll('span').forEach((span) => span.remove());
  const span = (className: string, text: string) => {
    const el = host.ownerDocument.createElement('span');
    el.className = className;
    el.textContent = text;
    root.append(el);
  };
  // Read out with the row or name it sits in, so it says whose badge it is.
  span('sr', 'Sidedesk ticket:');
  for (const { text, kind } of labels) span(kind, text);
}

const isBadge = (node: Node) => node.nodeType === 1 && (node as Element).hasAttribute(marker);

const allBadges = (nodes: NodeList) => {
  for (let i = 0; i < nodes.length; i++) if (!isBadge(nodes[i])) return false;
  return true;
};

/**
 * A mutation record that only adds or removes our badges: the page did not change for it. Runs on
 * every change a streaming page makes, so it copies no node lists.
 */
export const badgesOnly = (record: MutationRecord) => record.type === 'childList' && allBadges(record.addedNodes) && allBadges(record.removedNodes);

export const onlyBadges = (records: MutationRecord[]) => records.every(badgesOnly);
