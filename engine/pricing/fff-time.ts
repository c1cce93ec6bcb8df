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
 * How the plastic spreads over the layers and the slicer's minimum layer time
 * give the slowdown of small layers (docs/decisions/0030-fff-minimum-layer-time.md).
 */
export interface FffTimeFeatures {
  shellMm3: number;
  infillMm3: number;
  layers: number;
  islandLayers: number;
  /** Share of the part's volume in each layer, bottom first, summing to 1 (equal shares when the profile is unknown). */
  layerShares: number[];
  minLayerTimeS: number;
}

export type FffTimeMachine = Pick<FffMachine, "walls" | "line_width_mm" | "layer_height_mm" | "min_layer_time_s">;

/**
 * `upright`: the part is built as uploaded, so the analysis's volume per band
 * of height is per layer too; a part turned to fit is taken as a prism.
 */
export function fffTimeFeatures(a: MeshAnalysis, m: FffTimeMachine, heightMm: number, infill: number, upright = true): FffTimeFeatures {
  const volume = Math.abs(a.volume_mm3);
  const shellMm3 = Math.min(volume, a.surface_area_mm2 * m.walls * m.line_width_mm);
  const layers = layerCount(heightMm, m.layer_height_mm);
  return {
    shellMm3,
    infillMm3: (volume - shellMm3) * infill,
    layers,
    islandLayers: layers * Math.max(1, a.shells),
    layerShares: layerShares(upright ? a.volume_bands_mm3 : undefined, heightMm, m.layer_height_mm, layers),
    minLayerTimeS: m.min_layer_time_s,
  };
}

/** The bands' volume resampled to layers (volume spread evenly within a band), as shares of the whole. */
function layerShares(bands: number[] | undefined, heightMm: number, layerMm: number, layers: number): number[] {
  const total = bands?.reduce((s, v) => s + v, 0) ?? 0;
  if (!bands || !(total > 0) || !(heightMm > 0)) return new Array<number>(layers).fill(1 / layers);
  const bandMm = heightMm / bands.length;
  // Volume below height z, in band units of height.
  let band = 0;
  let below = 0;
  const volumeBelow = (z: number) => {
    const at = Math.min(bands.length, z / bandMm);
    while (band < bands.length && band + 1 <= at) below += bands[band++];
    return below + (band < bands.length ? bands[band] * (at - band) : 0);
  };
  const shares = new Array<number>(layers);
  let previous = 0;
  for (let i = 0; i < layers; i++) {
    const next = volumeBelow(Math.min(heightMm, (i + 1) * layerMm));
    shares[i] = (next - previous) / total;
    previous = next;
  }
  return shares;
}

/**
 * Print time in seconds. With the shop's calibration: shells at the perimeter
 * flow, infill at the infill flow, an overhead per layer and a travel per
 * island per layer. Without it: one volumetric flow for all the plastic and
 * the per-layer overhead. Either way a layer quicker than the minimum layer
 * time takes the minimum.
 */
export function fffPartTime(f: FffTimeFeatures, m: Pick<FffMachine, "volumetric_flow_mm3_s" | "layer_overhead_s" | "time_calibration">): number {
  const c = m.time_calibration;
  if (!c) {
    const extrusion = (f.shellMm3 + f.infillMm3) / m.volumetric_flow_mm3_s;
    return extrusion + f.layers * m.layer_overhead_s + slowdownTime(f, m.layer_overhead_s, extrusion);
  }
  return calibratedTime(f, c);
}

export const calibratedTime = (f: FffTimeFeatures, c: FffTimeParameters): number =>
  f.shellMm3 / c.perimeter_flow_mm3_s +
  f.infillMm3 / c.infill_flow_mm3_s +
  f.layers * c.layer_overhead_s +
  f.islandLayers * c.island_travel_s +
  slowdownTime(f, ...calibratedLayer(f, c));

/** A layer's fixed seconds (overhead, island travel) and the part's extrusion seconds, which layers share by volume. */
const calibratedLayer = (f: FffTimeFeatures, c: FffTimeParameters): [number, number] => [
  c.layer_overhead_s + (f.islandLayers / f.layers) * c.island_travel_s,
  f.shellMm3 / c.perimeter_flow_mm3_s + f.infillMm3 / c.infill_flow_mm3_s,
];

/** The layers the minimum layer time holds up under parameters `c`: how many, and their share of the volume. */
export function slowLayers(f: FffTimeFeatures, c: FffTimeParameters): { count: number; share: number } {
  const [perLayer, extrusion] = calibratedLayer(f, c);
  let count = 0;
  let share = 0;
  for (const w of f.layerShares) {
    if (perLayer + extrusion * w < f.minLayerTimeS) {
      count++;
      share += w;
    }
  }
  return { count, share };
}

/**
 * Seconds the slicer adds to layers quicker than the minimum layer time: a
 * layer takes the fixed per-layer time plus its share of the extrusion time,
 * and at least the minimum.
 */
function slowdownTime(f: FffTimeFeatures, perLayerS: number, extrusionS: number): number {
  if (!(f.minLayerTimeS > perLayerS)) return 0;
  let added = 0;
  for (const share of f.layerShares) added += Math.max(0, f.minLayerTimeS - perLayerS - extrusionS * share);
  return added;
}

/** Sparse supports print like infill. */
export function fffSupportTime(supportMm3: number, m: Pick<FffMachine, "volumetric_flow_mm3_s" | "time_calibration">): number {
  return supportMm3 / (m.time_calibration?.infill_flow_mm3_s ?? m.volumetric_flow_mm3_s);
}

/** The four fitted numbers pricing needs (what the customer book carries). */
export type FffTimeParameters = Pick<FffTimeCalibration, "perimeter_flow_mm3_s" | "infill_flow_mm3_s" | "layer_overhead_s" | "island_travel_s">;
