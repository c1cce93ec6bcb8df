import { seededRandom } from "./random.ts";

/**
 * Tabu search for a packing into a fixed list of bars, after the consistent
 * neighbourhood search of Buljubašić & Vasquez (2016). Two of the target
 * bars are held back; the others stay feasible at all times and the pieces
 * that are in none of them wait in a pool. Moves swap up to two pieces of a
 * bar with up to two pool pieces, preferring a lighter pool, then a pool of
 * smaller pieces (Σw² down) — small pieces are easy to split. Pieces that
 * just entered a bar are tabu for a few iterations so the walk can cross
 * plateaus. Success when the pool splits into the two held-back bars.
 *
 * Finds packings the exact search has no budget to reach; proves nothing.
 */
export function packByLocalSearch(
  weights: readonly number[],
  capacities: readonly number[],
  start: readonly number[][],
  workBudget: number,
  seed = 1,
): { bars: number[][] | null; work: number } {
  if (capacities.length < 2) return { bars: null, work: 0 };
  const rnd = seededRandom(seed);
  const order = capacities.map((_, i) => i).sort((a, b) => capacities[b] - capacities[a]);
  const [heldA, heldB] = order;
  const active = order.slice(2);
  const caps = active.map((i) => capacities[i]);
  const k = active.length;
  const bars: number[][] = Array.from({ length: k }, () => []);
  const load = new Array<number>(k).fill(0);
  const pool: number[] = [];
  // The fullest starting bars fill the biggest active bars they fit; everything else starts in the pool.
  const startBars = start.map((bar) => ({ bar, sum: bar.reduce((s, i) => s + weights[i], 0) })).sort((a, b) => b.sum - a.sum);
  let next = 0;
  for (const { bar, sum } of startBars) {
    if (next < k && sum <= caps[next]) {
      bars[next] = [...bar];
      load[next] = sum;
      next++;
    } else pool.push(...bar);
  }
  const tabuUntil = new Array<number>(weights.length).fill(0);
  const sq = (i: number) => weights[i] * weights[i];
  let poolWeight = pool.reduce((s, i) => s + weights[i], 0);
  let work = 0;

  interface Move {
    bar: number;
    out: number[];
    in: number[];
    dw: number;
    dsq: number;
  }
  for (let iter = 1; work < workBudget; iter++) {
    const { split, work: splitWork } = splitInTwo(pool, weights, poolWeight, capacities[heldA], capacities[heldB], workBudget - work);
    work += splitWork;
    if (split) {
      const result: number[][] = new Array(capacities.length);
      active.forEach((target, j) => (result[target] = bars[j]));
      result[heldA] = split[0];
      result[heldB] = split[1];
      return { bars: result, work };
    }
    let best: Move | null = null;
    const p = pool.length;
    for (let b = 0; b < k; b++) {
      const items = bars[b].filter((i) => tabuUntil[i] <= iter);
      const outs: number[][] = [[]];
      for (let x = 0; x < items.length; x++) {
        outs.push([items[x]]);
        for (let y = x + 1; y < items.length; y++) outs.push([items[x], items[y]]);
      }
      // A large pool makes one bar cost millions: stop before the bar that would overrun the budget.
      const cost = 1 + outs.length * (p + (p * p) / 2);
      if (work + cost > workBudget) return { bars: null, work };
      work += cost;
      for (const out of outs) {
        const outW = out.reduce((s, i) => s + weights[i], 0);
        const outSq = out.reduce((s, i) => s + sq(i), 0);
        const room = caps[b] - load[b] + outW;
        for (let a = 0; a < p; a++) {
          const pa = pool[a];
          if (weights[pa] <= room) {
            const move = { bar: b, out, in: [pa], dw: weights[pa] - outW, dsq: sq(pa) - outSq };
            if (move.dw !== 0 || move.dsq !== 0) best = better(best, move, rnd);
          }
          for (let c = a + 1; c < p; c++) {
            const pc = pool[c];
            if (weights[pa] + weights[pc] > room) continue;
            const move = { bar: b, out, in: [pa, pc], dw: weights[pa] + weights[pc] - outW, dsq: sq(pa) + sq(pc) - outSq };
            if (move.dw !== 0 || move.dsq !== 0) best = better(best, move, rnd);
          }
        }
      }
    }
    if (!best) {
      // Stuck (everything tabu or nothing fits): release a random piece of a random bar.
      const b = Math.floor(rnd() * k);
      if (bars[b].length > 0) {
        const [piece] = bars[b].splice(Math.floor(rnd() * bars[b].length), 1);
        load[b] -= weights[piece];
        pool.push(piece);
        poolWeight += weights[piece];
      }
      continue;
    }
    const move: Move = best;
    for (const i of move.out) {
      bars[move.bar].splice(bars[move.bar].indexOf(i), 1);
      pool.push(i);
    }
    for (const i of move.in) {
      pool.splice(pool.indexOf(i), 1);
      bars[move.bar].push(i);
      tabuUntil[i] = iter + 3 + Math.floor(rnd() * 8);
    }
    load[move.bar] += move.dw;
    poolWeight -= move.dw;
  }
  return { bars: null, work };
}

/** More weight into bars first, then bigger pieces into bars; ties at random so the walk spreads. */
function better<M extends { dw: number; dsq: number }>(a: M | null, b: M, rnd: () => number): M {
  if (!a) return b;
  if (b.dw !== a.dw) return b.dw > a.dw ? b : a;
  if (b.dsq !== a.dsq) return b.dsq > a.dsq ? b : a;
  return rnd() < 0.5 ? a : b;
}

/**
 * A split of the pool into two bars of the given capacities, by subset sums; null if none, or if the
 * sums (one unit of work each per pool piece) would cost more than `maxWork`.
 */
function splitInTwo(
  pool: readonly number[],
  weights: readonly number[],
  total: number,
  capA: number,
  capB: number,
  maxWork: number,
): { split: [number[], number[]] | null; work: number } {
  let work = 1;
  if (total > capA + capB) return { split: null, work };
  // Reachable subset sums ≤ capA, each with the pool index that first reached it (for the way back).
  const via = new Map<number, { item: number; prev: number }>([[0, { item: -1, prev: -1 }]]);
  for (let j = 0; j < pool.length; j++) {
    const w = weights[pool[j]];
    work += via.size;
    if (work > maxWork) return { split: null, work };
    for (const s of [...via.keys()]) {
      const t = s + w;
      if (t <= capA && !via.has(t)) via.set(t, { item: j, prev: s });
    }
  }
  for (const s of via.keys()) {
    if (total - s > capB) continue;
    const inA = new Set<number>();
    for (let cur = s; cur !== 0; ) {
      const step = via.get(cur)!;
      inA.add(step.item);
      cur = step.prev;
    }
    return { split: [pool.filter((_, j) => inA.has(j)), pool.filter((_, j) => !inA.has(j))], work };
  }
  return { split: null, work };
}
