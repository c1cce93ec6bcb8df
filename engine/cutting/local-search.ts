import { seededRandom } from "./instances.ts";

/**
 * Tabu search for a packing into a fixed list of bars, after the consistent
 * neighbourhood search of Buljubašić & Vasquez (2016): keep every bar
 * feasible and the pieces that do not fit in a pool; move pieces between a
 * bar and the pool (up to two out, up to two in) so that the pool's Σw²
 * falls — big pieces go into bars, small ones wait where they are easy to
 * place later. Pieces that just entered a bar are tabu for a few iterations,
 * which lets the search walk across plateaus. Success when the pool is empty.
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
  const rnd = seededRandom(seed);
  const k = capacities.length;
  const bars: number[][] = Array.from({ length: k }, () => []);
  const load = new Array<number>(k).fill(0);
  const pool: number[] = [];
  // Fullest starting bars go to the biggest target bars where they fit; the rest start in the pool.
  const order = capacities.map((_, i) => i).sort((a, b) => capacities[b] - capacities[a]);
  const startBars = start
    .map((bar) => ({ bar, sum: bar.reduce((s, i) => s + weights[i], 0) }))
    .sort((a, b) => b.sum - a.sum);
  let next = 0;
  for (const { bar, sum } of startBars) {
    if (next < k && sum <= capacities[order[next]]) {
      bars[order[next]] = [...bar];
      load[order[next]] = sum;
      next++;
    } else pool.push(...bar);
  }
  const tabuUntil = new Array<number>(weights.length).fill(0);
  const sq = (i: number) => weights[i] * weights[i];
  let work = 0;

  for (let iter = 1; work < workBudget; iter++) {
    if (pool.length === 0) return { bars, work };
    let best: { bar: number; out: number[]; in: number[]; gain: number } | null = null;
    const consider = (bar: number, out: number[], into: number[], outW: number, inW: number, gain: number) => {
      if (load[bar] - outW + inW > capacities[bar]) return;
      // Ties broken at random so the walk does not revisit the same plateau cell.
      if (!best || gain > best.gain || (gain === best.gain && rnd() < 0.5)) best = { bar, out, in: into, gain };
    };
    const p = pool.length;
    for (let b = 0; b < k; b++) {
      const items = bars[b].filter((i) => tabuUntil[i] <= iter);
      const outs: number[][] = [[]];
      for (let x = 0; x < items.length; x++) {
        outs.push([items[x]]);
        for (let y = x + 1; y < items.length; y++) outs.push([items[x], items[y]]);
      }
      work += 1 + outs.length * (p + (p * p) / 2);
      for (const out of outs) {
        const outW = out.reduce((s, i) => s + weights[i], 0);
        const outSq = out.reduce((s, i) => s + sq(i), 0);
        for (let a = 0; a < p; a++) {
          const pa = pool[a];
          // Swapping a piece for one of the same length changes nothing.
          if (!(out.length === 1 && weights[out[0]] === weights[pa])) {
            consider(b, out, [pa], outW, weights[pa], sq(pa) - outSq);
          }
          for (let c = a + 1; c < p; c++) {
            const pc = pool[c];
            consider(b, out, [pa, pc], outW, weights[pa] + weights[pc], sq(pa) + sq(pc) - outSq);
          }
        }
      }
    }
    const move = best as { bar: number; out: number[]; in: number[]; gain: number } | null;
    if (!move) {
      // Nothing fits anywhere: release a random piece from a random bar.
      const b = Math.floor(rnd() * k);
      if (bars[b].length > 0) {
        const [piece] = bars[b].splice(Math.floor(rnd() * bars[b].length), 1);
        load[b] -= weights[piece];
        pool.push(piece);
      }
      continue;
    }
    for (const i of move.out) {
      bars[move.bar].splice(bars[move.bar].indexOf(i), 1);
      load[move.bar] -= weights[i];
      pool.push(i);
    }
    for (const i of move.in) {
      pool.splice(pool.indexOf(i), 1);
      bars[move.bar].push(i);
      load[move.bar] += weights[i];
      tabuUntil[i] = iter + 3 + Math.floor(rnd() * 8);
    }
  }
  return { bars: null, work };
}
