import { findDrawing } from "../db/drawings.ts";
import { findManufacturingOrder } from "../db/manufacturing-orders.ts";
import { companyAdmins, recipientsById, recipientsOfQuote, type NotificationEvent, type Recipient } from "../db/notifications.ts";
import { findOrder } from "../db/orders.ts";
import { findQuote } from "../db/quotes.ts";
import { effectiveStatus } from "../db/quote-status.ts";
import type { Scope } from "../db/scope.ts";
import { findShipment } from "../db/shipments.ts";
import type { Tenant } from "../db/tenants.ts";
import { SYSTEM } from "../db/viewer.ts";
import type { NotifyEvent } from "./events.ts";
import { isStaff, roleLabel } from "../../shared/access.ts";

/** What one event tells, and to whom: the same words in the app and in the e-mail. */
export interface Told {
  recipients: Recipient[];
  title: string;
  body: string;
  /** The page it is about, on the shop's host. */
  path: string;
}

const day = (ms: number | null) => (ms === null ? "" : new Date(ms).toISOString().slice(0, 10));

/** Production moves a buyer hears of; shipping has its own e-mail (with tracking), the rest is the shop's business. */
const PRODUCTION_WORDS: Partial<Record<string, string>> = {
  in_production: "is in production",
  on_hold: "is on hold",
  ready: "is made and being packed",
  delivered: "is delivered",
};

export const toldOfProduction = (status: string) => status in PRODUCTION_WORDS;

/** The words and recipients of an event as things stand now; null when nothing is to be told any more (or to nobody). */
export async function describe(scope: Scope, tenant: Tenant, row: NotificationEvent): Promise<Told | null> {
  const event = { type: row.type, ...row.subject } as NotifyEvent;
  const quoteOf = (id: string) => findQuote(scope, id, SYSTEM);
  switch (event.type) {
    case "quote.sent": {
      const quote = await quoteOf(event.quote_id);
      if (!quote) return null;
      return {
        recipients: await recipientsOfQuote(scope, quote),
        title: `Quote ${quote.number} from ${tenant.name}`,
        body: `${tenant.name} sent you quote ${quote.number}${quote.revision > 1 ? ` (revision ${quote.revision})` : ""}. It is valid until ${day(quote.valid_until)}.`,
        path: `/quotes/${quote.id}`,
      };
    }
    case "quote.expiring": {
      const quote = await quoteOf(event.quote_id);
      // Accepted, rejected, revised or already lapsed meanwhile: nothing is about to expire.
      if (!quote || effectiveStatus(quote) !== "sent" || quote.revision !== event.revision) return null;
      return {
        recipients: await recipientsOfQuote(scope, quote),
        title: `Quote ${quote.number} expires on ${day(quote.valid_until)}`,
        body: `Quote ${quote.number} from ${tenant.name} is valid until ${day(quote.valid_until)}. Accept it before then to order at its prices.`,
        path: `/quotes/${quote.id}`,
      };
    }
    case "drawings.ready": {
      if ("drawing_id" in event) return describeRevision(scope, event);
      const quote = await quoteOf(event.quote_id);
      if (!quote) return null;
      return {
        recipients: await recipientsOfQuote(scope, quote),
        title: `Drawings for quote ${quote.number} are ready`,
        body: `The drawings for quote ${quote.number} are ready. Please review them and approve them or ask for changes.`,
        path: `/quotes/${quote.id}`,
      };
    }
    case "order.confirmed": {
      const order = await findOrder(scope, event.order_id);
      const quote = order && (await quoteOf(order.quote_id));
      if (!order || !quote) return null;
      return {
        recipients: await recipientsOfQuote(scope, quote),
        title: `Order ${order.number ?? quote.number} is confirmed`,
        body: `${tenant.name} confirmed your order ${order.number ?? ""} for quote ${quote.number}. We will tell you as it moves through production.`,
        path: `/orders/${order.id}`,
      };
    }
    case "order.resubmitted": {
      const order = await findOrder(scope, event.order_id);
      const quote = order && (await quoteOf(order.quote_id));
      // Approved, rejected or cancelled meanwhile, or a company no longer: nothing awaits anyone.
      if (!order || !quote?.customer_id || order.status !== "awaiting_approval") return null;
      const name = order.number ?? quote.number;
      const by = (await recipientsById(scope, [event.by_user_id]))[0]?.name ?? "A colleague";
      return {
        recipients: (await companyAdmins(scope, quote.customer_id)).filter((r) => r.id !== event.by_user_id),
        title: `Order ${name} awaits your approval again`,
        body: `${by} resubmitted order ${name} (quote ${quote.number}) for approval after it was rejected: "${event.note}"`,
        path: `/orders/${order.id}`,
      };
    }
    case "production.update": {
      const mo = await findManufacturingOrder(scope, event.manufacturing_order_id);
      const order = mo && (await findOrder(scope, mo.order_id));
      const quote = order && (await quoteOf(order.quote_id));
      const words = PRODUCTION_WORDS[event.status];
      if (!mo || !order || !quote || !words) return null;
      const name = order.number ?? quote.number;
      return {
        recipients: await recipientsOfQuote(scope, quote),
        title: `Order ${name}: ${mo.number} ${words}`,
        body: `Part of your order ${name} (${mo.number}) ${words}.`,
        path: `/orders/${order.id}`,
      };
    }
    case "order.shipped": {
      const shipment = await findShipment(scope, event.shipment_id);
      const order = shipment && (await findOrder(scope, shipment.order_id));
      const quote = order && (await quoteOf(order.quote_id));
      if (!shipment || !order || !quote) return null;
      const tracking = [
        shipment.tracking_number && `Tracking number: ${shipment.tracking_number}.`,
        shipment.tracking_url && `Track it at ${shipment.tracking_url}`,
      ]
        .filter(Boolean)
        .join(" ");
      return {
        recipients: await recipientsOfQuote(scope, quote),
        title: `Order ${order.number ?? quote.number} has shipped`,
        body: `Shipment ${shipment.number} of your order is on its way with ${shipment.carrier}.${tracking ? ` ${tracking}` : ""}`,
        path: `/orders/${order.id}`,
      };
    }
    case "message.new":
      return {
        recipients: await recipientsById(scope, event.recipient_ids),
        title: `New message from ${event.from_name}`,
        body: event.excerpt,
        path: event.path,
      };
    case "member.invited": {
      // One invitation for a company's member and the shop's own staff: the words say which.
      const recipients = await recipientsById(scope, [event.user_id]);
      const staffRole = recipients.find((r) => isStaff(r.role))?.role;
      const invitedTo = staffRole ? `join the team of ${tenant.name} as ${roleLabel(staffRole)}` : `order from ${tenant.name}`;
      return {
        recipients,
        title: `You are invited to ${tenant.name}`,
        body: `You have been invited to ${invitedTo}. Set your password with the link below; it works once, until ${day(event.expires_at)}.`,
        path: "/welcome",
      };
    }
  }
}

/**
 * A drawing's next revision awaiting approval: told to whom its quote's first
 * issue was told (the drawing's own owners when it has no quote); nothing when
 * it was revised again meanwhile (that revision tells of itself).
 */
async function describeRevision(scope: Scope, event: { drawing_id: string; revision: string }): Promise<Told | null> {
  const drawing = await findDrawing(scope, event.drawing_id, SYSTEM);
  if (drawing?.status !== "current" || drawing.revision !== event.revision) return null;
  const quote = drawing.quote_id ? await findQuote(scope, drawing.quote_id, SYSTEM) : null;
  const name = `${drawing.drawing_number} revision ${event.revision}`;
  return {
    recipients: await recipientsOfQuote(scope, quote ?? { ...drawing, project_id: null }),
    title: `Drawing ${name} is ready`,
    body: `The drawing ${name}${quote ? ` for quote ${quote.number}` : ""} is revised and ready. Please review it and approve it or ask for changes.`,
    path: `/drawings/${drawing.id}`,
  };
}
