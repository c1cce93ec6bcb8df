/**
 * The streaming stage: each chunk of triangles the host copies into the input buffer
 * goes through the single-pass metrics (SIMD, four triangles per step) and the first
 * step of the exact weld (exact.ts), which turns the soup into indexed triangles.
 */
import { S } from "./state";
import { alloc, arenaReset, arenaTop } from "./arena";
import { weld, RECENT } from "./exact";

/**
 * Starts a mesh: lays out the input buffer, the recent-vertex cache of the exact weld,
 * room for `triCap` indexed triangles and, last, the vertex array, which grows as
 * vertices come. Returns the input buffer.
 */
export function begin(triCap: u32, inputBytes: u32, sinOverhang: f64): usize {
  arenaReset();
  S.momPtr = alloc(10 * 8);
  S.inPtr = alloc(<usize>inputBytes + 64); // SIMD loads read up to 16 bytes past a record
  S.recentPtr = alloc(<usize>RECENT << 2);
  S.triPtr = alloc(<usize>triCap * 12);
  S.triCount = 0;
  S.vertCount = 0;
  S.weldBudget = max(triCap, 1 << 16); // a closed surface in file order stays far below: about triCap / 2 vertices
  S.merged = 0;
  S.originSet = false;
  S.minx = S.miny = S.minz = Infinity;
  S.maxx = S.maxy = S.maxz = -Infinity;
  S.area2 = S.vol6 = S.over2 = 0;
  S.sinOverhang = <f32>sinOverhang;
  S.posPtr = arenaTop();
  return S.inPtr;
}

/** Single-pass metrics then exact weld over `count` records of `stride` bytes, vertices at `offset`. */
export function ingest(offset: u32, count: u32, stride: u32): void {
  accumulate(offset, count, stride);
  weld(offset, count, stride);
}

/**
 * Volume, area, bounding box and steep down-facing area of `count` records. Vertex
 * data is transposed to structure-of-arrays four triangles at a time; per-triangle
 * terms are f32 relative to the first vertex seen, sums are f64.
 */
export function accumulate(offset: u32, count: u32, stride: u32): void {
  let p = S.inPtr + offset;
  if (count == 0) return;
  if (!S.originSet) {
    S.ox = load<f32>(p);
    S.oy = load<f32>(p, 4);
    S.oz = load<f32>(p, 8);
    S.originSet = true;
  }
  const OX = f32x4.splat(S.ox);
  const OY = f32x4.splat(S.oy);
  const OZ = f32x4.splat(S.oz);
  const K = f32x4.splat(-S.sinOverhang);
  let mnx = i32x4.splat(toKey(S.minx)), mny = i32x4.splat(toKey(S.miny)), mnz = i32x4.splat(toKey(S.minz));
  let mxx = i32x4.splat(toKey(S.maxx)), mxy = i32x4.splat(toKey(S.maxy)), mxz = i32x4.splat(toKey(S.maxz));
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
  let v0 = f64x2.splat(0), v1 = f64x2.splat(0);
  let o0 = f64x2.splat(0), o1 = f64x2.splat(0);
  const n4 = count & ~3;
  const s = <usize>stride;
  for (let i: u32 = 0; i < n4; i += 4) {
    const p1 = p + s, p2 = p1 + s, p3 = p2 + s;
    // Rows (x, y, z, junk) of four triangles → columns x0..x3, y0..y3, z0..z3.
    let r0 = v128.load(p), r1 = v128.load(p1), r2 = v128.load(p2), r3 = v128.load(p3);
    let t0 = f32x4.shuffle(r0, r1, 0, 1, 4, 5), t1 = f32x4.shuffle(r2, r3, 0, 1, 4, 5);
    let t2 = f32x4.shuffle(r0, r1, 2, 6, 2, 6), t3 = f32x4.shuffle(r2, r3, 2, 6, 2, 6);
    const ax = f32x4.shuffle(t0, t1, 0, 2, 4, 6), ay = f32x4.shuffle(t0, t1, 1, 3, 5, 7);
    const az = f32x4.shuffle(t2, t3, 0, 1, 4, 5);
    r0 = v128.load(p, 12); r1 = v128.load(p1, 12); r2 = v128.load(p2, 12); r3 = v128.load(p3, 12);
    t0 = f32x4.shuffle(r0, r1, 0, 1, 4, 5); t1 = f32x4.shuffle(r2, r3, 0, 1, 4, 5);
    t2 = f32x4.shuffle(r0, r1, 2, 6, 2, 6); t3 = f32x4.shuffle(r2, r3, 2, 6, 2, 6);
    const bx = f32x4.shuffle(t0, t1, 0, 2, 4, 6), by = f32x4.shuffle(t0, t1, 1, 3, 5, 7);
    const bz = f32x4.shuffle(t2, t3, 0, 1, 4, 5);
    r0 = v128.load(p, 24); r1 = v128.load(p1, 24); r2 = v128.load(p2, 24); r3 = v128.load(p3, 24);
    t0 = f32x4.shuffle(r0, r1, 0, 1, 4, 5); t1 = f32x4.shuffle(r2, r3, 0, 1, 4, 5);
    t2 = f32x4.shuffle(r0, r1, 2, 6, 2, 6); t3 = f32x4.shuffle(r2, r3, 2, 6, 2, 6);
    const cx = f32x4.shuffle(t0, t1, 0, 2, 4, 6), cy = f32x4.shuffle(t0, t1, 1, 3, 5, 7);
    const cz = f32x4.shuffle(t2, t3, 0, 1, 4, 5);

    const kax = keys(ax), kbx = keys(bx), kcx = keys(cx);
    const kay = keys(ay), kby = keys(by), kcy = keys(cy);
    const kaz = keys(az), kbz = keys(bz), kcz = keys(cz);
    mnx = i32x4.min_s(mnx, i32x4.min_s(kax, i32x4.min_s(kbx, kcx)));
    mny = i32x4.min_s(mny, i32x4.min_s(kay, i32x4.min_s(kby, kcy)));
    mnz = i32x4.min_s(mnz, i32x4.min_s(kaz, i32x4.min_s(kbz, kcz)));
    mxx = i32x4.max_s(mxx, i32x4.max_s(kax, i32x4.max_s(kbx, kcx)));
    mxy = i32x4.max_s(mxy, i32x4.max_s(kay, i32x4.max_s(kby, kcy)));
    mxz = i32x4.max_s(mxz, i32x4.max_s(kaz, i32x4.max_s(kbz, kcz)));

    const ux = f32x4.sub(bx, ax), uy = f32x4.sub(by, ay), uz = f32x4.sub(bz, az);
    const wx = f32x4.sub(cx, ax), wy = f32x4.sub(cy, ay), wz = f32x4.sub(cz, az);
    const nx = f32x4.sub(f32x4.mul(uy, wz), f32x4.mul(uz, wy));
    const ny = f32x4.sub(f32x4.mul(uz, wx), f32x4.mul(ux, wz));
    const nz = f32x4.sub(f32x4.mul(ux, wy), f32x4.mul(uy, wx));
    const len = f32x4.sqrt(f32x4.add(f32x4.add(f32x4.mul(nx, nx), f32x4.mul(ny, ny)), f32x4.mul(nz, nz)));
    const v6 = f32x4.add(
      f32x4.add(f32x4.mul(f32x4.sub(ax, OX), nx), f32x4.mul(f32x4.sub(ay, OY), ny)),
      f32x4.mul(f32x4.sub(az, OZ), nz),
    );
    const ov = v128.and(len, f32x4.lt(nz, f32x4.mul(K, len)));

    a0 = f64x2.add(a0, f64x2.promote_low_f32x4(len));
    a1 = f64x2.add(a1, f64x2.promote_low_f32x4(f32x4.shuffle(len, len, 2, 3, 2, 3)));
    v0 = f64x2.add(v0, f64x2.promote_low_f32x4(v6));
    v1 = f64x2.add(v1, f64x2.promote_low_f32x4(f32x4.shuffle(v6, v6, 2, 3, 2, 3)));
    o0 = f64x2.add(o0, f64x2.promote_low_f32x4(ov));
    o1 = f64x2.add(o1, f64x2.promote_low_f32x4(f32x4.shuffle(ov, ov, 2, 3, 2, 3)));
    p = p3 + s;
  }
  S.area2 += f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a0, 1) + f64x2.extract_lane(a1, 0) + f64x2.extract_lane(a1, 1);
  S.vol6 += f64x2.extract_lane(v0, 0) + f64x2.extract_lane(v0, 1) + f64x2.extract_lane(v1, 0) + f64x2.extract_lane(v1, 1);
  S.over2 += f64x2.extract_lane(o0, 0) + f64x2.extract_lane(o0, 1) + f64x2.extract_lane(o1, 0) + f64x2.extract_lane(o1, 1);
  S.minx = fromKey(lanesMin(mnx));
  S.miny = fromKey(lanesMin(mny));
  S.minz = fromKey(lanesMin(mnz));
  S.maxx = fromKey(lanesMax(mxx));
  S.maxy = fromKey(lanesMax(mxy));
  S.maxz = fromKey(lanesMax(mxz));
  for (let i = n4; i < count; i++) {
    accumulateOne(p);
    p += s;
  }
}

/**
 * The bounding box is kept as order-preserving integer keys of the f32 bits (negative
 * values have their magnitude bits flipped): an integer min or max is one instruction,
 * where WebAssembly's f32x4.min and max take several on x86 for their NaN and -0 rules.
 * The keys order -0 below +0 as those do. A NaN lands above +∞ or below -∞ by its sign,
 * so the box still turns non-finite on that axis, which is all the host checks.
 */
@inline function keys(v: v128): v128 {
  return v128.xor(v, i32x4.shr_u(i32x4.shr_s(v, 31), 1));
}

@inline function toKey(v: f32): i32 {
  const b = reinterpret<i32>(v);
  return b ^ (<i32>(<u32>(b >> 31) >>> 1));
}

/** The inverse of toKey (the same flip: the sign bit is unchanged). */
@inline function fromKey(k: i32): f32 {
  return reinterpret<f32>(k ^ (<i32>(<u32>(k >> 31) >>> 1)));
}

@inline function lanesMin(v: v128): i32 {
  return min(min(i32x4.extract_lane(v, 0), i32x4.extract_lane(v, 1)), min(i32x4.extract_lane(v, 2), i32x4.extract_lane(v, 3)));
}

@inline function lanesMax(v: v128): i32 {
  return max(max(i32x4.extract_lane(v, 0), i32x4.extract_lane(v, 1)), max(i32x4.extract_lane(v, 2), i32x4.extract_lane(v, 3)));
}

/** The same arithmetic as one SIMD lane, for the last count % 4 triangles. */
function accumulateOne(p: usize): void {
  const ax = load<f32>(p), ay = load<f32>(p, 4), az = load<f32>(p, 8);
  const bx = load<f32>(p, 12), by = load<f32>(p, 16), bz = load<f32>(p, 20);
  const cx = load<f32>(p, 24), cy = load<f32>(p, 28), cz = load<f32>(p, 32);
  S.minx = min(S.minx, min(ax, min(bx, cx)));
  S.miny = min(S.miny, min(ay, min(by, cy)));
  S.minz = min(S.minz, min(az, min(bz, cz)));
  S.maxx = max(S.maxx, max(ax, max(bx, cx)));
  S.maxy = max(S.maxy, max(ay, max(by, cy)));
  S.maxz = max(S.maxz, max(az, max(bz, cz)));
  const ux = bx - ax, uy = by - ay, uz = bz - az;
  const wx = cx - ax, wy = cy - ay, wz = cz - az;
  const nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
  const len = Mathf.sqrt(nx * nx + ny * ny + nz * nz);
  S.area2 += <f64>len;
  S.vol6 += <f64>((ax - S.ox) * nx + (ay - S.oy) * ny + (az - S.oz) * nz);
  if (nz < -S.sinOverhang * len) S.over2 += <f64>len;
}
