/**
 * Large neighbourhood search with the exact search as its repair step: a
 * packing into fewer bars is sought by releasing the bars that leave waste
 * together with a few full ones, and asking `packExactly` to repack just those
 * pieces into the bars the target leaves them. The residual problem has a few
 * dozen pieces, so the exact search settles it (packs or proves impossible)
 * in a few hundred work units, where on the whole instance it can wander for
 * millions.
 *
 * Which full bars to open is the crux: random ones almost never hold the
 * partners the misfits need. So each try follows an ejection chain — a
 * released piece x picks pieces y (and z) from kept bars that would complete
 * a bar with it (x + y + z within the waste the target allows), and the bars
 * of y and z are released too; their other pieces then need partners in turn.
 *
 * Finds packings; proves nothing (a failed residual says nothing about the whole).
 */
import { packExactly, type BarType } from "./exact.ts";
import { seededRandom } from "./random.ts";

export interface TypedBar {
  type: number;
  /** Indices into `weights`. */
  pieces: number[];
}

/** Links per ejection chain, cycling 1 … MAX_CHAIN over the tries: longer chains free more bars but cost more to repack. */
const MAX_CHAIN = 8;
/** Random partners tried per link before the chain stops early. */
const PARTNER_TRIES = 16;
/**
 * Work charged per try on top of the exact search's own: setting the residual problem up and the
 * search's fixed cost per call. Without it a try's time was several times its work.
 */
const TRY_COST = 100;
/** Bars released for their waste at most (before the chains): a dozen bars is about what a repair settles. */
const MAX_WASTEFUL = 12;
/** Work one repair may spend: residual problems that need more are not worth finishing. */
const REPAIR_WORK = 2_000;

/**
 * A packing of the pieces into at most `types[t].count` bars of each type,
 * found by repairing `start` (a feasible packing into more stock); null when
 * the budget ran out first.
 */
export function packByResidualSearch(
  weights: readonly number[],
  types: readonly BarType[],
  start: readonly TypedBar[],
  workBudget: number,
  seed = 1,
): { bars: TypedBar[] | null; work: number } {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const capacity = Math.max(...types.filter((t) => t.count > 0).map((t) => t.capacity));
  const weightTotal = weights.reduce((s, w) => s + w, 0);
  const slack = types.reduce((s, t) => s + t.capacity * t.count, 0) - weightTotal;
  if (slack < 0 || start.length === 0) return { bars: null, work: 0 };
  const bars = start.map((b) => ({ ...b, waste: types[b.type].capacity - b.pieces.reduce((s, i) => s + weights[i], 0) }));
  const barOf = new Int32Array(weights.length);
  bars.forEach((b, k) => {
    for (const i of b.pieces) barOf[i] = k;
  });
  // The most wasteful bars are always released, until the kept ones waste no more than the target allows.
  const wasteful: number[] = [];
  let keptWaste = bars.reduce((s, b) => s + b.waste, 0);
  for (const k of bars.map((_, k) => k).sort((a, b) => bars[b].waste - bars[a].waste)) {
    if (keptWaste <= slack && wasteful.length >= 2) break;
    wasteful.push(k);
    keptWaste -= bars[k].waste;
  }
  // Setting up sorts the bars and the pieces once.
  let work = weights.length + bars.length;
  // Misfits spread over many bars are beyond a small repair: the exact search would only run out of budget.
  if (wasteful.length > MAX_WASTEFUL) return { bars: null, work };
  // Neither when the full bars alone need more bars of some stock length than the target has (a mix
  // with fewer long bars): chains release too few bars to change that.
  const fullByType = types.map(() => 0);
  bars.forEach((b, k) => {
    if (!wasteful.includes(k)) fullByType[b.type]++;
  });
  if (fullByType.some((n, t) => n > types[t].count)) return { bars: null, work };
  // All pieces, lightest first, for the partner look-up within a weight range.
  const byWeight = weights.map((_, i) => i).sort((a, b) => weights[a] - weights[b]);
  const firstAtLeast = (w: number) => {
    let lo = 0;
    let hi = byWeight.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (weights[byWeight[mid]] >= w) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const released = new Uint8Array(bars.length);
  /** A random kept piece of weight in [lo, hi], or -1. */
  const partner = (lo: number, hi: number) => {
    const a = firstAtLeast(lo);
    const b = firstAtLeast(hi + 1);
    for (let t = 0; t < 4 && b > a; t++) {
      const i = byWeight[a + Math.floor(rnd() * (b - a))];
      if (!released[barOf[i]]) return i;
    }
    return -1;
  };

  for (let attempt = 0; work < workBudget; attempt++) {
    released.fill(0);
    const open = [...wasteful];
    for (const k of open) released[k] = 1;
    const links = 1 + (attempt % MAX_CHAIN);
    for (let link = 0; link < links; link++) {
      const x = pick(open.flatMap((k) => bars[k].pieces));
      let chosen: number[] = [];
      for (let t = 0; t < PARTNER_TRIES && chosen.length === 0; t++) {
        work++;
        const room = capacity - weights[x];
        const y = partner(1, room);
        if (y < 0) continue;
        if (room - weights[y] <= slack) chosen = [y];
        else {
          const z = partner(room - weights[y] - slack, room - weights[y]);
          if (z >= 0 && barOf[z] !== barOf[y]) chosen = [y, z];
        }
      }
      for (const i of chosen) {
        if (released[barOf[i]]) continue;
        released[barOf[i]] = 1;
        open.push(barOf[i]);
      }
    }
    // The types left for the released pieces: the target minus what the kept bars use.
    const free = types.map((t) => t.count);
    bars.forEach((b, k) => {
      if (!released[k]) free[b.type]--;
    });
    work += bars.length;
    if (free.some((c) => c < 0)) continue;
    const bySize = new Map<number, number[]>();
    for (const k of open) {
      for (const i of bars[k].pieces) {
        const list = bySize.get(weights[i]);
        if (list) list.push(i);
        else bySize.set(weights[i], [i]);
      }
    }
    const sizes = [...bySize.keys()].sort((a, b) => b - a);
    const r = packExactly(
      sizes,
      sizes.map((s) => bySize.get(s)!.length),
      types.map((t, k) => ({ capacity: t.capacity, count: free[k] })),
      Math.min(REPAIR_WORK, workBudget - work),
    );
    work += r.work + TRY_COST + 3 * sizes.length;
    if (r.status === "found") {
      const queues = sizes.map((s) => bySize.get(s)!);
      const kept = bars.filter((_, k) => !released[k]).map(({ type, pieces }) => ({ type, pieces }));
      return { bars: [...kept, ...r.bars.map((b) => ({ type: b.type, pieces: b.pieces.map((s) => queues[s].pop()!) }))], work };
    }
  }
  return { bars: null, work };
}
