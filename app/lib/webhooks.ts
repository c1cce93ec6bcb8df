/** What the webhook admin pages read from /api/v1/webhooks/*, and how they word it. */

export interface WebhookSource {
  id: string;
  name: string;
  scheme: "standard" | "stripe";
  tolerance_seconds: number;
  path: string;
  secrets: { hint: string; created_at: string }[];
  created_at: string | null;
  updated_at: string | null;
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  event_types: string[];
  enabled: boolean;
  disabled_reason: string | null;
  breaker?: { state: "closed" | "open" | "half_open"; consecutive_failures: number; opened_at: string | null };
  created_at: string | null;
  updated_at: string | null;
}

export interface DeliveryAttempt {
  id: string;
  delivery_id: string;
  event_id: string;
  event_type: string;
  attempt: number;
  status_code: number | null;
  latency_ms: number;
  response_snippet: string | null;
  error: string | null;
  delivery_status: string;
  created_at: string | null;
}

export interface InboundEvent {
  id: string;
  source: string;
  external_id: string;
  type: string;
  status: string;
  attempts: number;
  last_error: string | null;
  received_at: string | null;
  processed_at: string | null;
}

export interface DeadLetter {
  id: string;
  direction: "inbound" | "outbound";
  ref_id: string;
  event_type: string;
  failure_reason: string;
  attempts: number;
  resolution_status: "pending" | "retried" | "discarded";
  resolution_note: string | null;
  resolved_at: string | null;
  created_at: string | null;
}

type Counts = Record<string, number>;
export interface WebhookStats {
  inbound: { by_status: Counts; by_type: Record<string, Counts> };
  outbound: { deliveries_by_status: Counts };
  dead_letters: { inbound: Counts; outbound: Counts };
}

/**
 * The events partners can subscribe to. The API's list (worker/webhooks/outbound-events.ts)
 * is the source of truth; test/unit/admin/webhook-types.test.ts keeps this copy equal to it.
 */
export const OUTBOUND_EVENT_TYPES = [
  "quote.priced",
  "quote.technical_data_ready",
  "drawings.generated",
  "drawing.progress_update",
  "drawing.revision_completed",
  "specification.generated",
  "validation.failed",
  "order.created",
  "payment.succeeded",
  "manufacturing.cutting_list_ready",
  "manufacturing.status_update",
  "customer.portal_access_granted",
] as const;

export const INBOUND_STATUSES = ["received", "processing", "retrying", "processed", "failed", "dead", "discarded"] as const;
export const DEAD_LETTER_STATUSES = ["pending", "retried", "discarded"] as const;
/** Inbound events in these states may be processed again. */
export const REPLAYABLE = new Set(["failed", "dead", "discarded"]);

export type Tone = "ok" | "warn" | "bad" | "neutral";

const TONES: Record<string, Tone> = {
  processed: "ok",
  succeeded: "ok",
  closed: "ok",
  enabled: "ok",
  retried: "ok",
  received: "neutral",
  processing: "neutral",
  pending: "warn",
  retrying: "warn",
  half_open: "warn",
  skipped: "neutral",
  discarded: "neutral",
  disabled: "neutral",
  failed: "bad",
  dead: "bad",
  open: "bad",
  // Production: manufacturing orders, operations and QC checkpoints (corrective actions are open or closed).
  ready: "ok",
  shipped: "ok",
  delivered: "ok",
  done: "ok",
  pass: "ok",
  on_hold: "warn",
  conditional_pass: "warn",
  blocked: "bad",
  fail: "bad",
};

export const toneOf = (status: string): Tone => TONES[status] ?? "neutral";

/** "half_open" → "half open". */
export const statusLabel = (status: string) => status.replaceAll("_", " ");
