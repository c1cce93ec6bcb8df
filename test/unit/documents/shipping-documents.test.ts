import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderShippingDocument, type ShippingDocumentInput } from "../../../engine/documents/shipping-documents.ts";

/** Read back by poppler and qpdf, independent of the library that wrote them. */
const dir = mkdtempSync(join(tmpdir(), "shipping-docs-"));
const run = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { encoding: "utf8" });

const input: ShippingDocumentInput = {
  shop: {
    name: "Acme Doors",
    legal_name: "Acme Fabrication GmbH",
    address: ["Industriestraße 12", "70173 Stuttgart", "Germany"],
    vat_id: "DE123456789",
    primary_color: "#0f766e",
  },
  shipment: {
    number: "SHP-2026-0007",
    carrier: "DHL Freight",
    tracking_number: "JD014600003",
    shipped_at: "2026-12-04T10:00:00Z",
    packages: [
      { contents: [{ manufacturing_order_id: "mo1", quantity: 2 }], length_mm: 2400, width_mm: 1100, height_mm: 200, weight_kg: 190 },
      { contents: [{ manufacturing_order_id: "mo2", quantity: 40 }], length_mm: 400, width_mm: 300, height_mm: 200, weight_kg: 3.5 },
      { contents: [{ manufacturing_order_id: "mo1", quantity: 1 }], length_mm: 2400, width_mm: 1100, height_mm: 200, weight_kg: 95 },
    ],
  },
  order: { number: "ORD-2026-0042", po_number: "PO-5512" },
  customer: { name: "Northwind Builders Ltd", address: ["4 Quay Street", "Manchester M3 3JE"] },
  lines: [
    {
      manufacturing_order_id: "mo1",
      number: "MO-2026-0101",
      description: "SPW600e double door 1870 × 2235 mm",
      quantity: 3,
      serials: ["MO-2026-0101-04", "MO-2026-0101-05", "MO-2026-0101-06"],
    },
    { manufacturing_order_id: "mo2", number: "MO-2026-0102", description: "bracket.stl, FFF print, PETG", quantity: 40, serials: [] },
  ],
};

async function render(kind: "packing-list" | "delivery-note") {
  const file = join(dir, `${kind}.pdf`);
  writeFileSync(file, await renderShippingDocument(kind, input));
  run("pdftoppm", "-png", "-r", "40", "-singlefile", file, join(dir, kind));
  return { file, text: run("pdftotext", "-enc", "UTF-8", "-layout", file, "-"), png: readFileSync(join(dir, `${kind}.png`)) };
}

describe("shipping documents read by independent tools", () => {
  it("the packing list: letterhead, references, and each package with its size, weight and contents", async () => {
    const { file, text, png } = await render("packing-list");
    expect(run("qpdf", "--check", file)).toMatch(/No syntax or stream encoding errors found/);
    expect(text).toContain("Packing list SHP-2026-0007");
    expect(text).toContain("Acme Fabrication GmbH");
    expect(text).toContain("ORD-2026-0042");
    expect(text).toContain("PO-5512");
    expect(text).toContain("DHL Freight, tracking JD014600003");
    expect(text).toContain("Northwind Builders Ltd");
    expect(text).toContain("Package 1 of 3: 2400 × 1100 × 200 mm, 190 kg");
    // Each package names the serial numbers it carries, in order.
    expect(text).toMatch(/SPW600e double door 1870 × 2235 mm \(MO-2026-0101\)\. Serial numbers: MO-2026-0101-04,\s+MO-2026-0101-05\s+2\n/);
    expect(text).toMatch(/Package 3 of 3[\s\S]*\(MO-2026-0101\)\. Serial number: MO-2026-0101-06\s+1\n/);
    expect(text).toMatch(/bracket\.stl, FFF print, PETG \(MO-2026-0102\)\s+40/);
    expect(png.length).toBeGreaterThan(2000);
  });

  it("the delivery note: what was delivered and the box the receiver signs", async () => {
    const { file, text } = await render("delivery-note");
    expect(run("qpdf", "--check", file)).toMatch(/No syntax or stream encoding errors found/);
    expect(text).toContain("Delivery note SHP-2026-0007");
    expect(text).toContain("Received in good order");
    expect(text).toMatch(/Name\s+Date\s+Signature/);
    expect(text).toMatch(/\(MO-2026-0101\)\. Serial numbers: MO-2026-0101-04,\s+MO-2026-0101-05, MO-2026-0101-06\s+3\n/);
    expect(text).not.toContain("Package 1 of 3");
  });
});
