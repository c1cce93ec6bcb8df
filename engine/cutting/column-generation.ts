/**
 * The Gilmore–Gomory LP relaxation of cutting stock on one bar length, by
 * column generation:
 *
 *   min Σ_p x_p   s.t.   Σ_p a_ip·x_p ≥ d_i (every size i),   x ≥ 0,
 *
 * over bar patterns p (a_ip pieces of size i). Its value rounded up is a
 * lower bound at least as strong as L2, and far stronger where pieces
 * combine badly (the optimum is within one bar of it on almost every
 * instance known). The master is a revised simplex with an explicit dense
 * basis inverse — one row per distinct piece size, a few dozen in an order —
 * and new patterns are priced by a bounded knapsack on the duals.
 *
 * Farley's bound Σ d_i·y_i / max_p(y·a_p) is a valid lower bound at every
 * iteration (y scaled by it is dual feasible), so stopping on the work
 * limit never overstates the bound.
 */
import { bestPattern } from "./knapsack.ts";

export interface CuttingLp {
  /** Lower bound on the LP optimum, hence on the bars of any packing: the LP optimum itself when `solved`. */
  bound: number;
  solved: boolean;
  /** Knapsack work + simplex row operations, counted against `maxWork`. */
  work: number;
}

const TOL = 1e-9;
/** Slack for rounding errors when a fractional bound is rounded up to bars. */
export const BOUND_EPS = 1e-6;
/** Pivots between fresh inversions of the basis, so rounding errors of the product updates cannot build up. */
const REFACTOR_EVERY = 50;
/**
 * Distinct sizes beyond which the LP is never tried, whatever the budget:
 * the inverse, the basis columns and a refactor's scratch hold about 5·n²
 * numbers (≈ 6 MB here).
 */
export const MAX_LP_SIZES = 400;

type Column = { counts: number[] } | { surplus: number };

export interface LpLimits {
  maxWork: number;
  /** A bound already known: stop once the LP cannot beat it. */
  known: number;
  /** Bars of a packing in hand: stop once the bound proves it optimal. */
  found: number;
}

/**
 * Sizes must each fit the capacity. Stops early once the bound rounded up
 * cannot rise any further, or can no longer change the answer.
 */
export function solveCuttingLp(sizes: readonly number[], demands: readonly number[], capacity: number, limits: LpLimits): CuttingLp {
  const { maxWork, known, found } = limits;
  const n = sizes.length;
  // Reaching the optimum takes about n pivots of ~n² each, and every refactor n³: below that budget the
  // few affordable pivots give nothing over L2, so nothing is allocated.
  if (n > MAX_LP_SIZES || n * n * n > maxWork) return { bound: 0, solved: false, work: 0 };
  let work = 0;
  // Start from one homogeneous pattern per size: a diagonal basis, inverted entry by entry.
  const binv = new Float64Array(n * n);
  const xB = new Float64Array(n);
  const basis: Column[] = sizes.map((s, i) => {
    const counts = new Array<number>(n).fill(0);
    counts[i] = Math.min(demands[i], Math.floor(capacity / s));
    binv[i * n + i] = 1 / counts[i];
    xB[i] = demands[i] / counts[i];
    return { counts };
  });
  const cost = new Float64Array(n).fill(1);
  const columnOf = (c: Column) => {
    if ("surplus" in c) {
      const v = new Float64Array(n);
      v[c.surplus] = -1;
      return v;
    }
    return Float64Array.from(c.counts);
  };
  let gaussJordan: Float64Array | undefined; // first needed after REFACTOR_EVERY pivots
  const refactor = () => {
    gaussJordan ??= new Float64Array(2 * n * n);
    invert(basis.map(columnOf), binv, gaussJordan);
    work += n * n * n;
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += binv[r * n + j] * demands[j];
      xB[r] = Math.max(0, s);
    }
  };

  const y = new Float64Array(n);
  const positive = new Array<number>(n);
  const u = new Float64Array(n);
  let bound = 0;
  let solved = false;
  let tableFirst = false;
  for (let pivots = 0; work < maxWork; ) {
    // Duals y = c_B · B⁻¹.
    y.fill(0);
    for (let r = 0; r < n; r++) {
      const c = cost[r];
      if (c !== 0) for (let j = 0; j < n; j++) y[j] += c * binv[r * n + j];
    }
    let objective = 0;
    for (let r = 0; r < n; r++) objective += cost[r] * xB[r];

    let entering: Column | null = null;
    for (let i = 0; i < n && !entering; i++) if (y[i] < -TOL) entering = { surplus: i };
    if (!entering) {
      let dualValue = 0;
      for (let i = 0; i < n; i++) {
        positive[i] = Math.max(0, y[i]);
        dualValue += demands[i] * positive[i];
      }
      // θ = the most any pattern is worth under y; y/θ is dual feasible.
      const k = bestPattern(sizes, positive, demands, capacity, maxWork - work, tableFirst);
      work += k.work;
      tableFirst = k.byTable;
      if (!k.exact) break;
      const theta = k.value;
      if (theta > 0) bound = Math.max(bound, dualValue / theta);
      if (theta <= 1 + TOL) {
        solved = true;
        break;
      }
      const up = Math.ceil(bound - BOUND_EPS);
      const ceiling = Math.ceil(objective - BOUND_EPS);
      if (up >= ceiling || up >= found || ceiling <= known) break;
      entering = { counts: k.counts };
    }
    const col = columnOf(entering!);
    // Ratio test on u = B⁻¹·a; ties go to the largest pivot element, the numerically safest.
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += binv[r * n + j] * col[j];
      u[r] = s;
    }
    let leave = -1;
    let bestRatio = Infinity;
    for (let r = 0; r < n; r++) {
      if (u[r] <= TOL) continue;
      const ratio = xB[r] / u[r];
      if (ratio < bestRatio - TOL || (ratio <= bestRatio + TOL && u[r] > u[leave])) {
        bestRatio = ratio;
        leave = r;
      }
    }
    if (leave < 0) break; // unbounded: impossible with positive costs, but never loop on it
    basis[leave] = entering!;
    cost[leave] = "surplus" in entering! ? 0 : 1;
    if (++pivots % REFACTOR_EVERY === 0) {
      refactor();
      continue;
    }
    const piv = u[leave];
    const rowL = leave * n;
    for (let j = 0; j < n; j++) binv[rowL + j] /= piv;
    xB[leave] /= piv;
    for (let r = 0; r < n; r++) {
      const f = u[r];
      if (r === leave || f === 0) continue;
      const row = r * n;
      for (let j = 0; j < n; j++) binv[row + j] -= f * binv[rowL + j];
      xB[r] = Math.max(0, xB[r] - f * xB[leave]);
    }
    work += 3 * n * n; // duals, B⁻¹·a and the update
  }

  return { bound, solved, work };
}

/** Gauss–Jordan inverse with partial pivoting of the matrix whose columns are `cols`, into `out` (row-major); `a` is n × 2n scratch. */
function invert(cols: Float64Array[], out: Float64Array, a: Float64Array): void {
  const n = cols.length;
  const w = 2 * n;
  a.fill(0);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) a[r * w + c] = cols[c][r];
    a[r * w + n + r] = 1;
  }
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * w + c]) > Math.abs(a[p * w + c])) p = r;
    if (p !== c) {
      for (let j = 0; j < w; j++) {
        const t = a[c * w + j];
        a[c * w + j] = a[p * w + j];
        a[p * w + j] = t;
      }
    }
    const piv = a[c * w + c];
    for (let j = 0; j < w; j++) a[c * w + j] /= piv;
    for (let r = 0; r < n; r++) {
      const f = a[r * w + c];
      if (r === c || f === 0) continue;
      for (let j = 0; j < w; j++) a[r * w + j] -= f * a[c * w + j];
    }
  }
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) out[r * n + c] = a[r * w + n + c];
}
