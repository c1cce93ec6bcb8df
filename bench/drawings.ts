/**
 * npm run bench:drawings — drawings of the seed's example door (double,
 * 1870 × 2235, triple glazing): one drawing (the elevation sheet, outside and
 * inside faces) from configuration to SVG, DXF and PDF, and the technical
 * package (engineering, datasheet and every drawing type the door offers in one
 * PDF, plus the ZIP of their DXFs); its baseline, every sheet as separate PDF,
 * SVG and DXF files with the DXFs zipped; and each drawing type alone to PDF. Prints a
 * table and `BENCH <metric> <value> <unit>` lines. Baselines, measured in the
 * same run: composing the sheet alone (the model every writer reads), and the
 * same PDF drawn through pdf-lib's drawing API with shaped text (drawLine /
 * drawText per shape, fontkit layout per string), the obvious way to write it.
 */
import { readFileSync } from "node:fs";
import fontkit from "@pdf-lib/fontkit";
import { zipSync } from "fflate";
import { degrees, PDFDocument, rgb } from "pdf-lib";
import {
  type DrawingSheet,
  drawingNumber,
  drawingNumberPrefix,
  drawProduct,
  FAMILY_VIEWS,
  LAYER_NAMES,
  LAYERS,
  type VIEW_CODES,
} from "../engine/drawings/index.ts";
import { fontSizeFor } from "../engine/drawings/lettering.ts";
import { sheetToDxf } from "../engine/drawings/writers/dxf.ts";
import { sheetToPdf } from "../engine/drawings/writers/pdf.ts";
import { sheetToSvg } from "../engine/drawings/writers/svg.ts";
import { SEED_EXAMPLE_DOOR } from "../engine/products/door/example.ts";
import { DOOR_SCHEMA } from "../engine/products/door/schema.ts";
import { getProductFamily } from "../engine/products/index.ts";
import { datasheetOf } from "../engine/documents/datasheet.ts";
import { renderTechnicalPackage } from "../engine/documents/technical-package.ts";

const font = new Uint8Array(readFileSync(new URL("../engine/drawings/fonts/NotoSans-Regular.ttf", import.meta.url)));
const door = SEED_EXAMPLE_DOOR;
const TYPES = Object.keys(FAMILY_VIEWS["spw600e-door"]);

const sheet = (type: string) =>
  drawProduct("spw600e-door", door, {
    drawing_type: type,
    scale: "auto",
    sheet: "A3",
    title_block: {
      legal_owner: "Acme Fabrication Ltd",
      drawing_number: drawingNumber(drawingNumberPrefix("spw600e-door", type as keyof typeof VIEW_CODES), 1),
      title: "SPW600e double door 1870 × 2235",
      document_type: "Assembly drawing",
      date_of_issue: "2026-12-05",
      creator: "Fabquote",
      approver: "J. Smith",
      status: "Released",
      sheet_number: "1/1",
      language: "en",
    },
    revisions: [{ revision: "A", date: "2026-12-05", reason: "First issue" }],
  });

/** Fastest run of each measurement, ms: on a shared machine it is the closest to the work's own cost. */
const fastest = new Map<string, number>();

/** Median of `runs` timings of fn, ms, after a warm-up (the fastest kept under `name`). */
async function time(name: string, fn: () => unknown, runs: number): Promise<number> {
  for (let i = 0; i < Math.min(20, runs); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  fastest.set(name, samples[0]);
  return samples[Math.floor(samples.length / 2)];
}

/** The baseline PDF: the same sheet through pdf-lib's own drawing calls and text layout. */
async function pdfThroughDrawingApi(s: DrawingSheet): Promise<Uint8Array> {
  const PT = 72 / 25.4;
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const f = await doc.embedFont(font, { subset: true });
  const page = doc.addPage([s.width * PT, s.height * PT]);
  const black = rgb(0, 0, 0);
  for (const name of LAYER_NAMES) {
    const { weight, dash } = LAYERS[name];
    const line = { thickness: weight * PT, color: black, dashArray: dash ? dash.map((d) => d * PT) : undefined };
    const seg = (a: readonly number[], b: readonly number[]) =>
      page.drawLine({ start: { x: a[0] * PT, y: a[1] * PT }, end: { x: b[0] * PT, y: b[1] * PT }, ...line });
    for (const sh of s.layers[name]) {
      if (sh.kind === "line") seg(sh.a, sh.b);
      else if (sh.kind === "polyline") {
        sh.points.slice(1).forEach((p, i) => seg(sh.points[i], p));
        if (sh.closed) seg(sh.points[sh.points.length - 1], sh.points[0]);
      } else if (sh.kind === "fill") {
        page.drawSvgPath(`M${sh.points.map((p) => `${p[0] * PT},${-p[1] * PT}`).join(" L")} Z`, { x: 0, y: 0, color: black });
      } else if (sh.kind === "circle") page.drawCircle({ x: sh.c[0] * PT, y: sh.c[1] * PT, size: sh.r * PT, borderColor: black, borderWidth: weight * PT });
      else if (sh.kind === "arc") {
        const p = (d: number) => [sh.c[0] + sh.r * Math.cos((d * Math.PI) / 180), sh.c[1] + sh.r * Math.sin((d * Math.PI) / 180)];
        const [a, b] = [p(sh.start), p(sh.end)];
        page.drawSvgPath(`M${a[0] * PT},${-a[1] * PT} A${sh.r * PT},${sh.r * PT} 0 0 0 ${b[0] * PT},${-b[1] * PT}`, {
          x: 0,
          y: 0,
          borderColor: black,
          borderWidth: weight * PT,
        });
      } else {
        const size = fontSizeFor(sh.height) * PT;
        const w = f.widthOfTextAtSize(sh.text, size);
        const shift = sh.align === "left" ? 0 : sh.align === "center" ? w / 2 : w;
        const [x, y] = sh.rotation === 90 ? [sh.at[0] * PT, sh.at[1] * PT - shift] : [sh.at[0] * PT - shift, sh.at[1] * PT];
        page.drawText(sh.text, { x, y, size, font: f, rotate: degrees(sh.rotation) });
      }
    }
  }
  return doc.save();
}

/** The quote's technical package as the Worker builds it: engineering, datasheet, every sheet, one PDF and the DXF ZIP. */
async function technicalPackage(): Promise<number> {
  const family = getProductFamily("spw600e-door");
  const engineering = family.engineering(door, family.starterParams as Record<string, unknown>);
  const bom = (engineering as { bom: { lines: { code: string; description: string; quantity: number; unit: string }[] } }).bom.lines;
  const datasheet = datasheetOf({
    title: "SPW600e double door 1870 × 2235",
    product: "SPW600e door",
    quantity: 1,
    config: door as unknown as Record<string, unknown>,
    schema: DOOR_SCHEMA,
    engineering,
    compliance: [{ label: "PAS 24", value: "Certified" }],
  });
  const { pdf, zip } = await renderTechnicalPackage(
    {
      legal_name: "Acme Fabrication Ltd",
      quote_number: "Q-2026-0001",
      revision: 1,
      project_reference: "Seed example",
      date: "2026-12-05",
      items: [{ position: 1, datasheet, sheets: TYPES.map(sheet) }],
      bom,
      lead_time_days: 15,
      terms: "Prices hold until the validity date.",
    },
    { font },
  );
  return pdf.length + zip.length;
}

/** Baseline: each sheet as its own files (PDF, SVG, DXF), the DXFs zipped, no datasheet. */
async function drawingPackage(): Promise<number> {
  let bytes = 0;
  const dxfs: Record<string, Uint8Array> = {};
  const enc = new TextEncoder();
  for (const type of TYPES) {
    const s = sheet(type);
    bytes += (await sheetToPdf(s, { font })).length;
    bytes += enc.encode(sheetToSvg(s)).length;
    dxfs[`${s.title_block.drawing_number}.dxf`] = enc.encode(sheetToDxf(s));
  }
  return bytes + zipSync(dxfs).length;
}

const RUNS = 60;
const elevation = "elevation";
const composeMs = await time("compose sheet (model)", () => sheet(elevation), RUNS);
const svgMs = await time("view → SVG", () => sheetToSvg(sheet(elevation)), RUNS);
const dxfMs = await time("view → DXF", () => sheetToDxf(sheet(elevation)), RUNS);
const pdfMs = await time("view → PDF", () => sheetToPdf(sheet(elevation), { font }), RUNS);
const apiPdfMs = await time("view → PDF, pdf-lib API", () => pdfThroughDrawingApi(sheet(elevation)), 10);
// Every drawing type on its own, configuration → PDF (the slowest writer), so each sheet's cost is seen.
const typePdfMs = new Map<string, number>();
for (const type of TYPES) typePdfMs.set(type, await time(`${type} → PDF`, () => sheetToPdf(sheet(type), { font }), RUNS));
const packageMs = await time("package", () => technicalPackage(), 20);
const packageBytes = await technicalPackage();
const filesMs = await time("sheets as separate files", () => drawingPackage(), 20);
const filesBytes = await drawingPackage();
const s = sheet(elevation);

console.log(
  `Seed example door, ${s.format} at ${s.scale}: ${Object.values(s.layers).reduce((n, l) => n + l.length, 0)} shapes, ${s.dimensions.length} dimensions`,
);
console.log(`drawing types in the package: ${TYPES.join(", ")} (× PDF, SVG, DXF; DXFs zipped)`);
console.log(`${"metric".padEnd(26)} ${"median ms".padStart(10)} ${"fastest ms".padStart(11)}`);
for (const [k, v] of [
  ["compose sheet (model)", composeMs],
  ["view → SVG", svgMs],
  ["view → DXF", dxfMs],
  ["view → PDF", pdfMs],
  ["view → PDF, pdf-lib API", apiPdfMs],
  ...[...typePdfMs].map(([type, ms]) => [`${type} → PDF`, ms] as const),
  ["package", packageMs],
  ["sheets as separate files", filesMs],
] as const) {
  console.log(`${k.padEnd(26)} ${v.toFixed(2).padStart(10)} ${(fastest.get(k) ?? 0).toFixed(2).padStart(11)}`);
}
console.log(`BENCH drawings.view_svg_ms ${svgMs.toFixed(2)} ms`);
console.log(`BENCH drawings.view_dxf_ms ${dxfMs.toFixed(2)} ms`);
console.log(`BENCH drawings.view_pdf_ms ${pdfMs.toFixed(2)} ms`);
for (const [type, ms] of typePdfMs) console.log(`BENCH drawings.type_pdf_ms.${type} ${ms.toFixed(2)} ms`);
console.log(`BENCH drawings.package_ms ${packageMs.toFixed(2)} ms`);
console.log(`BENCH drawings.package_bytes ${packageBytes} bytes`);
console.log(`BENCH drawings.baseline.separate_files_ms ${filesMs.toFixed(2)} ms`);
console.log(`BENCH drawings.baseline.separate_files_bytes ${filesBytes} bytes`);
console.log(`BENCH drawings.baseline.compose_ms ${composeMs.toFixed(2)} ms`);
console.log(`BENCH drawings.baseline.view_pdf_pdflib_api_ms ${apiPdfMs.toFixed(2)} ms`);
