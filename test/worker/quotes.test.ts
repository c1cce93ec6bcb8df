import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { QuoteCoordinator } from "../../durable-objects/quote-coordinator.ts";
import { describe, expect, it, vi } from "vitest";
import { Client, createTenant, data, expectError, registerCustomer, tenantDb } from "./helpers.ts";
import { PDFDocument, PDFName, PDFRawStream } from "pdf-lib";
import { binaryStl, boxTriangles, door } from "./fixtures.ts";
import { demoCatalog } from "../../engine/pricing/demo-catalog.ts";

type Quote = {
  id: string;
  number: string;
  status: string;
  revision: number;
  price_book_version: string;
  review_required: boolean;
  totals: { net_total: number; orderable: boolean } | null;
  items: {
    id: string;
    configuration_id: string | null;
    status: string;
    price: { total: number; unit_price: number; dfm: { severity: string; code: string }[]; breakdown: { amount: number }[]; price_book_version: string } | null;
    price_differs: boolean;
  }[];
  revisions?: { revision: number; snapshot: { price_book_version: string } }[];
};
type Model = { id: string; status: string; analysis: Record<string, unknown> | null };

const stl = (size: [number, number, number]) => binaryStl(boxTriangles(size));
const openBox = () => binaryStl(boxTriangles([20, 20, 20]).slice(0, 10)); // two faces missing: not watertight

async function analyzedModel(c: Client, bytes: Uint8Array<ArrayBuffer>): Promise<Model> {
  const res = await c.fetch("/api/v1/models?filename=part.stl", { method: "POST", body: bytes });
  const model = (await res.json<{ data: Model }>()).data;
  let settled = model;
  await vi.waitFor(
    async () => {
      settled = await data<Model>(c.get(`/api/v1/models/${model.id}`));
      expect(settled.status).not.toBe("pending");
    },
    { timeout: 15_000, interval: 100 },
  );
  return settled;
}

/** Pictures drawn in a PDF: images carrying a soft mask (each PNG with alpha is an image plus its mask). */
async function picturesIn(pdf: Uint8Array): Promise<number> {
  const doc = await PDFDocument.load(pdf);
  return doc.context
    .enumerateIndirectObjects()
    .filter(([, o]) => o instanceof PDFRawStream && o.dict.get(PDFName.of("Subtype")) === PDFName.of("Image") && o.dict.has(PDFName.of("SMask"))).length;
}

const item = (model_id: string, extra: Record<string, unknown> = {}) => ({ model_id, process: "fff", material: "pla", quantity: 2, ...extra });

async function shopWithCustomer() {
  const t = await createTenant();
  const customer = await registerCustomer(t.host);
  const model = await analyzedModel(customer.client, stl([40, 30, 20]));
  return { t, customer, model };
}

describe("catalogue and price books", () => {
  it("a new shop publishes a starter price book, public on its host, with an ETag", async () => {
    const t = await createTenant();
    const guest = new Client(t.host);
    const res = await guest.get("/api/v1/catalog");
    const catalog = (
      await res.json<{
        data: {
          price_book_version: string;
          currency: string;
          materials: { code: string }[];
          lead_times: unknown[];
          quantity_breaks: unknown[];
          processes: Record<string, unknown>;
        };
      }>()
    ).data;
    expect(catalog.price_book_version).toBe("1");
    expect(catalog.currency).toBe("EUR");
    expect(catalog.materials.map((m) => m.code)).toEqual(
      expect.arrayContaining(["pla", "petg", "pa12", "resin-tough", "al-6061", "pom-c", "s235", "pmma-cast"]),
    );
    expect(Object.keys(catalog.processes).sort()).toEqual(["cnc", "fff", "laser", "sla"]);
    const etag = res.headers.get("etag")!;
    expect((await guest.get("/api/v1/catalog", { headers: { "if-none-match": etag } })).status).toBe(304);
  });

  it("publishing makes a new version and closes the old one; old versions stay readable", async () => {
    const t = await createTenant();
    const book = { ...demoCatalog, minimum_order_value: 5000 };
    const published = await data<{ price_book_version: string }>(t.owner.post("/api/v1/price-books", { book, note: "higher minimum" }), 201);
    expect(published.price_book_version).toBe("2");
    expect((await data<{ price_book_version: string }>(new Client(t.host).get("/api/v1/catalog"))).price_book_version).toBe("2");
    const versions = await data<{ version: number; valid_to: string | null }[]>(t.owner.get("/api/v1/price-books"));
    expect(versions.map((v) => [v.version, v.valid_to === null])).toEqual([
      [2, true],
      [1, false],
    ]);
    const v1 = await data<{ minimum_order_value: number }>(t.owner.get("/api/v1/price-books/1"));
    expect(v1.minimum_order_value).toBe(demoCatalog.minimum_order_value);
  });

  it("an invalid price book is a 422 naming the field, and customers may not publish", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    const bad = { ...demoCatalog, materials: [{ ...demoCatalog.materials[0], density_g_cm3: -1 }, ...demoCatalog.materials.slice(1)] };
    const body = await expectError(t.owner.post("/api/v1/price-books", { book: bad }), 422, "UNPROCESSABLE_ENTITY");
    expect(body.error.details[0].field).toMatch(/^book\.materials\.0\./);
    await expectError(client.post("/api/v1/price-books", { book: demoCatalog }), 403, "FORBIDDEN");
    expect((await data<unknown[]>(t.owner.get("/api/v1/price-books"))).length).toBe(1);
  });
});

describe("POST /api/v1/price", () => {
  it("prices an analysis or a model, with a breakdown that adds up and the book version", async () => {
    const { t, customer, model } = await shopWithCustomer();
    const byModel = await data<{
      total: number;
      unit_price: number;
      quantity: number;
      breakdown: { amount: number }[];
      price_book_version: string;
      quantity_breaks: { quantity: number }[];
    }>(customer.client.post("/api/v1/price", { model_id: model.id, process: "fff", material: "pla", quantity: 3 }));
    expect(byModel.total).toBe(byModel.unit_price * 3);
    expect(byModel.breakdown.reduce((s, l) => s + l.amount, 0)).toBe(byModel.total);
    expect(byModel.price_book_version).toBe("1");
    expect(byModel.quantity_breaks[0].quantity).toBe(1);
    const byAnalysis = await data<{ total: number }>(
      new Client(t.host).post("/api/v1/price", { analysis: model.analysis, process: "fff", material: "pla", quantity: 3 }),
    );
    expect(byAnalysis.total).toBe(byModel.total);
  });

  it("refuses bad options by field", async () => {
    const { customer, model } = await shopWithCustomer();
    const c = customer.client;
    const base = { model_id: model.id, process: "fff", material: "pla", quantity: 1 };
    await expectError(c.post("/api/v1/price", { ...base, material: "unobtainium" }), 422, "UNPROCESSABLE_ENTITY", "material");
    await expectError(c.post("/api/v1/price", { ...base, material: "al-6061" }), 422, "UNPROCESSABLE_ENTITY", "material");
    for (const quantity of [0, -1, 1.5, 10_000_000]) await expectError(c.post("/api/v1/price", { ...base, quantity }), 400, "VALIDATION_ERROR", "quantity");
    await expectError(c.post("/api/v1/price", { ...base, quantity: 50_000 }), 422, "UNPROCESSABLE_ENTITY", "quantity");
    await expectError(c.post("/api/v1/price", { ...base, process: "waterjet" }), 400, "VALIDATION_ERROR", "process");
    await expectError(c.post("/api/v1/price", { process: "fff", material: "pla", quantity: 1 }), 400, "VALIDATION_ERROR", "model_id");
    await expectError(c.post("/api/v1/price", { ...base, model_id: crypto.randomUUID() }), 404, "NOT_FOUND", "model_id");
    await expectError(
      c.post("/api/v1/price", { analysis: { kind: "mesh", volume_mm3: "lots" }, process: "fff", material: "pla", quantity: 1 }),
      400,
      "VALIDATION_ERROR",
    );
  });

  it("a part larger than every machine is a DFM error, not a failure", async () => {
    const { customer } = await shopWithCustomer();
    const huge = await analyzedModel(customer.client, stl([900, 900, 900]));
    const priced = await data<{ orderable: boolean; dfm: { severity: string; code: string }[] }>(
      customer.client.post("/api/v1/price", { model_id: huge.id, process: "fff", material: "pla", quantity: 1 }),
    );
    expect(priced.orderable).toBe(false);
    expect(priced.dfm).toContainEqual(expect.objectContaining({ severity: "error", code: "PART_TOO_LARGE" }));
  });

  it("a mesh that is not watertight is a DFM error for printing, pointing at the open edges", async () => {
    const { customer } = await shopWithCustomer();
    const open = await analyzedModel(customer.client, openBox());
    expect(open.analysis!.watertight).toBe(false);
    const priced = await data<{ orderable: boolean; dfm: { severity: string; faces?: string }[] }>(
      customer.client.post("/api/v1/price", { model_id: open.id, process: "sla", material: "resin-standard", quantity: 1 }),
    );
    expect(priced.orderable).toBe(false);
    expect(priced.dfm).toContainEqual(expect.objectContaining({ severity: "error", faces: "open_edges" }));
  });
});

describe("quotes", () => {
  it("creates a priced quote numbered Q-YYYY-NNNN from an analysed part", async () => {
    const { customer, model } = await shopWithCustomer();
    const quote = await data<Quote>(customer.client.post("/api/v1/quotes", { items: [item(model.id)], title: "Brackets" }), 201);
    expect(quote.number).toBe(`Q-${new Date().getUTCFullYear()}-0001`);
    expect(quote.status).toBe("priced");
    expect(quote.price_book_version).toBe("1");
    expect(quote.items[0].status).toBe("priced");
    expect(quote.totals!.net_total).toBeGreaterThanOrEqual(quote.items[0].price!.total);
  });

  it("a quote on a part still being analysed is priced when the analysis lands", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    const res = await client.fetch("/api/v1/models?filename=fresh.stl", { method: "POST", body: stl([11, 12, 13]) });
    const model = (await res.json<{ data: Model }>()).data;
    const quote = await data<Quote>(client.post("/api/v1/quotes", { items: [item(model.id)] }), 201);
    expect(["pricing", "priced"]).toContain(quote.status);
    await vi.waitFor(async () => expect((await data<Quote>(client.get(`/api/v1/quotes/${quote.id}`))).status).toBe("priced"), {
      timeout: 15_000,
      interval: 100,
    });
  });

  it("numbers stay unique and gapless under concurrent creation", async () => {
    const { customer, model } = await shopWithCustomer();
    const created = await Promise.all(Array.from({ length: 10 }, () => data<Quote>(customer.client.post("/api/v1/quotes", { items: [item(model.id)] }), 201)));
    const year = new Date().getUTCFullYear();
    expect(created.map((q) => q.number).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `Q-${year}-${String(i + 1).padStart(4, "0")}`));
  });

  it("Idempotency-Key: the same key and body give the same quote; another body is a 409", async () => {
    const { t, customer, model } = await shopWithCustomer();
    const headers = { "idempotency-key": `create-${crypto.randomUUID()}` };
    const body = { items: [item(model.id)] };
    const first = await data<Quote>(customer.client.post("/api/v1/quotes", body, { headers }), 201);
    const again = await customer.client.post("/api/v1/quotes", body, { headers });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect((await again.json<{ data: Quote }>()).data.id).toBe(first.id);
    await expectError(customer.client.post("/api/v1/quotes", { items: [item(model.id, { quantity: 5 })] }, { headers }), 409, "CONFLICT", "Idempotency-Key");
    const count = await (await tenantDb(t.id)).prepare("select count(*) n from quotes where id = ?").bind(first.id).first<{ n: number }>();
    expect(count!.n).toBe(1);
  });

  it("Idempotency-Key belongs to its caller: another customer or guest with the same key is neither blocked nor replayed", async () => {
    const { t, customer, model } = await shopWithCustomer();
    const headers = { "idempotency-key": "order-1" };
    const mine = await data<Quote>(customer.client.post("/api/v1/quotes", { items: [item(model.id)] }, { headers }), 201);
    const colleague = await registerCustomer(t.host, "Other");
    const theirModel = await analyzedModel(colleague.client, stl([30, 30, 30]));
    const theirs = await colleague.client.post("/api/v1/quotes", { items: [item(theirModel.id)] }, { headers });
    expect(theirs.status, await theirs.clone().text()).toBe(201);
    expect(theirs.headers.get("idempotent-replayed")).toBeNull();
    expect((await theirs.json<{ data: Quote }>()).data.id).not.toBe(mine.id);

    const guests = [new Client(t.host), new Client(t.host)];
    const created: string[] = [];
    for (const guest of guests) {
      const own = await analyzedModel(guest, stl([25, 25, 25]));
      const body = { items: [item(own.id)], contact_email: "guest@example.test" };
      const first = await data<Quote>(guest.post("/api/v1/quotes", body, { headers }), 201);
      const again = await guest.post("/api/v1/quotes", body, { headers });
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect((await again.json<{ data: Quote }>()).data.id).toBe(first.id);
      created.push(first.id);
    }
    expect(new Set(created).size).toBe(2);
  });

  it("keeps its price-book version while a new one is published; a revision moves to the new one and keeps history", async () => {
    const { t, customer, model } = await shopWithCustomer();
    const quote = await data<Quote>(customer.client.post("/api/v1/quotes", { items: [item(model.id)] }), 201);
    const dearer = { ...demoCatalog, margin: { ...demoCatalog.margin, target: Math.min(0.9, demoCatalog.margin.target + 0.2) } };
    await data(t.owner.post("/api/v1/price-books", { book: dearer }), 201);
    const still = await data<Quote>(customer.client.get(`/api/v1/quotes/${quote.id}`));
    expect(still.price_book_version).toBe("1");
    expect(still.items[0].price!.total).toBe(quote.items[0].price!.total);
    const revised = await data<Quote>(customer.client.post(`/api/v1/quotes/${quote.id}/revise`, { reason: "new prices" }));
    expect(revised).toMatchObject({ revision: 2, price_book_version: "2", status: "priced" });
    expect(revised.items[0].price!.total).toBeGreaterThan(quote.items[0].price!.total);
    const full = await data<Quote>(customer.client.get(`/api/v1/quotes/${quote.id}`));
    expect(full.revisions!.map((r) => [r.revision, r.snapshot.price_book_version])).toEqual([[1, "1"]]);
  });

  it("concurrent revisions each land once or are refused with a 409, never a 500", async () => {
    const { customer, model } = await shopWithCustomer();
    const quote = await data<Quote>(customer.client.post("/api/v1/quotes", { items: [item(model.id)] }), 201);
    const answers = await Promise.all(Array.from({ length: 4 }, () => customer.client.post(`/api/v1/quotes/${quote.id}/revise`, { reason: "again" })));
    const statuses = answers.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    for (const refused of answers.filter((r) => r.status === 409))
      expect((await refused.json<{ error: { details: { field: string }[] } }>()).error.details[0].field).toBe("revision");
    const landed = statuses.filter((s) => s === 200).length;
    expect(landed).toBeGreaterThan(0);
    const final = await data<Quote>(customer.client.get(`/api/v1/quotes/${quote.id}`));
    expect(final.revision).toBe(1 + landed);
    expect(final.revisions!.map((r) => r.revision)).toEqual(Array.from({ length: landed }, (_, i) => landed - i));
  });

  it("goes sent → accepted; only the shop sends; an accepted quote cannot be revised", async () => {
    const { t, customer, model } = await shopWithCustomer();
    const quote = await data<Quote>(customer.client.post("/api/v1/quotes", { items: [item(model.id)] }), 201);
    await expectError(customer.client.post(`/api/v1/quotes/${quote.id}/send`), 403, "FORBIDDEN");
    expect((await data<Quote>(t.owner.post(`/api/v1/quotes/${quote.id}/send`))).status).toBe("sent");
    expect((await data<Quote>(customer.client.post(`/api/v1/quotes/${quote.id}/accept`))).status).toBe("accepted");
    await expectError(customer.client.post(`/api/v1/quotes/${quote.id}/revise`), 409, "CONFLICT", "status");
    await expectError(customer.client.post(`/api/v1/quotes/${quote.id}/reject`), 409, "CONFLICT", "status");
  });

  it("accepting an expired quote is a 409 and the quote is expired", async () => {
    const { t, customer, model } = await shopWithCustomer();
    const quote = await data<Quote>(customer.client.post("/api/v1/quotes", { items: [item(model.id)] }), 201);
    await (await tenantDb(t.id))
      .prepare("update quotes set valid_until = ? where id = ?")
      .bind(Date.now() - 1000, quote.id)
      .run();
    await expectError(customer.client.post(`/api/v1/quotes/${quote.id}/accept`), 409, "CONFLICT", "valid_until");
    expect((await data<Quote>(customer.client.get(`/api/v1/quotes/${quote.id}`))).status).toBe("expired");
  });

  it("a review rule holds the quote until the shop sends it", async () => {
    const { t, customer, model } = await shopWithCustomer();
    const quote = await data<Quote>(customer.client.post("/api/v1/quotes", { items: [item(model.id, { quantity: 2000 })] }), 201);
    expect(quote.review_required).toBe(true);
    await expectError(customer.client.post(`/api/v1/quotes/${quote.id}/accept`), 409, "CONFLICT", "review_required");
    await data(t.owner.post(`/api/v1/quotes/${quote.id}/send`));
    expect((await data<Quote>(customer.client.post(`/api/v1/quotes/${quote.id}/accept`))).status).toBe("accepted");
  });

  it("a quote with a part that cannot be made cannot be accepted", async () => {
    const { customer } = await shopWithCustomer();
    const open = await analyzedModel(customer.client, openBox());
    const quote = await data<Quote>(customer.client.post("/api/v1/quotes", { items: [item(open.id)] }), 201);
    // Nothing in it has a price, so the quote has no totals; the item waits for the shop's review.
    expect(quote.totals).toBeNull();
    expect(quote.items[0].status).toBe("review");
    await expectError(customer.client.post(`/api/v1/quotes/${quote.id}/accept`), 422, "UNPROCESSABLE_ENTITY", "items[0]");
  });

  it("flags a server price that differs from the browser's preview", async () => {
    const { customer, model } = await shopWithCustomer();
    const quote = await data<Quote>(customer.client.post("/api/v1/quotes", { items: [item(model.id, { preview_total: 1 })] }), 201);
    expect(quote.items[0].price_differs).toBe(true);
    expect(quote.items[0].price!.total).not.toBe(1);
  });

  it("PATCH changes items of an open quote and re-prices them", async () => {
    const { customer, model } = await shopWithCustomer();
    const quote = await data<Quote>(customer.client.post("/api/v1/quotes", { items: [item(model.id)] }), 201);
    const patched = await data<Quote>(
      customer.client.fetch(`/api/v1/quotes/${quote.id}`, { method: "PATCH", json: { items: [item(model.id, { quantity: 20 })], title: "More" } }),
    );
    expect(patched.items[0].price!.total).toBeGreaterThan(quote.items[0].price!.total);
    await expectError(
      customer.client.fetch(`/api/v1/quotes/${quote.id}`, { method: "PATCH", json: { items: [item(model.id, { material: "nope" })] } }),
      422,
      "UNPROCESSABLE_ENTITY",
      "items.0.material",
    );
  });

  it("refuses bad quote input by field, writing nothing", async () => {
    const { t, customer, model } = await shopWithCustomer();
    const other = await registerCustomer(t.host, "Other");
    const foreign = await analyzedModel(other.client, stl([5, 5, 5]));
    const c = customer.client;
    await expectError(c.post("/api/v1/quotes", { items: [] }), 400, "VALIDATION_ERROR", "items");
    await expectError(c.post("/api/v1/quotes", { items: [item(foreign.id)] }), 404, "NOT_FOUND", "items.0.model_id");
    await expectError(c.post("/api/v1/quotes", { items: [item(model.id, { material: "resin-tough" })] }), 422, "UNPROCESSABLE_ENTITY", "items.0.material");
    await expectError(c.post("/api/v1/quotes", { items: [item(model.id, { quantity: 0 })] }), 400, "VALIDATION_ERROR", "items.0.quantity");
    await expectError(c.post("/api/v1/quotes", { items: [item(model.id)], discount: 50 }), 400, "VALIDATION_ERROR", "discount");
    await expectError(new Client(t.host).post("/api/v1/quotes", { items: [item(model.id)] }), 400, "VALIDATION_ERROR", "contact_email");
    const n = await (await tenantDb(t.id)).prepare("select count(*) n from quotes where tenant_id = ?").bind(t.id).first<{ n: number }>();
    expect(n!.n).toBe(0);
  });

  it("a guest saves a quote with an e-mail and sees it; others do not", async () => {
    const t = await createTenant();
    const guest = new Client(t.host);
    const model = await analyzedModel(guest, stl([10, 10, 10]));
    const quote = await data<Quote>(guest.post("/api/v1/quotes", { items: [item(model.id)], contact_email: "guest@example.test" }), 201);
    expect((await data<Quote>(guest.get(`/api/v1/quotes/${quote.id}`))).id).toBe(quote.id);
    await expectError(new Client(t.host).get(`/api/v1/quotes/${quote.id}`), 401, "UNAUTHORIZED");
    const stranger = await registerCustomer(t.host, "Stranger");
    await expectError(stranger.client.get(`/api/v1/quotes/${quote.id}`), 404, "NOT_FOUND");
  });

  it("renders a PDF", async () => {
    const { customer, model } = await shopWithCustomer();
    const quote = await data<Quote>(customer.client.post("/api/v1/quotes", { items: [item(model.id)] }), 201);
    const res = await customer.client.get(`/api/v1/quotes/${quote.id}/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe("%PDF-");
    expect(bytes.length).toBeGreaterThan(1000);
    expect(await picturesIn(bytes)).toBe(1);
  });

  it("draws every line's picture in the PDF: the part's thumbnail and the configured door", async () => {
    const { t, customer, model } = await shopWithCustomer();
    const product = await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "Door", generator_key: "spw600e-door" }), 201);
    const conf = await data<{ id: string }>(customer.client.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
    const quote = await data<Quote>(customer.client.post("/api/v1/quotes", { items: [item(model.id), { configuration_id: conf.id, quantity: 1 }] }), 201);
    expect(quote.items.map((i) => i.configuration_id)).toEqual([null, conf.id]);
    const res = await customer.client.get(`/api/v1/quotes/${quote.id}/pdf`);
    expect(await picturesIn(new Uint8Array(await res.arrayBuffer()))).toBe(2);
  });

  it("pushes live status over a WebSocket", async () => {
    const { t, customer, model } = await shopWithCustomer();
    const quote = await data<Quote>(customer.client.post("/api/v1/quotes", { items: [item(model.id)] }), 201);
    const res = await customer.client.get(`/api/v1/quotes/${quote.id}/live`, { headers: { upgrade: "websocket" } });
    expect(res.status).toBe(101);
    const ws = res.webSocket!;
    ws.accept();
    const messages: { status: string }[] = [];
    const sent = new Promise<void>((resolve) =>
      ws.addEventListener("message", (e) => {
        messages.push(JSON.parse(e.data as string));
        if (messages.some((m) => m.status === "sent")) resolve();
      }),
    );
    await data(t.owner.post(`/api/v1/quotes/${quote.id}/send`));
    await sent;
    expect(messages[0].status).toBe("priced");
    ws.close(1000);
    const stranger = await registerCustomer(t.host, "Stranger");
    await expectError(stranger.client.get(`/api/v1/quotes/${quote.id}/live`, { headers: { upgrade: "websocket" } }), 404, "NOT_FOUND");
  });
});

describe("quote.priced", () => {
  it("is written to the outbox in the same batch that prices the quote, once", async () => {
    const { t, customer, model } = await shopWithCustomer();
    const quote = await data<Quote>(customer.client.post("/api/v1/quotes", { items: [item(model.id)] }), 201);
    await data(customer.client.fetch(`/api/v1/quotes/${quote.id}`, { method: "PATCH", json: { title: "Still priced" } }));
    const rows = await (await tenantDb(t.id))
      .prepare("select payload from outbound_events where tenant_id = ? and type = 'quote.priced'")
      .bind(t.id)
      .all<{ payload: string }>();
    expect(rows.results).toHaveLength(1);
    expect(JSON.parse(rows.results[0].payload)).toMatchObject({ quote_id: quote.id, quote_number: quote.number, net_total: quote.totals!.net_total });
  });
});

describe("the live-quote WebSocket", () => {
  it("refuses an upgrade from a foreign Origin, a sibling shop included, and accepts the shop's own", async () => {
    const { t, customer, model } = await shopWithCustomer();
    const quote = await data<Quote>(customer.client.post("/api/v1/quotes", { items: [item(model.id)] }), 201);
    const live = (origin: string) => customer.client.get(`/api/v1/quotes/${quote.id}/live`, { headers: { upgrade: "websocket", origin } });
    for (const foreign of ["https://evil.example", "http://other-shop.localhost", `https://${t.host}`]) {
      const res = await live(foreign);
      expect(res.status, foreign).toBe(403);
      expect(res.webSocket).toBeNull();
      expect(await res.json()).toMatchObject({ error: { code: "FORBIDDEN", details: [{ field: "Origin" }] } });
    }
    const own = await live(`http://${t.host}`);
    expect(own.status).toBe(101);
    own.webSocket!.accept();
    own.webSocket!.close(1000);
  });

  it("a socket dropped without a close frame (1006) closes cleanly in the coordinator", async () => {
    const stub = env.QUOTE_COORDINATOR.getByName(`t:${crypto.randomUUID()}`);
    await runInDurableObject(stub, async (coordinator: QuoteCoordinator) => {
      const { 1: server } = new WebSocketPair();
      server.accept();
      await expect(coordinator.webSocketClose(server, 1006)).resolves.toBeUndefined();
    });
  });
});
