import type { Shape, Vec } from "./model.ts";

/**
 * ISO 128-50 section hatching, drawn as narrow lines clipped to the cut
 * area (a rectangle, real mm), so every writer draws it with the primitives
 * it already has. One pattern per material, so a reader tells them apart:
 * metal 45°, polyamide (the thermal-break struts) crossed at 45° and 135°,
 * wood-based board at 45° wider apart with a 135° line between.
 */
export type HatchMaterial = "aluminium" | "polyamide" | "board";

/** Lines at `angle` degrees through the rectangle, `spacing` apart (real mm), clipped to it. */
export function hatchLines(x0: number, y0: number, x1: number, y1: number, angle: 45 | 135, spacing: number): Shape[] {
  const [lo, hi] = [Math.min(x0, x1), Math.max(x0, x1)];
  const [bo, to] = [Math.min(y0, y1), Math.max(y0, y1)];
  const lines: Shape[] = [];
  // 45°: lines y = x + c; 135°: y = −x + c. Step c over the rectangle's range.
  const s = angle === 45 ? 1 : -1;
  const cs = [bo - s * lo, bo - s * hi, to - s * lo, to - s * hi];
  const step = spacing * Math.SQRT2;
  const first = Math.ceil(Math.min(...cs) / step) * step;
  for (let c = first; c <= Math.max(...cs); c += step) {
    // Points of y = s·x + c inside the rectangle.
    const pts: Vec[] = [];
    for (const x of [lo, hi]) {
      const y = s * x + c;
      if (y >= bo - 1e-9 && y <= to + 1e-9) pts.push([x, y]);
    }
    for (const y of [bo, to]) {
      const x = (y - c) / s;
      if (x > lo + 1e-9 && x < hi - 1e-9) pts.push([x, y]);
    }
    if (pts.length < 2) continue;
    pts.sort((a, b) => a[0] - b[0]);
    const [a, b] = [pts[0], pts[pts.length - 1]];
    if (Math.hypot(b[0] - a[0], b[1] - a[1]) > 1e-6) lines.push({ kind: "line", a, b });
  }
  return lines;
}

/** The hatch of `material` over a cut rectangle; `spacing` is the material's line pitch, real mm. */
export function hatch(material: HatchMaterial, x0: number, y0: number, x1: number, y1: number, spacing: number): Shape[] {
  switch (material) {
    case "aluminium":
      return hatchLines(x0, y0, x1, y1, 45, spacing);
    case "polyamide":
      return [...hatchLines(x0, y0, x1, y1, 45, spacing), ...hatchLines(x0, y0, x1, y1, 135, spacing)];
    case "board":
      return [...hatchLines(x0, y0, x1, y1, 45, 2 * spacing), ...hatchLines(x0, y0, x1, y1, 135, 6 * spacing)];
  }
}
