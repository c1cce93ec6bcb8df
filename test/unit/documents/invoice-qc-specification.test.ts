import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dueDate, type InvoiceInput, renderInvoice } from "../../../engine/documents/invoice.ts";
import { renderQcReport } from "../../../engine/documents/qc-report.ts";
import { renderSpecificationPdf } from "../../../engine/documents/specification.ts";

/** The invoice, QC report and specification PDFs (decision 70), read back by poppler and qpdf, independent of the library that wrote them. */
const dir = mkdtempSync(join(tmpdir(), "invoice-qc-spec-"));
const run = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { encoding: "utf8" });

async function readBack(name: string, bytes: Uint8Array) {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  expect(run("qpdf", "--check", file)).toMatch(/No syntax or stream encoding errors found/);
  return run("pdftotext", "-enc", "UTF-8", "-layout", file, "-");
}

const shop = {
  name: "Acme Parts",
  legal_name: "Acme Fabrication GmbH",
  address: ["Industriestraße 12", "70173 Stuttgart"],
  vat_id: "DE123456789",
  primary_color: "#0f766e",
};
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

const invoice: InvoiceInput = {
  shop,
  invoice: { number: "INV-2026-0007", issued_at: "2026-12-10T09:00:00Z" },
  order: {
    number: "ORD-2026-0042",
    created_at: "2026-12-06T09:00:00Z",
    quote_number: "Q-2026-0017",
    po_number: "PO-778",
    payment: "purchase_order",
    paid: false,
    paid_at: null,
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
  billing_address: address,
  shipping_address: { ...address, company: null, name: "Site office", line1: "Baustraße 1" },
  due_days: 14,
};

describe("the invoice PDF", () => {
  it("states the seller's legal identity, the number and date, the references, both addresses, every figure and when to pay", async () => {
    const text = await readBack("invoice", await renderInvoice(invoice));
    for (const expected of [
      "Invoice INV-2026-0007",
      "Acme Fabrication GmbH",
      "VAT ID: DE123456789",
      "10 December 2026",
      "ORD-2026-0042 of 6 December 2026",
      "Q-2026-0017",
      "PO-778",
      "Bill to",
      "Baker GmbH",
      "Hafenstraße 12",
      "Delivered to",
      "Baustraße 1",
      "bracket.stl, FFF print, PLA",
      "EUR 2,450.00",
      "Shipping: Parcel (61.24 kg)",
      "VAT 19 %",
      "EUR 471.96",
      "EUR 2,955.96",
      "Payment is due within 14 days, by 24 December 2026",
    ])
      expect(text).toContain(expected);
  });

  it("a card payment is stated as paid; the same invoice renders to the same bytes", async () => {
    const paid = { ...invoice, order: { ...invoice.order, payment: "card" as const, po_number: null, paid: true, paid_at: "2026-12-06T09:05:00Z" } };
    const text = await readBack("invoice-paid", await renderInvoice(paid));
    expect(text).toContain("Paid by card on 6 December 2026. Nothing is due.");
    expect(text).not.toContain("Your PO");
    expect(await renderInvoice(paid)).toEqual(await renderInvoice(paid));
  });

  it("due dates count calendar days from the invoice date", () => {
    expect(dueDate("2026-12-10T09:00:00.000Z", 30)).toBe("2027-01-09T09:00:00.000Z");
    expect(dueDate("2026-12-10T09:00:00.000Z", 0)).toBe("2026-12-10T09:00:00.000Z");
  });
});

describe("the QC report PDF", () => {
  it("lists each MO's checkpoints with result, inspector, time, photos and each check against its tolerance", async () => {
    const text = await readBack(
      "qc-report",
      await renderQcReport({
        shop,
        order: { number: "ORD-2026-0042", quote_number: "Q-2026-0017" },
        generated_at: "2026-12-09T16:30:00.000Z",
        manufacturing_orders: [
          {
            number: "MO-2026-0101",
            label: "SPW600e double door",
            quantity: 1,
            checkpoints: [
              {
                stage: "final",
                inspector_name: "Ann Inspector",
                recorded_at: "2026-12-09T14:03:00.000Z",
                overall_status: "conditional_pass",
                photos: 2,
                checks: [
                  { description: "Coating thickness", status: "pass", measurement: "62 μm", tolerance: "min 60 μm", out_of_tolerance: false },
                  {
                    description: "Diagonal difference",
                    status: "fail",
                    measurement: "3 mm",
                    tolerance: "max 2 mm",
                    out_of_tolerance: true,
                    notes: "Re-squared",
                  },
                ],
              },
            ],
          },
        ],
      }),
    );
    for (const expected of [
      "QC report ORD-2026-0042",
      "9 December 2026, 16:30 UTC",
      "MO-2026-0101: SPW600e double door (1)",
      "final: Conditional pass",
      "Inspected by Ann Inspector, 9 December 2026, 14:03 UTC; 2 photos",
      "Coating thickness",
      "62 µm",
      "min 60 µm",
      "Diagonal difference",
      "Fail (out of tolerance)",
      "Note: Re-squared",
    ])
      expect(text).toContain(expected);
  });
});

describe("the specification PDF", () => {
  it("prints each item's datasheet, and says so when one was not recorded", async () => {
    const text = await readBack(
      "specification",
      await renderSpecificationPdf({
        shop,
        quote: { number: "Q-2026-0017", revision: 2 },
        generated_at: "2026-12-05T10:00:00.000Z",
        items: [
          {
            name: "Front door",
            quantity: 1,
            datasheet: {
              title: "Front door",
              product: "SPW600e door",
              quantity: 1,
              dimensions: [{ label: "Width", value: "1200 mm" }],
              u_value: null,
              materials: [{ label: "Frame", value: "Aluminium, RAL 7016" }],
              hardware: [{ description: "Hinge", quantity: 3, unit: "pcs" }],
              glazing: [],
              weights: { unit_kg: 82.5, total_kg: 82.5 },
              compliance: [{ label: "Security", value: "PAS 24" }],
            },
          },
          { name: "Old cabinet", quantity: 2, datasheet: null },
        ],
      }),
    );
    for (const expected of [
      "Specification of quote Q-2026-0017",
      "Q-2026-0017, revision 2",
      "5 December 2026",
      "Item 1: Front door",
      "SPW600e door, quantity 1",
      "Width",
      "1200 mm",
      "Aluminium, RAL 7016",
      "Hinge",
      "82.5 kg",
      "PAS 24",
      "Item 2: Old cabinet",
      "Quantity 2. Its datasheet was not recorded with this specification.",
    ])
      expect(text).toContain(expected);
  });
});
