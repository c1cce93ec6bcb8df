import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../worker/api/errors.ts";
import { moveOperation } from "../../worker/production/operations.ts";
import { createTenant, data, expectError, scopeFor, tenantDb, tenantRows, type TestTenant } from "./helpers.ts";
import { placedDoorOrder, type Mo } from "./shop-fixture.ts";

type Bar = { profile: string; stock_length: number; offcut: number; cuts: { length: number; label: string }[]; remnant_lot?: string };
type Lot = { lot_number: string; material: string; unit: string; quantity: number; origin: string; received_at: string };
type Consumed = { lot_number: string; material: string; unit: string; quantity: number };

const cuttingList = async (t: TestTenant, orderId: string) => data<{ bars: Bar[] }>(t.owner.get(`/api/v1/orders/${orderId}/cutting-list`));
const receive = (t: TestTenant, material: string, metres: number, received_at: string) =>
  data<Lot>(
    t.owner.post("/api/v1/lots", { material, supplier: "Alu AG", supplier_lot: `AA-${received_at.slice(0, 10)}`, quantity: metres, unit: "m", received_at }),
    201,
  );
const op = (t: TestTenant, mo: Mo, code: string, action: "start" | "finish") =>
  t.owner.post(`/api/v1/manufacturing-orders/${mo.id}/operations/${code}/${action}`);
const lot = (t: TestTenant, number: string) => data<Lot>(t.owner.get(`/api/v1/lots/${number}`));
const remnantsOf = async (t: TestTenant) =>
  (await tenantRows<{ lot_number: string }>(t, "select lot_number from lots where tenant_id = ? and origin = 'remnant' order by lot_number", t.id)).map(
    (x) => x.lot_number,
  );

/** Metres of each profile the list's bars take, and the offcuts of at least 500 mm it gives back. */
function demand(bars: Bar[]) {
  const need = new Map<string, number>();
  for (const b of bars) need.set(b.profile, (need.get(b.profile) ?? 0) + b.stock_length / 1000);
  return { need, kept: bars.filter((b) => b.offcut >= 500) };
}

describe("cutting takes the order's bars out of stock", () => {
  it("finishing the cut draws every bar first-in first-out, shares it with the MO, and returns long offcuts as remnant lots", async () => {
    const t = await createTenant();
    const { order, mo } = await placedDoorOrder(t, 2);
    const { bars } = await cuttingList(t, order.id);
    const { need, kept } = demand(bars);
    // Per profile: an older lot holding exactly one bar of its length, and a newer one with plenty.
    const older = new Map<string, Lot>();
    for (const [profile, metres] of need) {
      const first = bars.find((b) => b.profile === profile)!.stock_length / 1000;
      older.set(profile, await receive(t, profile, first, "2026-01-05T08:00:00Z"));
      await receive(t, profile, metres + 20, "2026-03-01T08:00:00Z");
    }
    await data(op(t, mo, "cut", "start"));
    await data(op(t, mo, "cut", "finish"));

    const consumed = await data<Consumed[]>(t.owner.get(`/api/v1/manufacturing-orders/${mo.id}/consumptions`));
    // The older lot of every profile went first, whole.
    for (const l of older.values()) expect((await lot(t, l.lot_number)).quantity).toBe(0);
    // What the MO consumed plus what came back as remnants is every bar of the list.
    for (const [profile, metres] of need) {
      const took = consumed.filter((c) => c.material === profile).reduce((s, c) => s + c.quantity, 0);
      const back = kept.filter((b) => b.profile === profile).reduce((s, b) => s + Math.floor(b.offcut) / 1000, 0);
      expect(took + back).toBeCloseTo(metres, 6);
    }
    const remnants = await remnantsOf(t);
    expect(remnants).toHaveLength(kept.length);
    expect(kept.length).toBeGreaterThan(0);
    const remnant = await lot(t, remnants[0]);
    // A remnant keeps its bar's age, so it is used before newer stock.
    expect(remnant).toMatchObject({ origin: "remnant", unit: "m" });
    expect(["2026-01-05T08:00:00.000Z", "2026-03-01T08:00:00.000Z"]).toContain(remnant.received_at);
    const tree = await data<{ lot: { parents: { lot_number: string }[] } }>(t.owner.get(`/api/v1/lots/${remnants[0]}/backward-trace`));
    expect(tree.lot.parents).toHaveLength(1);

    // Finishing again (a second MO of the order, or a retry) takes nothing more.
    const moves = await (await tenantDb(t.id)).prepare("select count(*) as n from stock_moves where tenant_id = ?").bind(t.id).first<{ n: number }>();
    await expectError(op(t, mo, "cut", "finish"), 409, "CONFLICT", "code");
    expect(await (await tenantDb(t.id)).prepare("select count(*) as n from stock_moves where tenant_id = ?").bind(t.id).first()).toEqual(moves);

    // The next order's list cuts from the remnants before new bars.
    const next = await placedDoorOrder(t, 1);
    const nextBars = (await cuttingList(t, next.order.id)).bars;
    const fromRemnants = nextBars.filter((b) => b.remnant_lot).map((b) => b.remnant_lot);
    expect(fromRemnants.length).toBeGreaterThan(0);
    for (const number of fromRemnants) expect(remnants).toContain(number);
  });

  it("is refused with the shortage named when a stocked profile is short; nothing is taken and the cut stays under way", async () => {
    const t = await createTenant();
    const { order, mo } = await placedDoorOrder(t, 1);
    const { bars } = await cuttingList(t, order.id);
    const [profile] = [...demand(bars).need.keys()];
    const little = await receive(t, profile, 1, "2026-01-05T08:00:00Z");
    await data(op(t, mo, "cut", "start"));
    const body = await expectError(op(t, mo, "cut", "finish"), 422, "UNPROCESSABLE_ENTITY", "code");
    expect(body.error.message).toContain(`Not enough stock to cut this order: no lot holds ${profile}:`);
    expect((await lot(t, little.lot_number)).quantity).toBe(1);
    expect(await remnantsOf(t)).toEqual([]);
    expect((await data<Mo>(t.owner.get(`/api/v1/manufacturing-orders/${mo.id}`))).operations.find((o) => o.code === "cut")!.status).toBe("in_progress");
    // Once stock is received, the same finish goes through.
    await receive(t, profile, 200, "2026-02-01T08:00:00Z");
    await data(op(t, mo, "cut", "finish"));
    expect((await data<Consumed[]>(t.owner.get(`/api/v1/manufacturing-orders/${mo.id}/consumptions`))).length).toBeGreaterThan(0);
  });

  it("stock drawn on between reading it and writing the cut is never overdrawn: the batch rolls back and the cut is planned again", async () => {
    const t = await createTenant();
    const { order, mo } = await placedDoorOrder(t, 1);
    const { bars } = await cuttingList(t, order.id);
    const [[profile, metres]] = demand(bars).need;
    const exact = await receive(t, profile, metres, "2026-01-05T08:00:00Z");
    await data(op(t, mo, "cut", "start"));
    const scope = await scopeFor(t.id);
    const db = scope.db;
    let once = false;
    // Someone books 1 m of the same lot onto the MO while the cut's batch is on its way.
    const meanwhile = Object.assign(Object.create(db), {
      batch: async (q: Parameters<typeof db.batch>[0]) => {
        if (!once) {
          once = true;
          await data(t.owner.post(`/api/v1/manufacturing-orders/${mo.id}/consumptions`, { lot_number: exact.lot_number, quantity: 1 }), 201);
        }
        return db.batch(q);
      },
    }) as typeof db;
    const refused = await moveOperation(env, { ...scope, db: meanwhile }, mo.id, "cut", "finish").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(422);
    expect((await lot(t, exact.lot_number)).quantity).toBeCloseTo(metres - 1, 6);
    expect(await remnantsOf(t)).toEqual([]);
  });

  it("keeps only offcuts at least as long as the shop's minimum", async () => {
    const t = await createTenant();
    expect(await data(t.owner.get("/api/v1/tenant/production"))).toMatchObject({ remnant_min_length_mm: 500 });
    await expectError(
      t.owner.fetch("/api/v1/tenant/production", { method: "PATCH", json: { remnant_min_length_mm: 20 } }),
      400,
      "VALIDATION_ERROR",
      "remnant_min_length_mm",
    );
    expect(await data(t.owner.fetch("/api/v1/tenant/production", { method: "PATCH", json: { remnant_min_length_mm: 10_000 } }))).toMatchObject({
      remnant_min_length_mm: 10_000,
    });
    const { order, mo } = await placedDoorOrder(t, 1);
    for (const [profile, metres] of demand((await cuttingList(t, order.id)).bars).need) await receive(t, profile, metres, "2026-01-05T08:00:00Z");
    await data(op(t, mo, "cut", "start"));
    await data(op(t, mo, "cut", "finish"));
    expect(await remnantsOf(t)).toEqual([]);
    // Every lot went into the MO whole: nothing came back.
    const consumed = await data<Consumed[]>(t.owner.get(`/api/v1/manufacturing-orders/${mo.id}/consumptions`));
    for (const c of consumed) expect((await lot(t, c.lot_number)).quantity).toBe(0);
  });

  it("a shop that keeps no stock of its profiles cuts without drawing anything", async () => {
    const t = await createTenant();
    const { mo } = await placedDoorOrder(t, 1);
    await data(op(t, mo, "cut", "start"));
    await data(op(t, mo, "cut", "finish"));
    expect(await data(t.owner.get(`/api/v1/manufacturing-orders/${mo.id}/consumptions`))).toEqual([]);
  });
});
