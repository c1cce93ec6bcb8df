/**
 * Edges and shells. Half-edges are bucketed by their lower vertex id (a CSR built
 * with one counting pass and one filling pass); inside a bucket, half-edges with the
 * same upper vertex are one edge, grouped in O(bucket) with a vertex → group map.
 * Faces sharing an edge are joined in a union-find, whose components are the shells.
 */
import { S, NONE, OPEN_EDGE, NON_MANIFOLD, DEGENERATE, collapsed } from "./state";
import { alloc, arenaTop, arenaRewind } from "./arena";

@inline function tri(h: u32): u32 {
  return load<u32>(S.triPtr + (<usize>h << 2));
}

/** The half-edge after h in its face: 3f+0 → 3f+1 → 3f+2 → 3f+0. */
@inline function nextHalf(h: u32): u32 {
  return h % 3 == 2 ? h - 2 : h + 1;
}

@inline function parentOf(f: u32): u32 {
  return load<u32>(S.parentPtr + (<usize>f << 2));
}

export function find(f: u32): u32 {
  let p = parentOf(f);
  while (p != f) {
    const g = parentOf(p);
    store<u32>(S.parentPtr + (<usize>f << 2), g); // path halving
    f = p;
    p = g;
  }
  return f;
}

/** Joins two faces' components under the smaller root, so shell numbering is deterministic. */
@inline function union(a: u32, b: u32): void {
  const ra = find(a), rb = find(b);
  if (ra < rb) store<u32>(S.parentPtr + (<usize>rb << 2), ra);
  else if (rb < ra) store<u32>(S.parentPtr + (<usize>ra << 2), rb);
}

@inline function flag(f: u32, bit: u8): void {
  const at = S.flagsPtr + <usize>f;
  store<u8>(at, load<u8>(at) | bit);
}

export function buildEdges(): void {
  const nv = S.vertCount, nt = S.triCount;
  S.flagsPtr = alloc(<usize>nt);
  memory.fill(S.flagsPtr, 0, <usize>nt);
  S.parentPtr = alloc(<usize>nt << 2);
  for (let f: u32 = 0; f < nt; f++) store<u32>(S.parentPtr + (<usize>f << 2), f);
  const off = (S.offPtr = alloc((<usize>nv + 1) << 2));
  memory.fill(off, 0, (<usize>nv + 1) << 2);

  // Count half-edges per lower vertex; faces welded onto a line or point take no part.
  let live: u32 = 0;
  for (let f: u32 = 0; f < nt; f++) {
    const t = S.triPtr + <usize>f * 12;
    if (collapsed(t)) {
      flag(f, DEGENERATE);
      continue;
    }
    live++;
    for (let k: u32 = 0; k < 3; k++) {
      const lo = min(tri(3 * f + k), tri(nextHalf(3 * f + k)));
      const at = off + ((<usize>lo + 1) << 2);
      store<u32>(at, load<u32>(at) + 1);
    }
  }
  let maxBucket: u32 = 0;
  for (let v: u32 = 0; v < nv; v++) {
    const n = load<u32>(off + ((<usize>v + 1) << 2));
    if (n > maxBucket) maxBucket = n;
    store<u32>(off + ((<usize>v + 1) << 2), n + load<u32>(off + (<usize>v << 2)));
  }
  const ent = (S.entPtr = alloc(max(<usize>live * 12, <usize>nt << 2)));
  for (let f: u32 = 0; f < nt; f++) {
    if (collapsed(S.triPtr + <usize>f * 12)) continue;
    for (let k: u32 = 0; k < 3; k++) {
      const h = 3 * f + k;
      const at = off + (<usize>min(tri(h), tri(nextHalf(h))) << 2);
      const slot = load<u32>(at);
      store<u32>(ent + (<usize>slot << 2), h);
      store<u32>(at, slot + 1);
    }
  }
  // The filling pass moved every offset to its bucket's end: shift them back.
  for (let v = nv; v > 0; v--) store<u32>(off + (<usize>v << 2), load<u32>(off + ((<usize>v - 1) << 2)));
  store<u32>(off, 0);

  // Per bucket: group id of each upper vertex, and per group its size, forward count, a face and the vertex.
  const scratch = arenaTop();
  const groupOf = alloc(<usize>nv << 2);
  memory.fill(groupOf, 0xff, <usize>nv << 2);
  const gCount = alloc(<usize>maxBucket << 2);
  const gForward = alloc(<usize>maxBucket << 2);
  const gFace = alloc(<usize>maxBucket << 2);
  const gVertex = alloc(<usize>maxBucket << 2);
  let edges: u32 = 0, open: u32 = 0, nonManifold: u32 = 0, misoriented: u32 = 0;
  for (let lo: u32 = 0; lo < nv; lo++) {
    const s = load<u32>(off + (<usize>lo << 2)), e = load<u32>(off + ((<usize>lo + 1) << 2));
    if (s == e) continue;
    let groups: u32 = 0;
    for (let j = s; j < e; j++) {
      const h = load<u32>(ent + (<usize>j << 2));
      const u = tri(h), v = tri(nextHalf(h));
      const hi = u == lo ? v : u;
      let g = load<u32>(groupOf + (<usize>hi << 2));
      if (g == NONE) {
        g = groups++;
        store<u32>(groupOf + (<usize>hi << 2), g);
        store<u32>(gCount + (<usize>g << 2), 0);
        store<u32>(gForward + (<usize>g << 2), 0);
        store<u32>(gFace + (<usize>g << 2), h / 3);
        store<u32>(gVertex + (<usize>g << 2), hi);
      }
      store<u32>(gCount + (<usize>g << 2), load<u32>(gCount + (<usize>g << 2)) + 1);
      if (u == lo) store<u32>(gForward + (<usize>g << 2), load<u32>(gForward + (<usize>g << 2)) + 1);
    }
    for (let j = s; j < e; j++) {
      const h = load<u32>(ent + (<usize>j << 2));
      const u = tri(h), v = tri(nextHalf(h));
      const g = load<u32>(groupOf + (<usize>(u == lo ? v : u) << 2));
      const n = load<u32>(gCount + (<usize>g << 2));
      const f = h / 3;
      if (n == 1) flag(f, OPEN_EDGE);
      else {
        if (n > 2) flag(f, NON_MANIFOLD);
        union(f, load<u32>(gFace + (<usize>g << 2)));
      }
    }
    for (let g: u32 = 0; g < groups; g++) {
      const n = load<u32>(gCount + (<usize>g << 2));
      if (n == 1) open++;
      else if (n > 2) nonManifold++;
      else if (load<u32>(gForward + (<usize>g << 2)) != 1) misoriented++;
      store<u32>(groupOf + (<usize>load<u32>(gVertex + (<usize>g << 2)) << 2), NONE);
    }
    edges += groups;
  }
  arenaRewind(scratch);
  S.edges = edges;
  S.openEdges = open;
  S.nonManifoldEdges = nonManifold;
  S.misorientedEdges = misoriented;
}
