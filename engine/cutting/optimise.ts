import { EngineError, type EngineErrorDetail } from "../errors.ts";
import { BOUND_EPS, solveCuttingLp } from "./column-generation.ts";
import { type BarType, type ExactBar, packExactly } from "./exact.ts";
import { bfdPack, ffdPack } from "./heuristics.ts";
import { packByLocalSearch } from "./local-search.ts";
import { packByResidualSearch } from "./residual.ts";
import { continuousBound, martelloTothL2 } from "./lower-bounds.ts";
import { minimumSlackPack } from "./minimum-slack.ts";
import type { CutBar, CuttingInput, CuttingResult, LowerBoundMethod, PlacedCut, ProfileCutting } from "./types.ts";

export const DEFAULT_STOCK_LENGTHS = [6000, 6500];
export const DEFAULT_KERF = 5;
export const DEFAULT_SEARCH_BUDGET = 200_000;
/** The LP's work units (knapsack nodes and cells, simplex row operations) are several times cheaper than the exact search's. */
const LP_WORK_PER_BUDGET = 10;
/** Candidates scanned per bar by minimum bin slack: perfect fits, when they exist, are found long before. */
const MBS_NODES_PER_BAR = 2_000;
/** Minimum bin slack scans up to the search budget, but never less than this: with no search it is the best heuristic. */
const MBS_MIN_WORK = 20_000;
/**
 * Work the residual repair may take (half of what the exact search left, at most this): its
 * successes come within a few hundred thousand, and beyond that local search does better.
 */
const REPAIR_MAX_WORK = 500_000;
/** Pieces per request: beyond this the search would outlast a Worker's CPU limit. */
export const MAX_PIECES = 10_000;

/**
 * Lengths become integers of 1/100 mm so the search compares exactly. A bar
 * of usable length U = L − 2·trim holds pieces l₁…lₙ separated by one kerf k
 * each when Σl + (n−1)k ≤ U, i.e. Σ(l + k) ≤ U + k: plain bin packing with
 * weights l + k and capacity U + k.
 */
const SCALE = 100;

interface Piece {
  weight: number;
  cut: PlacedCut;
}

interface StockType {
  length: number;
  capacity: number;
}

interface Packing {
  /** Per bar: its stock type index and its pieces. */
  bars: { type: number; pieces: Piece[] }[];
  stockTotal: number;
}

interface Normalised {
  kerf: number;
  trim: number;
  budget: number;
  groups: Map<string, { pieces: Piece[]; stock: StockType[] }>;
}

/** The cutting list an order is made from: as few stock metres as the search can prove or find. */
export function optimiseCutting(input: CuttingInput): CuttingResult {
  return solve(input, true);
}

/** First Fit Decreasing on the longest stock, each bar then cut from the shortest stock it fits (the floor). */
export function firstFitDecreasing(input: CuttingInput): CuttingResult {
  return solve(input, false);
}

function solve(input: CuttingInput, exact: boolean): CuttingResult {
  const norm = normalise(input);
  const profiles: ProfileCutting[] = [];
  const bars: CutBar[] = [];
  for (const [profile, { pieces, stock }] of norm.groups) {
    const weights = pieces.map((p) => p.weight);
    const capMax = stock[stock.length - 1].capacity;
    const ffd = toShortestStock(indicesToPieces(ffdPack(weights, capMax), pieces), stock);
    let bound = simpleBound(weights, capMax);
    let packing = ffd;
    let optimal = stock.length === 1 && ffd.bars.length === bound.value;
    if (exact) {
      const heuristics = [
        ffd,
        toShortestStock(indicesToPieces(bfdPack(weights, capMax), pieces), stock),
        toShortestStock(indicesToPieces(minimumSlackPack(weights, capMax, MBS_NODES_PER_BAR, Math.max(norm.budget, MBS_MIN_WORK)).bins, pieces), stock),
      ];
      ({ packing, optimal } = improve(pieces, stock, bound.value, heuristics, norm.budget));
      // Only a gap left by the search is worth the LP: it may prove the packing optimal after all.
      if (packing.bars.length > bound.value) {
        bound = lpBound(weights, capMax, bound, packing.bars.length, norm.budget * LP_WORK_PER_BUDGET);
        optimal ||= stock.length === 1 && packing.bars.length === bound.value;
      }
    }
    const groupBars = packing.bars.map((b) => toBar(profile, stock[b.type].length, b.pieces, norm.kerf, norm.trim));
    groupBars.sort((a, b) => b.stock_length - a.stock_length || b.used_length - a.used_length);
    const cutTotal = pieces.reduce((s, p) => s + p.cut.length, 0);
    profiles.push({
      profile,
      pieces: pieces.length,
      bars_used: groupBars.length,
      lower_bound: bound.value,
      lower_bound_method: bound.method,
      ffd_bars: ffd.bars.length,
      stock_length_total: packing.stockTotal,
      cut_length_total: cutTotal,
      waste_percent: wastePercent(packing.stockTotal, cutTotal),
      optimal,
    });
    bars.push(...groupBars);
  }
  const sum = (f: (p: ProfileCutting) => number) => profiles.reduce((s, p) => s + f(p), 0);
  const stockTotal = sum((p) => p.stock_length_total);
  const cutTotal = sum((p) => p.cut_length_total);
  return {
    bars_used: sum((p) => p.bars_used),
    lower_bound: sum((p) => p.lower_bound),
    ffd_bars: sum((p) => p.ffd_bars),
    optimal: profiles.every((p) => p.optimal),
    stock_length_total: stockTotal,
    cut_length_total: cutTotal,
    waste_percent: wastePercent(stockTotal, cutTotal),
    kerf: norm.kerf,
    trim: norm.trim,
    profiles,
    bars,
  };
}

interface Bound {
  value: number;
  method: LowerBoundMethod;
}

function simpleBound(weights: number[], capacity: number): Bound {
  const l1 = continuousBound(weights, capacity);
  const l2 = martelloTothL2(weights, capacity);
  return l2 > l1 ? { value: l2, method: "martello_toth_l2" } : { value: l1, method: "continuous" };
}

/** The Gilmore–Gomory LP bound on distinct sizes; `known` stands where the LP does not beat it. */
function lpBound(weights: number[], capacity: number, known: Bound, found: number, maxWork: number): Bound {
  const demand = new Map<number, number>();
  for (const w of weights) demand.set(w, (demand.get(w) ?? 0) + 1);
  const sizes = [...demand.keys()].sort((a, b) => b - a);
  const lp = solveCuttingLp(
    sizes,
    sizes.map((s) => demand.get(s)!),
    capacity,
    { maxWork, known: known.value, found },
  );
  const value = Math.ceil(lp.bound - BOUND_EPS);
  return value > known.value ? { value, method: "gilmore_gomory_lp" } : known;
}

const wastePercent = (stock: number, cut: number) => (stock > 0 ? Math.round(((stock - cut) / stock) * 10_000) / 100 : 0);

function normalise(input: CuttingInput): Normalised {
  const issues: EngineErrorDetail[] = [];
  const kerf = input.kerf ?? DEFAULT_KERF;
  const trim = input.trim ?? 0;
  const budget = input.search_budget ?? DEFAULT_SEARCH_BUDGET;
  if (!(Number.isFinite(kerf) && kerf >= 0)) issues.push({ field: "/kerf", message: "must be a number ≥ 0", value: kerf });
  if (!(Number.isFinite(trim) && trim >= 0)) issues.push({ field: "/trim", message: "must be a number ≥ 0", value: trim });
  if (!(Number.isInteger(budget) && budget >= 0)) {
    issues.push({ field: "/search_budget", message: "must be an integer ≥ 0", value: budget });
  }
  const checkStock = (lengths: number[] | undefined, field: string): number[] => {
    const list = lengths ?? DEFAULT_STOCK_LENGTHS;
    if (!Array.isArray(list) || list.length === 0) {
      issues.push({ field, message: "must list at least one stock length", value: list });
      return [];
    }
    list.forEach((l, i) => {
      if (!(Number.isFinite(l) && l > 2 * trim)) {
        issues.push({ field: `${field}/${i}`, message: "must be longer than both end trims", value: l });
      }
    });
    return [...new Set(list)].sort((a, b) => a - b);
  };
  const defaultStock = checkStock(input.stock_lengths, "/stock_lengths");
  const stockByProfile = new Map<string, number[]>();
  for (const [profile, lengths] of Object.entries(input.stock_lengths_by_profile ?? {})) {
    stockByProfile.set(profile, checkStock(lengths, `/stock_lengths_by_profile/${profile}`));
  }
  let pieceCount = 0;
  input.cuts.forEach((c, i) => {
    if (!(Number.isFinite(c.length) && c.length > 0)) {
      issues.push({ field: `/cuts/${i}/length`, message: "must be a positive length", value: c.length });
    }
    if (!(Number.isInteger(c.quantity) && c.quantity > 0)) {
      issues.push({ field: `/cuts/${i}/quantity`, message: "must be a positive integer", value: c.quantity });
    } else pieceCount += c.quantity;
    if (typeof c.profile !== "string" || c.profile === "") {
      issues.push({ field: `/cuts/${i}/profile`, message: "must name a profile", value: c.profile });
    }
  });
  if (issues.length > 0) throw new EngineError("INVALID_CUTTING_INPUT", "Invalid cutting list input", 422, issues);
  if (pieceCount > MAX_PIECES) {
    throw new EngineError("TOO_MANY_CUTS", `At most ${MAX_PIECES} pieces per cutting list`, 413, [
      { field: "/cuts", message: `${pieceCount} pieces requested`, value: pieceCount },
    ]);
  }

  const scaled = (mm: number) => Math.round(mm * SCALE);
  const groups: Normalised["groups"] = new Map();
  input.cuts.forEach((c, i) => {
    const lengths = stockByProfile.get(c.profile) ?? defaultStock;
    const usable = lengths[lengths.length - 1] - 2 * trim;
    if (scaled(c.length) > scaled(usable)) {
      issues.push({
        field: `/cuts/${i}/length`,
        message: `${c.length} mm is longer than the longest ${c.profile} stock bar can give (${usable} mm after trims)`,
        value: c.length,
      });
      return;
    }
    let group = groups.get(c.profile);
    if (!group) {
      group = {
        pieces: [],
        stock: lengths.map((length) => ({ length, capacity: scaled(length - 2 * trim + kerf) })),
      };
      groups.set(c.profile, group);
    }
    for (let q = 0; q < c.quantity; q++) {
      group.pieces.push({ weight: scaled(c.length + kerf), cut: { length: c.length, label: c.label } });
    }
  });
  if (issues.length > 0) throw new EngineError("CUT_TOO_LONG", "A cut is longer than every stock length", 422, issues);
  return { kerf, trim, budget, groups };
}

const shortestFitting = (stock: StockType[], load: number) => stock.findIndex((s) => s.capacity >= load);

/** Each bar is cut from the shortest stock length that holds it. */
function toShortestStock(bins: Piece[][], stock: StockType[]): Packing {
  let stockTotal = 0;
  const bars = bins.map((bin) => {
    const type = shortestFitting(
      stock,
      bin.reduce((s, p) => s + p.weight, 0),
    );
    stockTotal += stock[type].length;
    return { type, pieces: bin };
  });
  return { bars, stockTotal };
}

const indicesToPieces = (bins: number[][], pieces: Piece[]) => bins.map((bin) => bin.map((i) => pieces[i]));

/**
 * Best heuristic packing, then the exact search on every smaller total of
 * stock bars, nearest first (each success is kept, so the answer improves as
 * the budget is spent). Where the exact search runs out, the bars it had
 * filled at its deepest are repaired (residual.ts) and then handed to local
 * search. Optimal when every smaller total was proven infeasible.
 */
function improve(pieces: Piece[], stock: StockType[], lowerBound: number, heuristics: Packing[], budget: number): { packing: Packing; optimal: boolean } {
  let best = heuristics.reduce((a, b) => (b.stockTotal < a.stockTotal || (b.stockTotal === a.stockTotal && b.bars.length < a.bars.length) ? b : a));
  const weightTotal = pieces.reduce((s, p) => s + p.weight, 0);
  const { candidates, complete } = barMixes(stock, lowerBound, weightTotal, best.stockTotal);
  if (candidates.length === 0) return { packing: best, optimal: complete };

  // Distinct sizes, longest first, and the pieces of each.
  const bySize = new Map<number, Piece[]>();
  for (const p of [...pieces].sort((a, b) => b.weight - a.weight)) {
    const list = bySize.get(p.weight);
    if (list) list.push(p);
    else bySize.set(p.weight, [p]);
  }
  const sizes = [...bySize.keys()];
  const counts = sizes.map((s) => bySize.get(s)!.length);

  const fromExact = (bars: ExactBar[]) => {
    const queues = sizes.map((s) => [...bySize.get(s)!]);
    return toShortestStock(
      bars.map((b) => b.pieces.map((i) => queues[i].pop()!)),
      stock,
    );
  };

  const weights = pieces.map((p) => p.weight);
  const capMax = stock[stock.length - 1].capacity;
  const indexOf = new Map(pieces.map((p, i) => [p, i]));
  /**
   * A start for repair and local search: the bars the exact search had filled at its deepest, the rest
   * first-fit (most bars already full, which is where repairing a few of them pays); the greedy packing
   * when the search filled none.
   */
  const startFrom = (deepest: ExactBar[]) => {
    const queues = sizes.map((s) => bySize.get(s)!.map((p) => indexOf.get(p)!));
    const filled = deepest.map((b) => b.pieces.map((i) => queues[i].pop()!));
    const rest = queues.flat();
    const start =
      filled.length > 0
        ? [
            ...filled,
            ...ffdPack(
              rest.map((i) => weights[i]),
              capMax,
            ).map((bin) => bin.map((k) => rest[k])),
          ]
        : best.bars.map((b) => b.pieces.map((p) => indexOf.get(p)!));
    const typed = start.map((bar) => ({
      type: shortestFitting(
        stock,
        bar.reduce((s, i) => s + weights[i], 0),
      ),
      pieces: bar,
    }));
    return { start, typed };
  };
  const fromRepair = (bars: { pieces: number[] }[]) =>
    toShortestStock(
      bars.map((bar) => bar.pieces.map((i) => pieces[i])),
      stock,
    );
  let remaining = budget;
  // Totals the search could neither pack nor rule out; smaller unexplored ones are implied by the last.
  const unresolved: number[] = [];
  const singleStock = stock.length === 1;
  const typesOf = (mix: Mix): BarType[] => stock.map((s, t) => ({ capacity: s.capacity, count: mix.counts[t] }));
  // A mix the pieces would fill exactly is exact cover (exact-cover.ts), settled first with up to three
  // quarters of the budget: half of that for the cover, then the repair of its deepest bars with half of
  // what is left, then the cover again where it stopped. Local search found no perfect packing the cover
  // missed (seeds 1–1000 of 120 triplet pieces). The last quarter is for the totals above it.
  const perfect = candidates.find((mix) => mix.total < best.stockTotal && sumOf(typesOf(mix).map((t) => t.capacity * t.count)) === weightTotal);
  let perfectStatus: "found" | "infeasible" | "exhausted" | undefined;
  if (perfect) {
    const types = typesOf(perfect);
    const allowed = Math.ceil((remaining * 3) / 4);
    let r = packExactly(sizes, counts, types, Math.ceil(allowed / 2));
    let spent = r.work;
    if (r.status === "exhausted") {
      const repair = packByResidualSearch(weights, types, startFrom(r.bars).typed, Math.max(0, Math.min(REPAIR_MAX_WORK, Math.floor((allowed - spent) / 2))));
      spent += repair.work;
      if (repair.bars) {
        best = fromRepair(repair.bars);
        r = { status: "found", bars: [], work: 0 };
      } else if (r.resume) {
        r = r.resume(Math.max(0, allowed - spent));
        spent += r.work;
        if (r.status === "found") best = fromExact(r.bars);
      }
    } else if (r.status === "found") best = fromExact(r.bars);
    remaining -= spent;
    perfectStatus = r.status;
  }
  for (let c = candidates.length - 1; c >= 0; c--) {
    const mix = candidates[c];
    if (mix.total >= best.stockTotal) continue;
    if (mix === perfect) {
      // Settled above: infeasible is a proof, exhausted is not.
      if (perfectStatus === "exhausted") unresolved.push(mix.total);
      if (singleStock) break;
      continue;
    }
    if (remaining <= 0) {
      unresolved.push(mix.total);
      break;
    }
    // One stock length: fewer bars is monotone, so the next try gets everything; mixes keep budget for the rest.
    const share = singleStock ? remaining : Math.ceil(remaining / 2);
    const types = typesOf(mix);
    // The exact search gets a quarter: enough to prove small cases, and it rarely wins late on large ones.
    const r = packExactly(sizes, counts, types, Math.ceil(share / 4));
    remaining -= r.work;
    if (r.status === "found") {
      best = fromExact(r.bars);
      continue;
    }
    if (r.status === "infeasible") {
      // With one stock length, if k bars cannot hold the pieces, fewer cannot either.
      if (singleStock) break;
      continue;
    }
    const { start, typed } = startFrom(r.bars);
    const repair = packByResidualSearch(weights, types, typed, Math.max(0, Math.min(REPAIR_MAX_WORK, Math.floor((share - r.work) / 2))));
    remaining -= repair.work;
    if (repair.bars) {
      best = fromRepair(repair.bars);
      continue;
    }
    const capacities = types.flatMap((t) => new Array<number>(t.count).fill(t.capacity));
    const ls = packByLocalSearch(weights, capacities, start, Math.max(0, share - r.work - repair.work));
    remaining -= ls.work;
    if (ls.bars) {
      best = toShortestStock(
        ls.bars.map((bar) => bar.map((i) => pieces[i])),
        stock,
      );
      continue;
    }
    unresolved.push(mix.total);
    if (singleStock) break;
  }
  return { packing: best, optimal: complete && unresolved.every((t) => t >= best.stockTotal) };
}

interface Mix {
  counts: number[];
  total: number;
}

const MAX_MIXES = 256;

/**
 * Every mix of bar counts per stock length that might hold the pieces for
 * less stock than `upper`: enough capacity, at least `minBars` bars, sorted by
 * total stock length. `complete` is false when the list had to be cut short
 * (then the smallest mixes are dropped and optimality cannot be proven).
 */
function barMixes(stock: StockType[], minBars: number, weightTotal: number, upper: number): { candidates: Mix[]; complete: boolean } {
  const mixes: Mix[] = [];
  const counts = new Array<number>(stock.length).fill(0);
  const rec = (t: number, total: number, capacity: number, bars: number) => {
    if (total >= upper) return;
    if (t === stock.length) {
      if (bars >= minBars && capacity >= weightTotal) mixes.push({ counts: counts.slice(), total });
      return;
    }
    for (let k = 0; total + k * stock[t].length < upper; k++) {
      counts[t] = k;
      rec(t + 1, total + k * stock[t].length, capacity + k * stock[t].capacity, bars + k);
    }
    counts[t] = 0;
  };
  rec(0, 0, 0, 0);
  mixes.sort((a, b) => a.total - b.total || sumOf(a.counts) - sumOf(b.counts));
  if (mixes.length <= MAX_MIXES) return { candidates: mixes, complete: true };
  return { candidates: mixes.slice(mixes.length - MAX_MIXES), complete: false };
}

const sumOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function toBar(profile: string, stockLength: number, pieces: Piece[], kerf: number, trim: number): CutBar {
  const cuts = pieces.map((p) => p.cut).sort((a, b) => b.length - a.length);
  const cutSum = cuts.reduce((s, c) => s + c.length, 0);
  const used = round2(cutSum + Math.max(0, cuts.length - 1) * kerf + 2 * trim);
  const rest = round2(stockLength - used);
  return { profile, stock_length: stockLength, cuts, used_length: used, offcut: rest >= kerf ? round2(rest - kerf) : 0 };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
