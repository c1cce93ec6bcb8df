/**
 * Edges and shells. Half-edges are bucketed by their lower vertex id (a CSR built
 * with one counting pass and one filling pass); inside a bucket, half-edges with the
 * same upper vertex are one edge, grouped in O(bucket) with a vertex → group map.
 * Faces sharing an edge are joined in a union-find, whose components are the shells.
 */
import { S, NONE, OPEN_EDGE, NON_MANIFOLD, DEGENERATE } from "./state";
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

function find(f: u32): u32 {
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

@inline function bump(off: usize, v: u32): void {
  const at = off + (<usize>v << 2);
  store<u32>(at, load<u32>(at) + 1);
}

@inline function put(off: usize, ent: usize, v: u32, h: u32): void {
  const at = off + (<usize>v << 2);
  const slot = load<u32>(at) - 1;
  store<u32>(ent + (<usize>slot << 2), h);
  store<u32>(at, slot);
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
    const a = load<u32>(t), b = load<u32>(t, 4), c = load<u32>(t, 8);
    if (a == b || b == c || a == c) {
      flag(f, DEGENERATE);
      continue;
    }
    live++;
    bump(off, min(a, b));
    bump(off, min(b, c));
    bump(off, min(c, a));
  }
  // Inclusive prefix sums: off[v] is where bucket v ends, and the filling pass, which
  // fills each bucket from its end, leaves it where the bucket starts.
  let maxBucket: u32 = 0;
  let sum: u32 = 0;
  for (let v: u32 = 0; v < nv; v++) {
    const n = load<u32>(off + (<usize>v << 2));
    if (n > maxBucket) maxBucket = n;
    sum += n;
    store<u32>(off + (<usize>v << 2), sum);
  }
  store<u32>(off + (<usize>nv << 2), sum);
  const ent = (S.entPtr = alloc(max(<usize>live * 12, <usize>nt << 2)));
  for (let f: u32 = 0; f < nt; f++) {
    const t = S.triPtr + <usize>f * 12;
    const a = load<u32>(t), b = load<u32>(t, 4), c = load<u32>(t, 8);
    if (a == b || b == c || a == c) continue;
    put(off, ent, min(a, b), 3 * f);
    put(off, ent, min(b, c), 3 * f + 1);
    put(off, ent, min(c, a), 3 * f + 2);
  }

  // Per bucket: group id of each upper vertex, and per group its size, forward count, first face and the vertex.
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
    let groups: u32 = 0;
    let crowded = false;
    for (let j = s; j < e; j++) {
      const h = load<u32>(ent + (<usize>j << 2));
      const u = tri(h), v = tri(nextHalf(h));
      const forward = <u32>(u == lo);
      const hi = forward ? v : u;
      const f = h / 3;
      const g = load<u32>(groupOf + (<usize>hi << 2));
      if (g == NONE) {
        store<u32>(groupOf + (<usize>hi << 2), groups);
        store<u32>(gCount + (<usize>groups << 2), 1);
        store<u32>(gForward + (<usize>groups << 2), forward);
        store<u32>(gFace + (<usize>groups << 2), f);
        store<u32>(gVertex + (<usize>groups << 2), hi);
        groups++;
      } else {
        const n = load<u32>(gCount + (<usize>g << 2)) + 1;
        store<u32>(gCount + (<usize>g << 2), n);
        store<u32>(gForward + (<usize>g << 2), load<u32>(gForward + (<usize>g << 2)) + forward);
        union(f, load<u32>(gFace + (<usize>g << 2)));
        if (n > 2) crowded = true;
      }
    }
    if (crowded) {
      // Every face on a non-manifold edge is flagged, not only the group's first.
      for (let j = s; j < e; j++) {
        const h = load<u32>(ent + (<usize>j << 2));
        const u = tri(h), v = tri(nextHalf(h));
        if (load<u32>(gCount + (<usize>load<u32>(groupOf + (<usize>(u == lo ? v : u) << 2)) << 2)) > 2) flag(h / 3, NON_MANIFOLD);
      }
    }
    for (let g: u32 = 0; g < groups; g++) {
      const n = load<u32>(gCount + (<usize>g << 2));
      if (n == 1) {
        open++;
        flag(load<u32>(gFace + (<usize>g << 2)), OPEN_EDGE);
      } else if (n > 2) nonManifold++;
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
