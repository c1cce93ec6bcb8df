import { fitBox, oversizeFinding, reorientedFinding } from "../dfm/fit.ts";
import type { Fit } from "../dfm/fit.ts";
import { meshIntegrityFindings, overhangFinding, thinWallFinding } from "../dfm/mesh.ts";
import type { DfmFinding } from "../dfm/types.ts";
import type { MeshAnalysis } from "../mesh/types.ts";
import { priceFromCost } from "./commercial.ts";
import { largestBy } from "./geometry.ts";
import { fffPartTime, fffSupportTime, fffTimeFeatures } from "./fff-time.ts";
import type { CompiledPriceBook } from "./compile.ts";
import type { FffMachine, FffProcess } from "./price-book.ts";
import { candidateMachines, invalidOption, resolveOptions, unknownProcess } from "./resolve.ts";
import type { PriceOptions, PriceResult } from "./types.ts";

/**
 * FFF (filament) printing.
 * Deposited volume = shells (surface area × walls × line width, at most the
 * part's volume) + infill (the rest × infill) + supports (overhang area × mean
 * support height × support density); time = volume / volumetric flow +
 * layers × per-layer overhead, or the machine's calibrated time model when
 * the shop fitted one to its slicer, every layer at least the minimum layer
 * time (fff-time.ts); machine = time × hourly
 * rate; material = mass × price per kg.
 */
export function priceFff(a: MeshAnalysis, book: CompiledPriceBook, o: PriceOptions): PriceResult {
  const proc = book.fff;
  if (!proc) throw unknownProcess("fff");
  const r = resolveOptions(book, "fff", o);
  const infill = resolveInfill(proc.config, o.infill);
  const machines = candidateMachines(book, "fff", proc.candidates.get(r.material.code), (m) => m, o);
  const dfm: DfmFinding[] = [];
  meshIntegrityFindings(a, "error", dfm);

  let best: FffMachine | null = null;
  let bestFit: Fit | null = null;
  let e: FffEstimate | null = null;
  let bestCost = Infinity;
  const perKg = r.material.price.unit === "kg" ? r.material.price.amount : 0;
  const gPerMm3 = r.material.density_g_cm3 / 1000;
  for (let i = 0; i < machines.length; i++) {
    const fit = fitBox(a.bbox_mm.size, a.obb_mm.size, machines[i].build_volume_mm);
    if (!fit) continue;
    const est = estimate(a, machines[i], fit.z, infill, !fit.reoriented);
    const c = ((est.partMm3 + est.supportMm3) * gPerMm3 * perKg) / 1000 + ((est.partTimeS + est.supportTimeS) * machines[i].hourly_rate) / 3600;
    if (c < bestCost) {
      best = machines[i];
      bestFit = fit;
      bestCost = c;
      e = est;
    }
  }
  if (!best || !e) {
    oversizeFinding(a.bbox_mm.size, o.machine ? `machine "${o.machine}"` : "any FFF printer for this material", dfm);
    best = largestBy(machines, (mc) => mc.build_volume_mm);
    e = estimate(a, best, a.bbox_mm.size[2], infill, true);
  } else if (bestFit?.reoriented) {
    reorientedFinding(dfm);
  }
  thinWallFinding(a, r.material.min_wall_mm, dfm);
  overhangFinding(a, dfm);

  const m = best;
  const partG = e.partMm3 * gPerMm3;
  const supportG = e.supportMm3 * gPerMm3;
  const perS = m.hourly_rate / 3600;
  return priceFromCost({
    book,
    process: "fff",
    machine: { code: m.code, name: m.name },
    options: r,
    cost: {
      material: (partG / 1000) * perKg,
      materialBasis: {
        shell_mm3: e.shellMm3,
        infill_mm3: e.infillMm3,
        infill,
        mass_g: partG,
        price_per_kg: perKg,
      },
      machine: e.partTimeS * perS,
      machineBasis: { time_s: e.partTimeS, layers: e.layers, layer_height_mm: m.layer_height_mm, hourly_rate: m.hourly_rate },
      supports: (supportG / 1000) * perKg + e.supportTimeS * perS,
      supportsBasis: { volume_mm3: e.supportMm3, mass_g: supportG, time_s: e.supportTimeS, overhang_mm2: a.overhang_area_mm2 },
      setup: proc.config.setup_fee,
      setupBasis: { setup_fee: proc.config.setup_fee },
    },
    finishAreaMm2: a.surface_area_mm2,
    minimumCharge: proc.config.minimum_charge,
    dfm,
  });
}

interface FffEstimate {
  shellMm3: number;
  infillMm3: number;
  partMm3: number;
  supportMm3: number;
  layers: number;
  partTimeS: number;
  supportTimeS: number;
}

function estimate(a: MeshAnalysis, m: FffMachine, heightMm: number, infill: number, upright: boolean): FffEstimate {
  const f = fffTimeFeatures(a, m, heightMm, infill, upright);
  const supportMm3 = a.overhang_area_mm2 * heightMm * m.support_height_factor * m.support_density;
  return {
    shellMm3: f.shellMm3,
    infillMm3: f.infillMm3,
    partMm3: f.shellMm3 + f.infillMm3,
    supportMm3,
    layers: f.layers,
    partTimeS: fffPartTime(f, m),
    supportTimeS: fffSupportTime(supportMm3, m),
  };
}

function resolveInfill(p: FffProcess, infill: number | undefined): number {
  if (infill === undefined) return p.infill.default;
  if (typeof infill !== "number" || !(infill >= p.infill.min && infill <= p.infill.max)) {
    throw invalidOption("INVALID_INFILL", "infill", `Infill must be between ${p.infill.min} and ${p.infill.max}.`, infill);
  }
  return infill;
}
