import { drawingsAwaitingApproval } from "../db/drawing-approvals.ts";
import type { ManufacturingOrder } from "../db/manufacturing-orders.ts";
import { findOrder } from "../db/orders.ts";
import type { Scope } from "../db/scope.ts";
import type { TenantSettings } from "../db/schema/index.ts";
import { findTenantOf } from "../db/tenants.ts";

/** A drawing production waits for: its current revision is not approved by the customer. */
export type AwaitedDrawing = { id: string; drawing_number: string; revision: string };

/**
 * When the shop requires drawing approval (decision 53), an order's scheduled
 * MOs wait until every current drawing of its quote is approved at its
 * current revision: the drawings still awaited (none when it may start, or
 * when the shop does not require approval).
 */
export async function drawingsAwaited(scope: Scope, settings: TenantSettings, orderId: string): Promise<AwaitedDrawing[]> {
  if (!settings.drawing_approval_required) return [];
  const order = await findOrder(scope, orderId);
  if (!order) return [];
  return (await drawingsAwaitingApproval(scope, order.quote_id)).map((d) => ({ id: d.id, drawing_number: d.drawing_number, revision: d.revision ?? "" }));
}

/**
 * Why an MO cannot go into production yet, or null. Every path into
 * production (an operation started, a partner's status) asks here.
 */
export async function approvalWait(scope: Scope, mo: ManufacturingOrder) {
  if (mo.status !== "scheduled") return null;
  const tenant = await findTenantOf(scope);
  const drawings = tenant ? await drawingsAwaited(scope, tenant.settings, mo.order_id) : [];
  if (drawings.length === 0) return null;
  const named = drawings.map((d) => `${d.drawing_number} rev ${d.revision}`).join(", ");
  return { message: `Manufacturing order ${mo.number} is waiting for drawing approval: the customer has not approved ${named}`, drawings };
}
