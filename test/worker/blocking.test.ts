import { describe, expect, it, vi } from "vitest";
import { Client, createTenant, data, expectError, registerCustomer, tenantDb } from "./helpers.ts";
import { binaryStl, blockWithBlindHole, boxTriangles, door } from "./fixtures.ts";

type Blocker = { code: string; message: string; fix: string; field?: string };
type Priced = {
  unit_price: number | null;
  total: number | null;
  lead_time: { days: number } | null;
  tax: unknown;
  breakdown: unknown[];
  orderable: boolean;
  blocked: boolean;
  blockers: Blocker[];
  dfm: { severity: string; code: string; fix?: string }[];
  quantity_breaks: unknown[];
};
type Item = { id: string; status: string; blocked: boolean; blockers: Blocker[]; price: Priced | null };
type Quote = { id: string; status: string; review_required: boolean; review_reasons: { code: string; item_index?: number }[]; totals: unknown; items: Item[] };
type Model = { id: string; status: string; analysis: Record<string, unknown> | null };

async function analyzedModel(c: Client, bytes: Uint8Array<ArrayBuffer>, filename = "part.stl"): Promise<Model> {
  const res = await c.fetch(`/api/v1/models?filename=${filename}`, { method: "POST", body: bytes });
  expect(res.status, await res.clone().text()).toBe(202);
  const model = (await res.json<{ data: Model }>()).data;
  let settled = model;
  await vi.waitFor(
    async () => {
      settled = await data<Model>(c.get(`/api/v1/models/${model.id}`));
      expect(settled.status).not.toBe("pending");
    },
    { timeout: 15_000, interval: 100 },
  );
  expect(settled.status).toBe("analyzed");
  return settled;
}

/** The part from the report: 1,095 mm long, larger than any FFF printer. */
const oversize = () => binaryStl(boxTriangles([1095, 60, 40]));
const small = () => binaryStl(boxTriangles([40, 30, 20]));

/** A drawing with a closed square and one open polyline (three sides of a square). */
const openDxf = () =>
  new TextEncoder().encode(
    "0\nSECTION\n2\nENTITIES\n" +
      "0\nLWPOLYLINE\n8\n0\n90\n4\n70\n1\n10\n0\n20\n0\n10\n50\n20\n0\n10\n50\n20\n50\n10\n0\n20\n50\n" +
      "0\nLWPOLYLINE\n8\n0\n90\n4\n70\n0\n10\n60\n20\n0\n10\n90\n20\n0\n10\n90\n20\n30\n10\n60\n20\n30\n" +
      "0\nENDSEC\n0\nEOF\n",
  );

function expectBlocked(p: Priced, code: string) {
  expect(p.blocked).toBe(true);
  expect(p.unit_price).toBeNull();
  expect(p.total).toBeNull();
  expect(p.lead_time).toBeNull();
  expect(p.tax).toBeNull();
  expect(p.breakdown).toEqual([]);
  expect(p.orderable).toBe(false);
  const blocker = p.blockers.find((b) => b.code === code);
  expect(blocker, JSON.stringify(p.blockers)).toBeDefined();
  expect(blocker!.message.length).toBeGreaterThan(10);
  expect(blocker!.fix.length).toBeGreaterThan(10);
}

const fff = (model_id: string) => ({ model_id, process: "fff", material: "pla", quantity: 1 });

describe("blocked parts get no price", () => {
  it("a part too large for every FFF printer: no price, no lead time, what blocks it and how to fix it", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    const model = await analyzedModel(client, oversize());
    const priced = await data<Priced>(client.post("/api/v1/price", fff(model.id)));
    expectBlocked(priced, "PART_TOO_LARGE");
    expect(priced.quantity_breaks).toEqual([]);
    expect(priced.dfm).toContainEqual(expect.objectContaining({ severity: "error", code: "PART_TOO_LARGE", fix: expect.any(String) }));
    // The same answer for an analysis sent by the browser, anonymously.
    const anonymous = await data<Priced>(new Client(t.host).post("/api/v1/price", { analysis: model.analysis, process: "fff", material: "pla", quantity: 5 }));
    expectBlocked(anonymous, "PART_TOO_LARGE");

    const ok = await data<Priced>(client.post("/api/v1/price", { ...fff((await analyzedModel(client, small())).id) }));
    expect(ok.blocked).toBe(false);
    expect(ok.blockers).toEqual([]);
    expect(ok.total).toBeGreaterThan(0);
  });

  it("a CNC part with a hole too deep for standard drills: the server's own analysis finds the hole, no price", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    const model = await analyzedModel(client, binaryStl(blockWithBlindHole(20, 50, 2, 40)));
    expect(model.analysis!.cnc_features).toMatchObject({ holes: [{ axis: "z", diameter_mm: 2, depth_mm: 40, blind: true, count: 1 }] });
    const cnc = { process: "cnc", material: "al-6061", quantity: 1 };
    const priced = await data<Priced>(client.post("/api/v1/price", { model_id: model.id, ...cnc }));
    expectBlocked(priced, "HOLE_TOO_DEEP");
    expect(priced.blockers[0].message).toContain("Ø2 mm, 40 mm deep (20× the diameter)");

    // A shallower hole of the same size is priced: a blind Ø2 × 6 mm hole is within 4× its diameter.
    const fine = await analyzedModel(client, binaryStl(blockWithBlindHole(20, 50, 2, 6)));
    const ok = await data<Priced>(client.post("/api/v1/price", { model_id: fine.id, ...cnc }));
    expect(ok.blocked).toBe(false);
    expect(ok.dfm.map((f) => f.code)).toEqual(["CNC_NOT_CHECKED"]);
  });

  it("an analysis sent by the browser is checked the same way, and malformed features are refused naming the field", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    const model = await analyzedModel(client, binaryStl(blockWithBlindHole(20, 50, 2, 40)));
    const guest = new Client(t.host);
    const cnc = { process: "cnc", material: "al-6061", quantity: 1 };
    expectBlocked(await data<Priced>(guest.post("/api/v1/price", { analysis: model.analysis, ...cnc })), "HOLE_TOO_DEEP");
    const features = model.analysis!.cnc_features as { holes: Record<string, unknown>[] };
    const bad = { ...model.analysis, cnc_features: { ...features, holes: [{ ...features.holes[0], diameter_mm: -2 }] } };
    await expectError(guest.post("/api/v1/price", { analysis: bad, ...cnc }), 400, "VALIDATION_ERROR", "analysis.cnc_features.holes.0.diameter_mm");
  });

  it("a DXF with an open contour: no laser price", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    const model = await analyzedModel(client, openDxf(), "plate.dxf");
    expect(model.analysis!.open_paths).toBe(1);
    const priced = await data<Priced>(client.post("/api/v1/price", { model_id: model.id, process: "laser", material: "s235", thickness_mm: 2, quantity: 1 }));
    expectBlocked(priced, "OPEN_CONTOUR");
    expect(priced.blockers[0].message).toContain("1 path does not close");
  });
});

describe("quotes with blocked items", () => {
  it("hold for manual review, show no price for the item and can be neither accepted nor sent; the refusal names the item", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    const good = await analyzedModel(client, small());
    const bad = await analyzedModel(client, oversize());
    const quote = await data<Quote>(client.post("/api/v1/quotes", { items: [fff(good.id), fff(bad.id)] }), 201);
    expect(quote.status).toBe("priced");
    expect(quote.items[0]).toMatchObject({ status: "priced", blocked: false, blockers: [] });
    expect(quote.items[1]).toMatchObject({ status: "review", blocked: true });
    expect(quote.items[1].blockers[0]).toMatchObject({ code: "PART_TOO_LARGE", fix: expect.any(String) });
    expectBlocked(quote.items[1].price!, "PART_TOO_LARGE");
    expect(quote.totals).toBeNull();
    expect(quote.review_required).toBe(true);
    expect(quote.review_reasons).toContainEqual(expect.objectContaining({ code: "ITEM_BLOCKED", item_index: 1 }));

    const refusal = await expectError(client.post(`/api/v1/quotes/${quote.id}/accept`), 422, "UNPROCESSABLE_ENTITY", "items[1]");
    expect(refusal.error.message).toMatch(/^Item 2 cannot be made as it is/);
    expect(refusal.error.message).not.toMatch(/DFM|undefined/);

    // The shop cannot send it either while the item has no price (it prices it by hand: manual-price.test.ts).
    const unsent = await expectError(t.owner.post(`/api/v1/quotes/${quote.id}/send`), 422, "UNPROCESSABLE_ENTITY", "items[1]");
    expect(unsent.error.message).toMatch(/^Item 2 cannot be made as it is and has no price yet/);
    expect((await data<Quote>(client.get(`/api/v1/quotes/${quote.id}`))).status).toBe("priced");
  });

  it("an order is refused for an accepted quote whose stored item carries a DFM error (accepted before the rule)", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    const good = await analyzedModel(client, small());
    const quote = await data<Quote>(client.post("/api/v1/quotes", { items: [fff(good.id)] }), 201);
    await data(client.post(`/api/v1/quotes/${quote.id}/accept`));
    // What an older server stored: a price with figures next to a DFM error.
    const price = {
      ...quote.items[0].price,
      blocked: undefined,
      blockers: undefined,
      dfm: [{ severity: "error", code: "PART_TOO_LARGE", message: "The part does not fit any FFF printer." }],
    };
    await (await tenantDb(t.id)).prepare("UPDATE quote_items SET price = ? WHERE id = ?").bind(JSON.stringify(price), quote.items[0].id).run();

    const shown = await data<Quote>(client.get(`/api/v1/quotes/${quote.id}`));
    expect(shown.items[0].blocked).toBe(true);
    expect(shown.items[0].price!.total).toBeNull();
    await expectError(client.post(`/api/v1/quotes/${quote.id}/purchase-order`, { po_number: "PO-1" }), 422, "UNPROCESSABLE_ENTITY", "items[0]");
    await expectError(client.post(`/api/v1/quotes/${quote.id}/checkout`), 422, "UNPROCESSABLE_ENTITY", "items[0]");
    expect(await data<unknown>(client.get(`/api/v1/quotes/${quote.id}/order`))).toBeNull();
  });
});

describe("a door over the shop's U-value limit", () => {
  // Single-glazing-like glass takes the door far over a 1.8 W/m²K limit.
  const poorDoor = { ...door, glazing_u_value: 5.8 };

  async function shopWithDoor() {
    const t = await createTenant();
    const product = await data<{ id: string }>(
      t.owner.post("/api/v1/products", { name: "Door", generator_key: "spw600e-door", params: { u_value_limit: 1.8 } }),
      201,
    );
    const customer = await registerCustomer(t.host);
    return { t, product, client: customer.client };
  }

  it("is blocked in its configuration: no price, the U-value and the limit named, the glazing to change", async () => {
    const { product, client } = await shopWithDoor();
    const conf = await data<{ id: string; engineering: { price: unknown; blocked: boolean; blockers: Blocker[]; thermal: { overall_u_value: number } } }>(
      client.post("/api/v1/configurations", { product_id: product.id, config: poorDoor }),
      201,
    );
    expect(conf.engineering.thermal.overall_u_value).toBeGreaterThan(1.8);
    expect(conf.engineering.blocked).toBe(true);
    expect(conf.engineering.price).toBeNull();
    expect(conf.engineering.blockers).toEqual([
      expect.objectContaining({ code: "U_VALUE_ABOVE_LIMIT", field: "config.glazing_u_value", fix: expect.any(String) }),
    ]);
    expect(conf.engineering.blockers[0].message).toContain("1.80 W/m²K");

    const fine = await data<{ engineering: { price: { total: number }; blocked: boolean } }>(
      client.post("/api/v1/configurations", { product_id: product.id, config: door }),
      201,
    );
    expect(fine.engineering.blocked).toBe(false);
    expect(fine.engineering.price.total).toBeGreaterThan(0);
  });

  it("makes its quote item blocked and the quote not acceptable", async () => {
    const { product, client } = await shopWithDoor();
    const conf = await data<{ id: string }>(client.post("/api/v1/configurations", { product_id: product.id, config: poorDoor }), 201);
    const quote = await data<Quote>(client.post("/api/v1/quotes", { items: [{ configuration_id: conf.id, quantity: 1 }] }), 201);
    expect(quote.items[0]).toMatchObject({ status: "review", blocked: true });
    expectBlocked(quote.items[0].price!, "U_VALUE_ABOVE_LIMIT");
    expect(quote.review_required).toBe(true);
    await expectError(client.post(`/api/v1/quotes/${quote.id}/accept`), 422, "UNPROCESSABLE_ENTITY", "items[0]");
  });

  it("is blocked by the U-value calculator when a limit is given", async () => {
    const { client } = await shopWithDoor();
    const over = await data<{ blocked: boolean; blockers: Blocker[] }>(client.post("/api/v1/engineering/u-value", { configuration: poorDoor, limit: 1.8 }));
    expect(over.blocked).toBe(true);
    expect(over.blockers[0].code).toBe("U_VALUE_ABOVE_LIMIT");
    const under = await data<{ blocked: boolean; blockers: Blocker[] }>(client.post("/api/v1/engineering/u-value", { configuration: door, limit: 1.8 }));
    expect(under).toMatchObject({ blocked: false, blockers: [] });
  });
});
