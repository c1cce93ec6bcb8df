/**
 * The face pass, after edges: numbers the shells, sums each shell's signed volume,
 * flags degenerate and overhanging faces, measures the area resting on the plate and
 * gathers the area moments the host turns into principal axes. Positions are the
 * welded f32 vertices, arithmetic is f64 relative to the origin of the single pass.
 */
import { S, NONE, DEGENERATE, OVERHANG, collapsed } from "./state";
import { alloc } from "./arena";

/** ((a + b) + c) + d, lane by lane. */
@inline function sum4(a: v128, b: v128, c: v128, d: v128): v128 {
  return f64x2.add(f64x2.add(f64x2.add(a, b), c), d);
}

/** The two f64 lanes swapped. */
@inline function swap(v: v128): v128 {
  return i64x2.shuffle(v, v, 1, 0);
}

/**
 * zTol: how far above the lowest Z a face still rests on the plate.
 * degenerate2: |n| (twice the area) at or below which a face counts as degenerate.
 * Returns the number of shells.
 */
export function facePass(zTol: f64, degenerate2: f64): u32 {
  const nt = S.triCount;
  const sid = S.entPtr; // the half-edge buckets are done with: reuse them for face → shell
  // Unions always hang the larger root under the smaller, so a face's parent is never
  // after it: in face order, the parent's shell is known already (a root opens a shell).
  let shells: u32 = 0;
  for (let f: u32 = 0; f < nt; f++) {
    if (collapsed(S.triPtr + <usize>f * 12)) {
      store<u32>(sid + (<usize>f << 2), NONE);
      continue;
    }
    const p = load<u32>(S.parentPtr + (<usize>f << 2));
    store<u32>(sid + (<usize>f << 2), p == f ? shells++ : load<u32>(sid + (<usize>p << 2)));
  }
  S.shellCount = shells;
  S.shellVolPtr = alloc(<usize>shells << 3);
  memory.fill(S.shellVolPtr, 0, <usize>shells << 3);
  S.shellFacePtr = alloc(<usize>shells << 2);
  memory.fill(S.shellFacePtr, 0xff, <usize>shells << 2);
  S.shellInvPtr = alloc(<usize>shells);
  memory.fill(S.shellInvPtr, 0, <usize>shells);

  const ox = <f64>S.ox, oy = <f64>S.oy, oz = <f64>S.oz;
  const plate = <f64>S.minz - oz + zTol;
  const sinT = <f64>S.sinOverhang;
  let degenerate: u32 = 0;
  let bottom2: f64 = 0, bottomOver2: f64 = 0;
  const oxy = f64x2(ox, oy);
  let m0: f64 = 0, m3: f64 = 0, m6: f64 = 0;
  let m12 = f64x2.splat(0), m45 = f64x2.splat(0), m7 = f64x2.splat(0), m89 = f64x2.splat(0);
  for (let f: u32 = 0; f < nt; f++) {
    const flagAt = S.flagsPtr + <usize>f;
    const s = load<u32>(sid + (<usize>f << 2));
    if (s == NONE) {
      degenerate++;
      continue;
    }
    const t = S.triPtr + <usize>f * 12;
    const pa = S.posPtr + <usize>load<u32>(t) * 12;
    const pb = S.posPtr + <usize>load<u32>(t, 4) * 12;
    const pc = S.posPtr + <usize>load<u32>(t, 8) * 12;
    // (x, y) pairs in f64x2 lanes, z apart: each lane does the scalar arithmetic, in the same order.
    const A = f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(pa)), oxy);
    const B = f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(pb)), oxy);
    const C = f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(pc)), oxy);
    const ax = f64x2.extract_lane(A, 0), ay = f64x2.extract_lane(A, 1), az = <f64>load<f32>(pa, 8) - oz;
    const bx = f64x2.extract_lane(B, 0), by = f64x2.extract_lane(B, 1), bz = <f64>load<f32>(pb, 8) - oz;
    const cx = f64x2.extract_lane(C, 0), cy = f64x2.extract_lane(C, 1), cz = <f64>load<f32>(pc, 8) - oz;
    const ux = bx - ax, uy = by - ay, uz = bz - az;
    const wx = cx - ax, wy = cy - ay, wz = cz - az;
    const nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
    const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
    const volAt = S.shellVolPtr + (<usize>s << 3);
    store<f64>(volAt, load<f64>(volAt) + ax * nx + ay * ny + az * nz);
    let flags = load<u8>(flagAt);
    if (len <= degenerate2) {
      flags |= DEGENERATE;
      degenerate++;
    } else if (load<u32>(S.shellFacePtr + (<usize>s << 2)) == NONE) {
      store<u32>(S.shellFacePtr + (<usize>s << 2), f);
    }
    const steep = nz < -sinT * len;
    if (nz < 0 && az <= plate && bz <= plate && cz <= plate) {
      bottom2 += len;
      if (steep) bottomOver2 += len;
    } else if (steep) {
      flags |= OVERHANG;
    }
    store<u8>(flagAt, flags);

    // ∫ x dA = A·(a+b+c)/3 and ∫ x xᵀ dA = A/12 · (aaᵀ + bbᵀ + ccᵀ + ssᵀ) with s = a+b+c.
    // Lanes: m12 = (m1, m2), m45 = (xx, yy), m7 = xy (lane 0; lane 1 holds the same), m89 = (xz, yz).
    const Sxy = f64x2.add(f64x2.add(A, B), C), sz = az + bz + cz;
    const L = f64x2.splat(len);
    m0 += len;
    m12 = f64x2.add(m12, f64x2.mul(L, Sxy));
    m3 += len * sz;
    m45 = f64x2.add(m45, f64x2.mul(L, sum4(f64x2.mul(A, A), f64x2.mul(B, B), f64x2.mul(C, C), f64x2.mul(Sxy, Sxy))));
    m6 += len * (az * az + bz * bz + cz * cz + sz * sz);
    m7 = f64x2.add(m7, f64x2.mul(L, sum4(f64x2.mul(A, swap(A)), f64x2.mul(B, swap(B)), f64x2.mul(C, swap(C)), f64x2.mul(Sxy, swap(Sxy)))));
    m89 = f64x2.add(
      m89,
      f64x2.mul(L, sum4(f64x2.mul(A, f64x2.splat(az)), f64x2.mul(B, f64x2.splat(bz)), f64x2.mul(C, f64x2.splat(cz)), f64x2.mul(Sxy, f64x2.splat(sz)))),
    );
  }
  const m = S.momPtr;
  store<f64>(m, m0);
  v128.store(m, m12, 8);
  store<f64>(m, m3, 24);
  v128.store(m, m45, 32);
  store<f64>(m, m6, 48);
  store<f64>(m, f64x2.extract_lane(m7, 0), 56);
  v128.store(m, m89, 64);
  S.degenerate = degenerate;
  S.bottom2 = bottom2;
  S.bottomOver2 = bottomOver2;
  return shells;
}
