import { describe, expect, it } from "vitest";
import { coverExactly } from "../../../engine/cutting/exact-cover.ts";
import { type BarType, packExactly } from "../../../engine/cutting/exact.ts";
import { falkenauerTriplets } from "../../../engine/cutting/instances.ts";
import { seededRandom } from "../../../engine/cutting/random.ts";

/** Distinct sizes, descending, with counts. */
function bySize(weights: number[]): { sizes: number[]; counts: number[] } {
  const m = new Map<number, number>();
  for (const w of weights) m.set(w, (m.get(w) ?? 0) + 1);
  const sizes = [...m.keys()].sort((a, b) => b - a);
  return { sizes, counts: sizes.map((s) => m.get(s)!) };
}

/** Every bar exactly full, every piece used once, every bar of every type used. */
function expectPerfect(sizes: number[], counts: number[], types: BarType[], bars: { type: number; pieces: number[] }[]) {
  const used = sizes.map(() => 0);
  const perType = types.map(() => 0);
  for (const bar of bars) {
    expect(bar.pieces.reduce((s, i) => s + sizes[i], 0)).toBe(types[bar.type].capacity);
    for (const i of bar.pieces) used[i]++;
    perType[bar.type]++;
  }
  expect(used).toEqual(counts);
  expect(perType).toEqual(types.map((t) => t.count));
}

/** Plain backtracking over pieces into exactly-full bars: the reference for small instances. */
function bruteForce(weights: number[], capacity: number, bars: number): boolean {
  const w = [...weights].sort((a, b) => b - a);
  const room = new Array<number>(bars).fill(capacity);
  const place = (k: number): boolean => {
    if (k === w.length) return room.every((r) => r === 0);
    const tried = new Set<number>();
    for (let b = 0; b < bars; b++) {
      if (room[b] < w[k] || tried.has(room[b])) continue;
      tried.add(room[b]);
      room[b] -= w[k];
      if (place(k + 1)) return true;
      room[b] += w[k];
    }
    return false;
  };
  return place(0);
}

describe("exact cover for perfect packings", () => {
  it("fills bars of two lengths exactly, each with its own count", () => {
    // 10 = 6 + 4 and 8 = 8 (or 4 + 4, but there is one 4 left over only once the 6 takes one).
    const sizes = [8, 6, 4];
    const counts = [1, 1, 1];
    const types = [
      { capacity: 10, count: 1 },
      { capacity: 8, count: 1 },
    ];
    const r = coverExactly(sizes, counts, types, 10_000);
    expect(r.status).toBe("found");
    if (r.status !== "found") return;
    expectPerfect(sizes, counts, types, r.bars);
  });

  it("proves that no perfect packing exists", () => {
    // 6 + 6 + 6 + 2 = 20 on two bars of 10: no two of the 6s share a bar, so one bar needs two of them.
    const r = coverExactly([6, 2], [3, 1], [{ capacity: 10, count: 2 }], 10_000);
    expect(r.status).toBe("infeasible");
  });

  it("agrees with plain backtracking on 300 random small perfect-or-not instances", () => {
    const rnd = seededRandom(42);
    let feasible = 0;
    let infeasible = 0;
    for (let n = 0; n < 300; n++) {
      const capacity = 20 + Math.floor(rnd() * 20);
      const bars = 2 + Math.floor(rnd() * 5);
      // Random pieces; the last one makes the total exactly bars × capacity when it can.
      const weights: number[] = [];
      let rest = bars * capacity;
      while (rest > capacity / 2) {
        const w = 2 + Math.floor(rnd() * (capacity / 2));
        weights.push(w);
        rest -= w;
      }
      if (rest <= 0) continue;
      weights.push(rest);
      const { sizes, counts } = bySize(weights);
      const types = [{ capacity, count: bars }];
      const r = coverExactly(sizes, counts, types, 1_000_000);
      const expected = bruteForce(weights, capacity, bars);
      expect(r.status).toBe(expected ? "found" : "infeasible");
      if (r.status === "found") {
        expectPerfect(sizes, counts, types, r.bars);
        feasible++;
      } else infeasible++;
    }
    // Both answers are exercised, and a few searches outlast their first cutoff and restart (4 with this seed).
    expect(feasible).toBeGreaterThan(20);
    expect(infeasible).toBeGreaterThan(20);
  });

  it("packs 120 triplet pieces that bin completion could not within the default budget (seed 13)", () => {
    const t = falkenauerTriplets(40, 13, 0);
    const { sizes, counts } = bySize(t.cuts.map((c) => c.length));
    const types = [{ capacity: t.stock_length, count: 40 }];
    const r = packExactly(sizes, counts, types, 50_000);
    expect(r.status).toBe("found");
    expectPerfect(sizes, counts, types, r.bars);
    expect(r.work).toBeLessThanOrEqual(50_000);
  });

  it("leaves out bars without a long piece when every bar must hold one (seed 2257)", () => {
    // 40 pieces of 380 mm or more, no two in a full bar, and 40 bars: every bar holds one, so the 7 bars of
    // three short pieces are never part of the packing. With them in play the search ran past 20 M work
    // (decision 68); without, it takes under 3 k.
    const t = falkenauerTriplets(40, 2257, 0);
    const { sizes, counts } = bySize(t.cuts.map((c) => c.length));
    const types = [{ capacity: t.stock_length, count: 40 }];
    const r = coverExactly(sizes, counts, types, 10_000);
    expect(r.status).toBe("found");
    if (r.status !== "found") return;
    expectPerfect(sizes, counts, types, r.bars);
    expect(r.work).toBeLessThan(10_000);
  });

  it("stops at its budget with the most bars it had filled, all of them full", () => {
    // 501 pieces need about 18 k work (decision 68); 249 pieces, the instance here before, now need 7 k.
    const t = falkenauerTriplets(167, 4, 0);
    const { sizes, counts } = bySize(t.cuts.map((c) => c.length));
    const r = coverExactly(sizes, counts, [{ capacity: t.stock_length, count: 167 }], 15_000);
    expect(r.status).toBe("exhausted");
    if (r.status !== "exhausted") return;
    // The budget is checked once per node, so the last node and unwinding the path (158 bars deep here, each
    // switching bars back on) may overshoot it a little.
    expect(r.work).toBeLessThan(17_000);
    expect(r.bars.length).toBeGreaterThan(100);
    const used = sizes.map(() => 0);
    for (const bar of r.bars) {
      expect(bar.pieces.reduce((s, i) => s + sizes[i], 0)).toBe(t.stock_length);
      for (const i of bar.pieces) used[i]++;
    }
    used.forEach((u, i) => expect(u).toBeLessThanOrEqual(counts[i]));
  });

  it("carries on where the budget stopped it when resumed, each call charging only its own work", () => {
    // 501 triplet pieces need about 18 k work in one call (decision 68); here they get 15 k at a time.
    const t = falkenauerTriplets(167, 4, 0);
    const { sizes, counts } = bySize(t.cuts.map((c) => c.length));
    const types = [{ capacity: t.stock_length, count: 167 }];
    let r = coverExactly(sizes, counts, types, 15_000);
    let calls = 1;
    while (r.status === "exhausted" && r.resume && calls < 20) {
      expect(r.work).toBeLessThan(17_000);
      r = r.resume(15_000);
      calls++;
    }
    expect(r.status).toBe("found");
    expect(calls).toBeGreaterThan(1);
    if (r.status !== "found") return;
    expect(r.work).toBeLessThan(17_000);
    expectPerfect(sizes, counts, types, r.bars);
  });

  it("gives up listing after a quarter of the budget, and bin completion gets the rest", () => {
    // 60 distinct small pieces, 3 bars of 610: the sets summing to 610 are far too many to list.
    const sizes = Array.from({ length: 60 }, (_, i) => 60 - i);
    const counts = sizes.map(() => 1);
    const types = [{ capacity: 610, count: 3 }];
    const listing = coverExactly(sizes, counts, types, 200_000);
    expect(listing.status).toBe("unlisted");
    expect(listing.work).toBeLessThanOrEqual(50_001);
    const r = packExactly(sizes, counts, types, 200_000);
    expect(r.status).toBe("exhausted");
    expect(r.work).toBeGreaterThan(listing.work);
    expect(r.work).toBeLessThanOrEqual(200_001);
  });
});
