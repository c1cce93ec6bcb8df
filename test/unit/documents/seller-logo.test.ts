import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encode } from "fast-png";
import { describe, expect, it } from "vitest";
import { renderQuotePdf } from "../../../engine/documents/quote-pdf.ts";
import { quoteInput } from "./quote-fixture.ts";

const run = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { encoding: "utf8" });

/** A 300 × 100 logo: teal left half, white right half (wider than tall, as logos are). */
function logoPng() {
  const [width, height] = [300, 100];
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(x < width / 2 ? [15, 118, 110] : [255, 255, 255], (y * width + x) * 3);
  return new Uint8Array(encode({ width, height, data, channels: 3 }));
}

describe("the shop's logo on its documents (read back by poppler and qpdf)", () => {
  it("is embedded once at its own pixels, drawn in the heading's top-left box, and the name still follows", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fabquote-logo-"));
    const file = join(dir, "quote.pdf");
    writeFileSync(file, await renderQuotePdf({ ...quoteInput, shop: { ...quoteInput.shop, logo: { bytes: logoPng(), type: "image/png" } } }));
    expect(run("qpdf", "--check", file)).toMatch(/No syntax or stream encoding errors found/);
    const images = run("pdfimages", "-list", "-f", "1", "-l", "1", file)
      .split("\n")
      .slice(2)
      .filter((l) => l.trim())
      .map((l) => l.trim().split(/\s+/));
    // page, num, type, width, height: the logo at 300 × 100 among the page's images (line pictures follow it).
    expect(images.some(([page, , type, width, height]) => page === "1" && type === "image" && width === "300" && height === "100")).toBe(true);
    // Drawn at 120 × 40 pt from the 44 pt margin: at 72 dpi its teal half covers x 44…104, y 44…84 of the rendered page.
    const ppm = execFileSync("pdftoppm", ["-r", "72", "-f", "1", "-l", "1", "-x", "60", "-y", "50", "-W", "1", "-H", "1", file]);
    const pixel = [...ppm.subarray(ppm.length - 3)];
    // Within a step or two of the logo's colour (the rasteriser's colour conversion).
    for (const [i, v] of [15, 118, 110].entries()) expect(Math.abs(pixel[i] - v)).toBeLessThanOrEqual(3);
    const text = run("pdftotext", "-f", "1", "-l", "1", "-layout", file, "-");
    expect(text).toContain(quoteInput.shop.name);
  });
});
