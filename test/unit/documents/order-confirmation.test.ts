import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderOrderConfirmation, type OrderConfirmationInput } from "../../../engine/documents/order-confirmation.ts";

/** Read back by poppler and qpdf, independent of the library that wrote it. */
const dir = mkdtempSync(join(tmpdir(), "order-confirmation-"));
const run = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { encoding: "utf8" });

const address = {
  name: "Ann Baker",
  company: "Baker GmbH",
  line1: "Hafenstraße 12",
  line2: null,
  postcode: "20457",
  city: "Hamburg",
  country: "DE",
  phone: null,
};
const input: OrderConfirmationInput = {
  shop: {
    name: "Acme Parts",
    legal_name: "Acme Fabrication GmbH",
    address: ["Industriestraße 12", "70173 Stuttgart"],
    vat_id: "DE123456789",
    primary_color: "#0f766e",
  },
  order: {
    number: "ORD-2026-0042",
    created_at: "2026-12-06T09:00:00Z",
    quote_number: "Q-2026-0017",
    po_number: "PO-778",
    payment: "purchase_order",
    paid: false,
  },
  currency: "EUR",
  lines: [
    { label: "bracket.stl", description: "FFF print, PLA", quantity: 2, unit_price: 1250, total: 2500 },
    { label: "SPW600e double door", description: "SPW600e", quantity: 1, unit_price: 245_000, total: 245_000 },
  ],
  totals: {
    minimum_order_surcharge: 0,
    shipping: { name: "Parcel", price: 900, weight_kg: 61.24 },
    net_total: 248_400,
    tax: { label: "VAT", rate: 0.19, amount: 47_196 },
    total: 295_596,
  },
  delivery_date: "2026-12-18",
  billing_address: address,
  shipping_address: { ...address, company: null, name: "Site office", line1: "Baustraße 1", city: "Altona", postcode: "22765" },
  terms: { version: 2, text: "Payment within 14 days.\nParts are made to the files supplied." },
};

describe("the order confirmation PDF", () => {
  it("states everything agreed at checkout: references, both addresses, every line, shipping, tax, total, delivery and the terms accepted", async () => {
    const file = join(dir, "confirmation.pdf");
    writeFileSync(file, await renderOrderConfirmation(input));
    expect(run("qpdf", "--check", file)).toMatch(/No syntax or stream encoding errors found/);
    const text = run("pdftotext", "-enc", "UTF-8", "-layout", file, "-");
    for (const expected of [
      "Order confirmation ORD-2026-0042",
      "Acme Fabrication GmbH",
      "Q-2026-0017",
      "Purchase order PO-778",
      "18 December 2026",
      "Invoice to",
      "Hafenstraße 12",
      "Deliver to",
      "Baustraße 1",
      "bracket.stl, FFF print, PLA",
      "EUR 2,450.00",
      "Shipping: Parcel (61.24 kg)",
      "EUR 9.00",
      "VAT 19 %",
      "EUR 471.96",
      "EUR 2,955.96",
      "Terms accepted at checkout (version 2)",
      "Payment within 14 days.",
    ])
      expect(text).toContain(expected);
    expect(text.replace(/\s+/g, " ")).toMatch(/Total EUR 2,955\.96/);
  });

  it("an order placed without a checkout has no addresses, shipping or terms to state", async () => {
    const file = join(dir, "plain.pdf");
    writeFileSync(
      file,
      await renderOrderConfirmation({
        ...input,
        billing_address: null,
        shipping_address: null,
        terms: null,
        delivery_date: null,
        totals: { ...input.totals, shipping: null },
      }),
    );
    const text = run("pdftotext", "-enc", "UTF-8", "-layout", file, "-");
    expect(text).toContain("bracket.stl");
    for (const absent of ["Invoice to", "Deliver to", "Shipping:", "Terms accepted", "Delivery:"]) expect(text).not.toContain(absent);
  });

  it("for a book whose prices include the tax, the lines and shipping add up to the total and the tax it contains is stated under it", async () => {
    const file = join(dir, "inclusive.pdf");
    // 2 500 + 245 000 + 900 shipping = 248 400, of which 248 400 × 0.19 / 1.19 = 39 660.50 → 39 661 is VAT.
    const totals = { ...input.totals, net_total: 208_739, tax: { label: "VAT", rate: 0.19, amount: 39_661, inclusive: true }, total: 248_400 };
    writeFileSync(file, await renderOrderConfirmation({ ...input, totals }));
    const text = run("pdftotext", "-enc", "UTF-8", "-layout", file, "-").replace(/[^\S\n]+/g, " ");
    expect(text).toContain("Total EUR 2,484.00\n");
    expect(text).toContain("incl. VAT 19 % EUR 396.61");
    expect(text).not.toMatch(/\bNet\b|EUR 2,087\.39/);
  });
});
