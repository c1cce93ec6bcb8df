import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openDb } from "../../worker/db/client.ts";
import { findInboundEvent, insertInboundEvent } from "../../worker/db/webhook-events.ts";
import { buildCuttingList } from "../../worker/orders/cutting-list.ts";
import { sweepCuttingLists } from "../../worker/orders/queue-cutting-list.ts";
import { RetryLater } from "../../worker/queues/index.ts";
import { processInboundEvent } from "../../worker/webhooks/process-inbound.ts";
import { door } from "./fixtures.ts";
import { Client, createTenant, data, expectError, PASSWORD, packageSettled, registerCustomer, type TestTenant, tenantDb, scopeFor } from "./helpers.ts";
import { createSource, PARTNER, partner, postEvent, rows, waitForEvent } from "./webhook-helpers.ts";

/**
 * The producers of quote.technical_data_ready, specification.generated,
 * manufacturing.cutting_list_ready and customer.portal_access_granted: each
 * event row is written with its state change, delivered to a subscribed
 * endpoint, and written once however often its cause is delivered.
 */

afterEach(() => void vi.restoreAllMocks());

const TYPES = [
  "quote.technical_data_ready",
  "specification.generated",
  "manufacturing.cutting_list_ready",
  "customer.portal_access_granted",
  "validation.failed",
];

/** A shop with the door, a configuration of it, a partner source and an endpoint subscribed to the events under test. */
async function shop() {
  const seen = partner(() => new Response("ok"));
  const t = await createTenant();
  const product = await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "SPW600e door", generator_key: "spw600e-door" }), 201);
  const configuration = await data<{ id: string }>(t.owner.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
  const source = await createSource(t, { name: "nexus" });
  const endpoint = await data<{ id: string; secret: string }>(t.owner.post("/api/v1/webhooks/endpoints", { url: PARTNER, event_types: TYPES }), 201);
  const send = async (type: string, body: Record<string, unknown>, id?: string) =>
    (await data<{ event_id: string }>(postEvent(t, "nexus", source.secret, { type, data: body }, { id }), 202)).event_id;
  return { t, seen, product, configuration, source, endpoint, send };
}
type Shop = Awaited<ReturnType<typeof shop>>;

const outbound = async <T = Record<string, unknown>>(t: TestTenant, type: string) =>
  (await rows<{ payload: string }>(t, "select payload from outbound_events where tenant_id = ? and type = ? order by created_at", t.id, type)).map(
    (r) => JSON.parse(r.payload) as T,
  );

/** The event as the partner's endpoint received it, verified with the endpoint's secret. */
async function delivered<T>(s: Shop, type: string): Promise<T> {
  let body: { type: string; data: T } | undefined;
  await vi.waitFor(
    () => {
      const hit = s.seen.find((r) => JSON.parse(r.body).type === type);
      expect(hit, `no ${type} delivered`).toBeDefined();
      body = new Webhook(s.endpoint.secret).verify(hit!.body, Object.fromEntries(hit!.req.headers)) as typeof body;
    },
    { timeout: 10_000, interval: 100 },
  );
  return body!.data;
}

/** A stored inbound event of the shop's source, for driving the consumer by hand (redeliveries). */
async function storedEvent(s: Shop, type: string, body: Record<string, unknown>) {
  const scope = await scopeFor(s.t.id);
  const id = crypto.randomUUID();
  const payload = { type, data: body };
  await insertInboundEvent(scope, { id, source_id: s.source.id, source: "nexus", external_id: `m-${id}`, type, payload, received_at: Date.now() });
  return { id, message: { kind: "webhook.process", tenant_id: s.t.id, event_id: id } as const, scope };
}

const count = async (t: Pick<TestTenant, "id">, sql: string, ...binds: unknown[]) => (await rows<{ n: number }>(t, sql, ...binds))[0].n;

type Quote = { id: string; number: string; status: string; revision: number; review_required: boolean };
const quoteDoors = (s: Shop, quantity: number) =>
  data<Quote>(s.t.owner.post("/api/v1/quotes", { items: [{ configuration_id: s.configuration.id, quantity }] }), 201);

type Technical = {
  quote_id: string;
  quote_number: string;
  revision: number;
  items: {
    configuration_id: string;
    quantity: number;
    u_value: { overall_u_value: number; frame_contribution_w_per_k: number } | null;
    bom: { line_count: number } | null;
    unit_weight_kg: number;
    total_weight_kg: number;
    cutting_list: { bars_used: number; lower_bound: number; total_cuts: number } | null;
  }[];
  documents: { kind: string; path: string }[];
};

describe("quote.technical_data_ready", () => {
  it("goes out with the pricing of a quote with configured products, once per revision, and is delivered", async () => {
    const s = await shop();
    const quote = await quoteDoors(s, 3);
    expect(quote.status).toBe("priced");
    const [ready] = await outbound<Technical>(s.t, "quote.technical_data_ready");
    expect(ready).toMatchObject({
      quote_id: quote.id,
      quote_number: quote.number,
      revision: 1,
      documents: [
        { kind: "quote_pdf", path: `/api/v1/quotes/${quote.id}/pdf` },
        { kind: "technical_package", path: `/api/v1/quotes/${quote.id}/technical-package` },
      ],
    });
    const [item] = ready.items;
    expect(item).toMatchObject({ configuration_id: s.configuration.id, quantity: 3 });
    expect(item.u_value!.overall_u_value).toBeGreaterThan(0.5);
    expect(item.u_value!.frame_contribution_w_per_k).toBeGreaterThan(0);
    expect(item.bom!.line_count).toBeGreaterThan(5);
    expect(item.total_weight_kg).toBeCloseTo(item.unit_weight_kg * 3, 1);
    expect(item.cutting_list!.bars_used).toBeGreaterThanOrEqual(item.cutting_list!.lower_bound);
    // Written in the pricing batch: the quote records the revision it announced.
    expect(await rows(s.t, "select technical_data_revision as r from quotes where id = ?", quote.id)).toEqual([{ r: 1 }]);
    expect(await delivered<Technical>(s, "quote.technical_data_ready")).toEqual(ready);

    // Re-priced within the revision (new quantity): nothing more. A new revision: its own, once.
    await data(s.t.owner.fetch(`/api/v1/quotes/${quote.id}`, { method: "PATCH", json: { items: [{ configuration_id: s.configuration.id, quantity: 4 }] } }));
    expect(await outbound(s.t, "quote.technical_data_ready")).toHaveLength(1);
    await data(s.t.owner.post(`/api/v1/quotes/${quote.id}/revise`, { reason: "more doors" }));
    await data(s.t.owner.fetch(`/api/v1/quotes/${quote.id}`, { method: "PATCH", json: { title: "Revised" } }));
    const both = await outbound<Technical>(s.t, "quote.technical_data_ready");
    expect(both.map((e) => [e.revision, e.items[0].quantity])).toEqual([
      [1, 3],
      [2, 4],
    ]);
  });
});

type SpecEvent = {
  request_id: string;
  specification_id: string;
  quote_id: string | null;
  quote_number: string | null;
  configuration_ids: string[];
  sections: string[];
  specification_path: string;
};
type SpecDoc = {
  id: string;
  quote: { id: string } | null;
  items: {
    configuration_id: string;
    quantity: number;
    u_value: { overall_u_value: number; breakdown: unknown };
    bom: { lines: unknown[] };
    cutting_list: { bars_used: number };
    qc_checklist: unknown[];
    datasheet: {
      dimensions: { label: string; value: string }[];
      u_value: { overall_u_value: number };
      weights: { total_kg: number };
      compliance: { label: string; value: string }[];
    };
  }[];
};

describe("specification.generated", () => {
  it("answers specification.requested for a partner's quote: the document is stored in R2, announced, delivered and readable by staff", async () => {
    const s = await shop();
    await waitForEvent(s.t, await s.send("quote.requested", { quote_id: "HUB-1", product: "SPW600e door", configuration: door, quantity: 2 }), "processed");
    const linked = (await rows<{ quote_id: string }>(s.t, "select quote_id from partner_records where tenant_id = ? and kind = 'quote'", s.t.id))[0].quote_id;
    await waitForEvent(s.t, await s.send("specification.requested", { request_id: "SR-1", quote_id: "HUB-1" }), "processed");

    const [event] = await outbound<SpecEvent>(s.t, "specification.generated");
    expect(event).toMatchObject({
      request_id: "SR-1",
      quote_id: linked,
      sections: ["configuration", "u_value", "bom", "cutting_list", "qc_checklist"],
      specification_path: `/api/v1/specifications/${event.specification_id}`,
    });
    expect(event.configuration_ids).toHaveLength(1);
    expect(await env.FILES.head(`t/${s.t.id}/specifications/${event.specification_id}.json`)).not.toBeNull();
    const doc = await data<SpecDoc>(s.t.owner.get(event.specification_path));
    expect(doc).toMatchObject({ id: event.specification_id, quote: { id: linked }, items: [{ configuration_id: event.configuration_ids[0], quantity: 2 }] });
    expect(doc.items[0].u_value.breakdown).toBeDefined();
    expect(doc.items[0].bom.lines.length).toBeGreaterThan(5);
    expect(doc.items[0].cutting_list.bars_used).toBeGreaterThan(0);
    expect(doc.items[0].qc_checklist.length).toBeGreaterThan(0);
    // The datasheet the technical package prints, from the same function.
    expect(doc.items[0].datasheet.u_value.overall_u_value).toBe(doc.items[0].u_value.overall_u_value);
    expect(doc.items[0].datasheet.dimensions.map((d) => d.label)).toContain("Frame width");
    expect(doc.items[0].datasheet.compliance).toContainEqual({ label: "PAS 24 (enhanced security)", value: "Not declared" });
    expect(await delivered<SpecEvent>(s, "specification.generated")).toEqual(event);

    // Staff and their API keys read it; customers do not.
    const { key } = await data<{ key: string }>(s.t.owner.post("/api/v1/api-keys", { name: "erp", scopes: ["quotes:read"] }), 201);
    expect((await new Client(s.t.host).get(event.specification_path, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    const customer = await registerCustomer(s.t.host);
    await expectError(customer.client.get(event.specification_path), 403, "FORBIDDEN");
    await expectError(s.t.owner.get(`/api/v1/specifications/${crypto.randomUUID()}`), 404, "NOT_FOUND");

    // The same request resent under a new id changes nothing; a configuration, or our quote number, can be named too.
    await waitForEvent(s.t, await s.send("specification.requested", { request_id: "SR-1", quote_id: "HUB-1" }), "processed");
    const quote = await data<{ number: string }>(s.t.owner.get(`/api/v1/quotes/${linked}`));
    await waitForEvent(s.t, await s.send("specification.requested", { request_id: "SR-2", quote_id: quote.number }), "processed");
    await waitForEvent(s.t, await s.send("specification.requested", { request_id: "SR-3", configuration_id: s.configuration.id }), "processed");
    const events = await outbound<SpecEvent>(s.t, "specification.generated");
    expect(events.map((e) => [e.request_id, e.quote_id])).toEqual([
      ["SR-1", linked],
      ["SR-2", linked],
      ["SR-3", null],
    ]);
    expect(events[2].configuration_ids).toEqual([s.configuration.id]);
  });

  it("a request consumed 10 times at once generates one specification and one event", async () => {
    const s = await shop();
    const { id, message } = await storedEvent(s, "specification.requested", { request_id: "SR-C", configuration_id: s.configuration.id });
    await Promise.all(Array.from({ length: 10 }, () => processInboundEvent(message, env)));
    expect(await count(s.t, "select count(*) as n from specifications where tenant_id = ?", s.t.id)).toBe(1);
    expect(await outbound(s.t, "specification.generated")).toHaveLength(1);
    expect((await data<{ status: string }>(s.t.owner.get(`/api/v1/webhooks/events/${id}`))).status).toBe("processed");
  });

  it("bad references fail with the reason: unknown configurations and quotes without products at once (validation.failed), unknown quotes retried", async () => {
    const s = await shop();
    const unknownConfig = await waitForEvent(
      s.t,
      await s.send("specification.requested", { request_id: "SR-X", configuration_id: "nope" }, "msg_spec_bad"),
      "failed",
    );
    expect(unknownConfig.last_error).toContain("configuration_id nope is not a configuration of this shop");
    const nothing = await waitForEvent(s.t, await s.send("specification.requested", { request_id: "SR-Y" }), "failed");
    expect(nothing.last_error).toContain("quote_id or configuration_id is required");
    await waitForEvent(s.t, await s.send("quote.requested", { quote_id: "HUB-P", product: "Pergola" }), "processed");
    const unconfigured = await waitForEvent(s.t, await s.send("specification.requested", { request_id: "SR-Z", quote_id: "HUB-P" }), "failed");
    expect(unconfigured.last_error).toContain("names no product this shop configures");
    const notices = await outbound<{ event_id: string; errors: { field: string }[] }>(s.t, "validation.failed");
    expect(notices.map((n) => n.errors[0].field)).toEqual(["configuration_id", "quote_id", "quote_id"]);
    expect(notices[0].event_id).toBe("msg_spec_bad");

    // A quote we have not heard of may be a partner's request still on its way: retried with the reason.
    const { id, message } = await storedEvent(s, "specification.requested", { request_id: "SR-W", quote_id: "HUB-LATER" });
    await expect(processInboundEvent(message, env)).rejects.toBeInstanceOf(RetryLater);
    const event = await findInboundEvent(await scopeFor(s.t.id), id);
    expect(event).toMatchObject({ status: "retrying", last_error: "quote HUB-LATER from nexus is not known yet" });
    expect(await count(s.t, "select count(*) as n from specifications where tenant_id = ?", s.t.id)).toBe(0);
  });
});

type CuttingEvent = {
  order_id: string;
  quote_id: string;
  quote_reference: string;
  cutting_list_id: string;
  summary: { bars_used: number; lower_bound: number; total_cuts: number; total_profiles: number; waste_percentage: number };
  profiles: { profile: string; pieces: number }[];
  cutting_list_path: string;
};

/** Sends the quote and lets the technical package it builds finish before the order's jobs start (decision 67). */
async function sendAndPackage(s: Shop, quote: Quote) {
  await data(s.t.owner.post(`/api/v1/quotes/${quote.id}/send`));
  await packageSettled(s.t.owner, quote.id);
}

/** A priced door quote, sent, accepted and ordered on a purchase order. */
async function ordered(s: Shop, quantity: number) {
  const quote = await quoteDoors(s, quantity);
  await sendAndPackage(s, quote);
  await data(s.t.owner.post(`/api/v1/quotes/${quote.id}/accept`));
  const order = await data<{ id: string }>(s.t.owner.post(`/api/v1/quotes/${quote.id}/purchase-order`, { po_number: "PO-1" }), 201);
  return { quote, order };
}

describe("manufacturing.cutting_list_ready", () => {
  it("an order on a purchase order gets its combined cutting list from the jobs queue: stored, announced once, delivered, readable by staff", async () => {
    const s = await shop();
    const { quote, order } = await ordered(s, 5);
    const [technical] = await outbound<Technical>(s.t, "quote.technical_data_ready");
    const event = await delivered<CuttingEvent>(s, "manufacturing.cutting_list_ready");
    expect(event).toMatchObject({
      order_id: order.id,
      quote_id: quote.id,
      quote_reference: quote.number,
      cutting_list_path: `/api/v1/orders/${order.id}/cutting-list`,
    });
    // Every unit's cuts, packed together: never more bars than five doors cut one by one.
    expect(event.summary.total_cuts).toBe(5 * technical.items[0].cutting_list!.total_cuts);
    expect(event.summary.bars_used).toBeGreaterThanOrEqual(event.summary.lower_bound);
    expect(event.summary.bars_used).toBeLessThanOrEqual(5 * technical.items[0].cutting_list!.bars_used);
    expect(event.profiles.reduce((n, p) => n + p.pieces, 0)).toBe(event.summary.total_cuts);
    expect(await outbound(s.t, "manufacturing.cutting_list_ready")).toEqual([event]);

    const list = await data<{ id: string; order_id: string; bars_used: number; bars: { cuts: { label: string }[] }[] }>(s.t.owner.get(event.cutting_list_path));
    expect(list).toMatchObject({ id: event.cutting_list_id, order_id: order.id, bars_used: event.summary.bars_used });
    expect(list.bars.flatMap((b) => b.cuts.map((c) => c.label))).toContain("Item 1: Frame head");
    const customer = await registerCustomer(s.t.host);
    await expectError(customer.client.get(event.cutting_list_path), 403, "FORBIDDEN");
    await expectError(s.t.owner.get(`/api/v1/orders/${crypto.randomUUID()}/cutting-list`), 404, "NOT_FOUND");

    // The message again (a redelivery) adds nothing.
    await buildCuttingList({ kind: "order.cutting_list", tenant_id: s.t.id, order_id: order.id }, env);
    expect(await outbound(s.t, "manufacturing.cutting_list_ready")).toHaveLength(1);
  });

  it("builds once however often its message arrives, the sweep queues what never reached the queue, and an unknown order fails permanently", async () => {
    const s = await shop();
    const quote = await quoteDoors(s, 2);
    await sendAndPackage(s, quote);
    await data(s.t.owner.post(`/api/v1/quotes/${quote.id}/accept`));
    // An order committed as paid whose message was lost, and one still waiting for payment (no cutting list yet).
    const orderId = crypto.randomUUID();
    const old = Date.now() - 120_000;
    await (await tenantDb(s.t.id))
      .prepare(
        "insert into orders (id, tenant_id, quote_id, status, payment_method, amount, currency, cutting_list_state, created_at, updated_at) values (?, ?, ?, 'paid', 'stripe', 100, 'EUR', 'pending', ?, ?)",
      )
      .bind(orderId, s.t.id, quote.id, old, old)
      .run();
    const waiting = crypto.randomUUID();
    await (await tenantDb(s.t.id))
      .prepare(
        "insert into orders (id, tenant_id, quote_id, status, payment_method, amount, currency, created_at, updated_at) values (?, ?, ?, 'awaiting_payment', 'stripe', 100, 'EUR', ?, ?)",
      )
      .bind(waiting, s.t.id, crypto.randomUUID(), old, old)
      .run();
    await expectError(s.t.owner.get(`/api/v1/orders/${waiting}/cutting-list`), 409, "CONFLICT", "cutting_list_state");

    const message = { kind: "order.cutting_list", tenant_id: s.t.id, order_id: orderId } as const;
    await Promise.all(Array.from({ length: 5 }, () => buildCuttingList(message, env)));
    expect(await count(s.t, "select count(*) as n from cutting_lists where tenant_id = ?", s.t.id)).toBe(1);
    expect(await outbound(s.t, "manufacturing.cutting_list_ready")).toHaveLength(1);
    expect(await rows(s.t, "select cutting_list_state as s from orders where id = ?", orderId)).toEqual([{ s: "ready" }]);

    // Left pending (the queue never got it): the sweep sends it again.
    await (await tenantDb(s.t.id)).prepare("update orders set cutting_list_state = 'pending', updated_at = ? where id = ?").bind(old, orderId).run();
    const send = vi.spyOn(env.JOBS_QUEUE, "send");
    expect(await sweepCuttingLists(env, openDb(await tenantDb(s.t.id)))).toBeGreaterThanOrEqual(1);
    expect(send).toHaveBeenCalledWith(message);

    await expect(buildCuttingList({ ...message, order_id: "nope" }, env)).rejects.toThrow("order nope is gone");
  });

  it("an order whose saved configuration its product no longer accepts settles as failed, not retried", async () => {
    const s = await shop();
    const quote = await quoteDoors(s, 1);
    await sendAndPackage(s, quote);
    await data(s.t.owner.post(`/api/v1/quotes/${quote.id}/accept`));
    await (await tenantDb(s.t.id))
      .prepare("update configurations set config = json_set(config, '$.frame_width', 9000) where id = ?")
      .bind(s.configuration.id)
      .run();
    const orderId = crypto.randomUUID();
    await (await tenantDb(s.t.id))
      .prepare(
        "insert into orders (id, tenant_id, quote_id, status, payment_method, amount, currency, cutting_list_state, created_at, updated_at) values (?, ?, ?, 'paid', 'stripe', 100, 'EUR', 'pending', ?, ?)",
      )
      .bind(orderId, s.t.id, quote.id, Date.now(), Date.now())
      .run();
    vi.spyOn(console, "error").mockImplementation(() => {});
    await buildCuttingList({ kind: "order.cutting_list", tenant_id: s.t.id, order_id: orderId }, env);
    expect(await rows(s.t, "select cutting_list_state as s from orders where id = ?", orderId)).toEqual([{ s: "failed" }]);
    expect(await count(s.t, "select count(*) as n from cutting_lists where tenant_id = ?", s.t.id)).toBe(0);
  });
});

type Granted = {
  customer_id: string;
  portal_customer_id: string;
  user_id: string;
  email: string;
  role: string;
  invitation: { set_password_path: string; page_path: string; token: string; expires_at: string } | null;
  login_path: string;
};

describe("customer.portal_access_granted", () => {
  it("creates the partner's customer company and an invited user whose token sets a password once; delivered to the partner", async () => {
    const s = await shop();
    await waitForEvent(
      s.t,
      await s.send("customer.portal_access_requested", { customer_id: "CUST-1", email: "Bea@Acme.test", name: "Bea Buyer", customer_name: "Acme Build" }),
      "processed",
    );
    const [granted] = await outbound<Granted>(s.t, "customer.portal_access_granted");
    expect(granted).toMatchObject({
      customer_id: "CUST-1",
      email: "bea@acme.test",
      role: "customer_admin",
      login_path: "/login",
      invitation: { set_password_path: "/api/v1/auth/set-password" },
    });
    expect(Date.parse(granted.invitation!.expires_at)).toBeGreaterThan(Date.now() + 6 * 24 * 3600 * 1000);
    expect(granted.invitation!.page_path).toBe(`/welcome#token=${encodeURIComponent(granted.invitation!.token)}`);
    expect(await data<{ name: string }>(s.t.owner.get(`/api/v1/customers/${granted.portal_customer_id}`))).toMatchObject({ name: "Acme Build" });
    expect(await delivered<Granted>(s, "customer.portal_access_granted")).toEqual(granted);

    // Nobody can sign in before the password is set; the token sets it once and signs the user in.
    const bea = new Client(s.t.host);
    await expectError(bea.post("/api/v1/auth/login", { email: "bea@acme.test", password: PASSWORD }), 401, "UNAUTHORIZED");
    await expectError(bea.post("/api/v1/auth/set-password", { token: granted.invitation!.token, password: "short" }), 400, "VALIDATION_ERROR", "password");
    expect(await data<{ user: { id: string } }>(bea.post("/api/v1/auth/set-password", { token: granted.invitation!.token, password: PASSWORD }))).toMatchObject(
      { user: { id: granted.user_id } },
    );
    expect(await data<{ user: { customer_id: string } }>(bea.get("/api/v1/me"))).toMatchObject({ user: { customer_id: granted.portal_customer_id } });
    await expectError(
      new Client(s.t.host).post("/api/v1/auth/set-password", { token: granted.invitation!.token, password: "another password" }),
      400,
      "VALIDATION_ERROR",
      "token",
    );
    await data(new Client(s.t.host).post("/api/v1/auth/login", { email: "bea@acme.test", password: PASSWORD }));

    // A colleague joins the same company; asking again for Bea (who has a password) grants no new token.
    await waitForEvent(s.t, await s.send("customer.portal_access_requested", { customer_id: "CUST-1", email: "carl@acme.test" }), "processed");
    await waitForEvent(s.t, await s.send("customer.portal_access_requested", { customer_id: "CUST-1", email: "bea@acme.test" }), "processed");
    const [, carl, again] = await outbound<Granted>(s.t, "customer.portal_access_granted");
    expect(carl).toMatchObject({ portal_customer_id: granted.portal_customer_id, role: "customer_user", invitation: { token: expect.any(String) } });
    expect(again).toMatchObject({ user_id: granted.user_id, invitation: null });
    expect(await count(s.t, "select count(*) as n from customers where tenant_id = ?", s.t.id)).toBe(1);
  });

  it("carrying a live token, it goes only to endpoints that name it, never to those subscribed to *", async () => {
    const s = await shop();
    const all = await data<{ id: string }>(s.t.owner.post("/api/v1/webhooks/endpoints", { url: PARTNER, event_types: ["*"] }), 201);
    await waitForEvent(s.t, await s.send("customer.portal_access_requested", { customer_id: "CUST-W", email: "w@acme.test" }), "processed");
    await waitForEvent(s.t, await s.send("customer.portal_access_requested", { customer_id: "CUST-W", email: s.t.ownerEmail }), "failed");
    const endpointsOf = async (type: string) =>
      (
        await rows<{ endpoint_id: string }>(
          s.t,
          "select d.endpoint_id from webhook_deliveries d join outbound_events e on e.id = d.event_id where e.tenant_id = ? and e.type = ? order by d.endpoint_id",
          s.t.id,
          type,
        )
      ).map((r) => r.endpoint_id);
    expect(await endpointsOf("customer.portal_access_granted")).toEqual([s.endpoint.id]);
    expect(await endpointsOf("validation.failed")).toEqual([all.id, s.endpoint.id].sort());
  });

  it("a request consumed 10 times at once creates one company, one user, one token and one event", async () => {
    const s = await shop();
    const { message } = await storedEvent(s, "customer.portal_access_requested", { customer_id: "CUST-C", email: "dup@acme.test" });
    await Promise.all(Array.from({ length: 10 }, () => processInboundEvent(message, env)));
    expect(await count(s.t, "select count(*) as n from customers where tenant_id = ?", s.t.id)).toBe(1);
    expect(await count(s.t, "select count(*) as n from users where tenant_id = ? and email = 'dup@acme.test'", s.t.id)).toBe(1);
    expect(await count(s.t, "select count(*) as n from password_tokens where tenant_id = ?", s.t.id)).toBe(1);
    expect(await outbound(s.t, "customer.portal_access_granted")).toHaveLength(1);
  });

  it("an e-mail of the shop's staff or of another company fails at once with the reason and validation.failed", async () => {
    const s = await shop();
    const staff = await waitForEvent(s.t, await s.send("customer.portal_access_requested", { customer_id: "CUST-S", email: s.t.ownerEmail }), "failed");
    expect(staff.last_error).toContain("email belongs to a member of the shop's staff");
    const other = await registerCustomer(s.t.host);
    await waitForEvent(s.t, await s.send("customer.portal_access_requested", { customer_id: "CUST-O", email: "first@other.test" }), "processed");
    const taken = await waitForEvent(s.t, await s.send("customer.portal_access_requested", { customer_id: "CUST-O", email: other.email }), "failed");
    expect(taken.last_error).toContain("email belongs to another customer company");
    const notices = await outbound<{ event_type: string; errors: { field: string }[] }>(s.t, "validation.failed");
    expect(notices).toEqual([
      expect.objectContaining({ event_type: "customer.portal_access_requested", errors: [expect.objectContaining({ field: "email" })] }),
      expect.objectContaining({ errors: [expect.objectContaining({ field: "email" })] }),
    ]);
    expect(await outbound(s.t, "customer.portal_access_granted")).toHaveLength(1);
  });

  it("an e-mail of an existing customer user does not hand their company to a partner customer not linked to it", async () => {
    const s = await shop();
    const victim = await registerCustomer(s.t.host);
    const failed = await waitForEvent(s.t, await s.send("customer.portal_access_requested", { customer_id: "CUST-X", email: victim.email }), "failed");
    expect(failed.last_error).toContain("email belongs to a customer company not linked to this partner customer");
    expect(await outbound(s.t, "validation.failed")).toEqual([expect.objectContaining({ errors: [expect.objectContaining({ field: "email" })] })]);
    expect(await count(s.t, "select count(*) as n from partner_records where tenant_id = ? and customer_id is not null", s.t.id)).toBe(0);
    // The same partner customer id later gets its own new company, not the victim's.
    await waitForEvent(s.t, await s.send("customer.portal_access_requested", { customer_id: "CUST-X", email: "admin@partner.test" }), "processed");
    const [granted] = await outbound<Granted>(s.t, "customer.portal_access_granted");
    expect(granted.portal_customer_id).not.toBe(victim.customerId);
    expect(granted.role).toBe("customer_admin");
  });
});
