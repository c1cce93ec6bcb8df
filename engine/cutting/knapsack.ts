/**
 * Bounded knapsack: the most valuable bar pattern under given piece values
 * (the pricing step of column generation). A depth-first branch and bound
 * walks only the few pieces a bar can hold and is fastest when values differ
 * per unit of length; when they are nearly proportional to length (as the
 * duals of a tight LP are) it barely prunes, and a table over capacities —
 * in units of the common divisor of all lengths, a few thousand cells for
 * whole millimetres — takes over once the search has cost a quarter of the
 * table (a node costs a few times a cell).
 */
export interface KnapsackResult {
  value: number;
  /** Copies of each item in the best pattern. */
  counts: number[];
  /** False when neither method finished within `maxWork`: `value` is then only what was found. */
  exact: boolean;
  /** The table gave the answer: a caller pricing similar values again may skip the search. */
  byTable: boolean;
  work: number;
}

/** Cells × items of the largest table worth building (bytes of choice flags). */
const MAX_TABLE = 20_000_000;

export function bestPattern(
  weights: readonly number[],
  values: readonly number[],
  maxCounts: readonly number[],
  capacity: number,
  maxWork: number,
  tableFirst = false,
): KnapsackResult {
  const items = weights.map((_, i) => i).filter((i) => values[i] > 0 && maxCounts[i] > 0 && weights[i] <= capacity);
  let grain = capacity;
  for (const i of items) grain = gcd(grain, weights[i]);
  const cells = Math.floor(capacity / grain) + 1;
  // Items of the table after splitting each count into 1, 2, 4, … copies.
  const split = items.reduce((s, i) => s + Math.ceil(Math.log2(Math.min(maxCounts[i], Math.floor(capacity / weights[i])) + 1)), 0);
  const tableWork = split * cells;
  const table = tableWork <= MAX_TABLE;
  const search = branchAndBound(weights, values, maxCounts, capacity, items, table ? Math.min(maxWork, tableFirst ? 0 : tableWork / 4) : maxWork);
  if (search.exact || !table || search.work + tableWork > maxWork) return search;
  const r = byTable(weights, values, maxCounts, capacity, items, grain);
  return { ...r, exact: true, byTable: true, work: search.work + tableWork };
}

function branchAndBound(
  weights: readonly number[],
  values: readonly number[],
  maxCounts: readonly number[],
  capacity: number,
  candidates: number[],
  nodeLimit: number,
): KnapsackResult {
  // Best value per unit of length first: then item k's ratio bounds everything from k on.
  const items = [...candidates].sort((a, b) => values[b] / weights[b] - values[a] / weights[a] || weights[b] - weights[a]);
  const n = items.length;
  const ratio = items.map((i) => values[i] / weights[i]);
  const taken = new Array<number>(weights.length).fill(0);
  let best = 0;
  let bestCounts = taken.slice();
  let nodes = 0;
  let exact = true;

  const rec = (from: number, room: number, value: number) => {
    if (value > best) {
      best = value;
      bestCounts = taken.slice();
    }
    for (let k = from; k < n; k++) {
      if (value + room * ratio[k] <= best) return;
      const i = items[k];
      if (weights[i] > room || taken[i] === maxCounts[i]) continue;
      if (++nodes > nodeLimit) {
        exact = false;
        return;
      }
      taken[i]++;
      rec(k, room - weights[i], value + values[i]);
      taken[i]--;
      if (!exact) return;
    }
  };
  rec(0, capacity, 0);
  return { value: best, counts: bestCounts, exact, byTable: false, work: nodes };
}

/** 0/1 knapsack over capacities in units of `grain`, each count split into 1, 2, 4, … copies. */
function byTable(
  weights: readonly number[],
  values: readonly number[],
  maxCounts: readonly number[],
  capacity: number,
  candidates: number[],
  grain: number,
): { value: number; counts: number[] } {
  const W = Math.floor(capacity / grain);
  const parts: { item: number; copies: number; w: number; v: number }[] = [];
  for (const i of candidates) {
    let left = Math.min(maxCounts[i], Math.floor(capacity / weights[i]));
    for (let copies = 1; left > 0; copies *= 2) {
      const c = Math.min(copies, left);
      parts.push({ item: i, copies: c, w: (c * weights[i]) / grain, v: c * values[i] });
      left -= c;
    }
  }
  const best = new Float64Array(W + 1);
  const took = new Uint8Array(parts.length * (W + 1));
  parts.forEach((p, k) => {
    const row = k * (W + 1);
    for (let c = W; c >= p.w; c--) {
      const v = best[c - p.w] + p.v;
      if (v > best[c]) {
        best[c] = v;
        took[row + c] = 1;
      }
    }
  });
  const counts = new Array<number>(weights.length).fill(0);
  for (let k = parts.length - 1, c = W; k >= 0; k--) {
    if (took[k * (W + 1) + c]) {
      counts[parts[k].item] += parts[k].copies;
      c -= parts[k].w;
    }
  }
  return { value: best[W], counts };
}

const gcd = (a: number, b: number): number => {
  while (b) [a, b] = [b, a % b];
  return a;
};
