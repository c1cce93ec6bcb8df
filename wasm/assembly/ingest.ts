/**
 * The streaming stage: each chunk of triangles the host copies into the input buffer
 * goes through the single-pass metrics (SIMD, four triangles per step) and the exact
 * weld that turns the triangle soup into indexed triangles over unique vertices.
 */
import { S } from "./state";
import { alloc, arenaReset, arenaTop, arenaRewind } from "./arena";

/**
 * Starts a mesh: lays out the input buffer, room for `triCap` indexed triangles and a
 * first guess of the vertex table (closed meshes have about half as many vertices as
 * triangles; the table doubles when the guess is short). Returns the input buffer.
 */
export function begin(triCap: u32, inputBytes: u32, sinOverhang: f64): usize {
  arenaReset();
  S.momPtr = alloc(10 * 8);
  memory.fill(S.momPtr, 0, 10 * 8);
  S.inPtr = alloc(<usize>inputBytes + 64); // SIMD loads read up to 16 bytes past a record
  S.scratchPtr = alloc(<usize>BLOCK * 12);
  S.triPtr = alloc(<usize>triCap * 12);
  S.triCap = triCap;
  S.triCount = 0;
  S.vertCount = 0;
  S.merged = 0;
  S.originSet = false;
  S.minx = S.miny = S.minz = Infinity;
  S.maxx = S.maxy = S.maxz = -Infinity;
  S.area2 = S.vol6 = S.over2 = 0;
  S.sinOverhang = <f32>sinOverhang;
  S.posPtr = arenaTop();
  layoutVertices((triCap >> 1) + 1024);
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
  let mnx = f32x4.splat(S.minx), mny = f32x4.splat(S.miny), mnz = f32x4.splat(S.minz);
  let mxx = f32x4.splat(S.maxx), mxy = f32x4.splat(S.maxy), mxz = f32x4.splat(S.maxz);
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

    mnx = f32x4.min(mnx, f32x4.min(ax, f32x4.min(bx, cx)));
    mny = f32x4.min(mny, f32x4.min(ay, f32x4.min(by, cy)));
    mnz = f32x4.min(mnz, f32x4.min(az, f32x4.min(bz, cz)));
    mxx = f32x4.max(mxx, f32x4.max(ax, f32x4.max(bx, cx)));
    mxy = f32x4.max(mxy, f32x4.max(ay, f32x4.max(by, cy)));
    mxz = f32x4.max(mxz, f32x4.max(az, f32x4.max(bz, cz)));

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
  S.minx = min(min(f32x4.extract_lane(mnx, 0), f32x4.extract_lane(mnx, 1)), min(f32x4.extract_lane(mnx, 2), f32x4.extract_lane(mnx, 3)));
  S.miny = min(min(f32x4.extract_lane(mny, 0), f32x4.extract_lane(mny, 1)), min(f32x4.extract_lane(mny, 2), f32x4.extract_lane(mny, 3)));
  S.minz = min(min(f32x4.extract_lane(mnz, 0), f32x4.extract_lane(mnz, 1)), min(f32x4.extract_lane(mnz, 2), f32x4.extract_lane(mnz, 3)));
  S.maxx = max(max(f32x4.extract_lane(mxx, 0), f32x4.extract_lane(mxx, 1)), max(f32x4.extract_lane(mxx, 2), f32x4.extract_lane(mxx, 3)));
  S.maxy = max(max(f32x4.extract_lane(mxy, 0), f32x4.extract_lane(mxy, 1)), max(f32x4.extract_lane(mxy, 2), f32x4.extract_lane(mxy, 3)));
  S.maxz = max(max(f32x4.extract_lane(mxz, 0), f32x4.extract_lane(mxz, 1)), max(f32x4.extract_lane(mxz, 2), f32x4.extract_lane(mxz, 3)));
  for (let i = n4; i < count; i++) {
    accumulateOne(p);
    p += s;
  }
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

/** Triangles welded per block: their table slots are all touched before any is resolved. */
const BLOCK: u32 = 16;
let sink: u32 = 0;

/**
 * Appends `count` triangles to the indexed mesh, giving bit-identical corners one vertex
 * id. The table lookups are random accesses into a table far larger than the caches, so
 * they are software-pipelined: a block's 48 slots are computed and touched first (the
 * loads are independent, so their cache misses overlap), then resolved in order.
 */
export function weld(offset: u32, count: u32, stride: u32): void {
  let p = S.inPtr + offset;
  let t = S.triPtr + <usize>S.triCount * 12;
  const slots = S.scratchPtr;
  for (let i: u32 = 0; i < count; i += BLOCK) {
    const n = min(BLOCK, count - i);
    if (S.vertCount + 3 * n > S.posCap) layoutVertices(S.posCap << 1);
    const size = S.hashSlots;
    let q = p;
    let touched: u32 = 0;
    for (let j: u32 = 0; j < n; j++) {
      for (let c: usize = 0; c < 3; c++) {
        const v = q + c * 12;
        const slot = slotOf(bits(v), bits(v + 4), bits(v + 8), size);
        store<u32>(slots + ((<usize>j * 3 + c) << 2), slot);
        touched += load<u32>(S.hashPtr + (<usize>slot << 4), 12);
      }
      q += stride;
    }
    sink += touched;
    for (let j: u32 = 0; j < n; j++) {
      store<u32>(t, vertexId(p, load<u32>(slots + (<usize>j * 12))));
      store<u32>(t, vertexId(p + 12, load<u32>(slots + (<usize>j * 12 + 4))), 4);
      store<u32>(t, vertexId(p + 24, load<u32>(slots + (<usize>j * 12 + 8))), 8);
      t += 12;
      p += stride;
    }
  }
  S.triCount += count;
}

/** Keeps the touching loads of `weld` alive through the optimiser. */
export function weldSink(): u32 {
  return sink;
}

@inline function hash3(x: u32, y: u32, z: u32): u32 {
  let h = (x * 0x8da6b343) ^ (y * 0xd8163841) ^ (z * 0xcb1ab31f);
  h ^= h >>> 16;
  h *= 0x7feb352d;
  h ^= h >>> 15;
  return h;
}

/** The table slot a key hashes to (multiply-shift onto any table size). */
@inline function slotOf(x: u32, y: u32, z: u32, size: u32): u32 {
  return <u32>((<u64>hash3(x, y, z) * <u64>size) >>> 32);
}

/** Folds -0 into +0 so the two spellings of zero weld. */
@inline function bits(p: usize): u32 {
  const b = load<u32>(p);
  return b == 0x80000000 ? 0 : b;
}

/**
 * Table slots are 16 bytes: the key (x, y, z bits) and vertex id + 1 (0 = empty), so a
 * probe reads one cache line and never the vertex array.
 */
@inline function vertexId(p: usize, slot: u32): u32 {
  const x = bits(p), y = bits(p + 4), z = bits(p + 8);
  const table = S.hashPtr;
  const size = S.hashSlots;
  while (true) {
    const at = table + (<usize>slot << 4);
    const e = load<u32>(at, 12);
    if (e == 0) {
      const id = S.vertCount++;
      const q = S.posPtr + <usize>id * 12;
      store<u32>(q, x);
      store<u32>(q, y, 4);
      store<u32>(q, z, 8);
      store<u32>(at, x);
      store<u32>(at, y, 4);
      store<u32>(at, z, 8);
      store<u32>(at, id + 1, 12);
      return id;
    }
    if (load<u32>(at) == x && load<u32>(at, 4) == y && load<u32>(at, 8) == z) return e - 1;
    if (++slot == size) slot = 0;
  }
}

/**
 * Gives the vertex array room for `cap` vertices and rebuilds the table right after it
 * at 4/3 as many slots (load factor ≤ 3/4). The vertex array is the last-but-one block
 * of the arena, so it grows in place over the old table, which is rebuilt from scratch.
 */
function layoutVertices(cap: u32): void {
  S.posCap = cap;
  const size = cap + cap / 3 + 1;
  arenaRewind(S.posPtr);
  alloc(<usize>cap * 12);
  S.hashPtr = alloc(<usize>size << 4);
  S.hashSlots = size;
  memory.fill(S.hashPtr, 0, <usize>size << 4);
  const table = S.hashPtr;
  for (let id: u32 = 0; id < S.vertCount; id++) {
    const q = S.posPtr + <usize>id * 12;
    const x = load<u32>(q), y = load<u32>(q, 4), z = load<u32>(q, 8);
    let slot = slotOf(x, y, z, size);
    while (load<u32>(table + (<usize>slot << 4), 12) != 0) if (++slot == size) slot = 0;
    const at = table + (<usize>slot << 4);
    store<u32>(at, x);
    store<u32>(at, y, 4);
    store<u32>(at, z, 8);
    store<u32>(at, id + 1, 12);
  }
}
