/**
 * The part's volume in equal bands of height, bottom to top: how much plastic
 * each layer holds, which FFF print time needs for the slicer's minimum layer
 * time (engine/pricing/fff-time.ts). One pass over the triangles and one over
 * the bands, memory for the bands only, exact for any closed mesh.
 *
 * The cross-section at height z is the sum over triangles of the signed area
 * of each triangle's shadow (XY projection) lying above z: an upward-facing
 * face above a point counts +1, a downward one −1, so a point inside counts 1.
 * For one planar triangle that share of its shadow is a piecewise quadratic
 * in z (1 below its lowest corner, 0 above its highest), so the volume below
 * height u, its integral, is a piecewise cubic: u up to the lowest corner, the
 * triangle's mean height above it. Each piece is added to the band edges it
 * covers through difference arrays of its polynomial coefficients, so a tall
 * triangle costs as little as a small one.
 */

/** At most this many bands, whatever the part's height: bounded memory and analysis JSON. */
export const MAX_VOLUME_BANDS = 2000;
/** Bands are at least this tall: two to a 0.2 mm layer, and few for a flat part. */
export const MIN_BAND_MM = 0.1;
/** A piece spanning at most this many band edges is evaluated at each (exact); longer ones go to the coefficients. */
const DIRECT_EDGES = 8;

/** Bands for a part `heightMm` tall. */
export const volumeBandCount = (heightMm: number): number => Math.min(MAX_VOLUME_BANDS, Math.max(1, Math.ceil(heightMm / MIN_BAND_MM - 1e-9)));

/**
 * Volume per band between `zMin` and `zMax` (the coordinates' own units; the
 * result is in their cube). Triangles are `indices` into xyz `positions`.
 * Bands of an inside-out mesh come out positive; rounding and open meshes can
 * leave a band slightly negative, which is clamped to zero.
 */
export function volumeBands(positions: ArrayLike<number>, indices: ArrayLike<number>, triangles: number, zMin: number, zMax: number, bands: number): number[] {
  const height = zMax - zMin;
  const n = bands;
  const h = height / n;
  if (!(h > 0)) return new Array<number>(n).fill(0);
  // g[k]: volume below band edge k (height k·h), from direct evaluation; c0..c3: difference arrays of cubic coefficients in u.
  const g = new Float64Array(n + 1);
  const c = [new Float64Array(n + 2), new Float64Array(n + 2), new Float64Array(n + 2), new Float64Array(n + 2)];

  /**
   * Adds p × a piece between corners to every edge k in [from, to]: each edge
   * evaluated when few, else its cubic a0 + a1 u + a2 u² + a3 u³ into the coefficients.
   */
  const add = (
    from: number,
    to: number,
    p: number,
    lower: boolean,
    u1: number,
    u3: number,
    q: number,
    mean: number,
    a0: number,
    a1: number,
    a2: number,
    a3: number,
  ) => {
    const lo = Math.max(0, from);
    const hi = Math.min(n, to);
    if (hi < lo) return;
    if (hi - lo < DIRECT_EDGES) {
      for (let k = lo; k <= hi; k++) g[k] += p * pieceValue(lower, k * h, u1, u3, q, mean);
      return;
    }
    c[0][lo] += p * a0;
    c[0][hi + 1] -= p * a0;
    c[1][lo] += p * a1;
    c[1][hi + 1] -= p * a1;
    c[2][lo] += p * a2;
    c[2][hi + 1] -= p * a2;
    c[3][lo] += p * a3;
    c[3][hi + 1] -= p * a3;
  };
  const edgeAtOrBelow = (u: number) => Math.floor(u / h);

  for (let t = 0; t < triangles; t++) {
    const i0 = indices[3 * t] * 3,
      i1 = indices[3 * t + 1] * 3,
      i2 = indices[3 * t + 2] * 3;
    const x0 = positions[i0],
      y0 = positions[i0 + 1];
    const x1 = positions[i1],
      y1 = positions[i1 + 1];
    const x2 = positions[i2],
      y2 = positions[i2 + 1];
    // Signed shadow area: positive for a face whose normal points up.
    const p = ((x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0)) / 2;
    if (p === 0) continue;
    // Corners' heights sorted: u1 ≤ u2 ≤ u3.
    let u1 = positions[i0 + 2] - zMin,
      u2 = positions[i1 + 2] - zMin,
      u3 = positions[i2 + 2] - zMin;
    if (u1 > u2) {
      const swap = u1;
      u1 = u2;
      u2 = swap;
    }
    if (u2 > u3) {
      const swap = u2;
      u2 = u3;
      u3 = swap;
    }
    if (u1 > u2) {
      const swap = u1;
      u1 = u2;
      u2 = swap;
    }
    const mean = (u1 + u2 + u3) / 3;
    const k1 = edgeAtOrBelow(u1),
      k2 = edgeAtOrBelow(u2),
      k3 = edgeAtOrBelow(u3);
    // Up to the lowest corner the whole shadow is above: volume u.
    c[1][0] += p;
    c[1][Math.min(n, k1) + 1] -= p;
    // Lowest to middle corner: u − (u − u1)³ / (3 d2 d3).
    if (k2 > k1) {
      const q = 3 * (u2 - u1) * (u3 - u1);
      add(k1 + 1, k2, p, true, u1, u3, q, mean, (u1 * u1 * u1) / q, 1 - (3 * u1 * u1) / q, (3 * u1) / q, -1 / q);
    }
    // Middle to highest corner: mean − (u3 − u)³ / (3 d3 e3).
    if (k3 > k2) {
      const q = 3 * (u3 - u1) * (u3 - u2);
      add(k2 + 1, k3, p, false, u1, u3, q, mean, mean - (u3 * u3 * u3) / q, (3 * u3 * u3) / q, (-3 * u3) / q, 1 / q);
    }
    // Above the triangle: its mean height.
    if (k3 < n) {
      c[0][k3 + 1] += p * mean;
      c[0][n + 1] -= p * mean;
    }
  }

  const a = [0, 0, 0, 0];
  for (let k = 0; k <= n; k++) {
    for (let j = 0; j < 4; j++) a[j] += c[j][k];
    const u = k * h;
    g[k] += a[0] + u * (a[1] + u * (a[2] + u * a[3]));
  }
  const sign = g[n] < 0 ? -1 : 1;
  const out = new Array<number>(n);
  for (let k = 0; k < n; k++) out[k] = Math.max(0, sign * (g[k + 1] - g[k]));
  return out;
}

/** One triangle's volume below u between its corners: from the lowest to the middle one, or on to the highest. */
const pieceValue = (lower: boolean, u: number, u1: number, u3: number, q: number, mean: number): number =>
  lower ? u - ((u - u1) * (u - u1) * (u - u1)) / q : mean - ((u3 - u) * (u3 - u) * (u3 - u)) / q;

/**
 * The part's outline length per band of height (the mean over each band of
 * the cross-section's perimeter), bands as for `volumeBands`: how much of a
 * layer is perimeter, for FFF's small perimeters and small regions filled
 * solid (engine/pricing/fff-time.ts). A plane at height z cuts a triangle in a
 * segment whose length rises linearly from its lowest corner to its middle
 * one and falls to its highest (a tent), so the length below height u, its
 * integral, is piecewise quadratic; each piece goes into difference arrays of
 * its coefficients or, spanning few band edges, is evaluated at them, as for
 * the volume. One pass over the triangles, linear in triangles plus bands.
 */
export function perimeterBands(
  positions: ArrayLike<number>,
  indices: ArrayLike<number>,
  triangles: number,
  zMin: number,
  zMax: number,
  bands: number,
): number[] {
  const n = bands;
  const h = (zMax - zMin) / n;
  if (!(h > 0)) return new Array<number>(n).fill(0);
  // g[k]: outline area (length × height) below band edge k, direct; c0..c2: difference arrays of quadratic coefficients.
  const g = new Float64Array(n + 1);
  const c = [new Float64Array(n + 2), new Float64Array(n + 2), new Float64Array(n + 2)];
  const edgeAtOrBelow = (u: number) => Math.floor(u / h);
  /** Adds the quadratic a0 + a1 u + a2 u² to edges [from, to], or `at(u)` at each when few. */
  const add = (from: number, to: number, at: (u: number) => number, a0: number, a1: number, a2: number) => {
    const lo = Math.max(0, from);
    const hi = Math.min(n, to);
    if (hi < lo) return;
    if (hi - lo < DIRECT_EDGES) {
      for (let k = lo; k <= hi; k++) g[k] += at(k * h);
      return;
    }
    c[0][lo] += a0;
    c[0][hi + 1] -= a0;
    c[1][lo] += a1;
    c[1][hi + 1] -= a1;
    c[2][lo] += a2;
    c[2][hi + 1] -= a2;
  };
  const order = [0, 0, 0];
  for (let t = 0; t < triangles; t++) {
    order[0] = indices[3 * t] * 3;
    order[1] = indices[3 * t + 1] * 3;
    order[2] = indices[3 * t + 2] * 3;
    order.sort((p, q) => positions[p + 2] - positions[q + 2]);
    const [i1, i2, i3] = order;
    const u1 = positions[i1 + 2] - zMin,
      u2 = positions[i2 + 2] - zMin,
      u3 = positions[i3 + 2] - zMin;
    const d = u3 - u1;
    if (!(d > 0)) continue;
    // The cut at the middle corner's height: from it to the long edge.
    const s = (u2 - u1) / d;
    const peak = Math.hypot(
      positions[i2] - (positions[i1] + s * (positions[i3] - positions[i1])),
      positions[i2 + 1] - (positions[i1 + 1] + s * (positions[i3 + 1] - positions[i1 + 1])),
    );
    if (peak === 0) continue;
    const k1 = edgeAtOrBelow(u1),
      k2 = edgeAtOrBelow(u2),
      k3 = edgeAtOrBelow(u3);
    // Rising: peak (u − u1)² / (2 d1).
    if (k2 > k1) {
      const q = peak / (2 * (u2 - u1));
      add(k1 + 1, k2, (u) => q * (u - u1) * (u - u1), q * u1 * u1, -2 * q * u1, q);
    }
    // Falling: peak (d / 2 − (u3 − u)² / (2 d3)).
    if (k3 > k2) {
      const q = peak / (2 * (u3 - u2));
      const whole = (peak * d) / 2;
      add(k2 + 1, k3, (u) => whole - q * (u3 - u) * (u3 - u), whole - q * u3 * u3, 2 * q * u3, -q);
    }
    // Above the triangle: all of it.
    if (k3 < n) {
      c[0][k3 + 1] += (peak * d) / 2;
      c[0][n + 1] -= (peak * d) / 2;
    }
  }
  const a = [0, 0, 0];
  for (let k = 0; k <= n; k++) {
    for (let j = 0; j < 3; j++) a[j] += c[j][k];
    const u = k * h;
    g[k] += a[0] + u * (a[1] + u * a[2]);
  }
  const out = new Array<number>(n);
  for (let k = 0; k < n; k++) out[k] = Math.max(0, (g[k + 1] - g[k]) / h);
  return out;
}

/**
 * The Euler characteristic of each band's cross-section at its middle
 * height: separate regions less the holes through them (a comb's teeth, a
 * plate of pins: one per pin; a tube: 0), for FFF's islands per layer. Morse
 * theory on the height over the surface, with ties broken by vertex index:
 * a vertex is critical by how often its neighbours change between above and
 * below it (counted per incident triangle, so no vertex ring is built), and
 * it adds to the cross-section's characteristic above it with a sign from the
 * side the solid lies on (the vertex normal): χ(section) = χ(solid below) × 2
 * − χ(surface below), where the solid changes only at points it lies above.
 * One pass over the triangles, one over the vertices, one over the bands.
 */
export function sectionEulerBands(
  positions: ArrayLike<number>,
  indices: ArrayLike<number>,
  triangles: number,
  vertices: number,
  zMin: number,
  zMax: number,
  bands: number,
): number[] {
  const n = bands;
  const h = (zMax - zMin) / n;
  // Per vertex: sign changes around it, and the z of its angle-weighted normal (the pseudo-normal, whose side of a
  // point just above or below the vertex tells inside from outside).
  const changes = new Int32Array(vertices);
  const normalZ = new Float64Array(vertices);
  const below = (a: number, b: number) => {
    const za = positions[3 * a + 2],
      zb = positions[3 * b + 2];
    return za < zb || (za === zb && a < b);
  };
  const corner = [0, 0, 0];
  for (let t = 0; t < triangles; t++) {
    corner[0] = indices[3 * t];
    corner[1] = indices[3 * t + 1];
    corner[2] = indices[3 * t + 2];
    const [a, b, c] = corner;
    const ux = positions[3 * b] - positions[3 * a],
      uy = positions[3 * b + 1] - positions[3 * a + 1],
      uz = positions[3 * b + 2] - positions[3 * a + 2];
    const vx = positions[3 * c] - positions[3 * a],
      vy = positions[3 * c + 1] - positions[3 * a + 1],
      vz = positions[3 * c + 2] - positions[3 * a + 2];
    const nx = uy * vz - uz * vy,
      ny = uz * vx - ux * vz,
      nz = ux * vy - uy * vx;
    const len = Math.hypot(nx, ny, nz);
    for (let i = 0; i < 3; i++) {
      const v = corner[i],
        p = corner[(i + 1) % 3],
        q = corner[(i + 2) % 3];
      if (below(p, v) !== below(q, v)) changes[v]++;
      if (len === 0) continue;
      // The triangle's angle at v.
      const px = positions[3 * p] - positions[3 * v],
        py = positions[3 * p + 1] - positions[3 * v + 1],
        pz = positions[3 * p + 2] - positions[3 * v + 2];
      const qx = positions[3 * q] - positions[3 * v],
        qy = positions[3 * q + 1] - positions[3 * v + 1],
        qz = positions[3 * q + 2] - positions[3 * v + 2];
      normalZ[v] += (nz / len) * Math.atan2(len, px * qx + py * qy + pz * qz);
    }
  }
  const steps = new Float64Array(n + 1);
  for (let v = 0; v < vertices; v++) {
    // 1 at a minimum or maximum, 0 on a slope, −1 at a saddle; the solid above (normal down) or below.
    const e = 1 - changes[v] / 2;
    if (e === 0 || normalZ[v] === 0) continue;
    // It counts for the bands whose middle is above it.
    const k = Math.max(0, Math.ceil((positions[3 * v + 2] - zMin) / h - 0.5));
    if (k < n) steps[k] += normalZ[v] < 0 ? e : -e;
  }
  const out = new Array<number>(n);
  let chi = 0;
  for (let k = 0; k < n; k++) {
    chi += steps[k];
    out[k] = chi;
  }
  return out;
}
