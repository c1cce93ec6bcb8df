import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { money } from "../../../engine/documents/pdf-writer.ts";
import { renderQuotePdf } from "../../../engine/documents/quote-pdf.ts";
import { compilePriceBook } from "../../../engine/pricing/compile.ts";
import { customerBook } from "../../../engine/pricing/customer-book.ts";
import { demoCatalog } from "../../../engine/pricing/demo-catalog.ts";
import { parsePriceBook, type PriceResult } from "../../../engine/pricing/index.ts";
import { quoteTotals } from "../../../engine/pricing/quote.ts";
import { BRACKET_NAME, DOOR_DETAILS, PLATE_NAME, quoteInput } from "./quote-fixture.ts";

/** The PDF is read back by poppler and qpdf, independent of the library that wrote it. */
const dir = mkdtempSync(join(tmpdir(), "quote-pdf-"));
const file = join(dir, "quote.pdf");
const run = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { encoding: "utf8" });
/** Wrapped lines join again once whitespace is ignored. */
const squash = (s: string) => s.replace(/\s+/g, "");
let text = "";
const DPI = 100;

/** A binary PGM (P5, 8-bit) as pdftoppm -gray writes it. */
function readPgm(bytes: Buffer): { width: number; height: number; pixels: Uint8Array } {
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.subarray(0, 64).toString("latin1"));
  if (!header) throw new Error("not an 8-bit PGM");
  const [width, height] = [Number(header[1]), Number(header[2])];
  return { width, height, pixels: new Uint8Array(bytes.subarray(header[0].length, header[0].length + width * height)) };
}

/** Whether any pixel in the box (pixels) has ink: darker than the paper (grey small print anti-aliases to 150–200 at 100 dpi). */
function inked(page: { width: number; height: number; pixels: Uint8Array }, [x0, y0, x1, y1]: number[]): boolean {
  for (let y = Math.max(0, Math.floor(y0)); y < Math.min(page.height, Math.ceil(y1)); y++) {
    for (let x = Math.max(0, Math.floor(x0)); x < Math.min(page.width, Math.ceil(x1)); x++) if (page.pixels[y * page.width + x] < 230) return true;
  }
  return false;
}

beforeAll(async () => {
  writeFileSync(file, await renderQuotePdf(quoteInput));
  text = run("pdftotext", "-enc", "UTF-8", file, "-");
});

describe("quote PDF read by independent tools", () => {
  it("is a well-formed PDF (qpdf) with the standard fonts it names (pdffonts)", () => {
    expect(run("qpdf", "--check", file)).toMatch(/No syntax or stream encoding errors found/);
    expect(run("pdffonts", file)).toMatch(/Helvetica-Bold/);
  });

  it("names the seller by its legal name, address and VAT ID, with the validity date and terms", () => {
    expect(text).toContain("Acme Fabrication GmbH");
    expect(text).toContain("Industriestraße 12");
    expect(text).toContain("VAT ID: DE123456789");
    expect(text).toContain("4 January 2027");
    expect(text).toContain("This quote is valid until 4 January 2027.");
    expect(text).toContain("Lead times count working days from order and payment.");
  });

  it("describes parts in the shop's words, never its codes", () => {
    expect(text).toContain("FFF print, PLA, 20 % infill, as printed (supports removed)");
    expect(text).toContain("Laser cut, Mild steel S235, 3 mm thick");
    expect(text).not.toMatch(/fff \/ pla|as-printed|\bs235\b/);
  });

  it("prints every line's name and every configured field in full, wrapped rather than cut", () => {
    expect(squash(text)).toContain(squash(BRACKET_NAME));
    expect(text).toContain(PLATE_NAME);
    for (const f of DOOR_DETAILS) expect(squash(text)).toContain(squash(`${f.label}: ${f.value}`));
    expect(text).toContain("Door type: Double");
    expect(text).toContain("Glazing: Triple");
    expect(text).toContain("Colour: RAL 7016");
    expect(squash(text)).toMatch(/U-value\(ENISO10077-1\):\d(\.\d+)?W\/m²K/);
  });

  it("shows the VAT rate and explains each unit price without any cost or margin line", () => {
    expect(text).toContain("VAT 19 %");
    expect(squash(text)).toContain(squash("of the one-off setup"));
    expect(squash(text)).toMatch(/5%quantitydiscount/);
    expect(text).not.toMatch(/Margin|Machine time/);
  });

  it("renders to a picture (pdftoppm) on one A4 page, with ink where every word of the text is", () => {
    run("pdftoppm", "-png", "-r", "60", file, join(dir, "page"));
    expect(run("pdfinfo", file)).toMatch(/Pages:\s+1\b[\s\S]*A4/);
    console.log(`quote PDF pages rendered to ${dir}`);
    // The page as grey pixels (PGM) and each word's box (points) from the text layer: a word in the text
    // but not drawn (a missing font, white or invisible text) has no dark pixel in its box.
    run("pdftoppm", "-gray", "-r", String(DPI), "-singlefile", file, join(dir, "grey"));
    const page = readPgm(readFileSync(join(dir, "grey.pgm")));
    const words = [...run("pdftotext", "-bbox", file, "-").matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)];
    expect(words.length).toBeGreaterThan(100);
    const unseen = words
      .filter(
        ([, x0, y0, x1, y1]) =>
          !inked(
            page,
            [x0, y0, x1, y1].map((v) => (Number(v) * DPI) / 72),
          ),
      )
      .map((w) => w[5]);
    expect(unseen).toEqual([]);
    for (const word of ["Acme", "DE123456789", "Triple"])
      expect(
        words.some((w) => w[5].includes(word)),
        word,
      ).toBe(true);
    // And not everywhere: most of the page is paper (a page of ink would pass the check above).
    const ink = page.pixels.reduce((n, v) => n + (v < 230 ? 1 : 0), 0) / page.pixels.length;
    expect(ink).toBeGreaterThan(0.01);
    expect(ink).toBeLessThan(0.4);
  });
});

describe("the quote PDF of a book whose prices include the tax (decision 75)", () => {
  it("adds the lines up to the total and states the tax it contains under it, with no net line", async () => {
    const book = compilePriceBook(customerBook(parsePriceBook({ ...demoCatalog, tax: { ...demoCatalog.tax, inclusive: true } })));
    const totals = quoteTotals(
      book,
      quoteInput.quote.items.map((i) => i.price as PriceResult),
    );
    expect(totals.gross_total).toBe(totals.items_total + totals.minimum_order_surcharge);
    const inclusive = join(dir, "inclusive.pdf");
    writeFileSync(inclusive, await renderQuotePdf({ ...quoteInput, quote: { ...quoteInput.quote, totals } }));
    expect(run("qpdf", "--check", inclusive)).toMatch(/No syntax or stream encoding errors found/);
    const layout = run("pdftotext", "-enc", "UTF-8", "-layout", inclusive, "-").replace(/[^\S\n]+/g, " ");
    const m = (minor: number) => money(minor, "EUR").replace(/\s+/g, " ");
    expect(layout).toContain(`Items ${m(totals.items_total)}`);
    expect(layout).toContain(`Total ${m(totals.gross_total)}\n`);
    expect(layout).toContain(`incl. VAT 19 % ${m(totals.tax.amount)}`);
    expect(totals.tax.amount).toBe(Math.round((totals.gross_total * 0.19) / 1.19));
    expect(layout).not.toMatch(/Net total|Total incl\./);
  });
});
