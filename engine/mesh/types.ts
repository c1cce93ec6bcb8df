/**
 * The analysis contract shared by the kernel, the pricing calculators, the API
 * (`GET /api/v1/models/:id` returns it as is) and the browser. Field names are
 * snake_case because they travel as JSON unchanged. Lengths in mm, areas in mm²,
 * volumes in mm³.
 */
export type Vec3 = [number, number, number];
export type Vec2 = [number, number];

export interface Box3 {
  min: Vec3;
  max: Vec3;
  size: Vec3;
}

export interface OrientedBox {
  center: Vec3;
  /** Unit axes, one per column of the box. */
  axes: [Vec3, Vec3, Vec3];
  /** Edge lengths along `axes`, sorted descending. */
  size: Vec3;
  volume_mm3: number;
}

export type MeshFormat = "stl" | "obj" | "3mf";
export type ProfileFormat = "dxf" | "svg";
export type Units = "mm" | "in";

export interface MeshAnalysis {
  kind: "mesh";
  format: MeshFormat;
  /** Units the source was read in; every number below is already in mm. */
  source_units: Units;
  triangle_count: number;
  /**
   * Signed volume; equals the sum over shells (up to rounding and the welding tolerance).
   * Negative when the mesh is inside out.
   */
  volume_mm3: number;
  surface_area_mm2: number;
  bbox_mm: Box3;
  obb_mm: OrientedBox;
  height_mm: number;
  /**
   * Area of the part's shadow on the build plate (XY), for build direction +Z: the union of
   * all faces' projections, rasterised on 256–2048 cells a side over the XY box. Exact when
   * the outline follows the grid (a shadow filling its box); otherwise off by at most the
   * outline's length × a cell diagonal.
   */
  projected_area_mm2: number;
  /** Faces facing down steeper than `overhang_angle_deg` from vertical, excluding those on the plate. */
  overhang_area_mm2: number;
  overhang_angle_deg: number;
  /** Down-facing area within a small tolerance of the lowest Z. */
  bottom_area_mm2: number;
  vertex_count: number;
  edge_count: number;
  watertight: boolean;
  consistent_orientation: boolean;
  open_edges: number;
  non_manifold_edges: number;
  degenerate_faces: number;
  shells: number;
  /** Signed volume of each shell, largest magnitude first. */
  shell_volumes_mm3: number[];
  inverted_shells: number;
  /**
   * The part's volume in equal bands of height from `bbox_mm.min[2]` to `max[2]`, bottom first
   * (at least 0.1 mm each, at most 2000 bands): how much each layer holds, for FFF's minimum
   * layer time. Absent from analyses made before it existed; pricing then takes the part as a prism.
   */
  volume_bands_mm3?: number[];
  /**
   * The mean length of the part's cross-section outline in each of the same bands (mm, every
   * island's and hole's loop together): for FFF's small perimeters and small regions filled solid.
   * Absent from analyses made before it existed.
   */
  perimeter_bands_mm?: number[];
  /**
   * The Euler characteristic of each band's cross-section at its middle (separate regions less the
   * holes through them): islands per layer for FFF. Absent from analyses made before it existed.
   */
  section_euler_bands?: number[];
  /**
   * Milling features found in the mesh (engine/mesh/cnc-features.ts); absent for
   * analyses made before they were read, and for meshes too large to check.
   */
  cnc_features?: CncFeatures;
}

/** A round hole along a coordinate axis; identical holes are one entry with a count. */
export interface MeshHole {
  axis: "x" | "y" | "z";
  diameter_mm: number;
  /** Longest uninterrupted stretch of the hole's wall along its axis. */
  depth_mm: number;
  /** Closed at one end (a flat bottom or a drill point). */
  blind: boolean;
  count: number;
}

/** A rounded internal vertical (Z) corner or concave wall; identical ones are one entry with a count. */
export interface MeshFillet {
  radius_mm: number;
  /** Height of the rounded wall along Z. */
  depth_mm: number;
  count: number;
}

export interface CncFeatures {
  /** Holes with at least 8 facets around, highest depth-to-diameter first (at most 256 kinds). */
  holes: MeshHole[];
  /** Smallest radius first (at most 256 kinds). */
  fillets: MeshFillet[];
  /** Internal vertical corners with no rounding (walls meeting at 130° or less), and the tallest one's height. */
  sharp_corners: { count: number; depth_mm: number };
  /**
   * Surface no cutter reaches along ±X, ±Y or ±Z (engine/mesh/reach.ts): inside a cavity opened
   * only by narrower holes, or under an undercut; openings under about 3 × `cell_mm` are not seen.
   * Absent from analyses made before it was checked.
   */
  unreachable?: { area_mm2: number; cell_mm: number };
}

export interface ProfileAnalysis {
  kind: "profile";
  format: ProfileFormat;
  source_units: Units;
  /** Total length of every path the laser follows. */
  cut_length_mm: number;
  /** Closed contours: one pierce each. */
  closed_contours: number;
  /** Paths that do not close: a laser error. */
  open_paths: number;
  bbox_mm: { min: Vec2; max: Vec2; size: Vec2 };
  /** Outer areas minus holes (even-odd). */
  net_area_mm2: number;
  /** Smallest gap between contours or inner radius found, when cheap to know. */
  min_feature_mm: number | null;
  entity_count: number;
}

export type Analysis = MeshAnalysis | ProfileAnalysis;

/** Bits of the per-face flags buffer the viewer colours by. */
export const FaceFlag = {
  OPEN_EDGE: 1,
  NON_MANIFOLD: 2,
  DEGENERATE: 4,
  OVERHANG: 8,
  INVERTED: 16,
  THIN_WALL: 32,
} as const;
