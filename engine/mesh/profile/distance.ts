/** Distance from point p to the segment a–b. */
export function pointSegmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  const ex = px - ax - t * dx;
  const ey = py - ay - t * dy;
  // sqrt rather than Math.hypot: this is the hot loop of the gap search, and hypot is several times slower.
  return Math.sqrt(ex * ex + ey * ey);
}
