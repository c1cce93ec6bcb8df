import { drawingsAwaitingApproval } from "../db/drawing-approvals.ts";
import type { ManufacturingOrder } from "../db/manufacturing-orders.ts";
import { findOrder } from "../db/orders.ts";
import type { Scope } from "../db/scope.ts";
import { findTenantById } from "../db/tenants.ts";

/** Why an MO cannot go into production yet: the order's drawings whose current revision the customer has not approved. */
export interface ApprovalWait {
  message: string;
  drawings: { id: string; drawing_number: string; revision: string }[];
}

/**
 * When the shop requires drawing approval (decision 53), an MO waits in
 * `scheduled` until every current drawing of its order's quote is approved at
 * its current revision; null when it may start. Every path into production
 * (an operation started, a partner's status) asks here.
 */
export async function approvalWait(scope: Scope, mo: ManufacturingOrder): Promise<ApprovalWait | null> {
  if (mo.status !== "scheduled") return null;
  const tenant = await findTenantById(scope.db, scope.tenantId);
  if (!tenant?.settings.drawing_approval_required) return null;
  const order = await findOrder(scope, mo.order_id);
  if (!order) return null;
  const waiting = await drawingsAwaitingApproval(scope, order.quote_id);
  if (waiting.length === 0) return null;
  const named = waiting.map((d) => `${d.drawing_number} rev ${d.revision}`).join(", ");
  return {
    message: `Manufacturing order ${mo.number} is waiting for drawing approval: the customer has not approved ${named}`,
    drawings: waiting.map((d) => ({ id: d.id, drawing_number: d.drawing_number, revision: d.revision ?? "" })),
  };
}
