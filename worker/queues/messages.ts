/**
 * Queue messages carry ids, never files (128 KB per message): the consumer
 * reads what it needs from D1 and R2. Every message names its tenant.
 */
export type QueueMessage =
  | { kind: "model.analyze"; tenant_id: string; model_id: string }
  | { kind: "job.run"; tenant_id: string; job_id: string; configuration_id: string }
  /** A drawing request, run by the coordinator of its configuration (or, for a quote's drawings, of its quote). */
  | { kind: "drawings.run"; tenant_id: string; request_id: string; configuration_id: string | null; quote_id: string | null }
  /** A quote's technical package, built by the quote's coordinator. */
  | { kind: "technical_package.build"; tenant_id: string; quote_id: string }
  | { kind: "order.cutting_list"; tenant_id: string; order_id: string }
  | { kind: "webhook.deliver"; tenant_id: string; delivery_id: string }
  /** A notification event to fan out (in-app entries, e-mails); an invitation's one-time link rides here only. */
  | { kind: "notification.fanout"; tenant_id: string; event_id: string; invitation_path?: string }
  | { kind: "webhook.process"; tenant_id: string; event_id: string }
  /** An inbound event held by its WebhookInbox, for D1 then its handler; `payload` is absent when too large to carry. */
  | {
      kind: "webhook.ingest";
      tenant_id: string;
      event_id: string;
      source: string;
      source_id: string;
      external_id: string;
      type: string;
      received_at: number;
      payload?: unknown;
    };

export type QueueKind = QueueMessage["kind"];
