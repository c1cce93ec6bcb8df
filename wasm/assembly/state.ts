/** Layout of the kernel's linear memory and the results every stage leaves for the next. */
export class S {
  // Input: one reused chunk buffer the host copies file bytes into.
  static inPtr: usize = 0;
  // Indexed triangles (u32 × 3) and vertices (f32 × 3) built by the exact weld (exact.ts).
  static triPtr: usize = 0;
  static triCount: u32 = 0;
  static posPtr: usize = 0;
  static vertCount: u32 = 0;
  // Two-way cache of recently welded vertex ids, indexed by the key's hash.
  static recentPtr: usize = 0;
  // Provisional vertices (exact.ts) beyond which duplicates are merged before streaming on.
  static weldBudget: u32 = 0;
  // Vertices folded into another by the tolerance weld.
  static merged: u32 = 0;

  // Single-pass accumulators: origin, bounding box, sums of |n| (twice the area),
  // of the triple product (six times the volume) and of |n| over steep down faces.
  static originSet: bool = false;
  static ox: f32 = 0;
  static oy: f32 = 0;
  static oz: f32 = 0;
  static minx: f32 = Infinity;
  static miny: f32 = Infinity;
  static minz: f32 = Infinity;
  static maxx: f32 = -Infinity;
  static maxy: f32 = -Infinity;
  static maxz: f32 = -Infinity;
  static sinOverhang: f32 = 0;
  static area2: f64 = 0;
  static vol6: f64 = 0;
  static over2: f64 = 0;

  // Topology.
  static offPtr: usize = 0; // CSR offsets of half-edges by lower vertex id (V + 1)
  static entPtr: usize = 0; // half-edge ids 3·face + k, later reused for face → shell ids
  static parentPtr: usize = 0; // union-find over faces
  static flagsPtr: usize = 0; // one FaceFlag byte per face
  static edges: u32 = 0;
  static openEdges: u32 = 0;
  static nonManifoldEdges: u32 = 0;
  static misorientedEdges: u32 = 0;

  // Face pass.
  static shellCount: u32 = 0;
  static shellVolPtr: usize = 0; // f64 six times the signed volume per shell
  static shellFacePtr: usize = 0; // u32 a non-degenerate face of each shell (probe for nesting)
  static shellInvPtr: usize = 0; // u8 1 when the shell is inverted
  static invertedShells: u32 = 0;
  static degenerate: u32 = 0;
  static bottom2: f64 = 0;
  static bottomOver2: f64 = 0;
  // f64 × 10 area moments: Σ 2A, Σ 2A·centroid (3), Σ 2·∫xxᵀ dA (6: xx yy zz xy xz yz).
  static momPtr: usize = 0;
}

/** Bits of the per-face flags, as FaceFlag in engine/mesh/types.ts. */
export const OPEN_EDGE: u8 = 1;
export const NON_MANIFOLD: u8 = 2;
export const DEGENERATE: u8 = 4;
export const OVERHANG: u8 = 8;
export const INVERTED: u8 = 16;

export const NONE: u32 = 0xffffffff;

/** True when welding collapsed two corners of the triangle onto one vertex. */
@inline export function collapsed(t: usize): bool {
  const a = load<u32>(t);
  const b = load<u32>(t, 4);
  const c = load<u32>(t, 8);
  return a == b || b == c || a == c;
}
