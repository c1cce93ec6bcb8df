/**
 * Rounding to integer minor units, half away from zero. The tiny nudge keeps
 * products like 0.15 × 10 (1.4999999999999998 in binary) rounding the way
 * they were written down.
 */
export function roundMinor(x: number): number {
  const r = Math.floor(Math.abs(x) + 0.5 + 1e-9);
  return x < 0 ? -r : r;
}
