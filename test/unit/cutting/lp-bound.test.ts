import { describe, expect, it } from "vitest";
import { BOUND_EPS, MAX_LP_SIZES, solveCuttingLp } from "../../../engine/cutting/column-generation.ts";
import { packExactly } from "../../../engine/cutting/exact.ts";
import { falkenauerTriplets } from "../../../engine/cutting/instances.ts";
import { bestPattern } from "../../../engine/cutting/knapsack.ts";
import { martelloTothL2 } from "../../../engine/cutting/lower-bounds.ts";
import { seededRandom } from "../../../engine/cutting/random.ts";

const UNLIMITED = { maxWork: 1e9, known: 0, found: Infinity };

/** Distinct sizes (descending) with their counts. */
function demands(weights: number[]): { sizes: number[]; counts: number[] } {
  const m = new Map<number, number>();
  for (const w of weights) m.set(w, (m.get(w) ?? 0) + 1);
  const sizes = [...m.keys()].sort((a, b) => b - a);
  return { sizes, counts: sizes.map((s) => m.get(s)!) };
}

describe("Gilmore–Gomory LP bound", () => {
  it("is exact where L2 is weak: pieces just over a third of the bar", () => {
    // Nine 34s on 100: three would need 102, so a bar holds two and the LP is 9 / 2 = 4.5 → 5 bars,
    // while L1 = L2 = ceil(306 / 100) = 4 (no piece is over half a bar, so L2 sees nothing more).
    const w = new Array<number>(9).fill(34);
    expect(martelloTothL2(w, 100)).toBe(4);
    const lp = solveCuttingLp([34], [9], 100, UNLIMITED);
    expect(lp.solved).toBe(true);
    expect(lp.bound).toBeCloseTo(4.5, 9);
  });

  it("solves a two-size instance to its hand-computed value", () => {
    // Four 45s and four 30s on 100. Patterns: {45,45}, {45,30}, {30,30,30} (45+30+30 = 105 does not fit).
    // x1 = 2 of {45,45} and x3 = 4/3 of {30,30,30} give 10/3; the duals y45 = 1/2, y30 = 1/3 price
    // every pattern at ≤ 1 and give Σ d·y = 4/2 + 4/3 = 10/3, so the LP is 10/3 → 4 bars (optimal:
    // 45+45 | 45+45 | 30+30+30 | 30), where L2 = ceil(300 / 100) = 3.
    expect(martelloTothL2([45, 45, 45, 45, 30, 30, 30, 30], 100)).toBe(3);
    const lp = solveCuttingLp([45, 30], [4, 4], 100, UNLIMITED);
    expect(lp.solved).toBe(true);
    expect(lp.bound).toBeCloseTo(10 / 3, 9);
    expect(Math.ceil(lp.bound - BOUND_EPS)).toBe(4);
  });

  it.each([
    [20, 11],
    [40, 12],
    [50, 13],
  ])("never exceeds the optimum n/3 of %i triplets (seed %i)", (triplets, seed) => {
    const inst = falkenauerTriplets(triplets, seed, 5);
    const { sizes, counts } = demands(inst.cuts.map((c) => (c.length + 5) * 100));
    const capacity = (inst.stock_length + 5) * 100;
    // It may stop before the LP optimum, once the bound rounded up can no longer rise.
    const lp = solveCuttingLp(sizes, counts, capacity, UNLIMITED);
    expect(lp.bound).toBeLessThanOrEqual(triplets + BOUND_EPS);
    expect(Math.ceil(lp.bound - BOUND_EPS)).toBe(triplets);
  });

  it("stays a valid bound when cut short (Farley's bound)", () => {
    const inst = falkenauerTriplets(40, 12, 5);
    const { sizes, counts } = demands(inst.cuts.map((c) => (c.length + 5) * 100));
    // 91 sizes: 91³ ≈ 0.75 M is the least budget it starts on; 1 M stops it well before the LP optimum of 40.
    const lp = solveCuttingLp(sizes, counts, (inst.stock_length + 5) * 100, { ...UNLIMITED, maxWork: 1_000_000 });
    expect(lp.solved).toBe(false);
    expect(lp.bound).toBeGreaterThan(0);
    expect(lp.bound).toBeLessThanOrEqual(40 + BOUND_EPS);
  });

  it("does not start (nor allocate) when the budget cannot pay for n³ or the sizes are too many", () => {
    const inst = falkenauerTriplets(40, 12, 5);
    const { sizes, counts } = demands(inst.cuts.map((c) => (c.length + 5) * 100));
    const capacity = (inst.stock_length + 5) * 100;
    expect(solveCuttingLp(sizes, counts, capacity, { ...UNLIMITED, maxWork: sizes.length ** 3 - 1 })).toEqual({ bound: 0, solved: false, work: 0 });
    const many = Array.from({ length: MAX_LP_SIZES + 1 }, (_, i) => 1000 + i);
    expect(
      solveCuttingLp(
        many,
        many.map(() => 1),
        10_000,
        { ...UNLIMITED, maxWork: Infinity },
      ),
    ).toEqual({ bound: 0, solved: false, work: 0 });
  });

  it("is at least L2 and at most the optimum on small random instances", () => {
    const rnd = seededRandom(7);
    for (let t = 0; t < 60; t++) {
      const capacity = 100 + Math.floor(rnd() * 900);
      const w = Array.from({ length: 3 + Math.floor(rnd() * 10) }, () => 1 + Math.floor(rnd() * capacity * 0.6));
      const { sizes, counts } = demands(w);
      const bound = Math.ceil(solveCuttingLp(sizes, counts, capacity, UNLIMITED).bound - BOUND_EPS);
      const l2 = martelloTothL2(w, capacity);
      // The optimum: the fewest bars the exact search packs (at most 12 pieces: it always decides).
      let optimum = l2;
      for (;;) {
        const r = packExactly(sizes, counts, [{ capacity, count: optimum }], 1e7);
        if (r.status === "found") break;
        expect(r.status).toBe("infeasible");
        optimum++;
      }
      expect(bound).toBeGreaterThanOrEqual(l2);
      expect(bound).toBeLessThanOrEqual(optimum);
    }
  });
});

describe("pricing knapsack", () => {
  it("finds the same best pattern by search and by table, within counts and capacity", () => {
    const rnd = seededRandom(3);
    for (let t = 0; t < 100; t++) {
      const capacity = 200 + Math.floor(rnd() * 2000);
      const { sizes, counts } = demands(Array.from({ length: 4 + Math.floor(rnd() * 20) }, () => 10 * (1 + Math.floor(rnd() * 60))));
      const values = sizes.map((s) => (s / capacity) * (0.8 + 0.4 * rnd()));
      const search = bestPattern(sizes, values, counts, capacity, 1e9);
      const table = bestPattern(sizes, values, counts, capacity, 1e9, true);
      expect(search.exact && table.exact).toBe(true);
      expect(table.value).toBeCloseTo(search.value, 9);
      for (const r of [search, table]) {
        expect(r.counts.reduce((s, k, i) => s + k * sizes[i], 0)).toBeLessThanOrEqual(capacity);
        r.counts.forEach((k, i) => expect(k).toBeLessThanOrEqual(counts[i]));
        expect(r.counts.reduce((s, k, i) => s + k * values[i], 0)).toBeCloseTo(r.value, 9);
      }
    }
  });
});
