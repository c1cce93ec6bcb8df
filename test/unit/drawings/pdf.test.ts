import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fontkit from "@pdf-lib/fontkit";
import { describe, expect, it } from "vitest";
import { scaleDenominator } from "../../../engine/drawings/scale.ts";
import { sheetToPdf } from "../../../engine/drawings/writers/pdf.ts";
import { fontSizeFor } from "../../../engine/drawings/lettering.ts";
import { CASES, FONT } from "./fixtures.ts";

const dir = mkdtempSync(join(tmpdir(), "drawings-pdf-"));
const MM = 25.4 / 72;
const metrics = fontkit.create(FONT);
const ASCENT = metrics.ascent / metrics.unitsPerEm;
const DESCENT = -metrics.descent / metrics.unitsPerEm;

interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Words with their boxes, mm, y measured up from the bottom of the page like the model. */
function words(path: string, pageHeight: number): Word[] {
  const html = execFileSync("pdftotext", ["-bbox", path, "-"], { encoding: "utf8" });
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    text: m[5],
    xMin: Number(m[1]) * MM,
    xMax: Number(m[3]) * MM,
    yMin: pageHeight - Number(m[4]) * MM,
    yMax: pageHeight - Number(m[2]) * MM,
  }));
}

describe("PDF writer", () => {
  it.each(CASES)("$name: valid, exact ISO size, fonts embedded as subsets, PDF/A-2b declared", async ({ sheet: make }) => {
    const sheet = make();
    const path = join(dir, `${sheet.title_block.drawing_number}-${sheet.format}.pdf`);
    writeFileSync(path, await sheetToPdf(sheet, { font: FONT }));

    expect(execFileSync("qpdf", ["--check", path], { encoding: "utf8" })).toContain("No syntax or stream encoding errors");
    const info = execFileSync("pdfinfo", [path], { encoding: "utf8" });
    const size = info.match(/Page size:\s+([\d.]+) x ([\d.]+) pts/);
    expect(Number(size?.[1]) * MM).toBeCloseTo(sheet.width, 1);
    expect(Number(size?.[2]) * MM).toBeCloseTo(sheet.height, 1);
    expect(info).toMatch(/Pages:\s+1/);
    expect(info).toContain(`Title:           ${sheet.title_block.drawing_number} rev. B`);

    const fonts = execFileSync("pdffonts", [path], { encoding: "utf8" }).trim().split("\n").slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) {
      expect(line).toMatch(/^[A-Z]{6}\+NotoSans-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    }

    // PDF/A-2b: XMP pdfaid (the metadata stream is left uncompressed, as PDF/A recommends), sRGB output intent, document ID.
    const raw = readFileSync(path).toString("latin1");
    expect(raw).toContain("<pdfaid:part>2</pdfaid:part>");
    expect(raw).toContain("<pdfaid:conformance>B</pdfaid:conformance>");
    expect(raw).toMatch(/\/OutputIntents \[ <<[^>]*\/S \/GTS_PDFA1/);
    expect(raw).toMatch(/\/DestOutputProfile \d+ 0 R/);
    expect(raw).toMatch(/\/ID \[ <[0-9a-fA-F]{32}> <[0-9a-fA-F]{32}> \]/);
  });

  it.each(CASES)("$name: every dimension value is text where the model put it (±0.5 mm)", async ({ sheet: make }) => {
    const sheet = make();
    const path = join(dir, `${sheet.title_block.drawing_number}-${sheet.format}-text.pdf`);
    writeFileSync(path, await sheetToPdf(sheet, { font: FONT }));
    const found = words(path, sheet.height);
    for (const d of sheet.dimensions) {
      const size = fontSizeFor(d.text.height);
      const [x, y] = d.text.at;
      // The box spans descent to ascent about the baseline; centred along the baseline.
      const hit = found.find((w) => {
        if (w.text !== d.text.text) return false;
        if (d.text.rotation === 0) return Math.abs((w.xMin + w.xMax) / 2 - x) <= 0.5 && Math.abs(w.yMin + DESCENT * size - y) <= 0.5;
        return Math.abs((w.yMin + w.yMax) / 2 - y) <= 0.5 && Math.abs(w.xMax - DESCENT * size - x) <= 0.5;
      });
      expect(hit, `${d.text.text} at ${x.toFixed(1)}, ${y.toFixed(1)}`).toBeDefined();
    }
    expect(ASCENT).toBeGreaterThan(0.9);
  });

  it.each(CASES)("$name: renders a drawing, not a blank page, in the view's area", async ({ sheet: make }) => {
    const sheet = make();
    const path = join(dir, `${sheet.title_block.drawing_number}-${sheet.format}-render.pdf`);
    writeFileSync(path, await sheetToPdf(sheet, { font: FONT }));
    const dpi = 50;
    // An A1 sheet's page is about 2 MB of pixels even at 50 dpi.
    const pgm = execFileSync("pdftoppm", ["-r", String(dpi), "-gray", "-singlefile", path], { maxBuffer: 16 * 1024 * 1024 });
    const header = pgm
      .subarray(0, 20)
      .toString("latin1")
      .match(/^P5\s+(\d+)\s+(\d+)\s+255\s/);
    expect(header).not.toBeNull();
    const [w, h] = [Number(header?.[1]), Number(header?.[2])];
    const pixels = pgm.subarray(header?.[0].length ?? 0);
    const px = dpi / 25.4;
    const view = sheet.views[0];
    const n = scaleDenominator(sheet.scale);
    const x0 = Math.floor(view.origin[0] * px);
    const x1 = Math.ceil((view.origin[0] + (view.bounds.max[0] - view.bounds.min[0]) / n) * px);
    const y1 = Math.ceil(h - view.origin[1] * px);
    const y0 = Math.floor(h - (view.origin[1] + (view.bounds.max[1] - view.bounds.min[1]) / n) * px);
    let dark = 0;
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (pixels[y * w + x] < 128) dark++;
    const area = (x1 - x0) * (y1 - y0);
    expect(dark / area).toBeGreaterThan(0.01);
    // And the page around the sheet's drawing space is mostly paper.
    let darkAll = 0;
    for (const p of pixels) if (p < 128) darkAll++;
    expect(darkAll / (w * h)).toBeLessThan(0.2);
  });

  it("the same drawing gives the same bytes", async () => {
    const a = await sheetToPdf(CASES[0].sheet(), { font: FONT });
    const b = await sheetToPdf(CASES[0].sheet(), { font: FONT });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});
