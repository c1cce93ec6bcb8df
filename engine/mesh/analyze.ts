/**
 * analyzeMesh: bytes or a stream in, `MeshAnalysis` and per-face flags out. Reads the
 * format into the kernel (streaming for binary STL), then runs the kernel's topology
 * stages and assembles every figure in millimetres.
 */
import { EngineError, isEngineError } from "../errors.ts";
import type { MeshAnalysis, MeshFormat, Units, Vec3 } from "./types.ts";
import type { WasmModule } from "./webassembly.d.ts";
import { instantiateKernel, MeshKernel, wasmApi } from "./kernel.ts";
import { detectFormat, DETECT_BYTES } from "./detect.ts";
import { Input, type MeshInput, type ReadControl } from "./input.ts";
import { readBinaryStl } from "./stl-binary.ts";
import { readAsciiStl } from "./stl-ascii.ts";
import { readObj } from "./obj.ts";
import { readThreeMf } from "./threemf.ts";
import { feedSoup } from "./feed.ts";
import { orientedBox } from "./obb.ts";
import { perimeterBands, sectionEulerBands, volumeBandCount, volumeBands } from "./volume-bands.ts";
import { cncFeatures, FEATURE_MAX_TRIANGLES } from "./cnc-features.ts";
import { unreachableSurface } from "./reach.ts";
import { WORK_NS, type AnalysisBudget } from "./budget.ts";
import { DEFAULT_MAX_INFLATED_BYTES, DEFAULT_MAX_TRIANGLES, HARD_MAX_TRIANGLES } from "./limits.ts";

export interface AnalyzeMeshOptions extends ReadControl {
  /** The compiled kernel (a fresh instance is made for this call and dropped after), or a kernel to reuse. */
  kernel: WasmModule | MeshKernel;
  /** Helps only when content matches no format (a truncated `.stl` is then read as STL). */
  filename?: string;
  /** Units of STL and OBJ coordinates (default mm). 3MF files state their own. */
  units?: Units;
  /** Total bytes of a stream, when known; makes binary STL detection exact. */
  size?: number;
  /** Per-tenant triangle limit (default 5,000,000). */
  maxTriangles?: number;
  /** 3MF: bytes the archive may inflate to in total (default 32 MiB, what fits a Worker). */
  maxInflatedBytes?: number;
  /** Faces facing down more steeply than this from vertical are overhangs (default 45°). */
  overhangAngleDeg?: number;
  /** Also return the welded mesh (positions in mm, indices) for a viewer. */
  keepGeometry?: boolean;
  /**
   * Called once with views of the welded mesh inside the kernel's memory
   * (positions in the file's units), valid only during the call: for work that
   * needs the mesh but has no room for a copy of it, such as a thumbnail.
   */
  inspectGeometry?: (geometry: MeshGeometry) => void;
  /** Charged before each synchronous stage; a file over it fails with ANALYSIS_TIME_LIMIT. */
  budget?: AnalysisBudget;
}

export interface MeshGeometry {
  positions: Float32Array;
  indices: Uint32Array;
}

export interface MeshResult {
  analysis: MeshAnalysis;
  /** One byte per triangle, bits from `FaceFlag`, in file order. */
  faceFlags: Uint8Array;
  geometry?: MeshGeometry;
}

/** Vertices on open edges closer than this fraction of the bounding-box diagonal are welded. */
export const WELD_TOLERANCE = 1e-6;
/** Faces whose lowest and highest corners are this close (× diagonal) above the lowest Z rest on the plate. */
const PLATE_TOLERANCE = 1e-4;
/** Negative shells tested for enclosure by ray casting; more are reported inverted. */
const MAX_NESTING_PROBES = 64;
/**
 * Shadow raster cells per side: finer for finer meshes (16·√triangles), from 256 to 2048,
 * so a small part does not pay for a 4-million-cell grid.
 */
const shadowSide = (triangles: number) => Math.min(2048, Math.max(256, Math.round(16 * Math.sqrt(triangles))));
const SHADOW_ROW_BUDGET = 2 ** 25;

const unsupported = (message: string) => new EngineError("UNSUPPORTED_FORMAT", message, 415);

export async function analyzeMesh(input: MeshInput, options: AnalyzeMeshOptions): Promise<MeshResult> {
  const maxTriangles = Math.min(options.maxTriangles ?? DEFAULT_MAX_TRIANGLES, HARD_MAX_TRIANGLES);
  const overhang = options.overhangAngleDeg ?? 45;
  const src = new Input(input, options, options.size);
  const size = src.size;
  const head = await src.head(DETECT_BYTES);
  if (head.length === 0) throw new EngineError("EMPTY_FILE", "the file is empty (0 bytes)", 400);
  const kind = detectFormat(head, { size, filename: options.filename });
  if (kind === undefined) {
    throw unsupported(`${options.filename ?? "the file"} is not STL, OBJ or 3MF (it starts with '${printable(head)}')`);
  }
  if (kind === "dxf" || kind === "svg") throw unsupported(`${kind.toUpperCase()} is a 2D profile, not a 3D mesh`);

  const kernel = options.kernel instanceof MeshKernel ? options.kernel : await instantiateKernel(options.kernel);
  try {
    let format: MeshFormat = "stl";
    let scale = options.units === "in" ? 25.4 : 1;
    let sourceUnits: Units = options.units ?? "mm";
    const budget = options.budget;
    if (kind === "stl-binary") {
      if (size !== undefined) budget?.charge(Math.max(0, (size - 84) / 50) * WORK_NS.triangle, "reading");
      await readBinaryStl(src, kernel, maxTriangles, overhang);
    } else {
      const bytes = await src.all();
      budget?.charge(bytes.length * WORK_NS.textByte, "reading");
      if (kind === "stl-ascii") feedSoup(kernel, readAsciiStl(bytes, maxTriangles), overhang);
      else if (kind === "obj") {
        format = "obj";
        feedSoup(kernel, readObj(bytes, maxTriangles), overhang);
      } else {
        format = "3mf";
        const model = readThreeMf(bytes, maxTriangles, options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES);
        scale = model.unitScale;
        sourceUnits = model.unit === "inch" || model.unit === "foot" ? "in" : "mm";
        feedSoup(kernel, model.soup, overhang);
      }
    }
    if (kernel.k.triangleCount() === 0) throw new EngineError("NO_TRIANGLES", `the ${format.toUpperCase()} file has no triangles`, 400);
    // Binary STL was charged for its triangles up front (its size states them).
    if (kind !== "stl-binary" || size === undefined) budget?.charge(kernel.k.triangleCount() * WORK_NS.triangle, "the geometry checks");
    return finish(kernel, format, sourceUnits, scale, overhang, options);
  } catch (e) {
    if (!isEngineError(e) && e instanceof wasmApi.RuntimeError) {
      throw new EngineError("OUT_OF_MEMORY", "the mesh needs more memory than this analyser has", 413);
    }
    throw e;
  }
}

const printable = (b: Uint8Array) => String.fromCharCode(...b.subarray(0, 16)).replace(/[^\x20-\x7e]/g, "?");

/** Runs the topology stages on the ingested mesh and reads every figure back, scaled to mm. */
function finish(kernel: MeshKernel, format: MeshFormat, sourceUnits: Units, scale: number, overhangDeg: number, options: AnalyzeMeshOptions): MeshResult {
  const k = kernel.k;
  const min: Vec3 = [k.boundsMin(0), k.boundsMin(1), k.boundsMin(2)];
  const max: Vec3 = [k.boundsMax(0), k.boundsMax(1), k.boundsMax(2)];
  const diagonal = Math.hypot(max[0] - min[0], max[1] - min[1], max[2] - min[2]);
  const tol = WELD_TOLERANCE * diagonal;
  k.finishWeld();
  k.buildEdges();
  k.weldTolerance(tol);
  const shells = k.facePass(PLATE_TOLERANCE * diagonal, tol * tol);
  const inverted = k.classifyShells(MAX_NESTING_PROBES);
  const triangles = k.triangleCount();
  const projected = k.projectedArea(shadowSide(triangles), SHADOW_ROW_BUDGET);

  const slots = k.vertexSlots();
  const s2 = scale * scale,
    s3 = s2 * scale;
  const shellVolumes = Array.from(kernel.f64(k.shellVolumesPtr(), shells), (v) => (v / 6) * s3).sort((a, b) => Math.abs(b) - Math.abs(a) || b - a);
  const positions = kernel.f32(k.positionsPtr(), slots * 3);
  const obb = orientedBox(positions, slots, covariance(kernel.f64(k.momentsPtr(), 10)));
  const open = k.openEdges(),
    nonManifold = k.nonManifoldEdges();
  const size: Vec3 = [(max[0] - min[0]) * scale, (max[1] - min[1]) * scale, (max[2] - min[2]) * scale];
  const bands = volumeBands(
    kernel.f32(k.positionsPtr(), slots * 3),
    kernel.u32(k.trianglesPtr(), triangles * 3),
    triangles,
    min[2],
    max[2],
    volumeBandCount(size[2]),
  );
  options.budget?.charge(triangles * WORK_NS.outline, "the layer outlines and islands");
  const outlines = perimeterBands(
    kernel.f32(k.positionsPtr(), slots * 3),
    kernel.u32(k.trianglesPtr(), triangles * 3),
    triangles,
    min[2],
    max[2],
    bands.length,
  );
  const sections = sectionEulerBands(
    kernel.f32(k.positionsPtr(), slots * 3),
    kernel.u32(k.trianglesPtr(), triangles * 3),
    triangles,
    slots,
    min[2],
    max[2],
    bands.length,
  );
  // An inside-out mesh has its normals, and so its sections' signs, reversed.
  const inside = k.volume6() < 0 ? -1 : 1;

  const analysis: MeshAnalysis = {
    kind: "mesh",
    format,
    source_units: sourceUnits,
    triangle_count: triangles,
    volume_mm3: (k.volume6() / 6) * s3,
    surface_area_mm2: (k.area2() / 2) * s2,
    bbox_mm: { min: min.map((v) => v * scale) as Vec3, max: max.map((v) => v * scale) as Vec3, size },
    obb_mm: {
      center: obb.center.map((v) => v * scale) as Vec3,
      axes: obb.axes,
      size: obb.size.map((v) => v * scale) as Vec3,
      volume_mm3: obb.volume_mm3 * s3,
    },
    height_mm: size[2],
    projected_area_mm2: projected * s2,
    overhang_area_mm2: (Math.max(0, k.overhang2() - k.bottomOverhang2()) / 2) * s2,
    overhang_angle_deg: overhangDeg,
    bottom_area_mm2: (k.bottom2() / 2) * s2,
    vertex_count: k.vertexCount(),
    edge_count: k.edgeCount(),
    watertight: open === 0 && nonManifold === 0,
    consistent_orientation: k.misorientedEdges() === 0,
    open_edges: open,
    non_manifold_edges: nonManifold,
    degenerate_faces: k.degenerateFaces(),
    shells,
    shell_volumes_mm3: shellVolumes,
    inverted_shells: inverted,
    volume_bands_mm3: bands.map((v) => Number((v * s3).toPrecision(6))),
    perimeter_bands_mm: outlines.map((v) => Number((v * scale).toPrecision(6))),
    section_euler_bands: sections.map((v) => (v * inside) | 0),
  };
  if (triangles <= FEATURE_MAX_TRIANGLES) {
    options.budget?.charge(triangles * WORK_NS.feature, "the milling feature checks");
    const features = cncFeatures(kernel.f32(k.positionsPtr(), slots * 3), kernel.u32(k.trianglesPtr(), triangles * 3), triangles, slots, scale);
    options.budget?.charge(triangles * WORK_NS.reach, "the tool reach check");
    const hidden = unreachableSurface(kernel.f32(k.positionsPtr(), slots * 3), kernel.u32(k.trianglesPtr(), triangles * 3), triangles, slots);
    analysis.cnc_features = { ...features, unreachable: { area_mm2: round3(hidden.area * s2), cell_mm: round3(hidden.cell * scale) } };
  }
  const result: MeshResult = { analysis, faceFlags: kernel.bytes(k.flagsPtr(), triangles).slice() };
  options.inspectGeometry?.({ positions: kernel.f32(k.positionsPtr(), slots * 3), indices: kernel.u32(k.trianglesPtr(), triangles * 3) });
  if (options.keepGeometry) {
    const scaled = scale === 1 ? positions.slice() : Float32Array.from(positions, (v) => v * scale);
    result.geometry = { positions: scaled, indices: kernel.u32(k.trianglesPtr(), triangles * 3).slice() };
  }
  return result;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Area-weighted covariance of the surface from the kernel's moments (taken about any origin). */
function covariance(m: Float64Array): number[][] {
  const area2 = m[0] || 1;
  const mean = [m[1] / (3 * area2), m[2] / (3 * area2), m[3] / (3 * area2)];
  const second = [
    [m[4], m[7], m[8]],
    [m[7], m[5], m[9]],
    [m[8], m[9], m[6]],
  ].map((row) => row.map((v) => v / (12 * area2)));
  return second.map((row, i) => row.map((v, j) => v - mean[i] * mean[j]));
}
