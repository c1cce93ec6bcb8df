/**
 * Oriented bounding box for CNC stock. Candidates: the axis-aligned box, the box on
 * the principal axes of the surface (area-weighted covariance), and, for each axis of
 * those two frames held fixed, the minimum-area rectangle of the vertices projected on
 * the perpendicular plane (its sides follow a convex-hull edge, as rotating calipers
 * would find). The smallest box wins; the axis-aligned one on ties. The hull is built
 * from a sample of at most HULL_SAMPLE vertices, but every candidate's extents are
 * measured over all vertices, so the box always encloses the part.
 */
import type { OrientedBox, Vec3 } from "./types.ts";

const HULL_SAMPLE = 65_536;
const MAX_DIRECTIONS = 512;

type Frame = [Vec3, Vec3, Vec3];

interface Candidate {
  frame: Frame;
  min: Vec3;
  max: Vec3;
  volume: number;
}

const dot = (a: Vec3, x: number, y: number, z: number) => a[0] * x + a[1] * y + a[2] * z;
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

function measure(points: Float32Array, count: number, frame: Frame): Candidate {
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < count; i++) {
    const x = points[i * 3],
      y = points[i * 3 + 1],
      z = points[i * 3 + 2];
    for (let k = 0; k < 3; k++) {
      const d = dot(frame[k], x, y, z);
      if (d < min[k]) min[k] = d;
      if (d > max[k]) max[k] = d;
    }
  }
  return { frame, min, max, volume: (max[0] - min[0]) * (max[1] - min[1]) * (max[2] - min[2]) };
}

/** Eigenvectors of a symmetric 3×3 matrix (cyclic Jacobi), as unit columns. */
export function eigenvectors(m: number[][]): Frame {
  const a = m.map((r) => [...r]);
  const v = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  for (let sweep = 0; sweep < 32; sweep++) {
    const off = Math.abs(a[0][1]) + Math.abs(a[0][2]) + Math.abs(a[1][2]);
    if (off < 1e-300) break;
    for (const [p, q] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ]) {
      if (a[p][q] === 0) continue;
      const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1),
        s = t * c;
      for (let k = 0; k < 3; k++) {
        const akp = a[k][p],
          akq = a[k][q];
        a[k][p] = c * akp - s * akq;
        a[k][q] = s * akp + c * akq;
      }
      for (let k = 0; k < 3; k++) {
        const apk = a[p][k],
          aqk = a[q][k];
        a[p][k] = c * apk - s * aqk;
        a[q][k] = s * apk + c * aqk;
      }
      for (let k = 0; k < 3; k++) {
        const vkp = v[k][p],
          vkq = v[k][q];
        v[k][p] = c * vkp - s * vkq;
        v[k][q] = s * vkp + c * vkq;
      }
    }
  }
  const e0: Vec3 = [v[0][0], v[1][0], v[2][0]];
  const e1: Vec3 = [v[0][1], v[1][1], v[2][1]];
  return [e0, e1, cross(e0, e1)];
}

/** Convex hull (Andrew's monotone chain) of 2D points given as flat [u, v, …]. */
function hull2d(uv: Float64Array): Float64Array {
  const n = uv.length / 2;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => uv[2 * i] - uv[2 * j] || uv[2 * i + 1] - uv[2 * j + 1]);
  const h: number[] = [];
  const turn = (o: number, a: number, b: number) =>
    (uv[2 * a] - uv[2 * o]) * (uv[2 * b + 1] - uv[2 * o + 1]) - (uv[2 * a + 1] - uv[2 * o + 1]) * (uv[2 * b] - uv[2 * o]);
  for (const pass of [order, [...order].reverse()]) {
    const start = h.length;
    for (const i of pass) {
      while (h.length >= start + 2 && turn(h[h.length - 2], h[h.length - 1], i) <= 0) h.pop();
      h.push(i);
    }
    h.pop();
  }
  const out = new Float64Array(h.length * 2);
  h.forEach((i, k) => {
    out[2 * k] = uv[2 * i];
    out[2 * k + 1] = uv[2 * i + 1];
  });
  return out;
}

/** Holding `frame[fixed]`, the in-plane direction (a hull edge) of the smallest enclosing rectangle. */
function bestInPlaneFrame(points: Float32Array, count: number, frame: Frame, fixed: number): Frame {
  const axis = frame[fixed];
  const u = frame[(fixed + 1) % 3],
    w = frame[(fixed + 2) % 3];
  const step = Math.max(1, Math.ceil(count / HULL_SAMPLE));
  const uv = new Float64Array(2 * Math.ceil(count / step));
  for (let i = 0, k = 0; i < count; i += step, k += 2) {
    const x = points[i * 3],
      y = points[i * 3 + 1],
      z = points[i * 3 + 2];
    uv[k] = dot(u, x, y, z);
    uv[k + 1] = dot(w, x, y, z);
  }
  const hull = hull2d(uv);
  const m = hull.length / 2;
  let bestArea = Infinity,
    bestAngle = 0;
  const stride = Math.max(1, Math.ceil(m / MAX_DIRECTIONS));
  for (let e = 0; e < m; e += stride) {
    const dx = hull[(2 * e + 2) % hull.length] - hull[2 * e],
      dy = hull[(2 * e + 3) % hull.length] - hull[2 * e + 1];
    const len = Math.hypot(dx, dy);
    if (len === 0) continue;
    const cx = dx / len,
      cy = dy / len;
    let a0 = Infinity,
      a1 = -Infinity,
      b0 = Infinity,
      b1 = -Infinity;
    for (let k = 0; k < m; k++) {
      const p = hull[2 * k],
        q = hull[2 * k + 1];
      const a = p * cx + q * cy,
        b = -p * cy + q * cx;
      if (a < a0) a0 = a;
      if (a > a1) a1 = a;
      if (b < b0) b0 = b;
      if (b > b1) b1 = b;
    }
    const area = (a1 - a0) * (b1 - b0);
    if (area < bestArea) {
      bestArea = area;
      bestAngle = Math.atan2(cy, cx);
    }
  }
  const c = Math.cos(bestAngle),
    s = Math.sin(bestAngle);
  const u2: Vec3 = [c * u[0] + s * w[0], c * u[1] + s * w[1], c * u[2] + s * w[2]];
  return [axis, u2, cross(axis, u2)];
}

/**
 * @param points vertex positions (xyz, f32) in the kernel's units
 * @param covariance area-weighted covariance of the surface
 */
export function orientedBox(points: Float32Array, count: number, covariance: number[][]): OrientedBox {
  const axisAligned: Frame = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  const principal = eigenvectors(covariance);
  let best = measure(points, count, axisAligned);
  const consider = (frame: Frame) => {
    const c = measure(points, count, frame);
    if (c.volume < best.volume * (1 - 1e-9)) best = c;
  };
  consider(principal);
  if (count >= 3) {
    for (const frame of [axisAligned, principal]) for (let fixed = 0; fixed < 3; fixed++) consider(bestInPlaneFrame(points, count, frame, fixed));
  }
  const order = [0, 1, 2].sort((i, j) => best.max[j] - best.min[j] - (best.max[i] - best.min[i]));
  const center: Vec3 = [0, 0, 0];
  for (let k = 0; k < 3; k++) {
    const mid = (best.min[k] + best.max[k]) / 2;
    for (let c = 0; c < 3; c++) center[c] += mid * best.frame[k][c];
  }
  return {
    center,
    axes: order.map((k) => best.frame[k]) as [Vec3, Vec3, Vec3],
    size: order.map((k) => best.max[k] - best.min[k]) as Vec3,
    volume_mm3: best.volume,
  };
}
