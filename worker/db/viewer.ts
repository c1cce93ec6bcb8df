import { eq, or, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

/**
 * Who is looking at customer-owned rows (models, quotes, configurations,
 * uploads): staff see the shop's all; a customer its company's (and its own);
 * a guest only what its guest session made; the shop's own processes
 * (queues, re-pricing, partner webhooks) everything of the tenant. Every
 * lookup names its viewer: there is no default that shows everything.
 */
export type Viewer =
  | { kind: "staff" }
  | { kind: "system" }
  | { kind: "customer"; userId: string; customerId: string | null }
  | { kind: "guest"; sessionHash: string };

interface OwnerColumns {
  owner_user_id: SQLiteColumn;
  customer_id: SQLiteColumn;
  guest_session_hash: SQLiteColumn;
}

/** The WHERE condition that limits a customer-owned table to what `viewer` may see. */
export function visibleTo(table: OwnerColumns, viewer: Viewer): SQL | undefined {
  if (viewer.kind === "staff" || viewer.kind === "system") return undefined;
  if (viewer.kind === "guest") return eq(table.guest_session_hash, viewer.sessionHash);
  return viewer.customerId ? or(eq(table.customer_id, viewer.customerId), eq(table.owner_user_id, viewer.userId)) : eq(table.owner_user_id, viewer.userId);
}

/** The shop's own processes: queues, re-pricing and partner webhooks act for the tenant, not for a person. */
export const SYSTEM: Viewer = { kind: "system" };
