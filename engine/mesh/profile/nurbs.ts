import { pointSegmentDistance } from "./distance.ts";

/**
 * Non-uniform rational B-splines: de Boor evaluation in homogeneous
 * coordinates and adaptive flattening to a chordal tolerance.
 */
export interface Nurbs {
  degree: number;
  knots: number[];
  /** Control points as flat x, y pairs. */
  points: number[];
  /** One positive weight per control point, or null for a non-rational spline. */
  weights: number[] | null;
}

const MAX_DEGREE = 11;
const MAX_DEPTH = 18;

/** What is wrong with the spline's definition, or null when it can be evaluated. */
export function nurbsProblem(c: Nurbs): string | null {
  const n = c.points.length / 2;
  const p = c.degree;
  if (!Number.isInteger(p) || p < 1 || p > MAX_DEGREE) return `degree ${p} is not between 1 and ${MAX_DEGREE}`;
  if (n < p + 1) return `${n} control points are too few for degree ${p}`;
  if (c.knots.length !== n + p + 1) return `${c.knots.length} knots, expected ${n + p + 1} for ${n} control points of degree ${p}`;
  for (let i = 0; i < c.knots.length; i++) {
    if (!Number.isFinite(c.knots[i])) return `knot ${i} is not a number`;
    if (i > 0 && c.knots[i] < c.knots[i - 1]) return `knot ${i} decreases`;
  }
  if (!(c.knots[n] > c.knots[p])) return "the knot vector spans no parameter range";
  if (c.weights) {
    if (c.weights.length !== n) return `${c.weights.length} weights for ${n} control points`;
    if (c.weights.some((w) => !(w > 0 && Number.isFinite(w)))) return "a weight is not positive";
  }
  return null;
}

/** Index k with knots[k] ≤ u < knots[k+1], clamped to the curve's domain. */
function findSpan(c: Nurbs, u: number): number {
  const n = c.points.length / 2;
  let lo = c.degree;
  let hi = n - 1;
  if (u >= c.knots[hi + 1]) {
    while (hi > lo && c.knots[hi] === c.knots[hi + 1]) hi--;
    return hi;
  }
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (c.knots[mid] <= u) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Evaluates the curve at u into out[0], out[1]; d is scratch of length 3·(degree+1). */
export function evalNurbs(c: Nurbs, u: number, out: number[], d: Float64Array): void {
  const p = c.degree;
  const k = findSpan(c, u);
  for (let j = 0; j <= p; j++) {
    const i = k - p + j;
    const w = c.weights ? c.weights[i] : 1;
    d[3 * j] = c.points[2 * i] * w;
    d[3 * j + 1] = c.points[2 * i + 1] * w;
    d[3 * j + 2] = w;
  }
  for (let r = 1; r <= p; r++) {
    for (let j = p; j >= r; j--) {
      const i = k - p + j;
      const denom = c.knots[i + p - r + 1] - c.knots[i];
      const a = denom === 0 ? 0 : (u - c.knots[i]) / denom;
      for (let q = 0; q < 3; q++) d[3 * j + q] = (1 - a) * d[3 * (j - 1) + q] + a * d[3 * j + q];
    }
  }
  out[0] = d[3 * p] / d[3 * p + 2];
  out[1] = d[3 * p + 1] / d[3 * p + 2];
}

/**
 * Emits the points after the curve's start so that every chord stays within
 * tol of the curve at its parameter midpoint. Each knot span starts split into
 * degree + 1 pieces so an S-bend inside one span cannot hide from the test.
 */
export function flattenNurbs(c: Nurbs, tol: number, emit: (x: number, y: number) => void): void {
  const p = c.degree;
  const n = c.points.length / 2;
  const d = new Float64Array(3 * (p + 1));
  const pt = [0, 0];
  const mid = [0, 0];
  evalNurbs(c, c.knots[p], pt, d);
  let ax = pt[0];
  let ay = pt[1];
  const refine = (ua: number, xa: number, ya: number, ub: number, xb: number, yb: number, depth: number): void => {
    const um = (ua + ub) / 2;
    evalNurbs(c, um, mid, d);
    const mx = mid[0];
    const my = mid[1];
    if (depth < MAX_DEPTH && pointSegmentDistance(mx, my, xa, ya, xb, yb) > tol) {
      refine(ua, xa, ya, um, mx, my, depth + 1);
      refine(um, mx, my, ub, xb, yb, depth + 1);
    } else {
      emit(xb, yb);
    }
  };
  for (let s = p; s < n; s++) {
    const u0 = c.knots[s];
    const u1 = c.knots[s + 1];
    if (!(u1 > u0)) continue;
    for (let j = 1; j <= p + 1; j++) {
      const ub = j === p + 1 ? u1 : u0 + ((u1 - u0) * j) / (p + 1);
      const ua = u0 + ((u1 - u0) * (j - 1)) / (p + 1);
      evalNurbs(c, ub, pt, d);
      const bx = pt[0];
      const by = pt[1];
      refine(ua, ax, ay, ub, bx, by, 0);
      ax = bx;
      ay = by;
    }
  }
}

/** The curve's first point. */
export function nurbsStart(c: Nurbs): [number, number] {
  const pt = [0, 0];
  evalNurbs(c, c.knots[c.degree], pt, new Float64Array(3 * (c.degree + 1)));
  return [pt[0], pt[1]];
}
