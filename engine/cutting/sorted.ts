/** First index of a descending array whose value is ≤ v (the array's length if none is). */
export function firstAtMost(descending: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = descending.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (descending[mid] <= v) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
