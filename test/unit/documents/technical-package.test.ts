import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { datasheetOf } from "../../../engine/documents/datasheet.ts";
import { renderTechnicalPackage, type TechnicalPackageInput } from "../../../engine/documents/technical-package.ts";
import { getProductFamily } from "../../../engine/products/index.ts";
import { DOOR_SCHEMA } from "../../../engine/products/door/schema.ts";
import { SEED_EXAMPLE_DOOR } from "../../../engine/products/door/example.ts";
import { FONT, sheetOf } from "../drawings/fixtures.ts";

/** Read back by poppler, qpdf and ezdxf: none of them the library that wrote the files. */
const dir = mkdtempSync(join(tmpdir(), "technical-package-"));
const run = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { encoding: "utf8" });

const family = getProductFamily("spw600e-door");
const engineering = family.engineering(SEED_EXAMPLE_DOOR, family.starterParams as Record<string, unknown>);
const datasheet = datasheetOf({
  title: "SPW600e door — Main entrance",
  product: "SPW600e door",
  quantity: 2,
  config: SEED_EXAMPLE_DOOR as unknown as Record<string, unknown>,
  schema: DOOR_SCHEMA,
  engineering,
  compliance: [
    { label: "PAS 24:2022", value: "Certified, BM TRADA cert. 4471" },
    { label: "BS 6375-1", value: "Class 600 Pa" },
  ],
});
const sheets = (["elevation", "plan", "section"] as const).map((t) => sheetOf(t));
const input: TechnicalPackageInput = {
  legal_name: "Acme Fabrication Ltd",
  quote_number: "Q-2026-0042",
  revision: 2,
  project_reference: "Riverside Lofts",
  date: "2026-12-05",
  items: [{ position: 1, datasheet, sheets }],
  bom: [{ code: "SPW600e-FRAME-75", description: "Outer frame, head and jambs", quantity: 12.688, unit: "m" }],
  lead_time_days: 15,
  terms: "Prices hold until the validity date.",
};

describe("technical package", () => {
  it("the datasheet reads the door's sizes, U-value breakdown, hardware, glazing and weights", () => {
    expect(datasheet.dimensions).toContainEqual({ label: "Frame width", value: "1870 mm" });
    expect(datasheet.dimensions.some((d) => d.label.startsWith("Leaf 2"))).toBe(true);
    expect(datasheet.u_value!.overall_u_value).toBe(1.3);
    const parts = datasheet.u_value!.rows.reduce((s, r) => s + r.contribution_w_per_k, 0);
    expect(parts).toBeCloseTo(datasheet.u_value!.heat_loss_w_per_k, 2);
    expect(datasheet.hardware.map((h) => h.description)).toContain("Lock multipoint 5 point");
    expect(datasheet.glazing).toContainEqual({ label: "Cavity gas", value: "Argon" });
    expect(datasheet.materials).toContainEqual({ label: "Colour", value: "RAL 7016" });
    expect(datasheet.weights.total_kg).toBeCloseTo(datasheet.weights.unit_kg! * 2, 1);
  });

  it("one PDF/A-2b with cover, datasheet, drawing sheets, BOM and terms; fonts embedded; a ZIP of one DXF per sheet that ezdxf reads", async () => {
    const { pdf, zip } = await renderTechnicalPackage(input, { font: FONT });
    const file = join(dir, "package.pdf");
    writeFileSync(file, pdf);
    expect(run("qpdf", "--check", file)).toMatch(/No syntax or stream encoding errors/);
    const text = run("pdftotext", "-enc", "UTF-8", "-layout", file, "-").replace(/\s+/g, " ");
    for (const s of [
      "Acme Fabrication Ltd",
      "Q-2026-0042",
      "Riverside Lofts",
      "Frame width 1870 mm",
      `U_W, declared ${datasheet.u_value!.overall_u_value} W/m²K`,
      "Frame: Meeting stiles A 0.25 m², U 2.6 W/m²K: 0.6509 W/K",
      "Edge: Leaf 1 glazing l 5.414 m, psi 0.08 W/mK: 0.4331 W/K",
      "Lock multipoint 5 point 1 pcs",
      "Cavity gas Argon",
      "PAS 24:2022 Certified, BM TRADA cert. 4471",
      "BS 6375-1 Class 600 Pa",
      "Bill of materials",
      "15 working days from order",
      "SPW600E-PLN-001",
    ])
      expect(text).toContain(s);
    const info = run("pdfinfo", file);
    // Cover, datasheet page(s), three A3 sheets, BOM.
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBeGreaterThanOrEqual(6);
    const fonts = run("pdffonts", file).trim().split("\n").slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line).toMatch(/^[A-Z]{6}\+NotoSans-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    expect(Buffer.from(pdf).toString("latin1")).toContain("<pdfaid:part>2</pdfaid:part>");

    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(["SPW600E-ELV-001.dxf", "SPW600E-PLN-001.dxf", "SPW600E-SEC-001.dxf"]);
    for (const [name, bytes] of Object.entries(files)) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      const out = run(
        "/usr/bin/python3",
        "-c",
        "import sys, ezdxf\nd = ezdxf.readfile(sys.argv[1])\na = d.audit()\nprint(len(a.errors), len(d.modelspace()))",
        path,
      );
      const [errors, entities] = out.trim().split(" ").map(Number);
      expect(errors).toBe(0);
      expect(entities).toBeGreaterThan(50);
    }
  });

  it("the same input gives the same bytes (a rebuild reuses the stored files)", async () => {
    const a = await renderTechnicalPackage(input, { font: FONT });
    const b = await renderTechnicalPackage(input, { font: FONT });
    expect(Buffer.from(a.pdf).equals(Buffer.from(b.pdf))).toBe(true);
    expect(Buffer.from(a.zip).equals(Buffer.from(b.zip))).toBe(true);
  });
});
