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
 * Layer by layer, from the analysis's volume and outline per band of height:
 * small loops and small regions filled solid take longer, and the slicer's
 * minimum layer time slows quick layers (docs/decisions/0030-fff-minimum-layer-time.md).
 */
export interface FffTimeFeatures {
  /** Plastic in walls and skins, and in infill (sparse, and small regions filled solid): the part's material. */
  shellMm3: number;
  infillMm3: number;
  /** The same in time: mm³ at the perimeter flow's and at the infill flow's pace (small loops and solid regions count more). */
  perimeterWorkMm3: number;
  infillWorkMm3: number;
  layers: number;
  islandLayers: number;
  /** How the work spreads over the layers; null for equal shares (no profile known). */
  profile: LayerProfile | null;
  minLayerTimeS: number;
}

export type FffTimeMachine = Pick<FffMachine, "walls" | "line_width_mm" | "layer_height_mm" | "min_layer_time_s">;

/**
 * What slicers do on small layers, as PrusaSlicer's defaults (2.5 to 2.8):
 * loops of at most 6.5 mm radius print at `small_perimeter_speed` 15 mm/s
 * against 60 mm/s for inner and 30 mm/s for outer perimeters (40 mm/s over a
 * loop of each), and a region inside the perimeters smaller than
 * `solid_infill_below_area` (70 mm²) is filled solid at 20 mm/s instead of
 * sparse at 80 mm/s. The slowdowns are ratios, so a shop's fitted flows keep
 * them.
 */
const SMALL_LOOP_MM = 2 * Math.PI * 6.5;
const SOLID_BELOW_MM2 = 70;
/** `top_solid_layers` and `bottom_solid_layers`: skins under and over open surfaces, filled solid. */
const SKIN_LAYERS = 3;
export const SMALL_PERIMETER_SLOWDOWN = 40 / 15;
export const SOLID_INFILL_SLOWDOWN = 80 / 20;
/**
 * Sparse infill in a narrow region is short lines, each slowing down for its
 * turn: at v = 80 mm/s, jerk j = 10 mm/s and 1,500 mm/s² (PrusaSlicer's
 * defaults) a turn costs (v − j)² / (a·v) s over the line's v·d time, and a
 * line across a region w wide at 45° is √2·w long, so sparse infill takes
 * 1 + NARROW_INFILL_MM / w times as long (×2 in a 2.2 mm wall, ×1.1 in a 20 mm block).
 */
const NARROW_INFILL_MM = (80 - 10) ** 2 / (Math.SQRT2 * 1500);

/**
 * How the work spreads over the layers: each layer's share of the perimeter
 * work and of the infill work, bottom first (the layers divide the height
 * equally, as a slicer rounds them). A lower bound of every layer's shares
 * comes first, so most parts never read the layers.
 */
export interface LayerProfile {
  minPerimeter: number;
  minInfill: number;
  layers(): { perimeter: Float64Array; infill: Float64Array };
}

/**
 * `upright`: the part is built as uploaded, so the analysis's bands of height
 * are its layers too; a part turned to fit is taken as a prism.
 */
export function fffTimeFeatures(a: MeshAnalysis, m: FffTimeMachine, heightMm: number, infill: number, upright = true): FffTimeFeatures {
  const volume = Math.abs(a.volume_mm3);
  const layers = layerCount(heightMm, m.layer_height_mm);
  const model = upright ? layerModel(a, m, layers, infill) : null;
  // Without outlines: walls and skins from the surface area, all at the perimeter flow.
  const shellMm3 = Math.min(volume, a.surface_area_mm2 * m.walls * m.line_width_mm);
  const infillMm3 = (volume - shellMm3) * infill;
  return {
    ...(model?.volumes ?? { shellMm3, infillMm3, perimeterWorkMm3: shellMm3, infillWorkMm3: infillMm3 }),
    layers,
    islandLayers: model?.islandLayers ?? layers * Math.max(1, a.shells),
    profile: model?.profile ?? null,
    minLayerTimeS: m.min_layer_time_s,
  };
}

interface LayerModel {
  /** The part's plastic and work, summed over the layers; null without outline bands (then from its surface area). */
  volumes: Pick<FffTimeFeatures, "shellMm3" | "infillMm3" | "perimeterWorkMm3" | "infillWorkMm3"> | null;
  /** Islands summed over the layers, from the cross-sections' Euler characteristic; null without it. */
  islandLayers: number | null;
  profile: LayerProfile;
}

/**
 * Per analysis (its bands array, which no one changes) and machine, layer
 * count and infill: a part is priced many times (every option, quantity and
 * machine), the bands are read once for each.
 */
const layerModels = new WeakMap<number[], Map<string, LayerModel | null>>();

function layerModel(a: MeshAnalysis, m: FffTimeMachine, layers: number, infill: number): LayerModel | null {
  const volumes = a.volume_bands_mm3;
  if (!volumes || volumes.length === 0) return null;
  const outlines = a.perimeter_bands_mm?.length === volumes.length ? a.perimeter_bands_mm : undefined;
  let models = layerModels.get(volumes);
  if (!models) {
    models = new Map();
    layerModels.set(volumes, models);
  }
  // Without outlines only the layer count matters: the layers share both works by volume.
  const key = outlines ? `${layers}/${m.walls}/${m.line_width_mm}/${infill}` : `${layers}`;
  let model = models.get(key);
  if (model === undefined) {
    model = outlines ? fromOutlines(a, volumes, outlines, m, layers, infill) : byVolume(volumes, layers);
    models.set(key, model);
  }
  return model;
}

/** Both works spread like the volume: the thinnest band bounds every layer's share, and the layers are read only if needed. */
function byVolume(volumes: number[], layers: number): LayerModel | null {
  let total = 0;
  let least = Infinity;
  for (const v of volumes) {
    total += v;
    if (v < least) least = v;
  }
  if (!(total > 0)) return null;
  const min = (least / total) * (volumes.length / layers);
  let shares: Float64Array | null = null;
  const read = () => {
    if (!shares) {
      const scale = volumes.length / (layers * total);
      shares = layerMeans(volumes, layers).map((v) => v * scale);
    }
    return { perimeter: shares, infill: shares };
  };
  return { volumes: null, islandLayers: null, profile: { minPerimeter: min, minInfill: min, layers: read } };
}

/**
 * Layer by layer from the volume, outline and islands per band: each island
 * (the section's Euler characteristic, at least one: regions less holes; the
 * part's shells for analyses without it) is taken as an equal share of the
 * layer, with a loop of the layer's outline ÷ islands and a region of its
 * area less the walls. Holes' loops count with the outside's, so a part with
 * small holes is not found small. A layer's perimeter work is its walls
 * (slower when small), its infill work its region sparse (slower when
 * narrow) or, when small, solid (slower).
 */
function fromOutlines(a: MeshAnalysis, volumes: number[], outlines: number[], m: FffTimeMachine, layers: number, infill: number): LayerModel | null {
  const n = volumes.length;
  const bandMm = a.bbox_mm.size[2] / n;
  const layerMm = a.bbox_mm.size[2] / layers;
  const sections = a.section_euler_bands?.length === n ? layerMeans(a.section_euler_bands, layers) : null;
  const wall = m.walls * m.line_width_mm;
  const area = layerMeans(volumes, layers).map((v) => v / bandMm);
  const outline = layerMeans(outlines, layers);
  /** The least area over layers [from, to]; beyond the part, nothing. */
  const leastArea = (from: number, to: number) => {
    let least = Infinity;
    for (let j = from; j <= to; j++) least = Math.min(least, j < 0 || j >= layers ? 0 : area[j]);
    return least;
  };
  const perimeter = new Float64Array(layers);
  const fill = new Float64Array(layers);
  const totals = { shellMm3: 0, smallShellMm3: 0, solidMm3: 0, sparseMm3: 0, sparseWorkMm3: 0, islandLayers: 0 };
  for (let i = 0; i < layers; i++) {
    if (!(area[i] > 0)) continue;
    const islands = Math.max(1, sections ? Math.round(sections[i]) : a.shells);
    totals.islandLayers += islands;
    const loop = outline[i] / islands;
    const shell = Math.min(area[i], outline[i] * wall);
    const inside = area[i] - shell;
    const region = area[i] / islands - loop * wall;
    const small = loop <= SMALL_LOOP_MM;
    // Skins: what the layers within SKIN_LAYERS above or below do not cover, filled solid; a small region wholly.
    const skin = Math.min(inside, Math.max(0, area[i] - leastArea(i + 1, i + SKIN_LAYERS)) + Math.max(0, area[i] - leastArea(i - SKIN_LAYERS, i - 1)));
    const solid = region > 0 && region < SOLID_BELOW_MM2 ? inside : skin;
    const sparse = inside - solid;
    perimeter[i] = shell * layerMm * (small ? SMALL_PERIMETER_SLOWDOWN : 1);
    // A region's width: its area over half its outline (a strip's width, a disc's radius).
    const narrow = region > 0 ? 1 + (NARROW_INFILL_MM * loop) / (2 * region) : 1;
    fill[i] = (solid * SOLID_INFILL_SLOWDOWN + sparse * infill * narrow) * layerMm;
    totals.sparseWorkMm3 += sparse * infill * narrow * layerMm;
    totals.shellMm3 += shell * layerMm;
    if (small) totals.smallShellMm3 += shell * layerMm;
    totals.solidMm3 += solid * layerMm;
    totals.sparseMm3 += sparse * layerMm;
  }
  const perimeterShare = normalise(perimeter);
  const infillShare = normalise(fill);
  if (!perimeterShare || !infillShare) return byVolume(volumes, layers);
  return {
    volumes: {
      shellMm3: totals.shellMm3,
      infillMm3: totals.solidMm3 + totals.sparseMm3 * infill,
      perimeterWorkMm3: totals.shellMm3 + (SMALL_PERIMETER_SLOWDOWN - 1) * totals.smallShellMm3,
      infillWorkMm3: totals.solidMm3 * SOLID_INFILL_SLOWDOWN + totals.sparseWorkMm3,
    },
    islandLayers: sections ? totals.islandLayers : null,
    profile: { minPerimeter: least(perimeterShare), minInfill: least(infillShare), layers: () => ({ perimeter: perimeterShare, infill: infillShare }) },
  };
}

const least = (xs: Float64Array): number => xs.reduce((m, x) => Math.min(m, x), Infinity);

/** Shares of the total; null when there is nothing to share. */
function normalise(xs: Float64Array): Float64Array | null {
  let total = 0;
  for (const x of xs) total += x;
  return total > 0 ? xs.map((x) => x / total) : null;
}

/** The mean of the bands over each of `layers` equal layers (bands cut where a layer's edge falls inside one). */
function layerMeans(bands: number[], layers: number): Float64Array {
  const n = bands.length;
  const out = new Float64Array(layers);
  let band = 0;
  let below = 0;
  let previous = 0;
  for (let i = 0; i < layers; i++) {
    const top = ((i + 1) * n) / layers;
    while (band < n && band + 1 <= top) below += bands[band++];
    const upTo = band < n ? below + bands[band] * (top - band) : below;
    out[i] = ((upTo - previous) * layers) / n;
    previous = upTo;
  }
  return out;
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
    const perimeterS = f.perimeterWorkMm3 / m.volumetric_flow_mm3_s;
    const infillS = f.infillWorkMm3 / m.volumetric_flow_mm3_s;
    return perimeterS + infillS + f.layers * m.layer_overhead_s + slowdownTime(f, m.layer_overhead_s, perimeterS, infillS);
  }
  return calibratedTime(f, c);
}

export const calibratedTime = (f: FffTimeFeatures, c: FffTimeParameters): number =>
  f.perimeterWorkMm3 / c.perimeter_flow_mm3_s +
  f.infillWorkMm3 / c.infill_flow_mm3_s +
  f.layers * c.layer_overhead_s +
  f.islandLayers * c.island_travel_s +
  slowdownTime(f, ...calibratedLayer(f, c));

/** A layer's fixed seconds (overhead, island travel), and the part's perimeter and infill seconds, which the layers share. */
const calibratedLayer = (f: FffTimeFeatures, c: FffTimeParameters): [number, number, number] => [
  c.layer_overhead_s + (f.islandLayers / f.layers) * c.island_travel_s,
  f.perimeterWorkMm3 / c.perimeter_flow_mm3_s,
  f.infillWorkMm3 / c.infill_flow_mm3_s,
];

/** The layers the minimum layer time holds up under parameters `c`: how many, and their shares of the perimeter and infill work. */
export function slowLayers(f: FffTimeFeatures, c: FffTimeParameters): { count: number; perimeterShare: number; infillShare: number } {
  const [perLayer, perimeterS, infillS] = calibratedLayer(f, c);
  const none = { count: 0, perimeterShare: 0, infillShare: 0 };
  if (!f.profile) return perLayer + (perimeterS + infillS) / f.layers < f.minLayerTimeS ? { count: f.layers, perimeterShare: 1, infillShare: 1 } : none;
  if (perLayer + perimeterS * f.profile.minPerimeter + infillS * f.profile.minInfill >= f.minLayerTimeS) return none;
  const { perimeter, infill } = f.profile.layers();
  const slow = { count: 0, perimeterShare: 0, infillShare: 0 };
  for (let i = 0; i < f.layers; i++) {
    if (perLayer + perimeterS * perimeter[i] + infillS * infill[i] >= f.minLayerTimeS) continue;
    slow.count++;
    slow.perimeterShare += perimeter[i];
    slow.infillShare += infill[i];
  }
  return slow;
}

/**
 * Seconds the slicer adds to layers quicker than the minimum layer time: a
 * layer takes the fixed per-layer time plus its shares of the perimeter and
 * infill time, and at least the minimum.
 */
function slowdownTime(f: FffTimeFeatures, perLayerS: number, perimeterS: number, infillS: number): number {
  if (!(f.minLayerTimeS > perLayerS)) return 0;
  if (!f.profile) return f.layers * Math.max(0, f.minLayerTimeS - perLayerS - (perimeterS + infillS) / f.layers);
  if (perLayerS + perimeterS * f.profile.minPerimeter + infillS * f.profile.minInfill >= f.minLayerTimeS) return 0;
  const { perimeter, infill } = f.profile.layers();
  let added = 0;
  for (let i = 0; i < f.layers; i++) added += Math.max(0, f.minLayerTimeS - perLayerS - perimeterS * perimeter[i] - infillS * infill[i]);
  return added;
}

/** Sparse supports print like infill. */
export function fffSupportTime(supportMm3: number, m: Pick<FffMachine, "volumetric_flow_mm3_s" | "time_calibration">): number {
  return supportMm3 / (m.time_calibration?.infill_flow_mm3_s ?? m.volumetric_flow_mm3_s);
}

/** The four fitted numbers pricing needs (what the customer book carries). */
export type FffTimeParameters = Pick<FffTimeCalibration, "perimeter_flow_mm3_s" | "infill_flow_mm3_s" | "layer_overhead_s" | "island_travel_s">;
