/**
 * Greedy bin packing on integer weights into bins of one capacity. Both sort
 * pieces longest first; they differ in which open bin takes a piece.
 * Returned bins hold indices into `weights`.
 */

const byWeightDesc = (weights: readonly number[]) => weights.map((_, i) => i).sort((a, b) => weights[b] - weights[a] || a - b);

/** First Fit Decreasing: the first open bin with room (the seed system's algorithm; our floor). */
export function ffdPack(weights: readonly number[], capacity: number): number[][] {
  const bins: number[][] = [];
  const free: number[] = [];
  for (const i of byWeightDesc(weights)) {
    let b = 0;
    while (b < bins.length && free[b] < weights[i]) b++;
    if (b === bins.length) {
      bins.push([]);
      free.push(capacity);
    }
    bins[b].push(i);
    free[b] -= weights[i];
  }
  return bins;
}

/** Best Fit Decreasing: the open bin the piece fills most tightly. */
export function bfdPack(weights: readonly number[], capacity: number): number[][] {
  const bins: number[][] = [];
  const free: number[] = [];
  for (const i of byWeightDesc(weights)) {
    let best = -1;
    for (let b = 0; b < bins.length; b++) {
      if (free[b] >= weights[i] && (best < 0 || free[b] < free[best])) best = b;
    }
    if (best < 0) {
      best = bins.length;
      bins.push([]);
      free.push(capacity);
    }
    bins[best].push(i);
    free[best] -= weights[i];
  }
  return bins;
}
