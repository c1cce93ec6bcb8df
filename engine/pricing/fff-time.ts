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
  /** How the part's volume spreads over its layers; null for equal shares (no profile known). */
  profile: LayerProfile | null;
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
    profile: upright ? layerProfile(a.volume_bands_mm3, layers) : null,
    minLayerTimeS: m.min_layer_time_s,
  };
}

/**
 * How the part's volume spreads over its layers, from the analysis's volume
 * per band of height. The layers' shares (each band's volume spread evenly
 * within it; the layers divide the height equally, as a slicer rounds them)
 * are worked out only when a layer may be quicker than the minimum, which the
 * thinnest band bounds: most parts never need them.
 */
export interface LayerProfile {
  /** No layer holds a smaller share of the volume. */
  minShare: number;
  /** Every layer's share, smallest first. */
  shares(): Float64Array;
}

/**
 * Per analysis (its bands array, which no one changes): the sum and the
 * thinnest band, and the shares for each layer count asked for. A part is
 * priced many times (every option, quantity and machine): the bands are
 * read once.
 */
const bandSummaries = new WeakMap<number[], { total: number; least: number; byLayers: Map<number, LayerProfile> }>();

function layerProfile(bands: number[] | undefined, layers: number): LayerProfile | null {
  if (!bands || bands.length === 0) return null;
  let summary = bandSummaries.get(bands);
  if (!summary) {
    let total = 0;
    let least = Infinity;
    for (const v of bands) {
      total += v;
      if (v < least) least = v;
    }
    summary = { total, least, byLayers: new Map() };
    bandSummaries.set(bands, summary);
  }
  const { total, least, byLayers } = summary;
  if (!(total > 0)) return null;
  let profile = byLayers.get(layers);
  if (!profile) {
    let shares: Float64Array | null = null;
    profile = { minShare: (least / total) * (bands.length / layers), shares: () => (shares ??= resample(bands, total, layers)) };
    byLayers.set(layers, profile);
  }
  return profile;
}

function resample(bands: number[], total: number, layers: number): Float64Array {
  const n = bands.length;
  const shares = new Float64Array(layers);
  // Whole bands below `band` hold `below`; the layer's top cuts into band `band`.
  let band = 0;
  let below = 0;
  let previous = 0;
  for (let i = 0; i < layers; i++) {
    const top = ((i + 1) * n) / layers;
    while (band < n && band + 1 <= top) below += bands[band++];
    const upTo = band < n ? below + bands[band] * (top - band) : below;
    shares[i] = (upTo - previous) / total;
    previous = upTo;
  }
  return shares.sort();
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
  if (!f.profile) return perLayer + extrusion / f.layers < f.minLayerTimeS ? { count: f.layers, share: 1 } : { count: 0, share: 0 };
  let count = 0;
  let share = 0;
  if (perLayer + extrusion * f.profile.minShare >= f.minLayerTimeS) return { count, share };
  for (const w of f.profile.shares()) {
    if (perLayer + extrusion * w >= f.minLayerTimeS) break;
    count++;
    share += w;
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
  if (!f.profile) return f.layers * Math.max(0, f.minLayerTimeS - perLayerS - extrusionS / f.layers);
  if (perLayerS + extrusionS * f.profile.minShare >= f.minLayerTimeS) return 0;
  let added = 0;
  for (const share of f.profile.shares()) {
    const short = f.minLayerTimeS - perLayerS - extrusionS * share;
    if (short <= 0) break;
    added += short;
  }
  return added;
}

/** Sparse supports print like infill. */
export function fffSupportTime(supportMm3: number, m: Pick<FffMachine, "volumetric_flow_mm3_s" | "time_calibration">): number {
  return supportMm3 / (m.time_calibration?.infill_flow_mm3_s ?? m.volumetric_flow_mm3_s);
}

/** The four fitted numbers pricing needs (what the customer book carries). */
export type FffTimeParameters = Pick<FffTimeCalibration, "perimeter_flow_mm3_s" | "infill_flow_mm3_s" | "layer_overhead_s" | "island_travel_s">;
