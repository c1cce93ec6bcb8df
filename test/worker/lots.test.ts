import { describe, expect, it } from "vitest";
import { createTenant, data, expectError, type TestTenant } from "./helpers.ts";
import { keyClient, placedDoorOrder, userWithRole } from "./shop-fixture.ts";

type Lot = {
  id: string;
  lot_number: string;
  material: string;
  unit: string;
  quantity: number;
  origin: string;
  supplier: string | null;
  expires_at: string | null;
  quality: unknown;
};
type Node = {
  lot_number: string;
  quantity: number | null;
  origin: string;
  children?: Node[];
  parents?: Node[];
  consumed_by?: {
    quantity: number;
    manufacturing_order: { number: string; status: string; quantity: number };
    order: { id: string };
    customer: { id: string } | null;
  }[];
};

const year = new Date().getUTCFullYear();
const receive = (t: TestTenant, body: Record<string, unknown> = {}) =>
  t.owner.post("/api/v1/lots", { material: "SPW600e frame profile", supplier: "Alu AG", supplier_lot: "AA-778", quantity: 100, unit: "m", ...body });
const lotOf = async (t: TestTenant, number: string) => data<Lot>(t.owner.get(`/api/v1/lots/${number}`));

describe("lots", () => {
  it("are received with our number, their quality papers, and refuse what cannot be stocked", async () => {
    const t = await createTenant();
    const lot = await data<Lot>(
      receive(t, { quality: { certificate_number: "3.1-4471", measured: { hardness_hw: 15 } }, expires_at: "2030-01-01T00:00:00Z" }),
      201,
    );
    expect(lot).toMatchObject({
      lot_number: `LOT-${year}-00001`,
      quantity: 100,
      unit: "m",
      origin: "received",
      supplier: "Alu AG",
      quality: { certificate_number: "3.1-4471" },
    });
    expect(await lotOf(t, lot.lot_number)).toEqual(lot);
    await expectError(receive(t, { quantity: -1 }), 400, "VALIDATION_ERROR", "quantity");
    await expectError(receive(t, { quantity: 1.0005 }), 400, "VALIDATION_ERROR", "quantity");
    await expectError(receive(t, { unit: "furlong" }), 400, "VALIDATION_ERROR", "unit");
    await expectError(receive(t, { received_at: "2026-05-01T00:00:00Z", expires_at: "2026-04-01T00:00:00Z" }), 422, "UNPROCESSABLE_ENTITY", "expires_at");
    await expectError(t.owner.get("/api/v1/lots/LOT-1999-00001"), 404, "NOT_FOUND");
    // Refused receipts used no number.
    expect((await data<Lot>(receive(t), 201)).lot_number).toBe(`LOT-${year}-00002`);
  });

  it("split and merge keep what they hold and where it came from", async () => {
    const t = await createTenant();
    const a = await data<Lot>(receive(t), 201);
    const b = await data<Lot>(t.owner.post(`/api/v1/lots/${a.lot_number}/split`, { quantity: 30.5 }), 201);
    expect(b).toMatchObject({ lot_number: `LOT-${year}-00002`, quantity: 30.5, origin: "split", material: a.material });
    expect((await lotOf(t, a.lot_number)).quantity).toBe(69.5);
    await expectError(t.owner.post(`/api/v1/lots/${a.lot_number}/split`, { quantity: 70 }), 422, "UNPROCESSABLE_ENTITY", "quantity");
    expect((await lotOf(t, a.lot_number)).quantity).toBe(69.5);

    const c = await data<Lot>(receive(t, { supplier_lot: "AA-779", quantity: 20 }), 201);
    expect(c.lot_number).toBe(`LOT-${year}-00003`);
    const d = await data<Lot>(t.owner.post("/api/v1/lots/merge", { lot_numbers: [b.lot_number, c.lot_number] }), 201);
    expect(d).toMatchObject({ quantity: 50.5, origin: "merge" });
    expect((await lotOf(t, b.lot_number)).quantity).toBe(0);
    expect((await lotOf(t, c.lot_number)).quantity).toBe(0);

    const glass = await data<Lot>(receive(t, { material: "Glass unit 4-16-4", unit: "pcs", quantity: 4 }), 201);
    await expectError(t.owner.post("/api/v1/lots/merge", { lot_numbers: [a.lot_number, glass.lot_number] }), 422, "UNPROCESSABLE_ENTITY", "lot_numbers");
    await expectError(t.owner.post("/api/v1/lots/merge", { lot_numbers: [b.lot_number, a.lot_number] }), 422, "UNPROCESSABLE_ENTITY", "lot_numbers");
    await expectError(t.owner.post("/api/v1/lots/merge", { lot_numbers: [a.lot_number, "LOT-1999-00009"] }), 404, "NOT_FOUND", "lot_numbers");

    const back = await data<{ lot: Node }>(t.owner.get(`/api/v1/lots/${d.lot_number}/backward-trace`));
    expect(back.lot.parents!.map((p) => [p.lot_number, p.quantity])).toEqual(
      expect.arrayContaining([
        [b.lot_number, 30.5],
        [c.lot_number, 20],
      ]),
    );
    expect(back.lot.parents!.find((p) => p.lot_number === b.lot_number)!.parents!.map((p) => p.lot_number)).toEqual([a.lot_number]);
  });

  it("are consumed by manufacturing orders, never beyond what they hold, and traced forward to customers and back from orders", async () => {
    const t = await createTenant();
    const { order, mo, customerId } = await placedDoorOrder(t, 1);
    const a = await data<Lot>(receive(t), 201);
    const b = await data<Lot>(t.owner.post(`/api/v1/lots/${a.lot_number}/split`, { quantity: 30 }), 201);
    const c = await data<Lot>(receive(t, { supplier_lot: "AA-779", quantity: 20 }), 201);
    const d = await data<Lot>(t.owner.post("/api/v1/lots/merge", { lot_numbers: [b.lot_number, c.lot_number] }), 201);
    const consume = (lot_number: string, quantity: number) => t.owner.post(`/api/v1/manufacturing-orders/${mo.id}/consumptions`, { lot_number, quantity });
    await data(consume(d.lot_number, 12), 201);
    const used = await data<{ lot_number: string; quantity: number }[]>(consume(a.lot_number, 5), 201);
    expect(used).toEqual([
      { lot_number: a.lot_number, material: a.material, unit: "m", quantity: 5 },
      { lot_number: d.lot_number, material: a.material, unit: "m", quantity: 12 },
    ]);
    await expectError(consume(d.lot_number, 39), 422, "UNPROCESSABLE_ENTITY", "quantity");
    expect((await lotOf(t, d.lot_number)).quantity).toBe(38);
    await expectError(consume("LOT-1999-00001", 1), 404, "NOT_FOUND", "lot_number");
    const expired = await data<Lot>(receive(t, { received_at: "2020-01-01T00:00:00Z", expires_at: "2021-01-01T00:00:00Z" }), 201);
    await expectError(consume(expired.lot_number, 1), 422, "UNPROCESSABLE_ENTITY", "lot_number");

    const forward = await data<{ lot: Node; affected: { orders: { id: string }[]; customers: { id: string }[] } }>(
      t.owner.get(`/api/v1/lots/${a.lot_number}/forward-trace`),
    );
    expect(forward.lot.consumed_by!.map((u) => [u.manufacturing_order.number, u.quantity])).toEqual([[mo.number, 5]]);
    // The recall view's MO: where it stands and how many units it makes.
    expect(forward.lot.consumed_by![0].manufacturing_order).toMatchObject({ status: "scheduled", quantity: 1 });
    const viaSplit = forward.lot.children!.find((n) => n.lot_number === b.lot_number)!;
    expect(viaSplit.quantity).toBe(30);
    expect(viaSplit.children!.map((n) => n.lot_number)).toEqual([d.lot_number]);
    expect(viaSplit.children![0].consumed_by!.map((u) => [u.manufacturing_order.number, u.quantity, u.customer?.id])).toEqual([[mo.number, 12, customerId]]);
    expect(forward.affected).toEqual({ orders: [{ id: order.id, number: order.number }], customers: [{ id: customerId, name: expect.any(String) }] });
    // A lot nothing was made from reaches no one.
    expect((await data<{ affected: { orders: unknown[] } }>(t.owner.get(`/api/v1/lots/${expired.lot_number}/forward-trace`))).affected.orders).toEqual([]);

    const back = await data<{ order: { number: string }; manufacturing_orders: { manufacturing_order: { number: string }; lots: Node[] }[] }>(
      t.owner.get(`/api/v1/orders/${order.id}/backward-trace`),
    );
    expect(back.manufacturing_orders).toHaveLength(1);
    const lots = back.manufacturing_orders[0].lots;
    expect(lots.map((l) => [l.lot_number, l.quantity])).toEqual([
      [a.lot_number, 5],
      [d.lot_number, 12],
    ]);
    const received = (n: Node): string[] => (n.parents!.length === 0 ? [n.lot_number] : n.parents!.flatMap(received));
    expect(new Set(lots.flatMap(received))).toEqual(new Set([a.lot_number, c.lot_number]));
    expect(await data(t.owner.get(`/api/v1/manufacturing-orders/${mo.id}/backward-trace`))).toEqual(back.manufacturing_orders[0]);

    await data(t.owner.post(`/api/v1/orders/${order.id}/cancel`));
    await expectError(consume(a.lot_number, 1), 409, "CONFLICT", "status");
  });

  it("are the shop's: customers and read-only keys cannot stock or consume", async () => {
    const t = await createTenant();
    const lot = await data<Lot>(receive(t), 201);
    const customer = await userWithRole(t, "customer_admin");
    await expectError(customer.fetch(`/api/v1/lots/${lot.lot_number}`), 403, "FORBIDDEN");
    await expectError(customer.fetch(`/api/v1/lots/${lot.lot_number}/forward-trace`), 403, "FORBIDDEN");
    const reader = await keyClient(t, ["quotes:read"]);
    expect((await reader.fetch(`/api/v1/lots/${lot.lot_number}`)).status).toBe(200);
    await expectError(
      reader.fetch(`/api/v1/lots/${lot.lot_number}/split`, {
        method: "POST",
        body: JSON.stringify({ quantity: 1 }),
        headers: { "content-type": "application/json" },
      }),
      403,
      "FORBIDDEN",
    );
    const floor = await keyClient(t, ["production:write"]);
    expect(
      (
        await floor.fetch(`/api/v1/lots/${lot.lot_number}/split`, {
          method: "POST",
          body: JSON.stringify({ quantity: 1 }),
          headers: { "content-type": "application/json" },
        })
      ).status,
    ).toBe(201);
  });
});
