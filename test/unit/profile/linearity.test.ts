/**
 * DXF and SVG are read and analysed in time linear in the file size: a drawing twice
 * as large takes at most about twice as long (see ../mesh/linearity.ts).
 */
import { describe, expect, it } from "vitest";
import { analyzeProfile } from "../../../engine/mesh/profile/index.ts";
import { scaling } from "../mesh/linearity.ts";
import { circle, dxf, line, lwpolyline, svg } from "./fixtures.ts";

const OPTIONS = { maxSegments: 1e8 };

/** A sheet of `n` small parts in a row of columns: a plate with a hole, and a slot drawn as loose lines and arcs. */
function dxfSheet(n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = (i % 100) * 30,
      y = Math.floor(i / 100) * 30;
    if (i % 2 === 0)
      parts.push(
        lwpolyline(
          [
            [x, y],
            [x + 20, y],
            [x + 20, y + 20],
            [x, y + 20],
          ],
          true,
        ),
        circle([x + 10, y + 10], 4),
      );
    else parts.push(line([x, y], [x + 20, y]), line([x + 20, y], [x + 20, y + 20]), line([x + 20, y + 20], [x, y + 20]), line([x, y + 20], [x, y]));
  }
  return dxf(parts.join(""), { insunits: 4 });
}

/** The same sheet in SVG: paths with curves, rects, circles, and a transformed group. */
function svgSheet(n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = (i % 100) * 30,
      y = Math.floor(i / 100) * 30;
    if (i % 3 === 0) parts.push(`<path d="M${x} ${y}h20v20c-5 2 -15 2 -20 0z M${x + 6} ${y + 6}l8 0 0 8 -8 0z"/>`);
    else if (i % 3 === 1) parts.push(`<rect x="${x}" y="${y}" width="20" height="20" rx="2"/><circle cx="${x + 10}" cy="${y + 10}" r="4"/>`);
    else parts.push(`<g transform="translate(${x} ${y})"><polygon points="0,0 20,0 20,20 0,20"/></g>`);
  }
  return svg('width="3000mm" height="3000mm" viewBox="0 0 3000 3000"', parts.join("\n"));
}

describe("profile readers are linear in the file size", () => {
  it("DXF", async () => {
    const r = await scaling(
      (n) => new TextEncoder().encode(dxfSheet(n)),
      (bytes) => analyzeProfile(bytes, { format: "dxf", ...OPTIONS }),
      { start: 256, max: 1 << 17 },
    );
    expect(r.ratio, JSON.stringify(r)).toBeLessThanOrEqual(3);
  });

  it("SVG", async () => {
    const r = await scaling(
      (n) => new TextEncoder().encode(svgSheet(n)),
      (bytes) => analyzeProfile(bytes, { format: "svg", ...OPTIONS }),
      { start: 256, max: 1 << 17 },
    );
    expect(r.ratio, JSON.stringify(r)).toBeLessThanOrEqual(3);
  });
});
