/**
 * The face pass, after edges: numbers the shells, sums each shell's signed volume,
 * flags degenerate and overhanging faces, measures the area resting on the plate and
 * gathers the area moments the host turns into principal axes. Positions are the
 * welded f32 vertices, arithmetic is f64 relative to the origin of the single pass.
 */
import { S, NONE, DEGENERATE, OVERHANG, collapsed } from "./state";
import { alloc } from "./arena";
import { find } from "./topology";

@inline function addMoment(i: i32, v: f64): void {
  const at = S.momPtr + (<usize>i << 3);
  store<f64>(at, load<f64>(at) + v);
}

/**
 * zTol: how far above the lowest Z a face still rests on the plate.
 * degenerate2: |n| (twice the area) at or below which a face counts as degenerate.
 * Returns the number of shells.
 */
export function facePass(zTol: f64, degenerate2: f64): u32 {
  const nt = S.triCount;
  const sid = S.entPtr; // the half-edge buckets are done with: reuse them for face → shell
  let shells: u32 = 0;
  for (let f: u32 = 0; f < nt; f++) {
    if (collapsed(S.triPtr + <usize>f * 12)) {
      store<u32>(sid + (<usize>f << 2), NONE);
      continue;
    }
    const r = find(f);
    if (r == f) store<u32>(sid + (<usize>f << 2), shells++);
    else store<u32>(sid + (<usize>f << 2), load<u32>(sid + (<usize>r << 2)));
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
    const ax = <f64>load<f32>(pa) - ox, ay = <f64>load<f32>(pa, 4) - oy, az = <f64>load<f32>(pa, 8) - oz;
    const bx = <f64>load<f32>(pb) - ox, by = <f64>load<f32>(pb, 4) - oy, bz = <f64>load<f32>(pb, 8) - oz;
    const cx = <f64>load<f32>(pc) - ox, cy = <f64>load<f32>(pc, 4) - oy, cz = <f64>load<f32>(pc, 8) - oz;
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
    const sx = ax + bx + cx, sy = ay + by + cy, sz = az + bz + cz;
    addMoment(0, len);
    addMoment(1, len * sx);
    addMoment(2, len * sy);
    addMoment(3, len * sz);
    addMoment(4, len * (ax * ax + bx * bx + cx * cx + sx * sx));
    addMoment(5, len * (ay * ay + by * by + cy * cy + sy * sy));
    addMoment(6, len * (az * az + bz * bz + cz * cz + sz * sz));
    addMoment(7, len * (ax * ay + bx * by + cx * cy + sx * sy));
    addMoment(8, len * (ax * az + bx * bz + cx * cz + sx * sz));
    addMoment(9, len * (ay * az + by * bz + cy * cz + sy * sz));
  }
  S.degenerate = degenerate;
  S.bottom2 = bottom2;
  S.bottomOver2 = bottomOver2;
  return shells;
}
