import { pdfText } from "./pdf-text.ts";
import { describe, expect, it, vi } from "vitest";
import { Client, createTenant, data, expectError, registerCustomer } from "./helpers.ts";
import { binaryStl, boxTriangles, door, svgRectangle } from "./fixtures.ts";
import { demoCatalog } from "../../engine/pricing/demo-catalog.ts";
import { compilePriceBook, price, type SellBook } from "../../engine/pricing/index.ts";
import { PRIVATE_KEYS, privatePatterns, sentinelBook } from "./sentinel-book.ts";
import type { Analysis } from "../../engine/mesh/types.ts";

/**
 * Private names in a JSON value: a key only the shop's book has, or a string
 * such as a breakdown line's code or label "margin". A door's thermal
 * `limit.margin` (headroom under the U-value limit) is engineering, not money.
 */
function privateNames(value: unknown, path = "", out: string[] = []): string[] {
  if (typeof value === "string" && /^margin$/i.test(value)) out.push(`${path} = "${value}"`);
  else if (Array.isArray(value)) value.forEach((v, i) => privateNames(v, `${path}.${i}`, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const at = `${path}.${k}`;
      if (PRIVATE_KEYS.includes(k) && !at.endsWith(".limit.margin")) out.push(at);
      privateNames(v, at, out);
    }
  }
  return out;
}

async function analyzedModel(c: Client, bytes: Uint8Array<ArrayBuffer>, filename: string) {
  const created = await data<{ id: string }>(c.fetch(`/api/v1/models?filename=${filename}`, { method: "POST", body: bytes }), 202);
  let model = { id: created.id, status: "pending", analysis: null as Analysis | null };
  await vi.waitFor(
    async () => {
      model = await data(c.get(`/api/v1/models/${created.id}`));
      expect(model.status).not.toBe("pending");
    },
    { timeout: 15_000, interval: 100 },
  );
  expect(model.status).toBe("analyzed");
  return model;
}

type QuoteView = {
  id: string;
  review_required: boolean;
  review_reasons: { code: string; message: string }[];
  items: { id: string; status: string; price: { total: number } | null }[];
};

describe("the customer book: nothing private leaves the Worker", () => {
  it("no cost, rate, margin, floor or review threshold appears in any customer or anonymous response", async () => {
    const t = await createTenant();
    const { book, values } = sentinelBook();
    await data(t.owner.post("/api/v1/price-books", { book }), 201);
    const product = await data<{ id: string }>(
      t.owner.post("/api/v1/products", { name: "SPW600e door", generator_key: "spw600e-door", params: { u_value_limit: 1.8 } }),
      201,
    );

    const guest = new Client(t.host);
    const { client: customer } = await registerCustomer(t.host);
    const seen: { what: string; body: string }[] = [];
    const json = async (what: string, res: Promise<Response>, status = 200) => {
      const r = await res;
      const body = await r.text();
      expect(r.status, `${what}: ${body}`).toBe(status);
      seen.push({ what, body });
      return JSON.parse(body).data;
    };

    await json("GET /catalog (guest)", guest.get("/api/v1/catalog"));
    await json("GET /catalog (customer)", customer.get("/api/v1/catalog"));

    const part = await analyzedModel(customer, binaryStl(boxTriangles([40, 30, 20])), "part.stl");
    const sheet = await analyzedModel(customer, svgRectangle(120, 60), "plate.svg");
    await json("GET /models", customer.get("/api/v1/models"));
    await json("GET /models/{id}", customer.get(`/api/v1/models/${part.id}`));
    const options = [
      { process: "fff", material: "pla", finish: "sanded", quantity: 3 },
      { process: "sla", material: "resin-tough", quantity: 2, lead_time: "express" },
      { process: "cnc", material: "al-6061", finish: "anodized-clear", quantity: 500, lead_time: "economy" },
    ];
    for (const o of options) {
      await json(`POST /price ${o.process} (customer)`, customer.post("/api/v1/price", { model_id: part.id, ...o }));
      await json(`POST /price ${o.process} (guest)`, guest.post("/api/v1/price", { analysis: part.analysis, ...o }));
    }
    const laser = { process: "laser", material: "s235", thickness_mm: 2, finish: "powder-coated", quantity: 10 };
    await json("POST /price laser", guest.post("/api/v1/price", { analysis: sheet.analysis, ...laser }));
    await json(
      "POST /price refused finish",
      guest.post("/api/v1/price", { analysis: part.analysis, process: "cnc", material: "pom-c", finish: "as-printed", quantity: 1 }),
      422,
    );

    const conf = await json("POST /configurations", customer.post("/api/v1/configurations", { product_id: product.id, config: door, name: "Back door" }), 201);
    await json("GET /configurations/{id}", customer.get(`/api/v1/configurations/${conf.id}`));
    await json("GET /products (guest)", guest.get("/api/v1/products"));
    await json("GET /products/{id} (guest)", guest.get(`/api/v1/products/${product.id}`));

    // A quote that trips every private rule: a quantity above the review limit, a deep discount below the floor.
    const quote: QuoteView = await json(
      "POST /quotes",
      customer.post("/api/v1/quotes", {
        items: [
          { model_id: part.id, ...options[0] },
          { model_id: part.id, process: "fff", material: "pla", quantity: 8000, lead_time: "economy" },
          { model_id: sheet.id, ...laser },
          { configuration_id: conf.id, quantity: 1 },
        ],
      }),
      201,
    );
    await json("GET /quotes/{id}", customer.get(`/api/v1/quotes/${quote.id}`));
    await json("GET /quotes", customer.get("/api/v1/quotes"));
    const pdf = await customer.get(`/api/v1/quotes/${quote.id}/pdf`);
    expect(pdf.status).toBe(200);
    const pdfBytes = new Uint8Array(await pdf.arrayBuffer());
    const text = await pdfText(pdfBytes);
    expect(text).toContain("Quote");
    seen.push({ what: "quote PDF text", body: text });

    const guestPart = await analyzedModel(guest, binaryStl(boxTriangles([25, 25, 10])), "guest.stl");
    const guestQuote: QuoteView = await json(
      "POST /quotes (guest)",
      guest.post("/api/v1/quotes", { contact_email: "buyer@example.test", items: [{ model_id: guestPart.id, ...options[1] }] }),
      201,
    );
    await json("GET /quotes/{id} (guest)", guest.get(`/api/v1/quotes/${guestQuote.id}`));
    seen.push({
      what: "guest quote PDF text",
      body: await pdfText(new Uint8Array(await (await guest.get(`/api/v1/quotes/${guestQuote.id}/pdf`)).arrayBuffer())),
    });

    // An order: the quote sent, accepted and ordered on a purchase order; its lines and confirmation are the customer's too.
    const ordered: QuoteView = await json("POST /quotes (to order)", customer.post("/api/v1/quotes", { items: [{ model_id: part.id, ...options[0] }] }), 201);
    // The owner sells it below cost with a discount on the line and on the quote: the warnings and costs are the shop's alone.
    const REASON = "Below cost to win the account";
    await data(t.owner.post(`/api/v1/quotes/${ordered.id}/items/${ordered.items[0].id}/discount`, { percent: 50, reason: REASON }));
    await data(t.owner.post(`/api/v1/quotes/${ordered.id}/discount`, { amount: 1, reason: REASON }));
    await json("GET /quotes/{id} (discounted)", customer.get(`/api/v1/quotes/${ordered.id}`));
    seen.push({
      what: "discounted quote PDF text",
      body: await pdfText(new Uint8Array(await (await customer.get(`/api/v1/quotes/${ordered.id}/pdf`)).arrayBuffer())),
    });
    await data(t.owner.post(`/api/v1/quotes/${ordered.id}/send`));
    await json("POST /quotes/{id}/accept", customer.post(`/api/v1/quotes/${ordered.id}/accept`));
    const order = await json("POST /quotes/{id}/purchase-order", customer.post(`/api/v1/quotes/${ordered.id}/purchase-order`, { po_number: "PO-1" }), 201);
    await json("GET /orders", customer.get("/api/v1/orders"));
    await json("GET /orders/{id}", customer.get(`/api/v1/orders/${order.id}`));
    const confirmation = await customer.get(`/api/v1/orders/${order.id}/confirmation`);
    expect(confirmation.status).toBe(200);
    seen.push({ what: "order confirmation PDF text", body: await pdfText(new Uint8Array(await confirmation.arrayBuffer())) });

    const patterns = privatePatterns(values);
    const leaks: string[] = [];
    for (const { what, body } of seen) {
      for (const p of patterns) if (p.test(body)) leaks.push(`${what}: ${p} in …${body.slice(Math.max(0, body.search(p) - 80), body.search(p) + 40)}…`);
      if (what.endsWith("PDF text")) {
        if (/\bmargin\b/i.test(body)) leaks.push(`${what}: "margin"`);
      } else for (const name of privateNames(JSON.parse(body))) leaks.push(`${what}: ${name}`);
    }
    expect(leaks).toEqual([]);
    for (const { what, body } of seen) expect(body, what).not.toMatch(/Below cost to win|below cost|AT_OR_BELOW_COST|"warnings"/);
    expect(seen.length).toBeGreaterThan(15);
    // The private rules still worked: they sent the quote to review, saying why without their thresholds.
    expect(quote.review_required).toBe(true);
    expect(quote.review_reasons.map((r) => r.code)).toEqual(expect.arrayContaining(["QUANTITY_ABOVE_LIMIT", "PRICE_CONFIRMATION"]));
  });

  it("the browser's price from GET /catalog equals the server's POST /price to the minor unit", async () => {
    const t = await createTenant();
    const { book } = sentinelBook();
    await data(t.owner.post("/api/v1/price-books", { book }), 201);
    const guest = new Client(t.host);
    const catalog = await data<SellBook>(guest.get("/api/v1/catalog"));
    const browser = compilePriceBook(catalog);
    const { client } = await registerCustomer(t.host);
    const part = await analyzedModel(client, binaryStl(boxTriangles([33.3, 21.7, 12.9])), "part.stl");
    for (const o of [
      { process: "fff", material: "petg", finish: "as-printed", quantity: 1 },
      { process: "fff", material: "pa12", quantity: 37, lead_time: "express", infill: 0.35 },
      { process: "sla", material: "resin-standard", finish: "sanded", quantity: 10 },
      { process: "cnc", material: "pom-c", quantity: 500, lead_time: "economy" },
      { process: "cnc", material: "al-6061", finish: "bead-blasted", quantity: 25 },
    ] as const) {
      const server = await data<{ unit_price: number; total: number; breakdown: { code: string; amount: number }[]; quantity_breaks: unknown[] }>(
        guest.post("/api/v1/price", { analysis: part.analysis, ...o }),
      );
      const local = price(part.analysis!, browser, o);
      expect({ unit_price: local.unit_price, total: local.total, lines: local.breakdown.map((l) => [l.code, l.amount]) }).toEqual({
        unit_price: server.unit_price,
        total: server.total,
        lines: server.breakdown.map((l) => [l.code, l.amount]),
      });
    }
  });
});

describe("the minimum layer time", () => {
  it("a thin pin on a plate: its volume per band of height is kept with the model and prices alike in the browser and on the server", async () => {
    const t = await createTenant();
    const guest = new Client(t.host);
    const browser = compilePriceBook(await data<SellBook>(guest.get("/api/v1/catalog")));
    const { client } = await registerCustomer(t.host);
    const model = await analyzedModel(client, binaryStl([...boxTriangles([60, 60, 4]), ...boxTriangles([4, 4, 60], [28, 28, 4])]), "pin.stl");
    const analysis = model.analysis as Extract<Analysis, { kind: "mesh" }>;
    expect(analysis.volume_bands_mm3).toHaveLength(640);
    const o = { process: "fff", material: "pla", machine: "prusa-mk4s", quantity: 1 } as const;
    const local = price(analysis, browser, o);
    // The customer prices their stored model; anyone may price an analysis their browser made.
    for (const [who, body] of [
      [client, { model_id: model.id }],
      [guest, { analysis }],
    ] as const) {
      const server = await data<{ total: number; breakdown: { code: string; basis: { time_s?: number } }[] }>(who.post("/api/v1/price", { ...body, ...o }));
      expect(server.total).toBe(local.total);
      expect(server.breakdown.find((l) => l.code === "machine_time")!.basis.time_s).toBe(local.breakdown.find((l) => l.code === "machine_time")!.basis.time_s);
    }
    // The pin's 300 small layers are held to the minimum; taken as a prism, the plate's volume would hide them.
    const { volume_bands_mm3: _bands, ...prism } = analysis;
    const time = (a: Analysis) => price(a, browser, o).breakdown.find((l) => l.code === "machine_time")!.basis.time_s as number;
    expect(time(analysis)).toBeGreaterThan(time(prism) * 1.3);
  });
});

describe("the shop's own price book is for staff", () => {
  it("owners read the current and old versions with costs and margin; customers and guests may not", async () => {
    const t = await createTenant();
    const current = await data<{ margin: { target: number }; review_rules: unknown; price_book_version: string }>(t.owner.get("/api/v1/price-books/current"));
    expect(current).toMatchObject({ margin: demoCatalog.margin, review_rules: demoCatalog.review_rules, price_book_version: "1" });
    expect((await data<{ margin: unknown }>(t.owner.get("/api/v1/price-books/1"))).margin).toEqual(demoCatalog.margin);
    const { client } = await registerCustomer(t.host);
    await expectError(client.get("/api/v1/price-books/current"), 403, "FORBIDDEN");
    await expectError(client.get("/api/v1/price-books/1"), 403, "FORBIDDEN");
    await expectError(new Client(t.host).get("/api/v1/price-books/current"), 401, "UNAUTHORIZED");
  });

  it("another shop's owner reads only its own book", async () => {
    const a = await createTenant();
    const b = await createTenant();
    await data(a.owner.post("/api/v1/price-books", { book: { ...demoCatalog, minimum_order_value: 4321 } }), 201);
    // B's session on A's host is not a session there; on its own host it sees its own version 1.
    await expectError(new Client(a.host).get("/api/v1/price-books/current", { headers: { cookie: b.owner.cookie } }), 401, "UNAUTHORIZED");
    const own = await data<{ minimum_order_value: number; price_book_version: string }>(b.owner.get("/api/v1/price-books/current"));
    expect(own).toMatchObject({ minimum_order_value: demoCatalog.minimum_order_value, price_book_version: "1" });
    await expectError(b.owner.get("/api/v1/price-books/2"), 404, "NOT_FOUND");
  });
});

describe("finishes follow materials", () => {
  it("the API refuses a finish the material does not take, 422 naming the field", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    const part = await analyzedModel(client, binaryStl(boxTriangles([20, 20, 20])), "part.stl");
    const body = await expectError(
      client.post("/api/v1/price", { model_id: part.id, process: "cnc", material: "pom-c", finish: "anodized-clear", quantity: 1 }),
      422,
      "UNPROCESSABLE_ENTITY",
      "finish",
    );
    expect(body.error.details[0]).toMatchObject({ field: "finish", value: "anodized-clear" });
    await expectError(
      client.post("/api/v1/quotes", { items: [{ model_id: part.id, process: "cnc", material: "pom-c", finish: "anodized-clear", quantity: 1 }] }),
      422,
      "UNPROCESSABLE_ENTITY",
      "items.0.finish",
    );
    const sheet = await analyzedModel(client, svgRectangle(50, 40), "plate.svg");
    const asCut = await data<{ finish: string; orderable: boolean }>(
      client.post("/api/v1/price", { model_id: sheet.id, process: "laser", material: "pmma-cast", thickness_mm: 3, finish: "as-cut", quantity: 4 }),
    );
    expect(asCut).toMatchObject({ finish: "as-cut", orderable: true });
    await expectError(
      client.post("/api/v1/price", { model_id: sheet.id, process: "laser", material: "pmma-cast", thickness_mm: 3, finish: "powder-coated", quantity: 4 }),
      422,
      "UNPROCESSABLE_ENTITY",
      "finish",
    );
  });
});
