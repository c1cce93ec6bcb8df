import { type Conic, circleConic } from "./conic.ts";

/**
 * The circular arc from (x0, y0) to (x1, y1) with bulge b = tan(θ/4), positive
 * counter-clockwise: θ = 4·atan b, r = c(1 + b²)/(4|b|) over chord c, centre
 * offset from the chord's midpoint along its left normal by c(1 − b²)/(4b).
 */
export function bulgeArc(x0: number, y0: number, x1: number, y1: number, b: number): Conic {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const r = (Math.hypot(dx, dy) * (1 + b * b)) / (4 * Math.abs(b));
  const k = (1 - b * b) / (4 * b);
  const cx = (x0 + x1) / 2 - dy * k;
  const cy = (y0 + y1) / 2 + dx * k;
  const t0 = Math.atan2(y0 - cy, x0 - cx);
  return circleConic(cx, cy, r, t0, t0 + 4 * Math.atan(b));
}
