import { Webhook } from "standardwebhooks";
import { expect, vi } from "vitest";
import { Client, data, scopeFor, tenantRows, type TestTenant } from "./helpers.ts";
import { webhookDeadLetters } from "../../worker/db/schema/index.ts";
import { insertDeadLetterStatement } from "../../worker/db/webhook-dead-letters.ts";

export type Source = { id: string; name: string; secret: string; scheme: string };

export const createSource = (t: TestTenant, body: Record<string, unknown> = { name: "nexus" }) =>
  data<Source>(t.owner.post("/api/v1/webhooks/sources", body), 201);

/** A partner posting a Standard Webhooks message, signed by the reference library unless told otherwise. */
export function postEvent(
  t: TestTenant,
  source: string,
  secret: string,
  payload: unknown,
  opts: { id?: string; at?: Date; body?: string; raw?: string; headers?: Record<string, string> } = {},
) {
  const id = opts.id ?? `msg_${crypto.randomUUID()}`;
  const at = opts.at ?? new Date();
  const signed = opts.raw ?? JSON.stringify(payload);
  const headers = {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(id, at, signed),
    ...opts.headers,
  };
  return new Client(t.host).fetch(`/webhooks/${source}`, { method: "POST", headers, body: opts.body ?? signed });
}

export const PARTNER = "https://erp.partner.example.com/hooks";

/** Partner endpoints are played by a fetch stub (tests never reach the network); the Worker shares the test isolate. Restore mocks after each test. */
export function partner(answer: (req: Request) => Response | Promise<Response>) {
  const seen: { req: Request; body: string; init?: RequestInit }[] = [];
  const original = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    if (!req.url.startsWith("https://erp.partner.example.com/")) return original(input, init);
    seen.push({ req, body: await req.clone().text(), init });
    return answer(req);
  });
  return seen;
}

/** Rows of a query on the tenant's data shard (`rows(t, sql, ...binds)`). */
export const rows = tenantRows;

export type EventView = { id: string; status: string; attempts: number; last_error: string | null; type: string };

export async function waitForEvent(t: TestTenant, id: string, status: string, timeout = 20_000) {
  let event: EventView | undefined;
  await vi.waitFor(
    async () => {
      event = await data<EventView>(t.owner.get(`/api/v1/webhooks/events/${id}`));
      expect(event.status).toBe(status);
    },
    { timeout, interval: 200 },
  );
  return event!;
}

/** A source, an endpoint, two failed inbound events and a dead letter: ids for the cross-tenant suite. */
export async function seedWebhookIds(t: TestTenant) {
  const source = await createSource(t);
  // Disabled, so nothing is ever sent to it (its test call answers 409).
  const endpoint = await data<{ id: string }>(
    t.owner.post("/api/v1/webhooks/endpoints", { url: "https://erp.partner.example.com/hook", event_types: ["*"], enabled: false }),
    201,
  );
  const failedEvent = async () => {
    const { event_id } = await data<{ event_id: string }>(postEvent(t, source.name, source.secret, { type: "not.ours", data: {} }), 202);
    await waitForEvent(t, event_id, "failed");
    return event_id;
  };
  const [webhookEvent, lettered] = await Promise.all([failedEvent(), failedEvent()]);
  const scope = await scopeFor(t.id);
  const [letter] = await scope.db.batch([
    insertDeadLetterStatement(scope, { direction: "inbound", ref_id: lettered, event_type: "not.ours", failure_reason: "seeded", attempts: 1 }).returning({
      id: webhookDeadLetters.id,
    }),
  ]);
  return { webhookSource: source.id, webhookEndpoint: endpoint.id, webhookEvent, deadLetter: letter[0].id };
}
