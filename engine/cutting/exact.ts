/**
 * Exact feasibility search: can the pieces be packed into the given bars
 * (a fixed count of each capacity)? Bin completion (Korf 2002): the longest
 * piece left opens the next bar, which is completed at once with a maximal
 * set of other pieces, fullest first. The total waste the bars may leave is
 * fixed (Σ capacity − Σ pieces), so every completion spends from that budget
 * and a completion that would overspend it is never generated.
 *
 * Pieces are given as distinct sizes (descending) with counts, so identical
 * pieces never cause symmetric branches. The search is bounded by a work
 * budget (nodes + enumeration steps) — never by wall time, so browser and
 * server give the same answer.
 */
import { firstAtMost } from "./sorted.ts";

export interface BarType {
  capacity: number;
  count: number;
}

export interface ExactBar {
  type: number;
  /** Indices into `sizes`, one per piece. */
  pieces: number[];
}

export interface ExactSearchResult {
  /** `infeasible` is a proof; `exhausted` means the budget ran out first. */
  status: "found" | "infeasible" | "exhausted";
  bars: ExactBar[];
  work: number;
}

const EXHAUSTED = Symbol("exhausted");
/** Options counted per piece when looking for the most constrained one; more would only cost time. */
const MRV_PROBE = 8;

interface Option {
  type: number;
  waste: number;
  pieces: number[];
}

export function packExactly(
  sizes: readonly number[],
  counts: readonly number[],
  types: readonly BarType[],
  workBudget: number,
): ExactSearchResult {
  const D = sizes.length;
  const cnt = counts.slice();
  const left = types.map((t) => t.count);
  let remaining = 0;
  let total = 0;
  for (let i = 0; i < D; i++) {
    remaining += cnt[i];
    total += cnt[i] * sizes[i];
  }
  let capacityTotal = 0;
  let capMax = 0;
  for (const t of types) {
    capacityTotal += t.capacity * t.count;
    if (t.count > 0) capMax = Math.max(capMax, t.capacity);
  }
  let work = 0;
  const path: ExactBar[] = [];
  if (total > capacityTotal || (remaining > 0 && sizes[0] > capMax)) return { status: "infeasible", bars: [], work };

  const smallestLeft = () => {
    let s = D - 1;
    while (s >= 0 && cnt[s] === 0) s--;
    return s < 0 ? Infinity : sizes[s];
  };

  /**
   * Maximal sets of available pieces that fit in `room` leaving at most
   * `maxWaste`, until `limit` are found. A piece is only worth adding if it
   * either finishes the bar (leaves ≤ maxWaste) or leaves room for another
   * piece, so each level scans two ranges found by binary search.
   */
  const enumerate = (type: number, room: number, maxWaste: number, limit: number, out: Option[]) => {
    const picked: number[] = [];
    const rec = (from: number, r: number): boolean => {
      if (++work > workBudget) throw EXHAUSTED;
      const smallest = smallestLeft();
      if (smallest > r) {
        if (r <= maxWaste) out.push({ type, waste: r, pieces: picked.slice() });
        return out.length >= limit;
      }
      const ranges: [number, number][] = [
        [Math.max(from, firstAtMost(sizes, r)), maxWaste >= r ? D : firstAtMost(sizes, r - maxWaste - 1)],
      ];
      ranges.push([Math.max(from, ranges[0][1], firstAtMost(sizes, r - smallest)), D]);
      for (const [lo, hi] of ranges) {
        for (let i = lo; i < hi; i++) {
          if (cnt[i] === 0) continue;
          cnt[i]--;
          picked.push(i);
          const stop = rec(i, r - sizes[i]);
          picked.pop();
          cnt[i]++;
          if (stop) return true;
        }
      }
      return false;
    };
    rec(0, room);
  };

  /** Every bar that could hold one more piece of size index `anchor`, within the waste budget. */
  const optionsFor = (anchor: number, budget: number, limit: number): Option[] => {
    const options: Option[] = [];
    const x = sizes[anchor];
    cnt[anchor]--;
    for (let t = 0; t < types.length && options.length < limit; t++) {
      if (left[t] === 0 || types[t].capacity < x) continue;
      const own: Option[] = [];
      enumerate(t, types[t].capacity - x, budget, limit - options.length, own);
      // Martello–Toth dominance: if one piece fills the bar exactly with x, no other bar of this type holding x is better.
      const exact = own.find((o) => o.waste === 0 && o.pieces.length === 1);
      if (exact) options.push(exact);
      else for (const o of own) options.push(o);
    }
    cnt[anchor]++;
    return options;
  };

  const dfs = (budget: number): boolean => {
    if (remaining === 0) return true;
    if (++work > workBudget) throw EXHAUSTED;
    let first = 0;
    while (cnt[first] === 0) first++;
    // Pieces longer than half the longest bar cannot share a bar with each other.
    let big = 0;
    for (let i = first; i < D && 2 * sizes[i] > capMax; i++) big += cnt[i];
    let bars = 0;
    for (const l of left) bars += l;
    if (big > bars) return false;

    let anchor = first;
    if (budget < smallestLeft()) {
      // Tight budget: every bar must end nearly full. Branch on the piece with the fewest
      // possible bars (and fail at once if some piece has none) — exact-cover style.
      let fewest = Infinity;
      for (let i = first; i < D && fewest > 1; i++) {
        if (cnt[i] === 0) continue;
        const n = optionsFor(i, budget, Math.min(fewest, MRV_PROBE)).length;
        if (n === 0) return false;
        if (n < fewest) {
          fewest = n;
          anchor = i;
        }
      }
    }
    const options = optionsFor(anchor, budget, Infinity);
    options.sort((a, b) => a.waste - b.waste || lexDesc(sizes, a.pieces, b.pieces));
    cnt[anchor]--;
    remaining--;
    for (const o of options) {
      for (const p of o.pieces) cnt[p]--;
      remaining -= o.pieces.length;
      left[o.type]--;
      path.push({ type: o.type, pieces: [anchor, ...o.pieces] });
      if (dfs(budget - o.waste)) return true;
      path.pop();
      left[o.type]++;
      remaining += o.pieces.length;
      for (const p of o.pieces) cnt[p]++;
    }
    cnt[anchor]++;
    remaining++;
    return false;
  };

  try {
    const found = dfs(capacityTotal - total);
    return { status: found ? "found" : "infeasible", bars: found ? path : [], work };
  } catch (e) {
    if (e === EXHAUSTED) return { status: "exhausted", bars: [], work };
    throw e;
  }
}

/** Larger pieces first: bars built around long pieces leave the small ones to fill gaps later. */
function lexDesc(sizes: readonly number[], a: number[], b: number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return sizes[b[i]] - sizes[a[i]];
  return a.length - b.length;
}
