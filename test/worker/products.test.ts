import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { EXAMPLE_CABINET_PRICES } from "../../engine/products/cabinet/bom.ts";
import { EXAMPLE_DOOR_PRICES } from "../../engine/products/door/pricing.ts";
import { door } from "./fixtures.ts";
import { Client, createTenant, data, expectError, registerCustomer, type TestTenant, tenantDb } from "./helpers.ts";

type Product = { id: string; schema_version: number; config_schema: Record<string, unknown>; params: Record<string, unknown> };
type Configuration = {
  id: string;
  schema_version: number;
  config_hash: string;
  engineering: { thermal: { overall_u_value: number }; bom: unknown; price: { total: number } | null; cutting_list: { bars_used: number } };
};
type Job = { id: string; status: string; progress: number; attempts: number; error_code: string | null; result_url: string | null };

async function shopWithDoor() {
  const t = await createTenant();
  const product = await data<Product>(
    t.owner.post("/api/v1/products", { name: "SPW600e door", generator_key: "spw600e-door", params: { u_value_limit: 1.8 } }),
    201,
  );
  const customer = await registerCustomer(t.host);
  return { t, product, customer };
}

async function settledJob(c: Client, id: string, timeout = 20_000) {
  let job!: Job;
  await vi.waitFor(
    async () => {
      job = await data<Job>(c.get(`/api/v1/jobs/${id}`));
      expect(["COMPLETED", "FAILED", "CANCELLED"]).toContain(job.status);
    },
    { timeout, interval: 150 },
  );
  return job;
}

describe("products and configurations", () => {
  it("an admin creates a product; anyone on the shop sees it; a configuration gets its engineering", async () => {
    const { t, product, customer } = await shopWithDoor();
    expect(product.schema_version).toBe(1);
    expect((await data<Product[]>(new Client(t.host).get("/api/v1/products"))).map((p) => p.id)).toEqual([product.id]);
    const conf = await data<Configuration>(customer.client.post("/api/v1/configurations", { product_id: product.id, config: door, name: "Back door" }), 201);
    expect(conf.engineering.thermal.overall_u_value).toBeGreaterThan(0.8);
    expect(conf.engineering.thermal.overall_u_value).toBeLessThan(2.5);
    expect(conf.engineering.price!.total).toBeGreaterThan(0);
    expect(conf.engineering.cutting_list.bars_used).toBeGreaterThan(0);
    expect((await data<Configuration[]>(customer.client.get("/api/v1/configurations"))).map((c) => c.id)).toEqual([conf.id]);
  });

  it("a schema that is not valid JSON Schema is a 422; a new schema is a new version and old configurations keep theirs", async () => {
    const { t, product, customer } = await shopWithDoor();
    await expectError(
      t.owner.post("/api/v1/products", {
        name: "Bad",
        generator_key: "spw600e-door",
        config_schema: { type: "object", properties: { x: { type: "nonsense" } } },
      }),
      422,
      "UNPROCESSABLE_ENTITY",
    );
    const old = await data<Configuration>(customer.client.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
    const narrower = structuredClone(product.config_schema) as { properties: { frame_width: { maximum: number } } };
    narrower.properties.frame_width.maximum = 1200;
    const updated = await data<Product>(t.owner.fetch(`/api/v1/products/${product.id}`, { method: "PATCH", json: { config_schema: narrower } }));
    expect(updated.schema_version).toBe(2);
    expect((await data<Configuration>(customer.client.get(`/api/v1/configurations/${old.id}`))).schema_version).toBe(1);
    const fresh = await data<Configuration>(customer.client.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
    expect(fresh.schema_version).toBe(2);
    await expectError(customer.client.post("/api/v1/products", { name: "Mine", generator_key: "spw600e-door" }), 403, "FORBIDDEN");
    await expectError(t.owner.post("/api/v1/products", { name: "X", generator_key: "teleporter" }), 400, "VALIDATION_ERROR", "generator_key");
  });

  it("a configuration of another company is 404; deleting works for the owner", async () => {
    const { t, product, customer } = await shopWithDoor();
    const other = await registerCustomer(t.host, "Other");
    const conf = await data<Configuration>(customer.client.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
    await expectError(other.client.get(`/api/v1/configurations/${conf.id}`), 404, "NOT_FOUND");
    await expectError(other.client.delete(`/api/v1/configurations/${conf.id}`), 404, "NOT_FOUND");
    await data(customer.client.delete(`/api/v1/configurations/${conf.id}`));
    await expectError(customer.client.get(`/api/v1/configurations/${conf.id}`), 404, "NOT_FOUND");
  });
});

describe("GLB jobs", () => {
  it("generates a GLB on the queue; identical configurations reuse the file", async () => {
    const { t, product, customer } = await shopWithDoor();
    const conf = await data<Configuration>(customer.client.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
    const queued = await data<Job>(customer.client.post("/api/v1/jobs", { configuration_id: conf.id, kind: "glb" }), 202);
    expect(["QUEUED", "PROCESSING", "COMPLETED"]).toContain(queued.status);
    const done = await settledJob(customer.client, queued.id);
    expect(done).toMatchObject({ status: "COMPLETED", progress: 100, attempts: 1 });
    const glb = await customer.client.get(done.result_url!);
    expect(glb.headers.get("content-type")).toBe("model/gltf-binary");
    const bytes = new Uint8Array(await glb.arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe("glTF");

    const twin = await data<Configuration>(customer.client.post("/api/v1/configurations", { product_id: product.id, config: { ...door } }), 201);
    expect(twin.config_hash).toBe(conf.config_hash);
    await settledJob(customer.client, (await data<Job>(customer.client.post("/api/v1/jobs", { configuration_id: twin.id, kind: "glb" }), 202)).id);
    const files = await env.FILES.list({ prefix: `t/${t.id}/products/` });
    expect(files.objects).toHaveLength(1);
  });

  it("cancelling a finished job is a 409; a configuration that no longer validates fails at once", async () => {
    const { t, product, customer } = await shopWithDoor();
    const conf = await data<Configuration>(customer.client.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
    const job = await settledJob(customer.client, (await data<Job>(customer.client.post("/api/v1/jobs", { configuration_id: conf.id, kind: "glb" }), 202)).id);
    await expectError(customer.client.post(`/api/v1/jobs/${job.id}/cancel`), 409, "CONFLICT", "status");

    await (await tenantDb(t.id)).prepare("update configurations set config = json_set(config, '$.frame_width', 9000) where id = ?").bind(conf.id).run();
    const failed = await settledJob(
      customer.client,
      (await data<Job>(customer.client.post("/api/v1/jobs", { configuration_id: conf.id, kind: "glb" }), 202)).id,
    );
    expect(failed).toMatchObject({ status: "FAILED", error_code: "VALIDATION_ERROR", attempts: 1 });
  });

  it("a recoverable failure is retried with backoff (3 attempts), then FAILED with a code", async () => {
    const { t, product, customer } = await shopWithDoor();
    const conf = await data<Configuration>(customer.client.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
    // The schema row vanishing is not the customer's fault: the generator retries.
    await (await tenantDb(t.id)).prepare("delete from product_schemas where tenant_id = ? and product_id = ?").bind(t.id, product.id).run();
    const failed = await settledJob(
      customer.client,
      (await data<Job>(customer.client.post("/api/v1/jobs", { configuration_id: conf.id, kind: "glb" }), 202)).id,
      30_000,
    );
    expect(failed).toMatchObject({ status: "FAILED", error_code: "GENERATION_FAILED", attempts: 3 });
  });

  it("a job can be cancelled before it runs", async () => {
    const { product, customer } = await shopWithDoor();
    const conf = await data<Configuration>(customer.client.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
    const queued = await data<Job>(customer.client.post("/api/v1/jobs", { configuration_id: conf.id, kind: "glb" }), 202);
    const res = await customer.client.post(`/api/v1/jobs/${queued.id}/cancel`);
    if (res.status === 200) {
      expect((await settledJob(customer.client, queued.id)).status).toBe("CANCELLED");
    } else {
      // The queue was quicker than the cancel: then the job is already finished and says so.
      await expectError(res, 409, "CONFLICT", "status");
    }
  });
});

describe("engineering endpoints", () => {
  it("U-value from explicit areas, checked by hand", async () => {
    const t: TestTenant = await createTenant();
    // (1.2·2.5 + 1.4·1.1 + 0.08·6.4) / (1.2 + 1.4) = (3 + 1.54 + 0.512) / 2.6 = 1.9431
    const r = await data<{ overall_u_value: number; overall_u_value_exact: number }>(
      t.owner.post("/api/v1/engineering/u-value", {
        frame_area: 1.2,
        frame_u_value: 2.5,
        glazing_area: 1.4,
        glazing_u_value: 1.1,
        edge_length: 6.4,
        psi_value: 0.08,
      }),
    );
    expect(r.overall_u_value_exact).toBeCloseTo(5.052 / 2.6, 9);
    expect(r.overall_u_value).toBe(1.9);
    const forDoor = await data<{ overall_u_value: number }>(t.owner.post("/api/v1/engineering/u-value", { configuration: door }));
    expect(forDoor.overall_u_value).toBeGreaterThan(0);
    await expectError(
      t.owner.post("/api/v1/engineering/u-value", { frame_area: -1, frame_u_value: 2, glazing_area: 1, glazing_u_value: 1, edge_length: 1, psi_value: 0.1 }),
      400,
      "VALIDATION_ERROR",
    );
    await expectError(
      t.owner.post("/api/v1/engineering/u-value", { configuration: { ...door, frame_width: 100 } }),
      400,
      "VALIDATION_ERROR",
      "configuration.frame_width",
    );
  });

  it("cutting list with its lower bound; a cut longer than every stock length is a 422", async () => {
    const t = await createTenant();
    const r = await data<{ bars_used: number; lower_bound: number; waste_percent: number; bars: { cuts: unknown[] }[] }>(
      t.owner.post("/api/v1/engineering/cutting-list", {
        stock_lengths: [6000],
        kerf: 5,
        trim: 0,
        cuts: [{ length: 1990, quantity: 6, label: "jamb", profile: "frame" }],
      }),
    );
    // 3 × 1990 + 3 kerfs of 5 = 5985 ≤ 6000: three per bar, so 2 bars, which is also the bound ⌈6·1995 / 6005⌉ = 2.
    expect(r.bars_used).toBe(2);
    expect(r.lower_bound).toBe(2);
    expect(r.bars.flatMap((b) => b.cuts)).toHaveLength(6);
    await expectError(
      t.owner.post("/api/v1/engineering/cutting-list", { stock_lengths: [6000], cuts: [{ length: 7000, quantity: 1, label: "x", profile: "frame" }] }),
      422,
      "UNPROCESSABLE_ENTITY",
      "cuts.0.length",
    );
    await expectError(t.owner.post("/api/v1/engineering/cutting-list", { cuts: [] }), 400, "VALIDATION_ERROR", "cuts");
  });
});

describe("configured products in quotes", () => {
  it("a configuration is a quote item priced from its bill of materials", async () => {
    const { t, product, customer } = await shopWithDoor();
    const conf = await data<Configuration>(customer.client.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
    type Quote = {
      id: string;
      status: string;
      revision: number;
      items: { status: string; price: { unit_price: number; total: number; process: string; breakdown: { amount: number }[] } | null }[];
      totals: { net_total: number };
    };
    const quote = await data<Quote>(customer.client.post("/api/v1/quotes", { items: [{ configuration_id: conf.id, quantity: 2 }] }), 201);
    expect(quote.status).toBe("priced");
    const line = quote.items[0].price!;
    expect(line.process).toBe("configured");
    expect(line.unit_price).toBe(conf.engineering.price!.total); // standard lead time, factor 1
    expect(line.total).toBe(2 * line.unit_price);
    expect(line.breakdown.reduce((s, l) => s + l.amount, 0)).toBe(line.total);
    const other = await registerCustomer(t.host, "Other");
    await expectError(
      other.client.post("/api/v1/quotes", { items: [{ configuration_id: conf.id, quantity: 1 }] }),
      404,
      "NOT_FOUND",
      "items.0.configuration_id",
    );
    await expectError(
      customer.client.post("/api/v1/quotes", { items: [{ configuration_id: conf.id, quantity: 0 }] }),
      400,
      "VALIDATION_ERROR",
      "items.0.quantity",
    );
    await expectError(
      customer.client.post("/api/v1/quotes", { items: [{ configuration_id: conf.id, quantity: 1, lead_time: "yesterday" }] }),
      422,
      "UNPROCESSABLE_ENTITY",
      "items.0.lead_time",
    );
    // A revision keeps the configured item (it is priced again from its configuration).
    const revised = await data<Quote>(customer.client.post(`/api/v1/quotes/${quote.id}/revise`, {}));
    expect(revised).toMatchObject({ status: "priced", revision: 2, totals: { net_total: quote.totals.net_total } });
    expect(revised.items[0].price!.total).toBe(line.total);
  });
});

describe("product admin", () => {
  const patch = (t: TestTenant, id: string, json: unknown) => t.owner.fetch(`/api/v1/products/${id}`, { method: "PATCH", json });
  const doorPrices = (change: (p: typeof EXAMPLE_DOOR_PRICES) => void) => {
    const prices = structuredClone(EXAMPLE_DOOR_PRICES);
    change(prices);
    return prices;
  };

  it("a product shows the starter price table until the shop sets its own; name, description and activity are edited", async () => {
    const t = await createTenant();
    const doorProduct = await data<Product>(t.owner.post("/api/v1/products", { name: "Door", generator_key: "spw600e-door" }), 201);
    expect(doorProduct.params).toEqual({ prices: EXAMPLE_DOOR_PRICES });
    const cabinet = await data<Product>(
      t.owner.post("/api/v1/products", { name: "Cabinet", generator_key: "kitchen-base-cabinet", description: "Base unit" }),
      201,
    );
    expect(cabinet.params).toEqual({ prices: EXAMPLE_CABINET_PRICES });

    const prices = doorPrices((p) => (p.glass_per_m2.triple = 16_000));
    const edited = await data<Product & { name: string; description: string | null; active: boolean }>(
      patch(t, doorProduct.id, { name: "Entrance door", description: null, params: { u_value_limit: 1.4, prices }, active: false }),
    );
    expect(edited).toMatchObject({ name: "Entrance door", description: null, active: false, schema_version: 1, params: { u_value_limit: 1.4, prices } });
    // Inactive: staff still see it, visitors do not.
    await expectError(new Client(t.host).get(`/api/v1/products/${doorProduct.id}`), 404, "NOT_FOUND");
    expect((await data<Product[]>(t.owner.get("/api/v1/products"))).map((p) => p.id)).toContain(doorProduct.id);
    // Back to the starter table.
    expect((await data<Product>(patch(t, doorProduct.id, { params: null, active: true }))).params).toEqual({ prices: EXAMPLE_DOOR_PRICES });
  });

  it.each<[string, unknown, string]>([
    ["a negative profile price", { prices: doorPrices((p) => (p.profile_per_m["SPW600e-FRAME-75"] = -1)) }, "params.prices.profile_per_m.SPW600e-FRAME-75"],
    ["a price in fractions of a cent", { prices: doorPrices((p) => (p.glass_per_m2.double = 95.5)) }, "params.prices.glass_per_m2.double"],
    [
      "a price that is not a number",
      { prices: doorPrices((p) => ((p.finish_per_m as Record<string, unknown>).anodised = "520")) },
      "params.prices.finish_per_m.anodised",
    ],
    ["a missing item price", { prices: doorPrices((p) => delete (p.items as Partial<typeof p.items>)["FIXING-SS-A2"]) }, "params.prices.items.FIXING-SS-A2"],
    ["an item the door never uses", { prices: doorPrices((p) => (p.items["HINGE-GOLD"] = 100)) }, "params.prices.items.HINGE-GOLD"],
    ["negative labour hours", { prices: doorPrices((p) => (p.labour.hours_per_leaf = -2)) }, "params.prices.labour.hours_per_leaf"],
    ["a currency that is not ISO 4217", { prices: doorPrices((p) => (p.currency = "euro")) }, "params.prices.currency"],
    ["another currency than the price book's", { prices: doorPrices((p) => (p.currency = "USD")) }, "params.prices.currency"],
    ["a U-value limit out of range", { u_value_limit: 12 }, "params.u_value_limit"],
    ["a parameter the door does not have", { colour_limit: 3 }, "params.colour_limit"],
  ])("refuses %s with a 422 naming the field", async (_name, params, field) => {
    const { t, product } = await shopWithDoor();
    const body = await expectError(patch(t, product.id, { params }), 422, "UNPROCESSABLE_ENTITY", field);
    expect(body.error.details.length).toBeGreaterThan(0);
    await expectError(t.owner.post("/api/v1/products", { name: "Door", generator_key: "spw600e-door", params }), 422, "UNPROCESSABLE_ENTITY", field);
    // Nothing changed.
    expect((await data<Product>(t.owner.get(`/api/v1/products/${product.id}`))).params).toEqual({ u_value_limit: 1.8, prices: EXAMPLE_DOOR_PRICES });
  });

  it("a cabinet takes the cabinet's price table, not the door's", async () => {
    const t = await createTenant();
    await expectError(
      t.owner.post("/api/v1/products", { name: "Cabinet", generator_key: "kitchen-base-cabinet", params: { prices: EXAMPLE_DOOR_PRICES } }),
      422,
      "UNPROCESSABLE_ENTITY",
      "params.prices.unit_prices",
    );
    const prices = { ...EXAMPLE_CABINET_PRICES, labour_per_cabinet: 9000 };
    expect(
      (await data<Product>(t.owner.post("/api/v1/products", { name: "Cabinet", generator_key: "kitchen-base-cabinet", params: { prices } }), 201)).params,
    ).toEqual({ prices });
  });

  it("new prices price new configurations and quotes; a quote keeps its price until it is revised", async () => {
    const { t, product, customer } = await shopWithDoor();
    type Quote = { id: string; status: string; revision: number; items: { status: string; price: { unit_price: number } | null }[] };
    const conf = await data<Configuration>(customer.client.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
    const before = conf.engineering.price!.total;
    const quote = await data<Quote>(customer.client.post("/api/v1/quotes", { items: [{ configuration_id: conf.id, quantity: 1 }] }), 201);
    expect(quote.items[0].price!.unit_price).toBe(before);

    // Labour from 48.00 to 60.00 an hour: 4 h for a single door = +48.00.
    await data(patch(t, product.id, { params: { u_value_limit: 1.8, prices: doorPrices((p) => (p.labour.rate_per_hour = 6000)) } }));
    const after = (await data<Configuration>(customer.client.get(`/api/v1/configurations/${conf.id}`))).engineering.price!.total;
    expect(after).toBe(before + 4800);

    // Editing the quote without touching its items re-prices it: the configured item keeps its price.
    const touched = await data<Quote>(customer.client.fetch(`/api/v1/quotes/${quote.id}`, { method: "PATCH", json: { title: "Back door" } }));
    expect(touched.items[0]).toMatchObject({ status: "priced", price: { unit_price: before } });
    const revised = await data<Quote>(customer.client.post(`/api/v1/quotes/${quote.id}/revise`, { reason: "new door prices" }));
    expect(revised).toMatchObject({ revision: 2, status: "priced" });
    expect(revised.items[0].price!.unit_price).toBe(after);
    const fresh = await data<Quote>(customer.client.post("/api/v1/quotes", { items: [{ configuration_id: conf.id, quantity: 1 }] }), 201);
    expect(fresh.items[0].price!.unit_price).toBe(after);
  });

  it("lists the schema versions newest first, to staff only", async () => {
    const { t, product, customer } = await shopWithDoor();
    const narrower = structuredClone(product.config_schema) as { properties: { frame_height: { maximum: number } } };
    narrower.properties.frame_height.maximum = 2200;
    await data(patch(t, product.id, { config_schema: narrower }));
    // The same schema again (keys in another order) is no change: no new version.
    const same = Object.fromEntries(Object.entries(narrower).reverse());
    expect((await data<Product>(patch(t, product.id, { name: "Renamed", config_schema: same }))).schema_version).toBe(2);
    const versions = await data<{ version: number; created_at: string; config_schema: typeof narrower }[]>(
      t.owner.get(`/api/v1/products/${product.id}/schemas`),
    );
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions[0].config_schema.properties.frame_height.maximum).toBe(2200);
    expect(versions[1].config_schema).toEqual(product.config_schema);
    await expectError(customer.client.get(`/api/v1/products/${product.id}/schemas`), 403, "FORBIDDEN");
  });

  it("a bad schema names its path; another shop's product is a 404 everywhere", async () => {
    const { t, product } = await shopWithDoor();
    await expectError(
      patch(t, product.id, { config_schema: { type: "object", properties: { frame_width: { type: "length" } } } }),
      422,
      "UNPROCESSABLE_ENTITY",
      "/config_schema/properties/frame_width/type",
    );
    const other = await createTenant();
    await expectError(other.owner.get(`/api/v1/products/${product.id}`), 404, "NOT_FOUND");
    await expectError(other.owner.get(`/api/v1/products/${product.id}/schemas`), 404, "NOT_FOUND");
    await expectError(patch(other, product.id, { params: { u_value_limit: 1.2 } }), 404, "NOT_FOUND");
    await expectError(other.owner.post("/api/v1/configurations", { product_id: product.id, config: door }), 404, "NOT_FOUND", "product_id");
    expect((await data<Product>(t.owner.get(`/api/v1/products/${product.id}`))).params).toMatchObject({ u_value_limit: 1.8 });
  });
});
