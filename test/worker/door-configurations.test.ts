import { describe, expect, it } from "vitest";
import { createTenant, data, expectError, registerCustomer } from "./helpers.ts";

/* Seed 001, verbatim: the door of the drawing request (6.3.2, its request fields left aside) and the U-value request (6.3.3). */
const DRAWING_REQUEST_DOOR = {
  door_type: "double",
  opening_direction: "outward",
  frame_width: 1870,
  frame_height: 2235,
  glazing_thickness: 44,
  glazing_type: "triple",
  finish: "powder_coating",
  color: "RAL 7016",
};
const U_VALUE_REQUEST = {
  door_type: "double",
  frame_width: 1870,
  frame_height: 2235,
  glazing_type: "triple",
  glazing_thickness: 44,
  glazing_u_value: 0.6,
};

type Saved = {
  id: string;
  config: Record<string, unknown>;
  defaults_applied: string[];
  engineering: { glazing: { u_g: number; u_g_source: string }; thermal: { overall_u_value: number } };
};

async function shopWithDoor() {
  const t = await createTenant();
  const product = await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "SPW600e door", generator_key: "spw600e-door" }), 201);
  const customer = await registerCustomer(t.host);
  return { t, product, customer };
}

describe("door configurations as the seed writes them", () => {
  it("the drawing request's door is saved whole, with the defaults it took listed and kept", async () => {
    const { product, customer } = await shopWithDoor();
    const saved = await data<Saved>(customer.client.post("/api/v1/configurations", { product_id: product.id, config: DRAWING_REQUEST_DOOR }), 201);
    expect(saved.defaults_applied).toEqual([
      "glazing_gas",
      "glazing_coating",
      "spacer",
      "threshold",
      "hardware.hinges",
      "hardware.lock",
      "hardware.handles",
      "hardware.closer",
    ]);
    expect(saved.config).toMatchObject({ ...DRAWING_REQUEST_DOOR, glazing_gas: "argon", glazing_coating: "low_e", hardware: { lock: "multipoint_3_point" } });
    expect(saved.engineering.glazing).toMatchObject({ u_g: 0.8, u_g_source: "table" });
    // Stored completed: reading it back engineers the same door.
    const again = await data<Saved>(customer.client.get(`/api/v1/configurations/${saved.id}`));
    expect(again.config).toEqual(saved.config);
    expect(again.engineering.thermal.overall_u_value).toBe(saved.engineering.thermal.overall_u_value);
  });

  it("the U-value request is answered with the customer's own U_g and the defaults it took", async () => {
    const { customer } = await shopWithDoor();
    const r = await data<{ overall_u_value: number; glazing: { u_g: number; u_g_source: string }; defaults_applied: string[] }>(
      customer.client.post("/api/v1/engineering/u-value", { configuration: U_VALUE_REQUEST }),
    );
    expect(r.glazing).toMatchObject({ u_g: 0.6, u_g_source: "customer" });
    expect(r.defaults_applied).toContain("finish");
    expect(r.overall_u_value).toBeGreaterThan(0.6);
  });

  it("triple glazing changes the U-value without a number; a 28 mm triple unit and unknown values are refused by field", async () => {
    const { product, customer } = await shopWithDoor();
    const save = (config: Record<string, unknown>) => customer.client.post("/api/v1/configurations", { product_id: product.id, config });
    const base = { door_type: "single", frame_width: 1000, frame_height: 2100 };
    const double = await data<Saved>(save({ ...base, glazing_type: "double" }), 201);
    const triple = await data<Saved>(save({ ...base, glazing_type: "triple" }), 201);
    expect(double.engineering.glazing.u_g).toBe(1.2);
    expect(triple.engineering.glazing.u_g).toBe(0.8);
    expect(triple.engineering.thermal.overall_u_value).toBeLessThan(double.engineering.thermal.overall_u_value);
    const thin = await expectError(save({ ...base, glazing_type: "triple", glazing_thickness: 28 }), 400, "VALIDATION_ERROR", "config.glazing_thickness");
    expect(thin.error.details[0].message).toContain("choose at least 31 mm");
    const unknown = await expectError(save({ ...DRAWING_REQUEST_DOOR, door_type: "revolving" }), 400, "VALIDATION_ERROR", "config.door_type");
    expect(unknown.error.details[0]).toEqual({ field: "config.door_type", message: "must be one of single, double", value: "revolving" });
  });

  it("a shop's own U_g table prices the make-up it buys", async () => {
    const { t, product, customer } = await shopWithDoor();
    const row = (u: number) => [{ cavity_mm: 8, u_g: u }];
    const gas = (u: number) => ({ air: row(u), argon: row(u), krypton: row(u) });
    const table = { double: { none: gas(2.8), low_e: gas(1.0) }, triple: { none: gas(1.9), low_e: gas(0.5) } };
    await data(t.owner.fetch(`/api/v1/products/${product.id}`, { method: "PATCH", json: { params: { glazing_u_values: table } } }));
    const saved = await data<Saved>(customer.client.post("/api/v1/configurations", { product_id: product.id, config: DRAWING_REQUEST_DOOR }), 201);
    expect(saved.engineering.glazing).toMatchObject({ u_g: 0.5, u_g_source: "table" });
    await expectError(
      t.owner.fetch(`/api/v1/products/${product.id}`, { method: "PATCH", json: { params: { glazing_u_values: { double: table.double } } } }),
      422,
      "UNPROCESSABLE_ENTITY",
      "params.glazing_u_values.triple",
    );
  });
});
