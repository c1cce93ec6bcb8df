import type { BatchItem } from "drizzle-orm/batch";
import { findPartnerRecord, type PartnerKey } from "../db/partner-records.ts";
import type { Scope } from "../db/scope.ts";
import type { InboundEvent } from "../db/webhook-events.ts";
import type { Env } from "../env.ts";
import type { InboundPayload, InboundType } from "./inbound-events.ts";

export interface HandlerContext<T extends InboundType> {
  scope: Scope;
  env: Env;
  event: InboundEvent;
  data: InboundPayload<T>;
}

/** What a handler wants written — in one batch with the event's exactly-once marker — and the outbox events to dispatch after. */
export interface Effect {
  statements: BatchItem<"sqlite">[];
  outboxEventIds: string[];
  /** Best-effort work once the batch has committed (live status pushes, queueing a cutting list the sweep would repair); skipped when another delivery applied the event. */
  after?: () => Promise<void>;
}

export const effect = (...statements: BatchItem<"sqlite">[]): Effect => ({ statements, outboxEventIds: [] });

/** The thing an event refers to has not arrived yet (events out of order): retried with backoff. */
export class NotYetKnown extends Error {}

/** The payload is well-formed but asks for something invalid (a configuration its product refuses): fails at once with `validation.failed`. */
export class InvalidPayload extends Error {
  readonly errors: { field: string; message: string }[];
  constructor(errors: { field: string; message: string }[]) {
    super(errors.map((e) => `${e.field} ${e.message}`).join("; "));
    this.errors = errors;
  }
}

export const keyOf = (ctx: HandlerContext<InboundType>, kind: string, externalId: string): PartnerKey => ({
  source: ctx.event.source,
  kind,
  external_id: externalId,
});

export async function requireRecord(ctx: HandlerContext<InboundType>, kind: string, externalId: string) {
  const key = keyOf(ctx, kind, externalId);
  const record = await findPartnerRecord(ctx.scope, key);
  if (!record) throw new NotYetKnown(`${kind} ${externalId} from ${ctx.event.source} is not known yet`);
  return { key, record };
}
