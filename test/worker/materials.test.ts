import { describe, expect, it } from "vitest";
import { createTenant, data, expectError, type TestTenant } from "./helpers.ts";
import { userWithRole } from "./shop-fixture.ts";

type Material = { id: string; code: string; unit: string; stock: number; reorder_point: number | null; below_reorder_point: boolean };
type Detail = Material & { lots: { lot_number: string; quantity: number }[] };

const receive = (t: TestTenant, material: string, quantity: number, extra: Record<string, unknown> = {}) =>
  data<{ lot_number: string }>(t.owner.post("/api/v1/lots", { material, supplier: "Alu AG", supplier_lot: "S-1", quantity, unit: "m", ...extra }), 201);

describe("materials and stock levels", () => {
  it("derive stock from the lots, flag what is below its reorder point, and list lots in the order they are used", async () => {
    const t = await createTenant();
    const frame = await data<Material>(
      t.owner.post("/api/v1/materials", { code: "SPW600-F01", name: "Frame profile", kind: "profile", unit: "m", reorder_point: 50 }),
      201,
    );
    expect(frame).toMatchObject({ stock: 0, reorder_point: 50, below_reorder_point: true });
    const newer = await receive(t, "SPW600-F01", 30, { received_at: "2026-03-01T08:00:00Z" });
    const older = await receive(t, "SPW600-F01", 12.5, { received_at: "2026-01-05T08:00:00Z" });
    const expiring = await receive(t, "SPW600-F01", 1, { received_at: "2026-04-01T08:00:00Z", expires_at: "2099-01-01T00:00:00Z" });
    // Another unit or another material is not this stock.
    await receive(t, "SPW600-F01", 4, { unit: "bar" });
    await receive(t, "SPW600-L02", 100);
    const detail = await data<Detail>(t.owner.get(`/api/v1/materials/${frame.id}`));
    expect(detail).toMatchObject({ stock: 43.5, below_reorder_point: true });
    expect(detail.lots.map((l) => l.lot_number)).toEqual([expiring.lot_number, older.lot_number, newer.lot_number]);

    await receive(t, "SPW600-F01", 10);
    expect((await data<Material>(t.owner.get(`/api/v1/materials/${frame.id}`))).below_reorder_point).toBe(false);
    const glass = await data<Material>(
      t.owner.post("/api/v1/materials", { code: "GU-4-16-4", name: "Glass unit", kind: "glass", unit: "pcs", reorder_point: 2 }),
      201,
    );
    expect((await data<Material[]>(t.owner.get("/api/v1/materials?below_reorder_point=true"))).map((m) => m.code)).toEqual([glass.code]);
    expect((await data<Material[]>(t.owner.get("/api/v1/materials"))).map((m) => m.code)).toEqual([frame.code, glass.code]);

    // No alert once the reorder point is cleared; the code and unit stay.
    expect(await data<Material>(t.owner.fetch(`/api/v1/materials/${glass.id}`, { method: "PATCH", json: { reorder_point: null } }))).toMatchObject({
      reorder_point: null,
      below_reorder_point: false,
    });
    await expectError(t.owner.fetch(`/api/v1/materials/${glass.id}`, { method: "PATCH", json: { unit: "kg" } }), 400, "VALIDATION_ERROR");
  });

  it("refuses what it cannot keep, with the field at fault", async () => {
    const t = await createTenant();
    const add = (body: Record<string, unknown>) => t.owner.post("/api/v1/materials", { code: "F1", name: "Frame", kind: "profile", unit: "m", ...body });
    await data(add({}), 201);
    await expectError(add({}), 409, "CONFLICT", "code");
    await expectError(add({ code: "F2", unit: "furlong" }), 400, "VALIDATION_ERROR", "unit");
    await expectError(add({ code: "F3", reorder_point: -1 }), 400, "VALIDATION_ERROR", "reorder_point");
    await expectError(add({ code: "" }), 400, "VALIDATION_ERROR", "code");
    await expectError(t.owner.get("/api/v1/materials/00000000-0000-0000-0000-000000000000"), 404, "NOT_FOUND");
  });

  it("are the shop's: another shop's material is not found, a customer cannot read stock", async () => {
    const [a, b] = [await createTenant(), await createTenant()];
    const m = await data<Material>(a.owner.post("/api/v1/materials", { code: "F1", name: "Frame", kind: "profile", unit: "m" }), 201);
    await expectError(b.owner.get(`/api/v1/materials/${m.id}`), 404, "NOT_FOUND");
    await expectError(b.owner.fetch(`/api/v1/materials/${m.id}`, { method: "PATCH", json: { name: "Mine" } }), 404, "NOT_FOUND");
    expect(await data(b.owner.get("/api/v1/materials"))).toEqual([]);
    const customer = await userWithRole(a, "customer_admin");
    await expectError(customer.fetch("/api/v1/materials"), 403, "FORBIDDEN");
  });
});
