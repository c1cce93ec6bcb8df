/**
 * Generated benchmark and test instances with known structure. Deterministic
 * (seeded), so a bench run and a test see the same pieces.
 */
import { seededRandom } from "./random.ts";
import type { CutRequest } from "./types.ts";

const randInt = (rnd: () => number, lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));

/**
 * Falkenauer-style triplets: every bar holds exactly three pieces that fill it
 * with no waste, so the optimum is n/3 bars by construction — and the
 * continuous lower bound equals it. Capacity 1000 (weights l + kerf), the
 * first piece of a triplet in [380, 490], the second in [250, rest/2], the
 * third the remainder.
 */
export function falkenauerTriplets(triplets: number, seed: number, kerf: number): { stock_length: number; cuts: CutRequest[] } {
  const rnd = seededRandom(seed);
  const capacity = 1000;
  const weights: number[] = [];
  for (let t = 0; t < triplets; t++) {
    const a = randInt(rnd, 380, 490);
    const rest = capacity - a;
    const b = randInt(rnd, 250, Math.floor(rest / 2));
    weights.push(a, b, rest - b);
  }
  // Shuffle so input order carries no hint of the triplets.
  for (let i = weights.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [weights[i], weights[j]] = [weights[j], weights[i]];
  }
  return {
    stock_length: capacity - kerf,
    cuts: weights.map((w, i) => ({ length: w - kerf, quantity: 1, label: `p${i}`, profile: "T" })),
  };
}

/** Falkenauer-style uniform instances: pieces uniform in [lo, hi] on one stock length. */
export function uniformPieces(count: number, lo: number, hi: number, seed: number): CutRequest[] {
  const rnd = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => ({ length: randInt(rnd, lo, hi), quantity: 1, label: `p${i}`, profile: "U" }));
}
