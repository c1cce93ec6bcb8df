import { describe, expect, it, vi } from "vitest";
import { createTenant, data, expectError, registerCustomer, type TestTenant } from "./helpers.ts";
import { door } from "./fixtures.ts";
import { keyClient, userWithRole } from "./shop-fixture.ts";

type Operation = { code: string; status: string; work_centre: string; planned_minutes: number; qc_stage: string | null };
type Mo = { id: string; number: string; order_id: string; order_number: string; status: string; quantity: number; due_at: string; operations: Operation[]; bom: { cuts: unknown[] } | null; qc_checkpoints: { stage: string }[] | null };

/** A customer's order of `quantity` doors, placed on a purchase order; its manufacturing orders once written. */
async function doorOrder(t: TestTenant, quantity: number) {
  const { client } = await registerCustomer(t.host);
  const product = await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "Door", generator_key: "spw600e-door" }), 201);
  const configuration = await data<{ id: string }>(client.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
  const quote = await data<{ id: string }>(client.post("/api/v1/quotes", { items: [{ configuration_id: configuration.id, quantity }] }), 201);
  await data(t.owner.post(`/api/v1/quotes/${quote.id}/send`));
  await data(client.post(`/api/v1/quotes/${quote.id}/accept`));
  const order = await data<{ id: string; number: string }>(client.post(`/api/v1/quotes/${quote.id}/purchase-order`, { po_number: "PO-MO" }), 201);
  let mos: Mo[] = [];
  await vi.waitFor(async () => {
    mos = await data<Mo[]>(t.owner.get(`/api/v1/manufacturing-orders?order_id=${order.id}`));
    expect(mos).toHaveLength(1);
  }, { timeout: 15_000, interval: 100 });
  return { order, mo: mos[0], client };
}

const act = (t: TestTenant, mo: Mo, code: string, action: string) => t.owner.post(`/api/v1/manufacturing-orders/${mo.id}/operations/${code}/${action}`);

describe("manufacturing orders", () => {
  it("one per order line, numbered, with the door's routing, BOM, QC checklist and a due date", async () => {
    const t = await createTenant();
    const { order, mo } = await doorOrder(t, 3);
    expect(mo).toMatchObject({ number: `MO-${new Date().getUTCFullYear()}-0001`, order_id: order.id, order_number: order.number, status: "scheduled", quantity: 3 });
    expect(mo.operations.map((o) => o.code)).toEqual(["cut", "machine", "frame_assembly", "leaf_assembly", "finishing", "glazing", "final_assembly", "performance_test", "pack"]);
    expect(mo.operations.every((o) => o.status === "pending")).toBe(true);
    expect(mo.bom!.cuts.length).toBeGreaterThan(0);
    expect(mo.qc_checkpoints!.map((s) => s.stage)).toContain("Frame Assembly");
    expect(Date.parse(mo.due_at)).toBeGreaterThan(Date.now());
    expect(await data<Mo>(t.owner.get(`/api/v1/manufacturing-orders/${mo.id}`))).toEqual(mo);
    // Work still to do at the saw: found by work centre, gone once cut.
    expect((await data<Mo[]>(t.owner.get("/api/v1/manufacturing-orders?work_centre=saw"))).map((m) => m.id)).toEqual([mo.id]);
  });

  it("moves operations in routing order: out of order and wrong-state actions are 409 naming why", async () => {
    const t = await createTenant();
    const { mo } = await doorOrder(t, 1);
    await expectError(act(t, mo, "machine", "start"), 409, "CONFLICT", "code");
    await expectError(act(t, mo, "cut", "finish"), 409, "CONFLICT", "code");
    await expectError(act(t, mo, "weld", "start"), 404, "NOT_FOUND");
    const started = await data<Mo>(act(t, mo, "cut", "start"));
    expect(started.status).toBe("in_production");
    const cut = await data<Mo>(act(t, mo, "cut", "finish"));
    expect(cut.operations[0].status).toBe("done");
    expect(await data<Mo[]>(t.owner.get("/api/v1/manufacturing-orders?work_centre=saw"))).toEqual([]);
    // Everything done: ready.
    let last = cut;
    for (const op of mo.operations.slice(1)) {
      await data(act(t, mo, op.code, "start"));
      last = await data<Mo>(act(t, mo, op.code, "finish"));
    }
    expect(last.status).toBe("ready");
    await expectError(act(t, mo, "pack", "block"), 409, "CONFLICT", "status");
  });

  it("an order is cancelled with its scheduled work, and not at all once production has started", async () => {
    const t = await createTenant();
    const waiting = await doorOrder(t, 1);
    await data(t.owner.post(`/api/v1/orders/${waiting.order.id}/cancel`));
    expect((await data<Mo>(t.owner.get(`/api/v1/manufacturing-orders/${waiting.mo.id}`))).status).toBe("cancelled");
    await expectError(act(t, waiting.mo, "cut", "start"), 409, "CONFLICT");

    const running = await doorOrder(t, 1);
    await data(act(t, running.mo, "cut", "start"));
    await expectError(t.owner.post(`/api/v1/orders/${running.order.id}/cancel`), 409, "CONFLICT", "status");
    expect((await data<{ status: string }>(t.owner.get(`/api/v1/orders/${running.order.id}`))).status).not.toBe("cancelled");
    expect((await data<Mo>(t.owner.get(`/api/v1/manufacturing-orders/${running.mo.id}`))).status).toBe("in_production");
  });

  it("is the shop's: customers 403, a read-only key cannot move work, a production key can", async () => {
    const t = await createTenant();
    const { mo, client } = await doorOrder(t, 1);
    await expectError(client.get(`/api/v1/manufacturing-orders/${mo.id}`), 403, "FORBIDDEN");
    await expectError((await userWithRole(t, "customer_admin")).fetch(`/api/v1/manufacturing-orders/${mo.id}/operations/cut/start`, { method: "POST" }), 403, "FORBIDDEN");
    const reader = await keyClient(t, ["quotes:read"]);
    expect((await reader.fetch(`/api/v1/manufacturing-orders/${mo.id}`)).status).toBe(200);
    await expectError(reader.fetch(`/api/v1/manufacturing-orders/${mo.id}/operations/cut/start`, { method: "POST" }), 403, "FORBIDDEN");
    const floor = await keyClient(t, ["production:write"]);
    expect((await data<Mo>(floor.fetch(`/api/v1/manufacturing-orders/${mo.id}/operations/cut/start`, { method: "POST" }))).operations[0].status).toBe("in_progress");
    const staff = await userWithRole(t, "staff");
    expect((await data<Mo>(staff.fetch(`/api/v1/manufacturing-orders/${mo.id}/operations/cut/finish`, { method: "POST" }))).operations[0].status).toBe("done");
  });
});
