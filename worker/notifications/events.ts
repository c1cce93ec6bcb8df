import type { NotificationType } from "../db/schema/index.ts";

/**
 * What `notify()` is told happened: the ids it is about, nothing more (the
 * fan-out reads the rest when it runs). `key` makes each happening one event:
 * the same one reported twice is told once.
 */
export type NotifyEvent =
  | { type: "quote.sent"; quote_id: string; revision: number }
  | { type: "quote.expiring"; quote_id: string; revision: number }
  | { type: "order.confirmed"; order_id: string }
  /** A rejected order awaits its company admins' approval again: who resubmitted it (not told), when, and what they said changed. */
  | { type: "order.resubmitted"; order_id: string; by_user_id: string; at: number; note: string }
  | { type: "drawings.ready"; quote_id: string; request_id: string }
  /** A drawing's next revision (after a rejection, or the shop's own) awaits approval again. */
  | { type: "drawings.ready"; drawing_id: string; revision: string }
  | { type: "production.update"; manufacturing_order_id: string; status: string; changed_at: string }
  | { type: "order.shipped"; shipment_id: string }
  /**
   * A new message (the messages feature calls this): who receives it and the
   * page it is read on, so this module needs no knowledge of threads.
   */
  | { type: "message.new"; message_id: string; recipient_ids: string[]; from_name: string; excerpt: string; path: string }
  /** A company member's invitation: the one-time link is passed beside the event (`secret`), never stored. */
  | { type: "member.invited"; user_id: string; expires_at: number };

export function eventKey(event: NotifyEvent): string {
  switch (event.type) {
    case "quote.sent":
    case "quote.expiring":
      return `${event.type}:${event.quote_id}:${event.revision}`;
    case "order.confirmed":
      return `${event.type}:${event.order_id}`;
    case "order.resubmitted":
      return `${event.type}:${event.order_id}:${event.at}`;
    case "drawings.ready":
      // Each revision is told of: B after a rejection of A, C after B's.
      return "drawing_id" in event ? `${event.type}:${event.drawing_id}:${event.revision}` : `${event.type}:${event.request_id}`;
    case "production.update":
      return `${event.type}:${event.manufacturing_order_id}:${event.status}:${event.changed_at}`;
    case "order.shipped":
      return `${event.type}:${event.shipment_id}`;
    case "message.new":
      return `${event.type}:${event.message_id}`;
    case "member.invited":
      return `${event.type}:${event.user_id}:${event.expires_at}`;
  }
}

/** Types every person may turn off; an invitation is always sent (it is how the person gets in). */
export const OPTIONAL_TYPES = [
  "quote.sent",
  "quote.expiring",
  "order.confirmed",
  "order.resubmitted",
  "drawings.ready",
  "production.update",
  "order.shipped",
  "message.new",
] as const satisfies readonly NotificationType[];
export type OptionalType = (typeof OPTIONAL_TYPES)[number];

export const TYPE_LABELS: Record<OptionalType, string> = {
  "quote.sent": "A quote is sent to you",
  "quote.expiring": "A quote is about to expire",
  "order.confirmed": "An order is confirmed",
  "order.resubmitted": "An order is resubmitted for your approval",
  "drawings.ready": "Drawings are ready for your approval",
  "production.update": "Production of your order moves on",
  "order.shipped": "Your order is shipped",
  "message.new": "A new message",
};
