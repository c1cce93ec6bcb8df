import type { ProfileAnalysis, ProfileFormat, Units } from "../types.ts";

export interface ProfileOptions {
  format: ProfileFormat;
  /**
   * Unit of a DXF without $INSUNITS (or with 0, unitless); default mm. A DXF's
   * own unit wins. SVG ignores it: CSS fixes its units (96 px per inch).
   */
  units?: Units;
  /** Chordal tolerance for flattening curves, mm; default 0.01. */
  tolerance?: number;
  /** Limit on flattened segments plus expanded block instances; default 200,000 (413 beyond). */
  maxSegments?: number;
  /** Ends closer than this join into one contour, mm; default 0.01. */
  joinTolerance?: number;
}

/** ProfileAnalysis plus the parts min_feature_mm is made of and reading diagnostics. */
export interface ProfileAnalysisDetail extends ProfileAnalysis {
  /** Millimetres per drawing unit the file was read with. */
  unit_scale_mm: number;
  /** Smallest distance between two distinct contours, when cheap to know. */
  min_gap_mm: number | null;
  /** Smallest radius of a circular arc or circle whose centre is in the void (holes, concave corners). */
  min_inner_radius_mm: number | null;
  /** Entities or elements that cut nothing and were skipped (text, dimensions, hatches, images, meshes). */
  ignored_entities: number;
}

/** A flattened contour for previews: millimetres, y up. */
export interface ProfileContour {
  closed: boolean;
  /** Flat x, y pairs; a closed contour does not repeat its first point. */
  points: Float64Array;
  length_mm: number;
  /** Signed area (positive counter-clockwise) of a closed contour, 0 for an open path. */
  area_mm2: number;
  /** Inside an odd number of other closed contours. */
  hole: boolean;
}

export interface ProfileReading {
  analysis: ProfileAnalysisDetail;
  contours: ProfileContour[];
}

/** What a format reader tells the measuring stage besides the pieces it drew. */
export interface SourceInfo {
  format: ProfileFormat;
  sourceUnits: Units;
  unitScaleMm: number;
  /** Geometric entities or elements drawn, after block and `use` expansion. */
  entityCount: number;
  ignored: number;
}
