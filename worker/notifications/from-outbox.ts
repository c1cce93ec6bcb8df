import { outboundEventsByIds } from "../db/notifications.ts";
import type { Scope } from "../db/scope.ts";
import type { Env } from "../env.ts";
import { toldOfProduction } from "./content.ts";
import type { NotifyEvent } from "./events.ts";
import { notify } from "./notify.ts";

/**
 * The outbound events people are told of too: an order confirmed (order.created,
 * by purchase order or card), drawings generated for a quote or revised (the
 * revision after a customer's rejection awaits their approval), and production
 * moves a buyer cares about. The outbox is where these happen, so dispatching
 * it is the one place they are noticed; an event its batch did not write
 * (its condition failed) is not found and tells nobody.
 */
export async function notifyOutboxEvents(env: Env, scope: Scope, eventIds: string[]) {
  for (const event of await outboundEventsByIds(scope, eventIds)) {
    const told = toNotification(event.type, event.payload);
    if (told) await notify(env, scope, told);
  }
}

function toNotification(type: string, payload: Record<string, unknown>): NotifyEvent | null {
  const text = (key: string) => (typeof payload[key] === "string" ? (payload[key] as string) : null);
  if (type === "order.created" && text("order_id")) return { type: "order.confirmed", order_id: text("order_id")! };
  if (type === "drawings.generated" && text("quote_id") && text("request_id"))
    return { type: "drawings.ready", quote_id: text("quote_id")!, request_id: text("request_id")! };
  if (type === "drawing.revision_completed" && text("drawing_id") && text("revision"))
    return { type: "drawings.ready", drawing_id: text("drawing_id")!, revision: text("revision")! };
  if (type === "manufacturing.status_update" && toldOfProduction(text("status") ?? "") && text("manufacturing_order_id") && text("changed_at"))
    return { type: "production.update", manufacturing_order_id: text("manufacturing_order_id")!, status: text("status")!, changed_at: text("changed_at")! };
  return null;
}
