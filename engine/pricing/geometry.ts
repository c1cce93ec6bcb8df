/** Layers to build a height; the epsilon keeps 10 / 0.2 at 50 layers, not 51. */
export const layerCount = (heightMm: number, layerMm: number): number => Math.max(1, Math.ceil(heightMm / layerMm - 1e-9));

/**
 * The item whose box is biggest: the machine an oversize part is priced on,
 * so the customer still sees an indication next to the error.
 */
export function largestBy<T>(items: readonly T[], size: (item: T) => readonly number[]): T {
  let best = items[0];
  let bestVol = -1;
  for (let i = 0; i < items.length; i++) {
    const s = size(items[i]);
    const vol = s[0] * s[1] * (s.length > 2 ? s[2] : 1);
    if (vol > bestVol) {
      best = items[i];
      bestVol = vol;
    }
  }
  return best;
}
