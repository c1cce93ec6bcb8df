import { type Affine, mapX, mapY } from "./affine.ts";

/**
 * c + A·cos t + B·sin t for t from t0 to t1 (t1 < t0 runs backwards). Circles,
 * arcs, bulges, ellipses and every affine image of them are this one shape, so
 * a transformed arc stays exact and keeps its closed-form area.
 */
export interface Conic {
  cx: number;
  cy: number;
  ax: number;
  ay: number;
  bx: number;
  by: number;
  t0: number;
  t1: number;
}

export const conicX = (k: Conic, t: number): number => k.cx + k.ax * Math.cos(t) + k.bx * Math.sin(t);
export const conicY = (k: Conic, t: number): number => k.cy + k.ay * Math.cos(t) + k.by * Math.sin(t);

export function circleConic(cx: number, cy: number, r: number, t0: number, t1: number): Conic {
  return { cx, cy, ax: r, ay: 0, bx: 0, by: r, t0, t1 };
}

export function transformConic(m: Affine, k: Conic): Conic {
  return {
    cx: mapX(m, k.cx, k.cy),
    cy: mapY(m, k.cx, k.cy),
    ax: m[0] * k.ax + m[2] * k.ay,
    ay: m[1] * k.ax + m[3] * k.ay,
    bx: m[0] * k.bx + m[2] * k.by,
    by: m[1] * k.bx + m[3] * k.by,
    t0: k.t0,
    t1: k.t1,
  };
}

/** The radius when the conic is a circle (A ⊥ B, |A| = |B|), else null. */
export function circleRadius(k: Conic): number | null {
  const ra = Math.hypot(k.ax, k.ay);
  const rb = Math.hypot(k.bx, k.by);
  const eps = 1e-9 * Math.max(ra, rb);
  if (Math.abs(ra - rb) > eps || Math.abs(k.ax * k.bx + k.ay * k.by) > eps * ra) return null;
  return ra;
}

/** Largest singular value of [A B]: the radius of the circle that bounds the chord error. */
function maxRadius(k: Conic): number {
  const s = k.ax * k.ax + k.ay * k.ay + k.bx * k.bx + k.by * k.by;
  const d = k.ax * k.by - k.ay * k.bx;
  return Math.sqrt((s + Math.sqrt(Math.max(0, s * s - 4 * d * d))) / 2);
}

/**
 * Chords keeping the chordal error within tol: an affine image of a unit-circle
 * chord of angle δ deviates at most σ₁(1 − cos δ/2). At least one chord per
 * quarter turn so a full circle is never a degenerate polygon.
 */
export function conicChords(k: Conic, tol: number): number {
  const sweep = Math.abs(k.t1 - k.t0);
  const r = maxRadius(k);
  const step = tol >= r ? Math.PI / 2 : 2 * Math.acos(1 - tol / r);
  return Math.max(1, Math.ceil(sweep / step - 1e-9), Math.ceil(sweep / (Math.PI / 2) - 1e-9));
}

/**
 * Exact area swept from the centre minus that of the n uniform chords:
 * ½·(A×B)·(Δt − n·sin(Δt/n)). Added to a shoelace sum it makes arc areas exact.
 */
export function conicAreaCorrection(k: Conic, n: number): number {
  const dt = k.t1 - k.t0;
  return 0.5 * (k.ax * k.by - k.ay * k.bx) * (dt - n * Math.sin(dt / n));
}

/** Parameters strictly inside the sweep where x or y is extreme: −A·sin t + B·cos t = 0 per axis. */
export function conicExtremes(k: Conic): number[] {
  const lo = Math.min(k.t0, k.t1);
  const hi = Math.max(k.t0, k.t1);
  const out: number[] = [];
  for (const base of [Math.atan2(k.bx, k.ax), Math.atan2(k.by, k.ay)]) {
    for (let t = base + Math.ceil((lo - base) / Math.PI) * Math.PI; t < hi; t += Math.PI) if (t > lo) out.push(t);
  }
  return out;
}

const GAUSS_X = [-0.906179845938664, -0.5384693101056831, 0, 0.5384693101056831, 0.906179845938664];
const GAUSS_W = [0.23692688505618908, 0.47862867049936647, 0.5688888888888889, 0.47862867049936647, 0.23692688505618908];

/** Arc length of a non-circular conic: 5-point Gauss–Legendre of |A·sin t − B·cos t| over each of the n chords. */
export function conicLength(k: Conic, n: number): number {
  const h = (k.t1 - k.t0) / n;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const mid = k.t0 + (i + 0.5) * h;
    for (let g = 0; g < 5; g++) {
      const t = mid + (GAUSS_X[g] * h) / 2;
      const s = Math.sin(t);
      const c = Math.cos(t);
      sum += GAUSS_W[g] * Math.hypot(k.ax * s - k.bx * c, k.ay * s - k.by * c);
    }
  }
  return (sum * Math.abs(h)) / 2;
}
