/**
 * Lower bounds on the number of bins of one capacity for bin packing, on
 * integer weights (the cutting model adds the kerf to every piece and to the
 * capacity, so pieces separated by one kerf each become plain bin packing).
 */

/** L1: ceil(Σw / C). */
export function continuousBound(weights: readonly number[], capacity: number): number {
  let total = 0;
  for (const w of weights) total += w;
  return Math.ceil(total / capacity);
}

/**
 * L2 of Martello & Toth (1990): for every threshold α ≤ C/2, pieces above
 * C − α each need their own bin, pieces in (C/2, C − α] too, and pieces in
 * [α, C/2] can only use the room those bins leave plus whole new bins.
 * L2 ≥ L1 (α = 0 gives at least the continuous bound).
 */
export function martelloTothL2(weights: readonly number[], capacity: number): number {
  const n = weights.length;
  if (n === 0) return 0;
  const w = [...weights].sort((a, b) => a - b);
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + w[i];
  // First index with w[i] > v.
  const upper = (v: number) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (w[mid] > v) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  // First index with w[i] >= v.
  const lower = (v: number) => upper(v - 1);
  const half = capacity / 2;
  const iHalf = upper(half); // w > C/2 from here
  let best = 0;
  const alphas = [0];
  for (let i = 0; i < iHalf; i++) if (i === 0 || w[i] !== w[i - 1]) alphas.push(w[i]);
  for (const alpha of alphas) {
    const iBig = upper(capacity - alpha); // J1: w > C − α
    const j1 = n - iBig;
    const j2 = iBig - iHalf;
    const sumJ2 = prefix[iBig] - prefix[iHalf];
    const iAlpha = lower(alpha);
    const sumJ3 = prefix[iHalf] - prefix[iAlpha];
    const spill = sumJ3 - (j2 * capacity - sumJ2);
    const bound = j1 + j2 + Math.max(0, Math.ceil(spill / capacity));
    if (bound > best) best = bound;
  }
  return best;
}
