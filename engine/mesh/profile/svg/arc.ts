import type { Conic } from "../conic.ts";

/**
 * SVG's endpoint arc (A command) in centre form, per SVG 1.1 appendix F.6.5:
 * radii too small for the chord are scaled up (F.6.6). Null when a radius is
 * zero: the arc is then a straight line. The endpoints must differ.
 */
export function endpointArc(
  x1: number,
  y1: number,
  rxIn: number,
  ryIn: number,
  angleDeg: number,
  largeArc: boolean,
  sweep: boolean,
  x2: number,
  y2: number,
): Conic | null {
  let rx = Math.abs(rxIn);
  let ry = Math.abs(ryIn);
  if (rx === 0 || ry === 0) return null;
  const phi = ((angleDeg % 360) * Math.PI) / 180;
  const cos = Math.cos(phi);
  const sin = Math.sin(phi);
  const hx = (x1 - x2) / 2;
  const hy = (y1 - y2) / 2;
  const xp = cos * hx + sin * hy;
  const yp = -sin * hx + cos * hy;
  const lambda = (xp * xp) / (rx * rx) + (yp * yp) / (ry * ry);
  if (lambda > 1) {
    rx *= Math.sqrt(lambda);
    ry *= Math.sqrt(lambda);
  }
  const num = rx * rx * ry * ry - rx * rx * yp * yp - ry * ry * xp * xp;
  const den = rx * rx * yp * yp + ry * ry * xp * xp;
  const coef = (largeArc !== sweep ? 1 : -1) * Math.sqrt(Math.max(0, num / den));
  const cxp = (coef * rx * yp) / ry;
  const cyp = (-coef * ry * xp) / rx;
  const t0 = Math.atan2((yp - cyp) / ry, (xp - cxp) / rx);
  const t1 = Math.atan2((-yp - cyp) / ry, (-xp - cxp) / rx);
  let delta = t1 - t0;
  if (!sweep && delta > 0) delta -= 2 * Math.PI;
  if (sweep && delta < 0) delta += 2 * Math.PI;
  return {
    cx: cos * cxp - sin * cyp + (x1 + x2) / 2,
    cy: sin * cxp + cos * cyp + (y1 + y2) / 2,
    ax: rx * cos,
    ay: rx * sin,
    bx: -ry * sin,
    by: ry * cos,
    t0,
    t1: t0 + delta,
  };
}
