/**
 * The exact weld: bit-identical corners (-0 and +0 alike) become one vertex, numbered
 * in the order they are first seen. It runs in two steps so that no step makes random
 * accesses into a table larger than the caches (on a 5 M-triangle part those cost more
 * than everything else together):
 *   weld        while streaming, a corner takes the id of the previous triangle's corner
 *               with the same bits (strips and fans share two corners with the triangle
 *               before), else of a vertex in a small cache of recent vertices (files list
 *               triangles in surface order, so most corners repeat a vertex seen a few
 *               thousand corners before), else a new provisional id. A vertex that left
 *               the cache and comes back (along a seam, say) gets a second provisional id.
 *   finishWeld  after the last chunk (and in between, should a file without that order
 *               pile up duplicates), provisional vertices are partitioned by hash into
 *               pieces that fit the caches, duplicates are found per piece, and ids are
 *               renumbered (first-seen order again) only when there were any.
 */
import { S, NONE } from "./state";
import { alloc, arenaRewind, nextPow2, reserve } from "./arena";

/** Entries of the recent-vertex cache (vertex ids, two per set): 128 KB, measured faster than larger ones. */
export const RECENT: u32 = 1 << 15;
/** Provisional vertices per partition of finishWeld, about: its table then stays in L2. */
const PART_TARGET: u32 = 8192;

/**
 * Mixes each coordinate in turn: a plain x·A ^ y·B ^ z·C cancels sign bits in pairs, so
 * (x, y, z) and (-x, -y, z) would collide, which on symmetric parts means long chains.
 */
@inline function hash3(x: u32, y: u32, z: u32): u32 {
  let h = x * 0x8da6b343;
  h = ((h ^ (h >>> 15)) ^ y) * 0xd8163841;
  h = ((h ^ (h >>> 15)) ^ z) * 0xcb1ab31f;
  h ^= h >>> 16;
  h *= 0x7feb352d;
  h ^= h >>> 15;
  return h;
}

/** Folds -0 into +0 so the two spellings of zero weld. */
@inline function bits(p: usize): u32 {
  const b = load<u32>(p);
  return b == 0x80000000 ? 0 : b;
}

/** Partition of a hash: its top bits (multiply-shift). */
@inline function partOf(h: u32, parts: u32): u32 {
  return <u32>((<u64>h * <u64>parts) >>> 32);
}

@inline function samePosition(a: u32, b: u32): bool {
  const p = S.posPtr + <usize>a * 12, q = S.posPtr + <usize>b * 12;
  return load<u32>(p) == load<u32>(q) && load<u32>(p, 4) == load<u32>(q, 4) && load<u32>(p, 8) == load<u32>(q, 8);
}

@inline function hashOf(id: u32): u32 {
  const q = S.posPtr + <usize>id * 12;
  return hash3(load<u32>(q), load<u32>(q, 4), load<u32>(q, 8));
}

/**
 * Appends `count` triangles to the indexed mesh with provisional vertex ids. The vertex
 * array is the last block of the arena while streaming, so it grows in place. Cache
 * entries are checked against the vertex array, so stale ones (from an earlier mesh,
 * or renumbered) are harmless and the cache needs no clearing.
 */
export function weld(offset: u32, count: u32, stride: u32): void {
  let p = S.inPtr + offset;
  if (S.vertCount + count * 3 > S.weldBudget) {
    // A file without the usual order piles up duplicates: merge them before going on.
    finishWeld();
    S.weldBudget = max(S.weldBudget, S.vertCount << 1);
  }
  let t = S.triPtr + <usize>S.triCount * 12;
  reserve(S.posPtr + (<usize>S.vertCount + <usize>count * 3) * 12);
  // The previous triangle's corners (x, y, z and a lane of junk) and ids; raw bits, so a -0 takes the cache path.
  let p0 = i32x4.splat(0), p1 = i32x4.splat(0), p2 = i32x4.splat(0);
  let i0 = NONE, i1 = NONE, i2 = NONE;
  for (let i: u32 = 0; i < count; i++) {
    const a = v128.load(p), b = v128.load(p, 12), c = v128.load(p, 24);
    const ia = same(a, p0) ? i0 : same(a, p1) ? i1 : same(a, p2) ? i2 : NONE;
    const ib = same(b, p0) ? i0 : same(b, p1) ? i1 : same(b, p2) ? i2 : NONE;
    const ic = same(c, p0) ? i0 : same(c, p1) ? i1 : same(c, p2) ? i2 : NONE;
    i0 = ia == NONE ? vertexId(p) : ia;
    i1 = ib == NONE ? vertexId(p + 12) : ib;
    i2 = ic == NONE ? vertexId(p + 24) : ic;
    store<u32>(t, i0);
    store<u32>(t, i1, 4);
    store<u32>(t, i2, 8);
    p0 = a;
    p1 = b;
    p2 = c;
    t += 12;
    p += <usize>stride;
  }
  S.triCount += count;
}

/** Whether two corners have the same bits (lanes x, y, z). */
@inline function same(a: v128, b: v128): bool {
  return (i32x4.bitmask(i32x4.eq(a, b)) & 7) == 7;
}

/**
 * The id of the corner at v from the recent-vertex cache, or a new provisional one. The
 * cache is two-way: a new vertex takes the first way of its set and moves the old
 * first to the second, so two recent vertices with colliding hashes both stay.
 */
@inline function vertexId(v: usize): u32 {
  const x = bits(v), y = bits(v + 4), z = bits(v + 8);
  const at = S.recentPtr + (<usize>(hash3(x, y, z) & (RECENT / 2 - 1)) << 3);
  const e0 = load<u32>(at), e1 = load<u32>(at, 4);
  if (e0 < S.vertCount && isAt(e0, x, y, z)) return e0;
  if (e1 < S.vertCount && isAt(e1, x, y, z)) return e1;
  const id = S.vertCount++;
  const r = S.posPtr + <usize>id * 12;
  store<u32>(r, x);
  store<u32>(r, y, 4);
  store<u32>(r, z, 8);
  store<u32>(at, id);
  store<u32>(at, e0, 4);
  return id;
}

@inline function isAt(id: u32, x: u32, y: u32, z: u32): bool {
  const q = S.posPtr + <usize>id * 12;
  return load<u32>(q) == x && load<u32>(q, 4) == y && load<u32>(q, 8) == z;
}

/**
 * Merges provisional vertices with equal keys into the first of them and numbers the
 * survivors in first-seen order; returns how many were merged. Leaves the arena right
 * after the (compacted) vertex array.
 */
export function finishWeld(): u32 {
  const n = S.vertCount;
  arenaRewind(S.posPtr);
  alloc(<usize>n * 12);
  if (n == 0) return 0;
  // Partition by the hash's top bits: a counting pass, then a stable scatter of (hash, id).
  const parts = nextPow2(max(n / PART_TARGET, 1));
  const start = alloc((<usize>parts + 1) << 2);
  memory.fill(start, 0, (<usize>parts + 1) << 2);
  for (let id: u32 = 0; id < n; id++) {
    const at = start + ((<usize>partOf(hashOf(id), parts) + 1) << 2);
    store<u32>(at, load<u32>(at) + 1);
  }
  let largest: u32 = 0;
  for (let k: u32 = 0; k < parts; k++) {
    const size = load<u32>(start + ((<usize>k + 1) << 2));
    largest = max(largest, size);
    store<u32>(start + ((<usize>k + 1) << 2), size + load<u32>(start + (<usize>k << 2)));
  }
  const fill = alloc(<usize>parts << 2);
  memory.copy(fill, start, <usize>parts << 2);
  const recs = alloc(<usize>n << 3);
  for (let id: u32 = 0; id < n; id++) {
    const h = hashOf(id);
    const at = fill + (<usize>partOf(h, parts) << 2);
    const r = recs + (<usize>load<u32>(at) << 3);
    store<u32>(r, h);
    store<u32>(r, id, 4);
    store<u32>(at, load<u32>(at) + 1);
  }
  // Per partition, an open-addressing table of record indices + 1 keyed by the hash's low bits.
  const slots = nextPow2(largest << 1);
  const table = alloc(<usize>slots << 2);
  let map: usize = 0;
  let merged: u32 = 0;
  for (let k: u32 = 0; k < parts; k++) {
    const s = load<u32>(start + (<usize>k << 2)), e = load<u32>(start + ((<usize>k + 1) << 2));
    memory.fill(table, 0, <usize>nextPow2((e - s) << 1) << 2);
    const mask = nextPow2((e - s) << 1) - 1;
    for (let j = s; j < e; j++) {
      const h = load<u32>(recs + (<usize>j << 3)), id = load<u32>(recs + (<usize>j << 3), 4);
      let slot = h & mask;
      while (true) {
        const at = table + (<usize>slot << 2);
        const f = load<u32>(at);
        if (f == 0) {
          store<u32>(at, j + 1);
          break;
        }
        const other = recs + (<usize>(f - 1) << 3);
        if (load<u32>(other) == h && samePosition(load<u32>(other, 4), id)) {
          if (map == 0) {
            map = alloc(<usize>n << 2);
            memory.fill(map, 0xff, <usize>n << 2);
          }
          store<u32>(map + (<usize>id << 2), load<u32>(other, 4)); // records are in id order: this is the first
          merged++;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
  }
  if (merged > 0) {
    // Survivors keep first-seen order: each takes the next id, a duplicate its first's new id.
    let next: u32 = 0;
    for (let id: u32 = 0; id < n; id++) {
      const at = map + (<usize>id << 2);
      const first = load<u32>(at);
      if (first == NONE) {
        const from = S.posPtr + <usize>id * 12, to = S.posPtr + <usize>next * 12;
        store<u32>(to, load<u32>(from));
        store<u32>(to, load<u32>(from, 4), 4);
        store<u32>(to, load<u32>(from, 8), 8);
        store<u32>(at, next++);
      } else {
        store<u32>(at, load<u32>(map + (<usize>first << 2)));
      }
    }
    const end = S.triPtr + <usize>S.triCount * 12;
    for (let t = S.triPtr; t < end; t += 4) store<u32>(t, load<u32>(map + (<usize>load<u32>(t) << 2)));
    S.vertCount = next;
  }
  arenaRewind(S.posPtr);
  alloc(<usize>S.vertCount * 12);
  return merged;
}
