import { createExecutionContext, createMessageBatch, getQueueResult, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../worker/index.ts";
import type { EndpointBreaker } from "../../durable-objects/endpoint-breaker.ts";
import { outboxStatements, sweepWebhookQueues } from "../../worker/webhooks/outbox.ts";
import { createTenant, data, expectError, type TestTenant, scopeFor } from "./helpers.ts";
import { PARTNER, partner, rows } from "./webhook-helpers.ts";

type Endpoint = { id: string; secret: string; enabled: boolean; breaker?: { state: string; consecutive_failures: number } };
type Attempt = {
  attempt: number;
  status_code: number | null;
  latency_ms: number;
  response_snippet: string | null;
  error: string | null;
  delivery_status: string;
  event_type: string;
};

afterEach(() => void vi.restoreAllMocks());

const createEndpoint = (t: TestTenant, body: Record<string, unknown>) =>
  data<Endpoint>(t.owner.post("/api/v1/webhooks/endpoints", { url: PARTNER, ...body }), 201);

async function emit(t: TestTenant, type: "order.created" | "quote.priced" | "drawing.progress_update", payload: Record<string, unknown>) {
  const scope = await scopeFor(t.id);
  const { eventId, statements } = outboxStatements(scope, type, payload as never);
  await scope.db.batch(statements);
  return eventId;
}
const deliveriesOf = (t: TestTenant, eventId: string) =>
  rows<{ id: string; endpoint_id: string; status: string; attempts: number }>(
    t,
    "select id, endpoint_id, status, attempts from webhook_deliveries where tenant_id = ? and event_id = ?",
    t.id,
    eventId,
  );

/** One queue delivery of a `webhook.deliver` message, straight into the Worker's queue handler. */
async function consumeDelivery(t: TestTenant, deliveryId: string, attempts: number) {
  const batch = createMessageBatch("fabquote-deliveries", [
    { id: `m-${deliveryId}-${attempts}`, timestamp: new Date(), attempts, body: { kind: "webhook.deliver", tenant_id: t.id, delivery_id: deliveryId } },
  ]);
  // The harness reports which messages were retried; the delay asked for is read off the call.
  const retry = vi.spyOn(batch.messages[0], "retry");
  const ctx = createExecutionContext();
  await worker.queue(batch as never, env);
  const result = await getQueueResult(batch, ctx);
  return { ...result, delaySeconds: retry.mock.calls[0]?.[0]?.delaySeconds };
}

const order = { order_id: "o-1", quote_id: "q-1", amount: 12_345, currency: "EUR", payment_method: "purchase_order", po_number: "PO-9" };

describe("webhook endpoints", () => {
  it("are created with a secret shown once; bad URLs and unknown event types are 400 with the field", async () => {
    const t = await createTenant();
    const ep = await createEndpoint(t, { event_types: ["quote.priced", "order.created"], description: "ERP" });
    expect(ep.secret).toMatch(/^whsec_/);
    const shown = await data<Endpoint & Record<string, unknown>>(t.owner.get(`/api/v1/webhooks/endpoints/${ep.id}`));
    expect(shown.secret).toBeUndefined();
    expect(shown.breaker).toMatchObject({ state: "closed", consecutive_failures: 0 });
    for (const url of [
      "http://erp.partner.example.com/x",
      "https://10.0.0.1/x",
      "https://169.254.169.254/",
      "https://[::ffff:127.0.0.1]/",
      "https://partner.example.com:8443/",
    ]) {
      await expectError(t.owner.post("/api/v1/webhooks/endpoints", { url, event_types: ["quote.priced"] }), 400, "VALIDATION_ERROR", "url");
    }
    await expectError(t.owner.post("/api/v1/webhooks/endpoints", { url: PARTNER, event_types: ["quote.eaten"] }), 400, "VALIDATION_ERROR", "event_types.0");
    await expectError(t.owner.post("/api/v1/webhooks/endpoints", { url: PARTNER, event_types: [] }), 400, "VALIDATION_ERROR", "event_types");
    await expectError(
      t.owner.fetch(`/api/v1/webhooks/endpoints/${ep.id}`, { method: "PATCH", json: { url: "https://10.0.0.1/" } }),
      400,
      "VALIDATION_ERROR",
      "url",
    );
    const rotated = await data<{ secret: string }>(t.owner.fetch(`/api/v1/webhooks/endpoints/${ep.id}`, { method: "PATCH", json: { rotate_secret: true } }));
    expect(rotated.secret).not.toBe(ep.secret);
    await data(t.owner.delete(`/api/v1/webhooks/endpoints/${ep.id}`));
    await expectError(t.owner.get(`/api/v1/webhooks/endpoints/${ep.id}`), 404, "NOT_FOUND");
  });

  it("refuses localhost and private addresses in every environment; only allow-listed hosts pass, never in production", async () => {
    const t = await createTenant();
    const { key } = await data<{ key: string }>(t.owner.post("/api/v1/api-keys", { name: "ops", scopes: ["webhooks:admin"], tier: "internal" }), 201);
    const call = (environment: "production" | "development" | "test", url: string, allow = "localhost") =>
      worker.fetch(
        new Request(`http://${t.host}/api/v1/webhooks/endpoints`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify({ url, event_types: ["*"] }),
        }) as never,
        { ...env, ENVIRONMENT: environment, WEBHOOK_ALLOW_HOSTS: allow },
        createExecutionContext(),
      );
    for (const url of [
      "http://localhost:9000/hook",
      "https://localhost/hook",
      "https://localhost./hook",
      "https://127.0.0.1/hook",
      "https://2130706433/",
      "https://[fe80::1]/",
      "https://metadata.google.internal./",
    ]) {
      for (const environment of ["production", "development", "test"] as const) await expectError(call(environment, url, ""), 400, "VALIDATION_ERROR", "url");
      await expectError(call("production", url), 400, "VALIDATION_ERROR", "url");
    }
    expect((await call("development", "http://localhost:9000/hook")).status).toBe(201);
    expect((await call("test", "http://localhost:9000/hook")).status).toBe(201);
    expect((await call("production", PARTNER)).status).toBe(201);
  });

  it("a test event arrives signed (verifiable with the reference library), without following redirects, and is logged", async () => {
    const t = await createTenant();
    const seen = partner(() => new Response("x".repeat(5000), { status: 200 }));
    const ep = await createEndpoint(t, { event_types: ["quote.priced"] });
    const sent = await data<{ event_id: string; delivery_id: string }>(t.owner.post(`/api/v1/webhooks/endpoints/${ep.id}/test`), 202);
    let log: Attempt[] = [];
    await vi.waitFor(
      async () => {
        log = await data<Attempt[]>(t.owner.get(`/api/v1/webhooks/endpoints/${ep.id}/deliveries`));
        expect(log).toHaveLength(1);
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(log[0]).toMatchObject({ attempt: 1, status_code: 200, delivery_status: "succeeded", event_type: "webhook.test", error: null });
    expect(log[0].response_snippet).toHaveLength(2048);
    const [{ req, body, init }] = seen;
    expect(init?.redirect).toBe("manual");
    expect(req.headers.get("webhook-id")).toBe(sent.event_id);
    const verified = new Webhook(ep.secret).verify(body, Object.fromEntries(req.headers)) as { type: string; data: { endpoint_id: string } };
    expect(verified).toMatchObject({ type: "webhook.test", data: { endpoint_id: ep.id } });
    await expectError(t.owner.get(`/api/v1/webhooks/endpoints/${ep.id}/deliveries?cursor=abc`), 400, "VALIDATION_ERROR", "cursor");
  });

  it("outbox rows fan out to enabled subscribed endpoints only, and the sweep sends what never reached the queue", async () => {
    const t = await createTenant();
    const seen = partner(() => new Response("ok"));
    const priced = await createEndpoint(t, { event_types: ["quote.priced"] });
    const all = await createEndpoint(t, { event_types: ["*"] });
    await createEndpoint(t, { event_types: ["order.created"] });
    await createEndpoint(t, { event_types: ["*"], enabled: false });
    const eventId = await emit(t, "quote.priced", {
      quote_id: "q",
      quote_number: "Q-2026-0001",
      revision: 1,
      currency: "EUR",
      net_total: 100,
      gross_total: 119,
    });
    const deliveries = await deliveriesOf(t, eventId);
    expect(deliveries.map((d) => d.endpoint_id).sort()).toEqual([priced.id, all.id].sort());
    // Nothing dispatched them (as if the Worker died after the batch): the sweep does.
    expect(await sweepWebhookQueues(env, Date.now() + 120_000)).toMatchObject({ deliveries: 2 });
    await vi.waitFor(async () => expect((await deliveriesOf(t, eventId)).map((d) => d.status)).toEqual(["succeeded", "succeeded"]), {
      timeout: 10_000,
      interval: 100,
    });
    expect(seen).toHaveLength(2);
    expect(await sweepWebhookQueues(env, Date.now() + 120_000)).toMatchObject({ deliveries: 0 });
  });

  it("drawing.progress_update goes out at most once per 5 s per request", async () => {
    const t = await createTenant();
    const progress = (request_id: string, pct: number) =>
      emit(t, "drawing.progress_update", { request_id, progress_percentage: pct, current_task: "Section views" });
    await progress("DR-1", 20);
    await progress("DR-1", 40);
    await progress("DR-2", 20);
    expect(
      await rows(
        t,
        "select json_extract(payload, '$.request_id') as r, json_extract(payload, '$.progress_percentage') as p from outbound_events where tenant_id = ? order by r",
        t.id,
      ),
    ).toEqual([
      { r: "DR-1", p: 20 },
      { r: "DR-2", p: 20 },
    ]);
  });
});

describe("deliveries to an endpoint that is down", () => {
  it("retry with backoff by priority, dead-letter after the last attempt, open the breaker, then half-open and close", async () => {
    const t = await createTenant();
    let answer = 503;
    const seen = partner(() => new Response("down", { status: answer }));
    const ep = await createEndpoint(t, { event_types: ["order.created"] });
    const eventId = await emit(t, "order.created", order); // critical: 5 attempts
    const [delivery] = await deliveriesOf(t, eventId);

    for (let attempt = 1; attempt <= 4; attempt++) {
      const result = await consumeDelivery(t, delivery.id, attempt);
      expect(result.retryMessages).toHaveLength(1);
      const delay = result.delaySeconds!;
      expect(delay).toBeGreaterThanOrEqual(2 ** attempt / 2);
      expect(delay).toBeLessThanOrEqual(2 ** attempt);
    }
    const last = await consumeDelivery(t, delivery.id, 5);
    expect(last.retryMessages).toHaveLength(0);
    expect(last.explicitAcks).toHaveLength(1);
    expect((await deliveriesOf(t, eventId))[0]).toMatchObject({ status: "dead", attempts: 5 });
    const letters = await data<{ direction: string; ref_id: string; attempts: number; failure_reason: string }[]>(t.owner.get("/api/v1/webhooks/dlq"));
    expect(letters).toEqual([expect.objectContaining({ direction: "outbound", ref_id: delivery.id, attempts: 5, failure_reason: "HTTP 503" })]);
    const log = await data<Attempt[]>(t.owner.get(`/api/v1/webhooks/endpoints/${ep.id}/deliveries`));
    expect(log.map((a) => a.status_code)).toEqual([503, 503, 503, 503, 503]);

    // Five consecutive failures: open. A new delivery is held back without a request.
    expect((await data<Endpoint>(t.owner.get(`/api/v1/webhooks/endpoints/${ep.id}`))).breaker).toMatchObject({ state: "open", consecutive_failures: 5 });
    const next = (await deliveriesOf(t, await emit(t, "order.created", { ...order, order_id: "o-2" })))[0];
    const held = await consumeDelivery(t, next.id, 1);
    expect(held.explicitAcks).toHaveLength(1);
    expect(seen).toHaveLength(5);

    // 60 s later (rewound here) one probe goes through: it fails, so the breaker opens again.
    const breaker = env.ENDPOINT_BREAKER.getByName(`${t.id}:${ep.id}`);
    const rewind = () =>
      runInDurableObject(breaker, (_: EndpointBreaker, state) => void state.storage.sql.exec("UPDATE breaker SET opened_at = opened_at - 61000"));
    await rewind();
    await consumeDelivery(t, next.id, 2);
    expect(seen).toHaveLength(6);
    expect(await breaker.status()).toMatchObject({ state: "open" });
    // Next probe succeeds: closed again, and the delivery succeeded.
    await rewind();
    answer = 200;
    await consumeDelivery(t, next.id, 3);
    expect(await breaker.status()).toMatchObject({ state: "closed", consecutive_failures: 0 });
    expect(
      (await deliveriesOf(t, (await rows<{ event_id: string }>(t, "select event_id from webhook_deliveries where id = ?", next.id))[0].event_id))[0].status,
    ).toBe("succeeded");

    // The dead one is retried from the dead-letter queue and now succeeds.
    const [letter] = await data<{ id: string }[]>(t.owner.get("/api/v1/webhooks/dlq?status=pending"));
    await data(t.owner.post(`/api/v1/webhooks/dlq/${letter.id}/retry`), 202);
    await vi.waitFor(async () => expect((await deliveriesOf(t, eventId))[0].status).toBe("succeeded"), { timeout: 10_000, interval: 100 });
  });

  it("honours Retry-After on 429, does not follow redirects, and disables the endpoint on 410", async () => {
    const t = await createTenant();
    let res = () => new Response("slow down", { status: 429, headers: { "retry-after": "120" } });
    const seen = partner(() => res());
    const ep = await createEndpoint(t, { event_types: ["order.created"] });
    const [delivery] = await deliveriesOf(t, await emit(t, "order.created", order));
    expect((await consumeDelivery(t, delivery.id, 1)).delaySeconds).toBe(120);

    res = () => new Response(null, { status: 302, headers: { location: "https://10.0.0.1/steal" } });
    await consumeDelivery(t, delivery.id, 2);
    expect(seen).toHaveLength(2);
    const log = await data<Attempt[]>(t.owner.get(`/api/v1/webhooks/endpoints/${ep.id}/deliveries`));
    expect(log[0]).toMatchObject({ status_code: 302, error: "redirect 302 not followed" });

    res = () => new Response("gone", { status: 410 });
    const gone = await consumeDelivery(t, delivery.id, 3);
    expect(gone.retryMessages).toHaveLength(0);
    expect((await data<Endpoint>(t.owner.get(`/api/v1/webhooks/endpoints/${ep.id}`))).enabled).toBe(false);
    expect(
      (await deliveriesOf(t, (await rows<{ event_id: string }>(t, "select event_id from webhook_deliveries where id = ?", delivery.id))[0].event_id))[0].status,
    ).toBe("dead");
  });
});
