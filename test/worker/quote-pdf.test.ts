import { pdfText } from "./pdf-text.ts";
import { describe, expect, it, vi } from "vitest";
import { PDFDocument, PDFName, PDFRawStream } from "pdf-lib";
import { type Client, createTenant, data, registerCustomer } from "./helpers.ts";
import { binaryStl, boxTriangles, door, svgRectangle } from "./fixtures.ts";

type Model = { id: string; status: string };
type Quote = { id: string; items: { status: string }[] };

async function analyzedModel(c: Client, filename: string, bytes: Uint8Array<ArrayBuffer>): Promise<Model> {
  const model = await data<Model>(c.fetch(`/api/v1/models?filename=${filename}`, { method: "POST", body: bytes }), 202);
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

async function picturesIn(pdf: Uint8Array): Promise<number> {
  const doc = await PDFDocument.load(pdf);
  return doc.context
    .enumerateIndirectObjects()
    .filter(([, o]) => o instanceof PDFRawStream && o.dict.get(PDFName.of("Subtype")) === PDFName.of("Image") && o.dict.has(PDFName.of("SMask"))).length;
}

describe("the quote PDF a customer downloads", () => {
  it("names the shop's legal identity, describes each line in the price book's words and pictures the laser part too", async () => {
    const t = await createTenant();
    // The owner sets the business details the way the admin page does.
    await data(
      t.owner.fetch("/api/v1/tenant/business", {
        method: "PATCH",
        json: {
          legal_name: "Acme Fabrication GmbH",
          legal_address: ["Industriestraße 12", "70565 Stuttgart"],
          vat_id: "DE123456789",
          quote_terms: "Payment within 14 days of delivery.",
        },
      }),
    );
    const customer = await registerCustomer(t.host);
    const part = await analyzedModel(customer.client, "bracket.stl", binaryStl(boxTriangles([40, 30, 20])));
    const plate = await analyzedModel(customer.client, "plate.svg", svgRectangle(120, 80));
    const product = await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "Entrance door", generator_key: "spw600e-door" }), 201);
    const conf = await data<{ id: string }>(customer.client.post("/api/v1/configurations", { product_id: product.id, config: door, name: "Back door" }), 201);
    const quote = await data<Quote>(
      customer.client.post("/api/v1/quotes", {
        items: [
          { model_id: part.id, process: "fff", material: "pla", finish: "as-printed", quantity: 10 },
          { model_id: plate.id, process: "laser", material: "s235", thickness_mm: 3, quantity: 5 },
          { configuration_id: conf.id, quantity: 1 },
        ],
      }),
      201,
    );
    expect(quote.items.map((i) => i.status)).toEqual(["priced", "priced", "priced"]);
    const pdf = new Uint8Array(await (await customer.client.get(`/api/v1/quotes/${quote.id}/pdf`)).arrayBuffer());
    const text = await pdfText(pdf);
    expect(text).toContain("Acme Fabrication GmbH");
    expect(text).toContain("Industriestraße 12");
    expect(text).toContain("VAT ID: DE123456789");
    expect(text).toContain("Payment within 14 days of delivery.");
    expect(text).toMatch(/This quote is valid until \d{1,2} [A-Z][a-z]+ \d{4}\./);
    expect(text).toContain("FFF print, PLA, 20 % infill, as printed (supports removed)");
    expect(text).toContain("Laser cut, Mild steel S235, 3 mm thick");
    expect(text).toContain(`Door type: ${door.door_type[0].toUpperCase()}${door.door_type.slice(1)}`);
    expect(text).toMatch(/U-value \(EN ISO 10077-1\): [\d.]+ W\/m²K/);
    expect(text).toMatch(/VAT \d+ %/);
    expect(text).not.toMatch(/fff \/ pla|Margin/);
    // Three lines, three pictures: the printed part, the laser part's outline and the door.
    expect(await picturesIn(pdf)).toBe(3);
  });

  it("falls back to the shop's name and the standard terms when no legal details are set", async () => {
    const t = await createTenant();
    const customer = await registerCustomer(t.host);
    const part = await analyzedModel(customer.client, "bracket.stl", binaryStl(boxTriangles([40, 30, 20])));
    const quote = await data<Quote>(
      customer.client.post("/api/v1/quotes", { items: [{ model_id: part.id, process: "fff", material: "pla", quantity: 1 }] }),
      201,
    );
    const text = await pdfText(new Uint8Array(await (await customer.client.get(`/api/v1/quotes/${quote.id}/pdf`)).arrayBuffer()));
    expect(text).toContain(`Shop ${t.slug}`);
    expect(text).not.toContain("VAT ID");
    expect(text).toContain("Lead times count working days from order and payment.");
  });
});
