/** Building customer rows, and handing them out without their local fields. */
import type { Customer, Identity } from '../model';

export function newCustomer(id: string, identity: Identity, agentId: string, now: number): Customer {
  const clean = Object.fromEntries(Object.entries(identity).filter(([, v]) => v !== undefined)) as Identity;
  return {
    id,
    name: (identity.displayName?.trim() || identity.handle).slice(0, 200),
    identities: [{ ...clean, handle: clean.handle.slice(0, 200) }],
    email: null,
    phone: null,
    language: null,
    tags: [],
    vip: false,
    notes: '',
    attributes: {},
    createdAt: now,
    createdBy: agentId,
    updatedAt: now,
    updatedBy: agentId,
  };
}

/** The model's customer: rows read from the database also carry the server's seq of the row. */
export function asCustomer(row: Customer): Customer {
  const { syncSeq: _seq, ...customer } = row as Customer & { syncSeq?: unknown };
  return customer;
}
