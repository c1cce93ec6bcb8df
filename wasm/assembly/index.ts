/**
 * The Fabquote mesh kernel. The host drives it stage by stage:
 *   begin → ingest (per chunk of triangles copied into the input buffer)
 *   → finishWeld → buildEdges → weldTolerance (rebuilds the edges when it folds vertices)
 *   → facePass → classifyShells → projectedArea,
 * and reads results through the getters below. Pointers are into `memory`, which
 * any of the stages may grow.
 */
import { S } from "./state";

export { begin, ingest, accumulate } from "./ingest";
export { weld, finishWeld } from "./exact";
export { buildEdges } from "./topology";
export { weldTolerance } from "./weld";
export { facePass } from "./faces";
export { classifyShells } from "./shells";
export { projectedArea } from "./shadow";

export function triangleCount(): u32 { return S.triCount; }
export function vertexCount(): u32 { return S.vertCount - S.merged; }
export function vertexSlots(): u32 { return S.vertCount; }
export function positionsPtr(): usize { return S.posPtr; }
export function trianglesPtr(): usize { return S.triPtr; }
export function flagsPtr(): usize { return S.flagsPtr; }
export function shellVolumesPtr(): usize { return S.shellVolPtr; }
export function momentsPtr(): usize { return S.momPtr; }
export function boundsMin(axis: i32): f64 { return axis == 0 ? <f64>S.minx : axis == 1 ? <f64>S.miny : <f64>S.minz; }
export function boundsMax(axis: i32): f64 { return axis == 0 ? <f64>S.maxx : axis == 1 ? <f64>S.maxy : <f64>S.maxz; }
/** Sums of the single pass: six times the volume, twice the area, twice the steep down-facing area. */
export function volume6(): f64 { return S.vol6; }
export function area2(): f64 { return S.area2; }
export function overhang2(): f64 { return S.over2; }
export function edgeCount(): u32 { return S.edges; }
export function openEdges(): u32 { return S.openEdges; }
export function nonManifoldEdges(): u32 { return S.nonManifoldEdges; }
export function misorientedEdges(): u32 { return S.misorientedEdges; }
export function degenerateFaces(): u32 { return S.degenerate; }
export function bottom2(): f64 { return S.bottom2; }
export function bottomOverhang2(): f64 { return S.bottomOver2; }
