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
import { coverExactly } from "./exact-cover.ts";
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
  /** The packing when found; when exhausted, the most bars the search ever had filled at once (a start for local search). */
  bars: ExactBar[];
  work: number;
  /** An exhausted exact cover (exact-cover.ts) can carry on with this much more work; its `work` is the extra spent. */
  resume?: (workBudget: number) => ExactSearchResult;
}

const EXHAUSTED = Symbol("exhausted");
/** Options counted per piece when looking for the most constrained one; more would only cost time. */
const MRV_PROBE = 8;

interface Option {
  type: number;
  waste: number;
  pieces: number[];
}

interface Known {
  options: Option[];
  complete: boolean;
}

export function packExactly(sizes: readonly number[], counts: readonly number[], types: readonly BarType[], workBudget: number): ExactSearchResult {
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
  // No waste allowed anywhere: every bar is exactly full, and exact cover over the full bars is far faster.
  if (total === capacityTotal) {
    const cover = coverExactly(sizes, counts, types, workBudget);
    if (cover.status !== "unlisted") return cover;
    work = cover.work;
  }

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
      const ranges: [number, number][] = [[Math.max(from, firstAtMost(sizes, r)), maxWaste >= r ? D : firstAtMost(sizes, r - maxWaste - 1)]];
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

  /**
   * Every bar that could hold one more piece of size index `anchor`, within the waste budget, up to
   * `limit`; `complete` unless the limit or the dominance rule cut the list short.
   */
  const optionsFor = (anchor: number, budget: number, limit: number): Known => {
    const options: Option[] = [];
    let complete = true;
    const x = sizes[anchor];
    cnt[anchor]--;
    for (let t = 0; t < types.length && options.length < limit; t++) {
      if (left[t] === 0 || types[t].capacity < x) continue;
      const own: Option[] = [];
      enumerate(t, types[t].capacity - x, budget, limit - options.length, own);
      // Martello–Toth dominance: if one piece fills the bar exactly with x, no other bar of this type holding x is better.
      const exact = own.find((o) => o.waste === 0 && o.pieces.length === 1);
      if (exact) {
        options.push(exact);
        complete &&= own.length === 1;
      } else for (const o of own) options.push(o);
    }
    cnt[anchor]++;
    return { options, complete: complete && options.length < limit };
  };

  /** Whether a bar found earlier for `anchor` can still be cut: its pieces are left, and its type, within the budget. */
  const stillFits = (anchor: number, o: Option, budget: number): boolean => {
    if (o.waste > budget || left[o.type] === 0) return false;
    cnt[anchor]--;
    let k = 0;
    while (k < o.pieces.length && cnt[o.pieces[k]] > 0) cnt[o.pieces[k++]]--;
    const fits = k === o.pieces.length;
    while (k > 0) cnt[o.pieces[--k]]++;
    cnt[anchor]++;
    return fits;
  };

  /**
   * `known` holds the bars found for each piece one level up. Once the budget is tight (below the
   * smallest piece left) a bar can only lose options as pieces go, never gain one (a set that was
   * not maximal had room for a piece, so it wastes more than the budget), so a complete list,
   * filtered, is still complete and a cut-short one still counts at least that many.
   */
  let deepest: ExactBar[] = [];
  const dfs = (budget: number, known: (Known | undefined)[] | null): boolean => {
    if (remaining === 0) return true;
    if (path.length > deepest.length) deepest = path.slice();
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
    let mine: (Known | undefined)[] | null = null;
    if (budget < smallestLeft()) {
      // Tight budget: every bar must end nearly full. Branch on the piece with the fewest
      // possible bars (and fail at once if some piece has none) — exact-cover style.
      mine = new Array<Known | undefined>(D);
      let fewest = Infinity;
      for (let i = first; i < D && fewest > 1; i++) {
        if (cnt[i] === 0) continue;
        const probe = Math.min(fewest, MRV_PROBE);
        let k = known?.[i];
        if (k) {
          work += k.options.length;
          let fit = 0;
          for (const o of k.options) if (stillFits(i, o, budget)) fit++;
          // Copied only when some option is gone: most survive a level, and the copies were most of the time.
          if (fit < k.options.length) k = { options: k.options.filter((o) => stillFits(i, o, budget)), complete: k.complete };
          if (!k.complete && fit < probe) k = undefined;
        }
        k ??= optionsFor(i, budget, probe);
        mine[i] = k;
        const n = k.options.length;
        if (n === 0) return false;
        if (n < fewest) {
          fewest = n;
          anchor = i;
        }
      }
    }
    let own = mine?.[anchor];
    if (!own?.complete) {
      own = optionsFor(anchor, budget, Infinity);
      if (mine) mine[anchor] = own;
    }
    const options = [...own.options].sort((a, b) => a.waste - b.waste || lexDesc(sizes, a.pieces, b.pieces));
    cnt[anchor]--;
    remaining--;
    for (const o of options) {
      for (const p of o.pieces) cnt[p]--;
      remaining -= o.pieces.length;
      left[o.type]--;
      path.push({ type: o.type, pieces: [anchor, ...o.pieces] });
      if (dfs(budget - o.waste, mine)) return true;
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
    const found = dfs(capacityTotal - total, null);
    return { status: found ? "found" : "infeasible", bars: found ? path : [], work };
  } catch (e) {
    if (e === EXHAUSTED) return { status: "exhausted", bars: deepest, work };
    throw e;
  }
}

/** Larger pieces first: bars built around long pieces leave the small ones to fill gaps later. */
function lexDesc(sizes: readonly number[], a: number[], b: number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return sizes[b[i]] - sizes[a[i]];
  return a.length - b.length;
}
