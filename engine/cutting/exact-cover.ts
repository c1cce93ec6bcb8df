/**
 * Exact search for perfect packings: when the bars' capacity equals the
 * pieces' total exactly (no waste anywhere), every bar is one of the sets of
 * pieces that fill a bar of its type to the unit, and packing is exact cover
 * with multiplicities (Knuth's Algorithm M): each size must be covered exactly
 * its count of times, each bar type exactly its count of bars.
 *
 * Unlike bin completion (exact.ts), which enumerates a piece's possible bars
 * again at every node, the full bars are listed once and then only switched
 * off and on as pieces run out, so a node costs the bars it touches, not a
 * subset-sum enumeration. Branching is on the item with the fewest live bars
 * per copy it still needs (MRV); once a bar has been tried it is excluded from
 * its later siblings' subtrees, so no packing is searched twice.
 *
 * The search is heavy-tailed (one early wrong bar can cost millions), so it
 * restarts on Luby's schedule with ties and the bar order perturbed by a
 * seeded generator; a run that finishes within its cutoff is still a proof.
 * Work counts listing steps, nodes, items scanned and bars switched — never
 * wall time, so every run gives the same answer.
 */
import type { BarType, ExactBar, ExactSearchResult } from "./exact.ts";
import { seededRandom } from "./random.ts";
import { firstAtMost } from "./sorted.ts";

/** Full bars listed at most (memory stays a few MB): beyond this (many small pieces) the search is left to bin completion. */
const MAX_FULL_BARS = 20_000;
/**
 * Operations per unit of the common work budget, so a unit costs about what one of bin completion's
 * does (measured in one process: ≈ 45–80 ns here against ≈ 50–110 ns there).
 */
const OPS_PER_WORK = 6;
/** A run's node cutoff is Luby's sequence times this many nodes per bar (a descent is one node per bar). */
const RESTART_NODES_PER_BAR = 2.5;

type Outcome = 0 | 1 | 2;
const FAIL = 0;
const FOUND = 1;
const STOP = 2;

/**
 * The pieces (distinct sizes, descending, with counts) packed into exactly the given bars, all full;
 * `unlisted` when the full bars were too many to list within the budget and the limit.
 */
export function coverExactly(
  sizes: readonly number[],
  counts: readonly number[],
  types: readonly BarType[],
  workBudget: number,
): ExactSearchResult | { status: "unlisted"; work: number } {
  const D = sizes.length;
  const T = types.length;
  let opsBudget = workBudget * OPS_PER_WORK;
  let ops = 0;

  // Items: sizes 0…D−1, then bar types D…D+T−1. A bar is a type and a multiset of sizes.
  const need = [...counts, ...types.map((t) => t.count)];
  const barType: number[] = [];
  const barSizes: number[][] = [];
  // Every multiset of sizes (descending, within the counts) that fills a bar of type t exactly.
  const picked: number[] = [];
  const left = counts.slice();
  // suffix[i]: the most the sizes from i on can add (prunes sums that can no longer reach the capacity).
  const suffix = new Array<number>(D + 1).fill(0);
  for (let i = D - 1; i >= 0; i--) suffix[i] = suffix[i + 1] + sizes[i] * counts[i];
  // Listing may take a quarter of the budget: where it cannot finish, bin completion gets the rest.
  const listingBudget = opsBudget / 4;
  let overflow = false;
  const list = (t: number, from: number, room: number) => {
    if (++ops > listingBudget || barSizes.length > MAX_FULL_BARS) {
      overflow = true;
      return;
    }
    if (room === 0) {
      barType.push(t);
      barSizes.push(picked.slice());
      return;
    }
    if (suffix[from] < room) return;
    // A piece either fills the rest exactly or leaves room for at least the smallest piece.
    const exact = firstAtMost(sizes, room);
    if (exact >= from && exact < D && sizes[exact] === room && left[exact] > 0) {
      picked.push(exact);
      list(t, exact, 0);
      picked.pop();
    }
    for (let i = Math.max(from, firstAtMost(sizes, room - sizes[D - 1])); i < D && !overflow; i++) {
      ops++;
      if (left[i] === 0) continue;
      left[i]--;
      picked.push(i);
      list(t, i, room - sizes[i]);
      picked.pop();
      left[i]++;
    }
  };
  for (let t = 0; t < T && !overflow; t++) if (types[t].count > 0) list(t, 0, types[t].capacity);
  if (overflow) return { status: "unlisted", work: Math.ceil(ops / OPS_PER_WORK) };

  // Occurrences: for each item, the bars using it and how many times.
  const B = barSizes.length;
  const occBar: number[][] = need.map(() => []);
  const occMult: number[][] = need.map(() => []);
  const barItems: number[][] = [];
  const barMults: number[][] = [];
  for (let b = 0; b < B; b++) {
    const items: number[] = [];
    const mults: number[] = [];
    for (const s of barSizes[b]) {
      if (items.length > 0 && items[items.length - 1] === s) mults[mults.length - 1]++;
      else {
        items.push(s);
        mults.push(1);
      }
    }
    items.push(D + barType[b]);
    mults.push(1);
    barItems.push(items);
    barMults.push(mults);
    items.forEach((it, k) => {
      occBar[it].push(b);
      occMult[it].push(mults[k]);
    });
  }
  ops += B;
  const maxMult = occMult.map((ms) => ms.reduce((a, b) => Math.max(a, b), 0));

  // A bar is live while nothing blocks it (blocks: items it needs more of than remain, plus exclusions).
  const blocks = new Int32Array(B);
  const scarcity = new Float64Array(B);
  const live = need.map((_, i) => occBar[i].length);
  const block = (b: number) => {
    if (blocks[b]++ === 0) {
      const items = barItems[b];
      for (let k = 0; k < items.length; k++) live[items[k]]--;
    }
  };
  const unblock = (b: number) => {
    if (--blocks[b] === 0) {
      const items = barItems[b];
      for (let k = 0; k < items.length; k++) live[items[k]]++;
    }
  };
  /** Takes `m` of item i; bars needing more than is left are blocked. */
  const take = (i: number, m: number) => {
    const before = need[i];
    need[i] -= m;
    if (need[i] >= maxMult[i]) return;
    const bars = occBar[i];
    const mults = occMult[i];
    ops += bars.length;
    for (let k = 0; k < bars.length; k++) if (mults[k] <= before && mults[k] > need[i]) block(bars[k]);
  };
  const give = (i: number, m: number) => {
    if (need[i] >= maxMult[i]) {
      need[i] += m;
      return;
    }
    const bars = occBar[i];
    const mults = occMult[i];
    ops += bars.length;
    for (let k = 0; k < bars.length; k++) if (mults[k] <= need[i] + m && mults[k] > need[i]) unblock(bars[k]);
    need[i] += m;
  };

  // Long pieces: the longest sizes, as far down as no full bar holds two of their pieces. Each bar holds at
  // most one, so more of them than bars is a proof of infeasibility, and as many as bars puts exactly one in
  // every bar: the bars without one are never part of a packing and are blocked for good. On perfect
  // triplets (a long piece and two short ones per bar) those are the bars of three short pieces, which
  // otherwise cost the search millions of operations on the instances where it picked one early (decision 68).
  const longIn = new Int32Array(B);
  let longSizes = 0;
  let longPieces = 0;
  for (let i = 0; i < D; i++) {
    const bars = occBar[i];
    const mults = occMult[i];
    ops += bars.length;
    let fits = true;
    for (let k = 0; k < bars.length && fits; k++) fits = longIn[bars[k]] + mults[k] <= 1;
    if (!fits) break;
    for (let k = 0; k < bars.length; k++) longIn[bars[k]] += mults[k];
    longSizes++;
    longPieces += counts[i];
  }
  const barsTotal = types.reduce((s, t) => s + t.count, 0);
  if (longPieces > barsTotal) return { status: "infeasible", bars: [], work: Math.ceil(ops / OPS_PER_WORK) };
  if (longPieces === barsTotal) {
    ops += B;
    for (let b = 0; b < B; b++) if (barItems[b][0] >= longSizes) block(b);
  }

  const path: number[] = [];
  let deepest: number[] = [];
  let open = 0;
  for (const n of need) if (n > 0) open++;
  const rnd = seededRandom(1);
  let runNodes = 0;
  let cutoff = Infinity;
  let perturb = false;
  const search = (): Outcome => {
    if (open === 0) return FOUND;
    if (path.length > deepest.length) deepest = path.slice();
    if (++ops > opsBudget || ++runNodes > cutoff) return STOP;
    // The item with the fewest live bars per copy it still needs (ties at random); none live is a dead end.
    let item = -1;
    let bestLive = 1;
    let bestNeed = 0;
    let ties = 0;
    ops += need.length;
    for (let i = 0; i < need.length; i++) {
      if (need[i] === 0) continue;
      if (live[i] === 0) return FAIL;
      const d = live[i] * bestNeed - bestLive * need[i];
      if (d < 0 || item < 0) {
        item = i;
        bestLive = live[i];
        bestNeed = need[i];
        ties = 1;
      } else if (d === 0 && rnd() * ++ties < 1) item = i;
    }
    const candidates = occBar[item].filter((b) => blocks[b] === 0);
    ops += occBar[item].length;
    // Bars that cover the scarcest other pieces first (fewest live bars per copy needed): those pieces
    // would otherwise be the next dead end. Measured against listing order and least-constraining first,
    // this cut the heavy tail most (worst of 200 seeds of 120 triplets: 19 k work against 219 k).
    for (const b of candidates) {
      let m = Infinity;
      const items = barItems[b];
      ops += items.length;
      for (let k = 0; k < items.length; k++) if (items[k] !== item && items[k] < D) m = Math.min(m, live[items[k]] / need[items[k]]);
      // A bar of this piece alone touches nothing else: always worth trying first.
      scarcity[b] = m === Infinity ? 0 : m;
    }
    ops += candidates.length * Math.ceil(Math.log2(candidates.length + 1));
    candidates.sort((a, b) => scarcity[a] - scarcity[b]);
    if (perturb) {
      // After the first run: scarcest first still, but loosely (each neighbour pair swapped with odds ½).
      for (let i = 0; i + 1 < candidates.length; i++) {
        if (rnd() < 0.5) [candidates[i], candidates[i + 1]] = [candidates[i + 1], candidates[i]];
      }
    }
    const excluded: number[] = [];
    let result: Outcome = FAIL;
    for (const b of candidates) {
      const items = barItems[b];
      const mults = barMults[b];
      for (let k = 0; k < items.length; k++) {
        if (need[items[k]] === mults[k]) open--;
        take(items[k], mults[k]);
      }
      path.push(b);
      result = search();
      if (result === FOUND) break;
      path.pop();
      for (let k = items.length - 1; k >= 0; k--) {
        give(items[k], mults[k]);
        if (need[items[k]] === mults[k]) open++;
      }
      if (result === STOP) break;
      // Packings with this bar are all searched: the siblings look only at packings without it.
      block(b);
      excluded.push(b);
    }
    for (const b of excluded) unblock(b);
    return result;
  };

  const toBars = (bars: number[]): ExactBar[] => bars.map((b) => ({ type: barType[b], pieces: barSizes[b].slice() }));
  let run = 0;
  // Runs restart until one ends inside its cutoff or the work runs out; `resume` carries on with more work,
  // from the run the budget cut short (the search state is whole again once it has unwound).
  const runs = (workBefore: number): ExactSearchResult => {
    const work = () => Math.ceil(ops / OPS_PER_WORK) - workBefore;
    for (;;) {
      run++;
      runNodes = 0;
      cutoff = Math.ceil(RESTART_NODES_PER_BAR * barsTotal) * luby(run);
      perturb = run > 1;
      const r = search();
      if (r === FOUND) return { status: "found", bars: toBars(path), work: work() };
      if (r === FAIL) return { status: "infeasible", bars: [], work: work() };
      if (ops > opsBudget) {
        // A run the budget cut short (not its cutoff) starts again with the same cutoff.
        if (runNodes <= cutoff) run--;
        const resume = (more: number) => {
          const before = Math.ceil(ops / OPS_PER_WORK);
          opsBudget = ops + more * OPS_PER_WORK;
          return runs(before);
        };
        return { status: "exhausted", bars: toBars(deepest), work: work(), resume };
      }
    }
  };
  return runs(0);
}

/** Luby's sequence 1 1 2 1 1 2 4 1 1 2 …: restart cutoffs within a log factor of the best fixed one, whatever it is. */
export function luby(i: number): number {
  let k = 1;
  while ((1 << k) - 1 < i) k++;
  return (1 << k) - 1 === i ? 1 << (k - 1) : luby(i - (1 << (k - 1)) + 1);
}
