import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { findInboundEvent, insertInboundEvent } from "../../worker/db/webhook-events.ts";
import { RetryLater } from "../../worker/queues/index.ts";
import { processInboundEvent, processStoredEvent } from "../../worker/webhooks/process-inbound.ts";
import { door } from "./fixtures.ts";
import { createTenant, data, registerCustomer, type TestTenant, tenantDb, scopeFor } from "./helpers.ts";
import { completeProduction, type Mo, placedDoorOrder, shipmentOf } from "./shop-fixture.ts";
import { createSource, rows } from "./webhook-helpers.ts";

type Attempt = { status: string; attempts: number; last_error: string | null };
type StatusUpdate = {
  manufacturing_order_id: string;
  manufacturing_order_number: string;
  order_id: string;
  status: string;
  previous_status: string;
  stage: string | null;
  cause: string;
  changed_at: string;
};

const year = new Date().getUTCFullYear();

/** A partner event stored as received but not queued: the test runs its attempts. */
async function stored(t: TestTenant, type: string, body: Record<string, unknown>) {
  const source = (await rows<{ id: string }>(t, "select id from webhook_sources where tenant_id = ?", t.id))[0] ?? (await createSource(t, { name: "mcp-ops" }));
  const id = crypto.randomUUID();
  await insertInboundEvent(await scopeFor(t.id), {
    id,
    source_id: source.id,
    source: "mcp-ops",
    external_id: `m-${id}`,
    type,
    payload: { type, data: body },
    received_at: Date.now(),
  });
  return id;
}

/** One queue delivery of the event: its attempt's outcome. */
async function attempt(t: TestTenant, id: string) {
  try {
    await processInboundEvent({ kind: "webhook.process", tenant_id: t.id, event_id: id }, env);
  } catch (e) {
    if (!(e instanceof RetryLater)) throw e;
  }
  return (await rows<Attempt>(t, "select status, attempts, last_error from webhook_events where tenant_id = ? and id = ?", t.id, id))[0];
}

/** The event delivered ten times at once, as a queue may. */
const delivered10 = (t: TestTenant, id: string) =>
  Promise.all(Array.from({ length: 10 }, () => processInboundEvent({ kind: "webhook.process", tenant_id: t.id, event_id: id }, env)));

const mosOf = (t: TestTenant) =>
  rows<{ id: string; number: string; order_id: string; status: string }>(
    t,
    "select id, number, order_id, status from manufacturing_orders where tenant_id = ? order by number",
    t.id,
  );
const statusUpdates = async (t: TestTenant) =>
  (
    await rows<{ payload: string }>(
      t,
      "select payload from outbound_events where tenant_id = ? and type = 'manufacturing.status_update' order by created_at, rowid",
      t.id,
    )
  ).map((r) => JSON.parse(r.payload) as StatusUpdate);
const letters = (t: TestTenant) =>
  rows<{ ref_id: string; failure_reason: string; attempts: number }>(
    t,
    "select ref_id, failure_reason, attempts from webhook_dead_letters where tenant_id = ?",
    t.id,
  );
const partnerMo = async (t: TestTenant, orderId: string) =>
  (
    await rows<{ status: string; data: string; quote_id: string | null }>(
      t,
      "select status, data, quote_id from partner_records where tenant_id = ? and kind = 'manufacturing_order' and external_id = ?",
      t.id,
      orderId,
    )
  ).map((r) => ({ ...r, data: JSON.parse(r.data) }))[0];

describe("manufacturing.order_created", () => {
  it("naming our order plans its MOs once, by the order's own code, however often it is delivered or resent", async () => {
    const t = await createTenant();
    const { order, mo } = await placedDoorOrder(t, 2);
    // The order's job planned the line already: the partner's order is linked to that MO, not given a second one.
    const linked = await stored(t, "manufacturing.order_created", { order_id: "OPS-1", quote_reference: order.number });
    await delivered10(t, linked);
    expect(await mosOf(t)).toEqual([{ id: mo.id, number: mo.number, order_id: order.id, status: "scheduled" }]);
    expect((await partnerMo(t, "OPS-1")).data).toMatchObject({ order_id: order.id, manufacturing_order_ids: [mo.id] });

    // Before the job: the event plans the line itself, with the door's routing, BOM and QC checklist, numbered next.
    await (await tenantDb(t.id)).prepare("delete from manufacturing_orders where tenant_id = ?").bind(t.id).run();
    const planning = await stored(t, "manufacturing.order_created", { order_id: "OPS-2", quote_reference: order.id, quantity: 2 });
    await delivered10(t, planning);
    const [made] = await mosOf(t);
    expect(made).toMatchObject({ number: `MO-${year}-0002`, order_id: order.id, status: "scheduled" });
    const detail = await data<Mo>(t.owner.get(`/api/v1/manufacturing-orders/${made.id}`));
    expect(detail).toMatchObject({ quantity: 2, operations: mo.operations, bom: mo.bom, qc_checkpoints: mo.qc_checkpoints });
    expect(await rows(t, "select count(*) as n from webhook_effects where tenant_id = ? and event_id = ?", t.id, planning)).toEqual([{ n: 1 }]);
    // The same partner order resent under a new event id changes nothing.
    expect((await attempt(t, await stored(t, "manufacturing.order_created", { order_id: "OPS-2", quote_reference: order.id }))).status).toBe("processed");
    expect(await mosOf(t)).toHaveLength(1);
    expect((await partnerMo(t, "OPS-2")).data.manufacturing_order_ids).toEqual([made.id]);
  });

  it("naming our quote before it is ordered is retried until the order is there", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    const product = await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "Door", generator_key: "spw600e-door" }), 201);
    const configuration = await data<{ id: string }>(client.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
    const quote = await data<{ id: string; number: string }>(
      client.post("/api/v1/quotes", { items: [{ configuration_id: configuration.id, quantity: 1 }] }),
      201,
    );
    const id = await stored(t, "manufacturing.order_created", { order_id: "OPS-9", quote_reference: quote.number });
    const early = await attempt(t, id);
    expect(early).toMatchObject({ status: "retrying", attempts: 1 });
    expect(early.last_error).toContain(quote.number);
    await data(t.owner.post(`/api/v1/quotes/${quote.id}/send`));
    await data(client.post(`/api/v1/quotes/${quote.id}/accept`));
    await data(client.post(`/api/v1/quotes/${quote.id}/purchase-order`, { po_number: "PO-9" }), 201);
    expect(await attempt(t, id)).toMatchObject({ status: "processed", attempts: 2 });
    const mos = await mosOf(t);
    expect(mos).toHaveLength(1);
    expect((await partnerMo(t, "OPS-9")).data.manufacturing_order_ids).toEqual([mos[0].id]);
  });

  it("a partner's own order (no reference, or one we do not know) is recorded without inventing an MO; its later events are recorded too", async () => {
    const t = await createTenant();
    expect((await attempt(t, await stored(t, "manufacturing.order_created", { order_id: "P-7", quote_reference: "THEIRS-9", quantity: 4 }))).status).toBe(
      "processed",
    );
    expect(await partnerMo(t, "P-7")).toMatchObject({ status: "recorded", data: { manufacturing_order_ids: [] }, quote_id: null });
    expect((await attempt(t, await stored(t, "manufacturing.status_update", { order_id: "P-7", status: "cutting" }))).status).toBe("processed");
    expect((await partnerMo(t, "P-7")).status).toBe("cutting");
    const qc = {
      order_id: "P-7",
      checkpoint_id: "QC-1",
      checkpoint_stage: "Frame Assembly",
      checks: [{ check_id: "c1", status: "pass" }],
      overall_status: "pass",
    };
    expect((await attempt(t, await stored(t, "manufacturing.qc_checkpoint", qc))).status).toBe("processed");
    expect(await mosOf(t)).toEqual([]);
    expect(await rows(t, "select count(*) as n from qc_checkpoints where tenant_id = ?", t.id)).toEqual([{ n: 0 }]);
  });
});

describe("manufacturing.status_update", () => {
  it("moves the MO by the engine's transitions and reports it once, however often it is delivered", async () => {
    const t = await createTenant();
    const { order, mo } = await placedDoorOrder(t, 1);
    await attempt(t, await stored(t, "manufacturing.order_created", { order_id: "OPS-3", quote_reference: order.number }));
    const hold = await stored(t, "manufacturing.status_update", { order_id: "OPS-3", status: "on_hold", previous_status: "scheduled", notes: "glass late" });
    await delivered10(t, hold);
    expect((await data<Mo>(t.owner.get(`/api/v1/manufacturing-orders/${mo.id}`))).status).toBe("on_hold");
    expect(await statusUpdates(t)).toEqual([
      {
        manufacturing_order_id: mo.id,
        manufacturing_order_number: mo.number,
        order_id: order.id,
        status: "on_hold",
        previous_status: "scheduled",
        stage: null,
        cause: "partner",
        changed_at: expect.any(String),
      },
    ]);
    // Said again (a resend, or the shop got there first): nothing changes, nothing is reported.
    expect((await attempt(t, await stored(t, "manufacturing.status_update", { order_id: mo.number, status: "on_hold" }))).status).toBe("processed");
    expect(await statusUpdates(t)).toHaveLength(1);
    // Named by our MO number, as the seed does.
    expect((await attempt(t, await stored(t, "manufacturing.status_update", { order_id: mo.number, status: "scheduled" }))).status).toBe("processed");
    expect((await statusUpdates(t)).map((u) => [u.previous_status, u.status])).toEqual([
      ["scheduled", "on_hold"],
      ["on_hold", "scheduled"],
    ]);
    // The order's timeline shows each change the partner made.
    const timeline = await data<{ event: string; summary: string; actor: { type: string } }[]>(t.owner.get(`/api/v1/orders/${order.id}/timeline`));
    expect(timeline.filter((e) => e.event === "manufacturing_order.status_changed")).toEqual([
      expect.objectContaining({ summary: `${mo.number} scheduled → on hold, reported by mcp-ops`, actor: { type: "system", name: null } }),
      expect.objectContaining({ summary: `${mo.number} on hold → scheduled, reported by mcp-ops` }),
    ]);
  });

  it("an MO that moves between the handler's read and its batch is not lost: the batch fails and the event is retried on the MO as it stands", async () => {
    const t = await createTenant();
    const { mo } = await placedDoorOrder(t, 1);
    const id = await stored(t, "manufacturing.status_update", { order_id: mo.number, status: "on_hold" });
    const scope = await scopeFor(t.id);
    const db = scope.db;
    const meanwhile = Object.assign(Object.create(db), {
      batch: async (q: Parameters<typeof db.batch>[0]) => {
        await data(t.owner.post(`/api/v1/manufacturing-orders/${mo.id}/operations/cut/start`));
        return db.batch(q);
      },
    }) as typeof db;
    const event = (await findInboundEvent(scope, id))!;
    await expect(processStoredEvent(env, { ...scope, db: meanwhile }, event)).rejects.toBeInstanceOf(RetryLater);
    expect((await mosOf(t))[0].status).toBe("in_production");
    // The event log says what happened in words, not the database's constraint.
    const retrying = await findInboundEvent(scope, id);
    expect(retrying?.last_error).toMatch(/^What this event changes was changed by someone else at the same moment/);
    expect(await attempt(t, id)).toMatchObject({ status: "processed", attempts: 2 });
    expect((await statusUpdates(t)).map((u) => [u.previous_status, u.status, u.cause])).toEqual([
      ["scheduled", "in_production", "operation"],
      ["in_production", "on_hold", "partner"],
    ]);
  });

  it("an illegal transition fails at once with the reason in the event and the DLQ; a status we do not have is invalid", async () => {
    const t = await createTenant();
    const { mo } = await placedDoorOrder(t, 1);
    const illegal = await stored(t, "manufacturing.status_update", { order_id: mo.number, status: "delivered" });
    const failed = await attempt(t, illegal);
    expect(failed).toMatchObject({ status: "failed", attempts: 1 });
    expect(failed.last_error).toContain("cannot become delivered");
    expect(await letters(t)).toEqual([{ ref_id: illegal, failure_reason: failed.last_error, attempts: 1 }]);
    const invalid = await attempt(t, await stored(t, "manufacturing.status_update", { order_id: mo.number, status: "cutting" }));
    expect(invalid).toMatchObject({ status: "failed", attempts: 1 });
    expect(invalid.last_error).toContain("status is not a manufacturing order status");
    const [notice] = await rows<{ payload: string }>(t, "select payload from outbound_events where tenant_id = ? and type = 'validation.failed'", t.id);
    expect(JSON.parse(notice.payload)).toMatchObject({ event_type: "manufacturing.status_update", errors: [{ field: "status" }] });
    expect((await mosOf(t))[0].status).toBe("scheduled");
    expect(await statusUpdates(t)).toEqual([]);
  });

  it("takes the seed's production words for stages within our states (materials_ordered, qc_testing, completed)", async () => {
    const t = await createTenant();
    const { mo } = await placedDoorOrder(t, 1);
    const say = async (status: string) => (await attempt(t, await stored(t, "manufacturing.status_update", { order_id: mo.number, status }))).status;
    // Materials ordered: still scheduled, nothing to report.
    expect(await say("materials_ordered")).toBe("processed");
    expect((await mosOf(t))[0].status).toBe("scheduled");
    expect(await say("qc_testing")).toBe("processed");
    expect((await mosOf(t))[0].status).toBe("in_production");
    expect(await say("completed")).toBe("processed");
    expect((await mosOf(t))[0].status).toBe("ready");
    expect((await statusUpdates(t)).map((u) => [u.previous_status, u.status])).toEqual([
      ["scheduled", "in_production"],
      ["in_production", "ready"],
    ]);
  });

  it("for an MO we do not know is retried, then dead-lettered", async () => {
    const t = await createTenant();
    const id = await stored(t, "manufacturing.status_update", { order_id: "MO-2099-0042", status: "in_production" });
    // medium: 3 attempts.
    expect(await attempt(t, id)).toMatchObject({ status: "retrying", attempts: 1 });
    expect(await attempt(t, id)).toMatchObject({ status: "retrying", attempts: 2 });
    expect(await attempt(t, id)).toMatchObject({ status: "dead", attempts: 3 });
    expect(await letters(t)).toEqual([{ ref_id: id, failure_reason: expect.stringContaining("MO-2099-0042"), attempts: 3 }]);
  });
});

describe("manufacturing.qc_checkpoint", () => {
  const seedCheckpoint = (orderId: string, checks: unknown[], stage = "Frame Assembly") => ({
    order_id: orderId,
    checkpoint_id: "QC-001",
    checkpoint_stage: stage,
    inspector_name: "Jane Doe",
    checks,
    overall_status: "conditional_pass",
  });

  it("records the seed's checkpoint through the API's code: a failure opens a corrective action; resending it adds nothing", async () => {
    const t = await createTenant();
    const { mo } = await placedDoorOrder(t, 1);
    const body = seedCheckpoint(mo.number, [
      { check_id: "QC-001-1", description: "Frame squareness", status: "pass", measurement: "2.5mm", tolerance: "2mm", notes: "over" },
      { check_id: "QC-001-2", description: "Weld quality", status: "conditional", corrective_action: "Grind and re-weld" },
    ]);
    const id = await stored(t, "manufacturing.qc_checkpoint", body);
    await delivered10(t, id);
    const detail = await data<{
      qc_records: { checkpoint_stage: string; inspector_name: string; overall_status: string; checks: { status: string; out_of_tolerance: boolean }[] }[];
      corrective_actions: { description: string; status: string }[];
    }>(t.owner.get(`/api/v1/manufacturing-orders/${mo.id}`));
    // The measurement over tolerance fails the first check whatever was ticked; neither failure names its action: a fail.
    expect(detail.qc_records).toEqual([
      expect.objectContaining({
        checkpoint_stage: "Frame Assembly",
        inspector_name: "Jane Doe",
        overall_status: "fail",
        checks: [expect.objectContaining({ status: "fail", out_of_tolerance: true }), expect.objectContaining({ status: "fail" })],
      }),
    ]);
    // One per failed check, opened together.
    expect(detail.corrective_actions.map((a) => [a.description, a.status]).sort()).toEqual([
      ["Grind and re-weld", "open"],
      ["Rework and re-inspect: Frame squareness", "open"],
    ]);
    expect((await attempt(t, await stored(t, "manufacturing.qc_checkpoint", body))).status).toBe("processed");
    expect(await rows(t, "select count(*) as n from qc_checkpoints where tenant_id = ?", t.id)).toEqual([{ n: 1 }]);
    const timeline = await data<{ event: string; summary: string }[]>(t.owner.get(`/api/v1/orders/${mo.order_id}/timeline`));
    expect(timeline.filter((e) => e.event === "qc_checkpoint.recorded").map((e) => e.summary)).toEqual([`QC Frame Assembly: fail (${mo.number})`]);
  });

  it("an all-pass checkpoint finishes its stage's operation under way, which is reported with the MO's status", async () => {
    const t = await createTenant();
    const { mo } = await placedDoorOrder(t, 1);
    for (const code of ["cut", "machine"]) {
      await data(t.owner.post(`/api/v1/manufacturing-orders/${mo.id}/operations/${code}/start`));
      await data(t.owner.post(`/api/v1/manufacturing-orders/${mo.id}/operations/${code}/finish`));
    }
    await data(t.owner.post(`/api/v1/manufacturing-orders/${mo.id}/operations/frame_assembly/start`));
    expect((await attempt(t, await stored(t, "manufacturing.qc_checkpoint", seedCheckpoint(mo.id, [{ check_id: "c1", status: "pass" }])))).status).toBe(
      "processed",
    );
    const after = await data<Mo>(t.owner.get(`/api/v1/manufacturing-orders/${mo.id}`));
    expect(after.operations.find((o) => o.code === "frame_assembly")!.status).toBe("done");
  });

  it("bad checks fail at once naming the check; a stage the routing lacks names checkpoint_stage", async () => {
    const t = await createTenant();
    const { mo } = await placedDoorOrder(t, 1);
    const nonNumeric = await attempt(
      t,
      await stored(t, "manufacturing.qc_checkpoint", seedCheckpoint(mo.number, [{ check_id: "c1", status: "pass", measurement: "wide", tolerance: "2mm" }])),
    );
    expect(nonNumeric).toMatchObject({ status: "failed", attempts: 1 });
    expect(nonNumeric.last_error).toContain("checks.0.measurement");
    const stage = await attempt(
      t,
      await stored(t, "manufacturing.qc_checkpoint", { ...seedCheckpoint(mo.number, [{ check_id: "c1", status: "pass" }], "Welding"), checkpoint_id: "QC-2" }),
    );
    expect(stage.last_error).toContain("checkpoint_stage");
    expect(await rows(t, "select count(*) as n from qc_checkpoints where tenant_id = ?", t.id)).toEqual([{ n: 0 }]);
  });

  it("for an MO we do not know is retried, then dead-lettered, and no MO is invented", async () => {
    const t = await createTenant();
    const id = await stored(t, "manufacturing.qc_checkpoint", seedCheckpoint("MO-2025-156", [{ check_id: "c1", status: "pass" }]));
    // high: 4 attempts.
    for (const n of [1, 2, 3]) expect(await attempt(t, id)).toMatchObject({ status: "retrying", attempts: n });
    expect(await attempt(t, id)).toMatchObject({ status: "dead", attempts: 4 });
    expect(await letters(t)).toEqual([{ ref_id: id, failure_reason: expect.stringContaining("MO-2025-156"), attempts: 4 }]);
    expect(await mosOf(t)).toEqual([]);
    expect(await rows(t, "select count(*) as n from partner_records where tenant_id = ?", t.id)).toEqual([{ n: 0 }]);
  });
});

describe("another shop's events", () => {
  it("naming our order or MO by id touch nothing of ours", async () => {
    const ours = await createTenant();
    const { order, mo } = await placedDoorOrder(ours, 1);
    const theirs = await createTenant();
    expect((await attempt(theirs, await stored(theirs, "manufacturing.order_created", { order_id: "X-1", quote_reference: order.id }))).status).toBe(
      "processed",
    );
    expect(await partnerMo(theirs, "X-1")).toMatchObject({ status: "recorded", data: { manufacturing_order_ids: [] } });
    expect(await attempt(theirs, await stored(theirs, "manufacturing.status_update", { order_id: mo.id, status: "on_hold" }))).toMatchObject({
      status: "retrying",
    });
    expect(
      await attempt(
        theirs,
        await stored(theirs, "manufacturing.qc_checkpoint", {
          order_id: mo.id,
          checkpoint_id: "Q",
          checkpoint_stage: "Frame Assembly",
          checks: [{ check_id: "c", status: "fail" }],
          overall_status: "fail",
        }),
      ),
    ).toMatchObject({ status: "retrying" });
    expect(await mosOf(theirs)).toEqual([]);
    expect(await mosOf(ours)).toEqual([expect.objectContaining({ id: mo.id, status: "scheduled" })]);
    expect(await rows(ours, "select count(*) as n from qc_checkpoints where manufacturing_order_id = ?", mo.id)).toEqual([{ n: 0 }]);
  });
});

describe("outbound manufacturing.status_update", () => {
  it("reports each change of an MO's status once: operations, shipping, delivery", async () => {
    const t = await createTenant();
    const { order, mo } = await placedDoorOrder(t, 1);
    await data(t.owner.post(`/api/v1/manufacturing-orders/${mo.id}/operations/cut/start`));
    expect(await statusUpdates(t)).toEqual([
      {
        manufacturing_order_id: mo.id,
        manufacturing_order_number: mo.number,
        order_id: order.id,
        status: "in_production",
        previous_status: "scheduled",
        stage: "cut",
        cause: "operation",
        changed_at: expect.any(String),
      },
    ]);
    // An operation that does not change the MO's status reports nothing.
    await data(t.owner.post(`/api/v1/manufacturing-orders/${mo.id}/operations/cut/block`));
    await data(t.owner.post(`/api/v1/manufacturing-orders/${mo.id}/operations/cut/start`));
    expect(await statusUpdates(t)).toHaveLength(1);
    await completeProduction(t, mo.id, ["cut"]);
    const shipment = await data<{ id: string }>(t.owner.post(`/api/v1/orders/${order.id}/shipments`, shipmentOf(mo.id, 1)), 201);
    await data(t.owner.post(`/api/v1/shipments/${shipment.id}/deliver`, { received_by: "Site manager" }));
    expect((await statusUpdates(t)).map((u) => [u.previous_status, u.status, u.cause])).toEqual([
      ["scheduled", "in_production", "operation"],
      ["in_production", "ready", "operation"],
      ["ready", "shipped", "shipment"],
      ["shipped", "delivered", "delivery"],
    ]);
  });

  it("an order's cancellation reports each of its scheduled MOs once", async () => {
    const t = await createTenant();
    const { order, mo } = await placedDoorOrder(t, 1);
    await data(t.owner.post(`/api/v1/orders/${order.id}/cancel`));
    expect((await t.owner.post(`/api/v1/orders/${order.id}/cancel`)).status).toBe(409);
    expect(await statusUpdates(t)).toEqual([
      expect.objectContaining({ manufacturing_order_id: mo.id, status: "cancelled", previous_status: "scheduled", cause: "order_cancelled" }),
    ]);
  });
});
