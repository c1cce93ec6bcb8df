/**
 * Uniform chord counts for Bézier curves: a chord over a parameter step h
 * deviates at most h²·max|B''|/8, and |B''| is bounded by the control polygon's
 * second differences (×6 for cubics, ×2 for quadratics).
 */
export function cubicChords(x0: number, y0: number, x1: number, y1: number, x2: number, y2: number, x3: number, y3: number, tol: number): number {
  const d = Math.max(Math.hypot(x0 - 2 * x1 + x2, y0 - 2 * y1 + y2), Math.hypot(x1 - 2 * x2 + x3, y1 - 2 * y2 + y3));
  return Math.max(1, Math.ceil(Math.sqrt((0.75 * d) / tol)));
}

export function quadraticChords(x0: number, y0: number, x1: number, y1: number, x2: number, y2: number, tol: number): number {
  const d = Math.hypot(x0 - 2 * x1 + x2, y0 - 2 * y1 + y2);
  return Math.max(1, Math.ceil(Math.sqrt((0.25 * d) / tol)));
}

export function cubicPoint(p0: number, p1: number, p2: number, p3: number, t: number): number {
  const u = 1 - t;
  return u * u * u * p0 + 3 * u * u * t * p1 + 3 * u * t * t * p2 + t * t * t * p3;
}

export function quadraticPoint(p0: number, p1: number, p2: number, t: number): number {
  const u = 1 - t;
  return u * u * p0 + 2 * u * t * p1 + t * t * p2;
}
