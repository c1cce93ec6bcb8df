/**
 * Rounding to integer minor units, half away from zero. The tiny nudge keeps
 * products like 1.005 × 100 (100.49999999999999 in binary) rounding the way
 * they were written down; it is far below a minor unit for any real amount.
 */
export function roundMinor(x: number): number {
  const r = Math.floor(Math.abs(x) + 0.5 + 1e-9);
  return x < 0 ? -r : r;
}
