import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decode } from "fast-png";
import jsQR from "jsqr";
import { describe, expect, it } from "vitest";
import { type Label, lotLabel, manufacturingOrderLabel, packageLabels, renderLabels } from "../../../engine/documents/labels.ts";
import { qrModules, qrPath } from "../../../engine/documents/qr.ts";

/** Read back by poppler, qpdf and jsQR: none of them the library that wrote the PDF or the code. */
const dir = mkdtempSync(join(tmpdir(), "labels-"));
const run = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { encoding: "utf8" });

/** Each page rendered at a desktop label printer's 203 dpi, its QR code decoded. */
function scan(file: string, name: string): (string | null)[] {
  run("pdftoppm", "-png", "-r", "203", file, join(dir, name));
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith(".png"))
    .sort()
    .map((f) => {
      const png = decode(readFileSync(join(dir, f)));
      const rgba = new Uint8ClampedArray(png.width * png.height * 4);
      const channels = png.channels;
      for (let i = 0; i < png.width * png.height; i++) {
        for (let k = 0; k < 3; k++) rgba[i * 4 + k] = Number(png.data[i * channels + (channels < 3 ? 0 : k)]);
        rgba[i * 4 + 3] = 255;
      }
      return jsQR(rgba, png.width, png.height)?.data ?? null;
    });
}

async function render(name: string, labels: Label[]) {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, await renderLabels("Acme Doors", labels, name));
  return { file, text: run("pdftotext", "-enc", "UTF-8", "-layout", file, "-"), info: run("pdfinfo", file) };
}

const lot = lotLabel(
  {
    lot_number: "LOT-2026-00012",
    material: "SPW600e frame profile 6060-T66",
    quantity: 59.5,
    unit: "m",
    supplier: "Alu AG",
    supplier_lot: "S-77",
    received_at: "2026-12-04T10:00:00Z",
    expires_at: null,
  },
  "https://acme.fabquote.app/production/lots/LOT-2026-00012",
);

describe("QR labels read by independent tools", () => {
  it("a lot's label: 100 × 50 mm, the QR code scans to its staff page, the id and facts are text", async () => {
    const { file, text, info } = await render("lot", [lot]);
    expect(run("qpdf", "--check", file)).toMatch(/No syntax or stream encoding errors found/);
    expect(info).toMatch(/Pages:\s+1\n/);
    expect(info).toMatch(/Page size:\s+283\.46\d* x 141\.73\d* pts/);
    expect(scan(file, "lot")).toEqual(["https://acme.fabquote.app/production/lots/LOT-2026-00012"]);
    // Clicked on screen, the code opens the same page.
    expect(run("pdfinfo", "-url", file)).toMatch(/^\s*1\s+Annotation\s+https:\/\/acme\.fabquote\.app\/production\/lots\/LOT-2026-00012$/m);
    expect(text).toContain("LOT-2026-00012");
    expect(text).toContain("Acme Doors");
    expect(text).toContain("SPW600e frame profile 6060-T66");
    expect(text).toContain("59.5 m");
    expect(text).toContain("Supplier: Alu AG, lot S-77");
    expect(text).toContain("Received: 4 December 2026");
  });

  it("a manufacturing order's label names the order, product, quantity and due date", async () => {
    const url = "https://acme.fabquote.app/production/01JF6Q2W8D3V9X5Z7B4N2M0K8R";
    const { file, text } = await render("mo", [
      manufacturingOrderLabel(
        { number: "MO-2026-0003", order_number: "ORD-2026-0042", product: "Front door, SPW600e door", quantity: 2, due_at: "2026-12-18T00:00:00Z" },
        url,
      ),
    ]);
    expect(run("qpdf", "--check", file)).toMatch(/No syntax or stream encoding errors found/);
    expect(scan(file, "mo")).toEqual([url]);
    for (const s of ["MO-2026-0003", "Order: ORD-2026-0042", "Front door, SPW600e door", "Quantity: 2", "Due: 18 December 2026"]) expect(text).toContain(s);
  });

  it("a shipment gets one page per package, each code naming its package", async () => {
    const base = "https://acme.fabquote.app/production/shipments/01JF6Q2W8D3V9X5Z7B4N2M0K8S";
    const box = { length_mm: 400, width_mm: 300, height_mm: 200, weight_kg: 3.5 };
    const labels = packageLabels(
      {
        number: "SHP-2026-0001",
        order_number: "ORD-2026-0042",
        customer: "Northwind Builders Ltd",
        shipped_at: "2026-12-05T09:00:00Z",
        packages: [
          { ...box, contents: [{ manufacturing_order_id: "mo1", quantity: 2 }] },
          { ...box, contents: [{ manufacturing_order_id: "mo2", quantity: 40 }] },
          {
            ...box,
            contents: [
              { manufacturing_order_id: "mo1", quantity: 1 },
              { manufacturing_order_id: "mo2", quantity: 5 },
            ],
          },
        ],
      },
      new Map([
        ["mo1", "MO-2026-0101"],
        ["mo2", "MO-2026-0102"],
      ]),
      base,
    );
    const { file, text, info } = await render("shipment", labels);
    expect(run("qpdf", "--check", file)).toMatch(/No syntax or stream encoding errors found/);
    expect(info).toMatch(/Pages:\s+3\n/);
    expect(scan(file, "shipment")).toEqual([1, 2, 3].map((n) => `${base}#package-${n}`));
    const pages = text.split("\f");
    for (const [i, page] of pages.slice(0, 3).entries()) {
      expect(page).toContain("SHP-2026-0001");
      expect(page).toContain(`Package ${i + 1} of 3`);
      expect(page).toContain("400 × 300 × 200 mm, 3.5 kg");
    }
    expect(pages[2]).toContain("Holds: 1 × MO-2026-0101, 5 × MO-2026-0102");
  });

  it("a long id or material shrinks or is cut to the label, never over the edge", async () => {
    const long = { ...lot, id: "LOT-2026-00012-SPLIT-FROM-LOT-2026-00009-AND-MORE", lines: ["x".repeat(200)] };
    const { file, text } = await render("long", [long]);
    expect(scan(file, "long")).toEqual([lot.url]);
    expect(text).toContain("…");
    const bbox = run("pdftotext", "-bbox", file, "-");
    const right = Math.max(...[...bbox.matchAll(/xMax="([\d.]+)"/g)].map((m) => Number(m[1])));
    expect(right).toBeLessThanOrEqual(283.46 - 8);
  });

  it("the symbol is the standard's size for the data and error level M", () => {
    // A 57-byte link needs version 4 at level M (33 modules); version 3 holds 42 bytes.
    expect(qrModules(lot.url)).toHaveLength(33);
    expect(qrModules("x".repeat(42))).toHaveLength(29);
  });
});

describe("qrPath", () => {
  it("draws each run of dark modules in a row as one rectangle", () => {
    expect(
      qrPath([
        [true, true, false, true],
        [false, false, false, false],
        [false, true, true, true],
      ]),
    ).toBe("M0 0h2v1h-2zM3 0h1v1h-1zM1 2h3v1h-3z");
  });
});
