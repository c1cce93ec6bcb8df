import type { MeshAnalysis } from "../mesh/types.ts";
import { layerCount } from "./geometry.ts";
import type { FffMachine, FffTimeCalibration } from "./price-book.ts";

/**
 * The quantities an FFF print time is made of, from the kernel's analysis of
 * the part: shells (surface area × walls × line width, at most the part's
 * volume), sparse infill (the rest × infill), layers, and islands × layers
 * (every island is a travel, retraction and seam on every layer). Islands are
 * the part's separate bodies (shells): the kernel does not slice, so pillars
 * of one body count once; their extra perimeter shows in the shell volume.
 */
export interface FffTimeFeatures {
  shellMm3: number;
  infillMm3: number;
  layers: number;
  islandLayers: number;
}

export function fffTimeFeatures(a: MeshAnalysis, m: Pick<FffMachine, "walls" | "line_width_mm" | "layer_height_mm">, heightMm: number, infill: number): FffTimeFeatures {
  const volume = Math.abs(a.volume_mm3);
  const shellMm3 = Math.min(volume, a.surface_area_mm2 * m.walls * m.line_width_mm);
  const layers = layerCount(heightMm, m.layer_height_mm);
  return { shellMm3, infillMm3: (volume - shellMm3) * infill, layers, islandLayers: layers * Math.max(1, a.shells) };
}

/**
 * Print time in seconds. With the shop's calibration: shells at the perimeter
 * flow, infill at the infill flow, an overhead per layer and a travel per
 * island per layer. Without it: one volumetric flow for all the plastic and
 * the per-layer overhead.
 */
export function fffPartTime(f: FffTimeFeatures, m: Pick<FffMachine, "volumetric_flow_mm3_s" | "layer_overhead_s" | "time_calibration">): number {
  const c = m.time_calibration;
  if (!c) return (f.shellMm3 + f.infillMm3) / m.volumetric_flow_mm3_s + f.layers * m.layer_overhead_s;
  return calibratedTime(f, c);
}

export const calibratedTime = (f: FffTimeFeatures, c: FffTimeParameters): number =>
  f.shellMm3 / c.perimeter_flow_mm3_s + f.infillMm3 / c.infill_flow_mm3_s + f.layers * c.layer_overhead_s + f.islandLayers * c.island_travel_s;

/** Sparse supports print like infill. */
export function fffSupportTime(supportMm3: number, m: Pick<FffMachine, "volumetric_flow_mm3_s" | "time_calibration">): number {
  return supportMm3 / (m.time_calibration?.infill_flow_mm3_s ?? m.volumetric_flow_mm3_s);
}

/** The four fitted numbers pricing needs (what the customer book carries). */
export type FffTimeParameters = Pick<FffTimeCalibration, "perimeter_flow_mm3_s" | "infill_flow_mm3_s" | "layer_overhead_s" | "island_travel_s">;
