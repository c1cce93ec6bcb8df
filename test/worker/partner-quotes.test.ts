import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { findInboundEvent, insertInboundEvent } from "../../worker/db/webhook-events.ts";
import { RetryLater } from "../../worker/queues/index.ts";
import { inboundHandlers } from "../../worker/webhooks/inbound-handlers.ts";
import { processInboundEvent } from "../../worker/webhooks/process-inbound.ts";
import { door } from "./fixtures.ts";
import { createTenant, data, type TestTenant, scopeFor, tenantDb } from "./helpers.ts";
import { createSource, postEvent, rows, waitForEvent } from "./webhook-helpers.ts";

type Quote = {
  id: string;
  number: string;
  status: string;
  revision: number;
  title: string;
  items: { options: { quantity: number }; status: string }[];
  revisions: unknown[];
  totals: { gross_total: number };
};

/** A shop with the door product and a sales hub sending signed events. */
async function hub() {
  const t = await createTenant();
  const product = await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "SPW600e door", generator_key: "spw600e-door" }), 201);
  const { secret } = await createSource(t, { name: "mcp-sales" });
  const send = async (type: string, body: Record<string, unknown>, id?: string) =>
    (await data<{ event_id: string }>(postEvent(t, "mcp-sales", secret, { type, data: body }, { id }), 202)).event_id;
  return { t, product, send };
}

const record = async (t: TestTenant, quoteId: string) =>
  (
    await rows<{ status: string; quote_id: string | null; revision: number }>(
      t,
      "select status, quote_id, revision from partner_records where tenant_id = ? and kind = 'quote' and external_id = ?",
      t.id,
      quoteId,
    )
  )[0];
const outbound = (t: TestTenant, type: string) =>
  rows<{ payload: string }>(t, "select payload from outbound_events where tenant_id = ? and type = ? order by created_at", t.id, type);
const quoteOf = (t: TestTenant, id: string) => data<Quote>(t.owner.get(`/api/v1/quotes/${id}`));

/** A partner event stored as received but not queued: the test runs its attempts. */
async function stored(t: TestTenant, type: string, body: Record<string, unknown>) {
  const source = (await rows<{ id: string }>(t, "select id from webhook_sources where tenant_id = ?", t.id))[0];
  const id = crypto.randomUUID();
  await insertInboundEvent(await scopeFor(t.id), {
    id,
    source_id: source.id,
    source: "mcp-sales",
    external_id: `m-${id}`,
    type,
    payload: { type, data: body },
    received_at: Date.now(),
  });
  return id;
}

/** An attempt that runs the event's handler and dies before its marker is written; `beforeBatch` runs before the handler's own batch. */
async function handle(t: TestTenant, id: string, beforeBatch?: () => Promise<void>) {
  const scope = await scopeFor(t.id);
  const db = scope.db;
  const hooked: typeof db = beforeBatch
    ? Object.assign(Object.create(db), {
        batch: async (q: Parameters<typeof db.batch>[0]) => {
          await beforeBatch();
          return db.batch(q);
        },
      })
    : db;
  const event = (await findInboundEvent(scope, id))!;
  const handler = inboundHandlers[event.type as "quote.requested"] as (ctx: object) => Promise<unknown>;
  await handler({ scope: { ...scope, db: hooked }, env, event, data: (event.payload as { data: unknown }).data });
}

/** The queue delivering the event until it settles, retries included. */
async function settle(t: TestTenant, id: string) {
  for (;;) {
    try {
      return await processInboundEvent({ kind: "webhook.process", tenant_id: t.id, event_id: id }, env);
    } catch (e) {
      if (!(e instanceof RetryLater)) throw e;
    }
  }
}

/** A partner's quote request that opens a priced Fabquote quote; the shop sends it (it may need review). */
async function requested(h: Awaited<ReturnType<typeof hub>>, quoteId = "HUB-1", quantity = 2) {
  await waitForEvent(
    h.t,
    await h.send("quote.requested", { quote_id: quoteId, customer_name: "Acme Build", product: "spw600e DOOR", configuration: door, quantity }),
    "processed",
  );
  const linked = (await record(h.t, quoteId)).quote_id!;
  await data(h.t.owner.post(`/api/v1/quotes/${linked}/send`));
  return linked;
}

describe("quote.requested", () => {
  it("naming a product (by name or id) with a valid configuration opens a priced, numbered quote linked to the partner record", async () => {
    const h = await hub();
    const eventId = await h.send("quote.requested", {
      quote_id: "HUB-1",
      customer_name: "Acme Build",
      product: "spw600e DOOR",
      configuration: door,
      quantity: 2,
    });
    await waitForEvent(h.t, eventId, "processed");
    const linked = await record(h.t, "HUB-1");
    expect(linked.status).toBe("requested");
    const quote = await quoteOf(h.t, linked.quote_id!);
    expect(quote).toMatchObject({ status: "priced", number: `Q-${new Date().getUTCFullYear()}-0001`, title: "SPW600e door for Acme Build", revision: 1 });
    expect(quote.items).toHaveLength(1);
    expect(quote.items[0]).toMatchObject({ status: "priced", options: { quantity: 2 } });
    expect(JSON.parse((await outbound(h.t, "quote.priced"))[0].payload)).toMatchObject({ quote_id: quote.id, quote_number: quote.number });

    // The same request resent under a new event id opens no second quote; by product id, another request opens the next number.
    await waitForEvent(h.t, await h.send("quote.requested", { quote_id: "HUB-1", product: "SPW600e door", configuration: door }), "processed");
    await waitForEvent(h.t, await h.send("quote.requested", { quote_id: "HUB-2", product: h.product.id, configuration: door }), "processed");
    const numbers = await rows<{ number: string }>(h.t, "select number from quotes where tenant_id = ? order by number", h.t.id);
    expect(numbers.map((q) => q.number.slice(-4))).toEqual(["0001", "0002"]);
  });

  it("an invalid configuration fails at once with its reason and emits validation.failed; nothing is recorded or quoted", async () => {
    const h = await hub();
    const eventId = await h.send(
      "quote.requested",
      { quote_id: "HUB-BAD", product: "SPW600e door", configuration: { ...door, frame_width: 9000 } },
      "msg_bad_door",
    );
    const failed = await waitForEvent(h.t, eventId, "failed");
    expect(failed.attempts).toBe(1);
    expect(failed.last_error).toContain("configuration.frame_width");
    const [notice] = await outbound(h.t, "validation.failed");
    expect(JSON.parse(notice.payload)).toMatchObject({
      source: "mcp-sales",
      event_id: "msg_bad_door",
      event_type: "quote.requested",
      errors: [{ field: "configuration.frame_width" }],
    });
    expect(await record(h.t, "HUB-BAD")).toBeUndefined();
    expect(await rows(h.t, "select id from quotes where tenant_id = ?", h.t.id)).toEqual([]);
  });

  it("a product we do not configure, or no configuration, is only recorded", async () => {
    const h = await hub();
    await waitForEvent(h.t, await h.send("quote.requested", { quote_id: "HUB-P", product: "Pergola", configuration: { width: 3000 } }), "processed");
    await waitForEvent(h.t, await h.send("quote.requested", { quote_id: "HUB-N", product: "SPW600e door" }), "processed");
    expect(await record(h.t, "HUB-P")).toMatchObject({ status: "requested", quote_id: null });
    expect(await record(h.t, "HUB-N")).toMatchObject({ status: "requested", quote_id: null });
    expect(await rows(h.t, "select id from quotes where tenant_id = ?", h.t.id)).toEqual([]);
  });

  it("a message consumed 10 times at once, or retried after the quote was opened, opens one quote with one number", async () => {
    const h = await hub();
    const id = await stored(h.t, "quote.requested", { quote_id: "HUB-C", product: "SPW600e door", configuration: door });
    // An attempt that opened the quote and died before its marker was written…
    await handle(h.t, id);
    // …then the queue delivers the message again, many times at once.
    const message = { kind: "webhook.process", tenant_id: h.t.id, event_id: id } as const;
    await Promise.all(Array.from({ length: 10 }, () => processInboundEvent(message, env)));
    expect(await rows(h.t, "select status from quotes where tenant_id = ?", h.t.id)).toEqual([{ status: "priced" }]);
    expect(await rows(h.t, "select value from sequences where tenant_id = ?", h.t.id)).toEqual([{ value: 1 }]);
    expect((await record(h.t, "HUB-C")).quote_id).toBeTruthy();
  });

  it("resent under a new event id while the first attempt waits to retry, it is linked to the quote that attempt opened", async () => {
    const h = await hub();
    const request = { quote_id: "HUB-R", product: "SPW600e door", configuration: door };
    const first = await stored(h.t, "quote.requested", request);
    // The first attempt opened and priced the quote, then failed before its marker (and the partner record) was written…
    await handle(h.t, first);
    // …the partner resends the request under a new event id, then the first attempt is retried.
    await waitForEvent(h.t, await h.send("quote.requested", request), "processed");
    await settle(h.t, first);
    const quotes = await rows<{ id: string }>(h.t, "select id from quotes where tenant_id = ?", h.t.id);
    expect(quotes).toHaveLength(1);
    expect((await record(h.t, "HUB-R")).quote_id).toBe(quotes[0].id);
    expect(await rows(h.t, "select value from sequences where tenant_id = ?", h.t.id)).toEqual([{ value: 1 }]);
  });
});

describe("quote.approved", () => {
  it("accepts the linked quote and orders it on the partner's purchase order; order.created goes out once", async () => {
    const h = await hub();
    const quoteId = await requested(h);
    await waitForEvent(h.t, await h.send("quote.approved", { quote_id: "HUB-1", approved_by: "J. Buyer", purchase_order_number: "PO-77" }), "processed");
    expect((await quoteOf(h.t, quoteId)).status).toBe("accepted");
    expect(await record(h.t, "HUB-1")).toMatchObject({ status: "approved" });
    const order = await data<{ status: string; payment_method: string; po_number: string; amount: number }>(h.t.owner.get(`/api/v1/quotes/${quoteId}/order`));
    const quote = await quoteOf(h.t, quoteId);
    expect(order).toMatchObject({ status: "purchase_order", payment_method: "purchase_order", po_number: "PO-77", amount: quote.totals.gross_total });
    // The approval resent under a new id: the quote is accepted and ordered already, nothing more happens.
    await waitForEvent(h.t, await h.send("quote.approved", { quote_id: "HUB-1", approved_by: "J. Buyer", purchase_order_number: "PO-77" }), "processed");
    const created = await outbound(h.t, "order.created");
    expect(created).toHaveLength(1);
    expect(JSON.parse(created[0].payload)).toMatchObject({
      quote_id: quoteId,
      payment_method: "purchase_order",
      po_number: "PO-77",
      amount: quote.totals.gross_total,
    });
    expect(await rows(h.t, "select action, actor_type from audit_log where tenant_id = ? and action = 'quote.accepted'", h.t.id)).toEqual([
      { action: "quote.accepted", actor_type: "system" },
    ]);
  });

  it("without a purchase order, the order waits for card payment and nothing is announced yet", async () => {
    const h = await hub();
    const quoteId = await requested(h);
    await waitForEvent(h.t, await h.send("quote.approved", { quote_id: "HUB-1", approved_by: "J. Buyer" }), "processed");
    expect(await data<{ status: string }>(h.t.owner.get(`/api/v1/quotes/${quoteId}/order`))).toMatchObject({
      status: "awaiting_payment",
      payment_method: "stripe",
    });
    expect(await outbound(h.t, "order.created")).toEqual([]);
    // The shop can still take the partner's purchase order through the API.
    await data(h.t.owner.post(`/api/v1/quotes/${quoteId}/purchase-order`, { po_number: "PO-LATE" }), 201);
    expect(await outbound(h.t, "order.created")).toHaveLength(1);
  });

  it("an expired quote fails the event permanently with the reason, and is marked expired", async () => {
    const h = await hub();
    const quoteId = await requested(h);
    await (await tenantDb(h.t.id))
      .prepare("update quotes set valid_until = ? where id = ?")
      .bind(Date.now() - 1000, quoteId)
      .run();
    const eventId = await h.send("quote.approved", { quote_id: "HUB-1", approved_by: "J. Buyer", purchase_order_number: "PO-1" });
    const failed = await waitForEvent(h.t, eventId, "failed");
    expect(failed.attempts).toBe(1);
    expect(failed.last_error).toContain("expired");
    expect((await quoteOf(h.t, quoteId)).status).toBe("expired");
    expect(await rows(h.t, "select id from orders where tenant_id = ?", h.t.id)).toEqual([]);
    expect(await rows(h.t, "select event_type from webhook_dead_letters where tenant_id = ?", h.t.id)).toEqual([{ event_type: "quote.approved" }]);
  });
});

describe("quote.rejected", () => {
  it("rejects the linked quote once; rejecting an accepted quote fails with the reason", async () => {
    const h = await hub();
    const quoteId = await requested(h);
    await waitForEvent(h.t, await h.send("quote.rejected", { quote_id: "HUB-1", reason: "too dear" }), "processed");
    expect((await quoteOf(h.t, quoteId)).status).toBe("rejected");
    await waitForEvent(h.t, await h.send("quote.rejected", { quote_id: "HUB-1" }), "processed");
    expect(await rows(h.t, "select count(*) as n from audit_log where tenant_id = ? and action = 'quote.rejected'", h.t.id)).toEqual([{ n: 1 }]);

    const accepted = await requested(h, "HUB-2");
    await waitForEvent(h.t, await h.send("quote.approved", { quote_id: "HUB-2", approved_by: "J. Buyer" }), "processed");
    const failed = await waitForEvent(h.t, await h.send("quote.rejected", { quote_id: "HUB-2" }), "failed");
    expect(failed.last_error).toContain("accepted");
    expect((await quoteOf(h.t, accepted)).status).toBe("accepted");
  });
});

describe("quote.updated", () => {
  it("revises the linked quote with the new quantity and configuration fields; older or repeated updates change nothing", async () => {
    const h = await hub();
    const quoteId = await requested(h);
    const before = await quoteOf(h.t, quoteId);
    const update = {
      quote_id: "HUB-1",
      revision_number: 2,
      changes: { quantity: { old: 2, new: 3 }, frame_width: { old: 1000, new: 900 }, delivery: { old: "May", new: "June" } },
      reason: "site survey",
    };
    await waitForEvent(h.t, await h.send("quote.updated", update), "processed");
    const revised = await quoteOf(h.t, quoteId);
    expect(revised).toMatchObject({ status: "priced", revision: 2, number: before.number });
    expect(revised.items[0]).toMatchObject({ status: "priced", options: { quantity: 3 } });
    expect(revised.revisions).toHaveLength(1);
    const config = await rows<{ config: string }>(
      h.t,
      "select c.config from quote_items i join configurations c on c.id = i.configuration_id where i.quote_id = ?",
      quoteId,
    );
    expect(JSON.parse(config[0].config)).toMatchObject({ ...door, frame_width: 900 });
    expect(await record(h.t, "HUB-1")).toMatchObject({ status: "updated", revision: 2 });

    await waitForEvent(h.t, await h.send("quote.updated", update), "processed");
    await waitForEvent(h.t, await h.send("quote.updated", { ...update, revision_number: 1, changes: { quantity: { old: 3, new: 9 } } }), "processed");
    expect(await quoteOf(h.t, quoteId)).toMatchObject({ revision: 2, items: [{ options: { quantity: 3 } }] });
  });

  it("a change the product refuses fails with validation.failed naming the change; an accepted quote is not revised", async () => {
    const h = await hub();
    const quoteId = await requested(h);
    const bad = await waitForEvent(
      h.t,
      await h.send("quote.updated", { quote_id: "HUB-1", revision_number: 2, changes: { frame_width: { old: 1000, new: 9000 } } }),
      "failed",
    );
    expect(bad.last_error).toContain("changes.frame_width");
    expect(JSON.parse((await outbound(h.t, "validation.failed"))[0].payload)).toMatchObject({
      event_type: "quote.updated",
      errors: [{ field: "changes.frame_width" }],
    });
    await waitForEvent(h.t, await h.send("quote.updated", { quote_id: "HUB-1", revision_number: 2, changes: { quantity: { old: 2, new: 0 } } }), "failed");

    await waitForEvent(h.t, await h.send("quote.approved", { quote_id: "HUB-1", approved_by: "J. Buyer" }), "processed");
    const refused = await waitForEvent(
      h.t,
      await h.send("quote.updated", { quote_id: "HUB-1", revision_number: 3, changes: { quantity: { old: 2, new: 4 } } }),
      "failed",
    );
    expect(refused.last_error).toContain("cannot be revised");
    expect(await quoteOf(h.t, quoteId)).toMatchObject({ status: "accepted", revision: 1 });
  });

  it("a quantity above the API's cap, requested or changed, fails with validation.failed naming the field", async () => {
    const h = await hub();
    const tooMany = { quote_id: "HUB-X", product: "SPW600e door", configuration: door, quantity: 5_000_000 };
    expect((await waitForEvent(h.t, await h.send("quote.requested", tooMany), "failed")).last_error).toContain("quantity must be at most 1,000,000");
    expect(await record(h.t, "HUB-X")).toBeUndefined();
    const quoteId = await requested(h);
    await waitForEvent(
      h.t,
      await h.send("quote.updated", { quote_id: "HUB-1", revision_number: 2, changes: { quantity: { old: 2, new: 5_000_000 } } }),
      "failed",
    );
    expect((await outbound(h.t, "validation.failed")).map((n) => JSON.parse(n.payload))).toMatchObject([
      { event_type: "quote.requested", errors: [{ field: "quantity", message: "must be at most 1,000,000" }] },
      { event_type: "quote.updated", errors: [{ field: "changes.quantity.new", message: "must be at most 1,000,000" }] },
    ]);
    expect(await quoteOf(h.t, quoteId)).toMatchObject({ revision: 1, items: [{ options: { quantity: 2 } }] });
  });

  describe("two updates processed at once", () => {
    const update = (revision: number) => ({
      quote_id: "HUB-1",
      revision_number: revision,
      changes: revision === 2 ? { quantity: { old: 2, new: 5 } } : { quantity: { old: 5, new: 7 }, frame_width: { old: 1000, new: 900 } },
    });
    async function endsOnRevision3(h: Awaited<ReturnType<typeof hub>>, quoteId: string) {
      expect(await quoteOf(h.t, quoteId)).toMatchObject({ status: "priced", items: [{ options: { quantity: 7 } }] });
      const config = await rows<{ config: string }>(
        h.t,
        "select c.config from quote_items i join configurations c on c.id = i.configuration_id where i.quote_id = ?",
        quoteId,
      );
      expect(JSON.parse(config[0].config)).toMatchObject({ frame_width: 900 });
      expect(await record(h.t, "HUB-1")).toMatchObject({ revision: 3 });
    }

    it.each([
      [3, 2],
      [2, 3],
    ])(
      "revision %i revised the quote and is being priced when revision %i is read, and finishes meanwhile: the quote ends on revision 3",
      async (early, late) => {
        const h = await hub();
        const quoteId = await requested(h);
        const [first, second] = [await stored(h.t, "quote.updated", update(early)), await stored(h.t, "quote.updated", update(late))];
        await handle(h.t, first);
        await handle(h.t, second, () => settle(h.t, first));
        await settle(h.t, first);
        await settle(h.t, second);
        await endsOnRevision3(h, quoteId);
      },
    );

    it.each([
      [3, 2],
      [2, 3],
    ])("revision %i reads the quote, revision %i revises it meanwhile: the first is retried and the quote ends on revision 3", async (reader, writer) => {
      const h = await hub();
      const quoteId = await requested(h);
      const [first, second] = [await stored(h.t, "quote.updated", update(reader)), await stored(h.t, "quote.updated", update(writer))];
      await expect(handle(h.t, first, () => settle(h.t, second))).rejects.toThrow("revised meanwhile");
      await settle(h.t, first);
      await endsOnRevision3(h, quoteId);
    });
  });
});
