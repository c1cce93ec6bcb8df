/**
 * Inverted shells. A shell with negative signed volume is a cavity when it lies inside
 * material of the other shells (a hollow part), and inverted when it does not. Each
 * negative shell is probed from a point on one of its faces with a ray along +X; the
 * winding number of the other shells around that point is the sum of ±1 over the faces
 * the ray crosses (sign of the face normal's x). Ties on shared edges are broken by a
 * half-open rule so each crossing is counted once. Probing costs one pass over the
 * faces for all probes together; beyond `maxProbes` negative shells (largest first)
 * the rest are reported inverted without a probe.
 */
import { S, NONE, INVERTED } from "./state";
import { alloc, arenaTop, arenaRewind } from "./arena";

@inline function shellVol(s: u32): f64 {
  return load<f64>(S.shellVolPtr + (<usize>s << 3));
}

/** Whether edge (dy, dz) owns the points on it: exactly one of e and -e does. */
@inline function owns(dy: f64, dz: f64): bool {
  return dz < 0 || (dz == 0 && dy > 0);
}

/** Edge function of p against edge a→b in the YZ plane, with the half-open tie rule. */
@inline function inside(ay: f64, az: f64, by: f64, bz: f64, py: f64, pz: f64): bool {
  const e = (by - ay) * (pz - az) - (bz - az) * (py - ay);
  return e > 0 || (e == 0 && owns(by - ay, bz - az));
}

export function classifyShells(maxProbes: u32): u32 {
  const shells = S.shellCount;
  const mark = arenaTop();
  // Negative shells, largest magnitude first (selection of at most maxProbes).
  const probes = alloc(<usize>maxProbes << 2);
  let n: u32 = 0;
  let inverted: u32 = 0;
  for (let s: u32 = 0; s < shells; s++) {
    if (!(shellVol(s) < 0)) continue;
    store<u8>(S.shellInvPtr + <usize>s, 1); // until a probe finds it enclosed
    inverted++;
    if (load<u32>(S.shellFacePtr + (<usize>s << 2)) == NONE) continue;
    if (n < maxProbes) {
      store<u32>(probes + (<usize>n << 2), s);
      n++;
    } else {
      let smallest: u32 = 0;
      for (let i: u32 = 1; i < n; i++)
        if (shellVol(load<u32>(probes + (<usize>i << 2))) > shellVol(load<u32>(probes + (<usize>smallest << 2)))) smallest = i;
      if (shellVol(s) < shellVol(load<u32>(probes + (<usize>smallest << 2)))) store<u32>(probes + (<usize>smallest << 2), s);
    }
  }
  if (n > 0) {
    // Probe point: a fixed, asymmetric blend of a face's corners (away from its edges).
    const pts = alloc(<usize>n * 24);
    const winding = alloc(<usize>n << 2);
    memory.fill(winding, 0, <usize>n << 2);
    for (let i: u32 = 0; i < n; i++) {
      const f = load<u32>(S.shellFacePtr + (<usize>load<u32>(probes + (<usize>i << 2)) << 2));
      const t = S.triPtr + <usize>f * 12;
      for (let c = 0; c < 3; c++) {
        const a = <f64>load<f32>(S.posPtr + <usize>load<u32>(t) * 12 + (<usize>c << 2));
        const b = <f64>load<f32>(S.posPtr + <usize>load<u32>(t, 4) * 12 + (<usize>c << 2));
        const d = <f64>load<f32>(S.posPtr + <usize>load<u32>(t, 8) * 12 + (<usize>c << 2));
        store<f64>(pts + <usize>i * 24 + (<usize>c << 3), 0.2113 * a + 0.3271 * b + 0.4616 * d);
      }
    }
    const sid = S.entPtr;
    for (let f: u32 = 0; f < S.triCount; f++) {
      const s = load<u32>(sid + (<usize>f << 2));
      if (s == NONE) continue;
      const t = S.triPtr + <usize>f * 12;
      const pa = S.posPtr + <usize>load<u32>(t) * 12;
      const pb = S.posPtr + <usize>load<u32>(t, 4) * 12;
      const pc = S.posPtr + <usize>load<u32>(t, 8) * 12;
      const ax = <f64>load<f32>(pa), ay = <f64>load<f32>(pa, 4), az = <f64>load<f32>(pa, 8);
      const bx = <f64>load<f32>(pb), by = <f64>load<f32>(pb, 4), bz = <f64>load<f32>(pb, 8);
      const cx = <f64>load<f32>(pc), cy = <f64>load<f32>(pc, 4), cz = <f64>load<f32>(pc, 8);
      const loY = min(ay, min(by, cy)), hiY = max(ay, max(by, cy));
      const loZ = min(az, min(bz, cz)), hiZ = max(az, max(bz, cz));
      const hiX = max(ax, max(bx, cx));
      const nx = (by - ay) * (cz - az) - (bz - az) * (cy - ay);
      if (nx == 0) continue; // parallel to the ray
      for (let i: u32 = 0; i < n; i++) {
        const q = pts + <usize>i * 24;
        const qx = load<f64>(q), qy = load<f64>(q, 8), qz = load<f64>(q, 16);
        if (qy < loY || qy > hiY || qz < loZ || qz > hiZ || qx > hiX) continue;
        if (s == load<u32>(probes + (<usize>i << 2))) continue;
        // Orient the projected triangle counter-clockwise, then test containment.
        const ccw = nx > 0;
        const hit = ccw
          ? inside(ay, az, by, bz, qy, qz) && inside(by, bz, cy, cz, qy, qz) && inside(cy, cz, ay, az, qy, qz)
          : inside(ay, az, cy, cz, qy, qz) && inside(cy, cz, by, bz, qy, qz) && inside(by, bz, ay, az, qy, qz);
        if (!hit) continue;
        const ny = (bz - az) * (cx - ax) - (bx - ax) * (cz - az);
        const nz = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
        const x = ax - (ny * (qy - ay) + nz * (qz - az)) / nx;
        if (x <= qx) continue;
        const w = winding + (<usize>i << 2);
        store<i32>(w, load<i32>(w) + (ccw ? 1 : -1));
      }
    }
    for (let i: u32 = 0; i < n; i++) {
      if (load<i32>(winding + (<usize>i << 2)) > 0) {
        store<u8>(S.shellInvPtr + <usize>load<u32>(probes + (<usize>i << 2)), 0);
        inverted--;
      }
    }
  }
  arenaRewind(mark);
  if (inverted > 0) {
    for (let f: u32 = 0; f < S.triCount; f++) {
      const s = load<u32>(S.entPtr + (<usize>f << 2));
      if (s != NONE && load<u8>(S.shellInvPtr + <usize>s)) {
        store<u8>(S.flagsPtr + <usize>f, load<u8>(S.flagsPtr + <usize>f) | INVERTED);
      }
    }
  }
  S.invertedShells = inverted;
  return inverted;
}
