import { fitBox, oversizeFinding, reorientedFinding } from "../dfm/fit.ts";
import { hasEnclosedVoid, meshIntegrityFindings, overhangFinding, thinWallFinding } from "../dfm/mesh.ts";
import type { DfmFinding } from "../dfm/types.ts";
import type { MeshAnalysis } from "../mesh/types.ts";
import { priceFromCost } from "./commercial.ts";
import type { CompiledPriceBook } from "./compile.ts";
import { largestBy, layerCount } from "./geometry.ts";
import type { SlaMachine } from "./price-book.ts";
import { candidateMachines, resolveOptions, unknownProcess } from "./resolve.ts";
import type { PriceOptions, PriceResult } from "./types.ts";

/**
 * SLA (resin) printing.
 * Resin = part volume + supports (overhang area × mean support height ×
 * support density), priced per litre. A platform run takes layers × layer
 * time whatever sits on it, so parts share it: each part pays the run's
 * machine time in proportion to its footprint (its XY box) over the usable
 * platform area (platform × packing efficiency), at most one whole run.
 */
export function priceSla(a: MeshAnalysis, book: CompiledPriceBook, o: PriceOptions): PriceResult {
  const proc = book.sla;
  if (!proc) throw unknownProcess("sla");
  const r = resolveOptions(book, "sla", o);
  const machines = candidateMachines(book, "sla", proc.candidates.get(r.material.code), (m) => m, o);
  const dfm: DfmFinding[] = [];
  meshIntegrityFindings(a, "error", dfm);

  let m: SlaMachine | null = null;
  let x = 0;
  let y = 0;
  let z = 0;
  let reoriented = false;
  let bestCost = Infinity;
  const perLitre = r.material.price.unit === "litre" ? r.material.price.amount : 0;
  for (let i = 0; i < machines.length; i++) {
    const fit = fitBox(a.bbox_mm.size, a.obb_mm.size, machines[i].build_volume_mm);
    if (!fit) continue;
    const c = unitCost(machines[i], a, fit.x, fit.y, fit.z, perLitre);
    if (c < bestCost) {
      m = machines[i];
      x = fit.x;
      y = fit.y;
      z = fit.z;
      reoriented = fit.reoriented;
      bestCost = c;
    }
  }
  if (!m) {
    oversizeFinding(a.bbox_mm.size, o.machine ? `machine "${o.machine}"` : "any SLA printer for this resin", dfm);
    m = largestBy(machines, (mc) => mc.build_volume_mm);
    [x, y, z] = a.bbox_mm.size;
  } else if (reoriented) {
    reorientedFinding(dfm);
  }
  thinWallFinding(a, r.material.min_wall_mm, dfm);
  overhangFinding(a, dfm);
  if (hasEnclosedVoid(a)) {
    dfm.push({
      severity: "warning",
      code: "ENCLOSED_VOID",
      message: "The part has a sealed cavity that will trap liquid resin; add drain holes.",
    });
  }

  const layers = layerCount(z, m.layer_height_mm);
  const share = platformShare(m, x, y);
  const runS = layers * m.layer_time_s;
  const partMm3 = Math.abs(a.volume_mm3);
  const supportMm3 = supportVolume(m, a, z);
  return priceFromCost({
    book,
    process: "sla",
    machine: { code: m.code, name: m.name },
    options: r,
    cost: {
      material: (partMm3 / 1e6) * perLitre,
      materialBasis: { volume_mm3: partMm3, price_per_litre: perLitre },
      machine: (runS / 3600) * share * m.hourly_rate,
      machineBasis: {
        run_time_s: runS,
        layers,
        layer_time_s: m.layer_time_s,
        platform_share: share,
        hourly_rate: m.hourly_rate,
      },
      supports: (supportMm3 / 1e6) * perLitre,
      supportsBasis: { volume_mm3: supportMm3, overhang_mm2: a.overhang_area_mm2 },
      setup: proc.config.setup_fee,
      setupBasis: { setup_fee: proc.config.setup_fee },
    },
    finishAreaMm2: a.surface_area_mm2,
    minimumCharge: proc.config.minimum_charge,
    dfm,
  });
}

const platformShare = (m: SlaMachine, x: number, y: number): number => Math.min(1, (x * y) / (m.platform_area_mm2 * m.packing_efficiency));

const supportVolume = (m: SlaMachine, a: MeshAnalysis, z: number): number => a.overhang_area_mm2 * z * m.support_height_factor * m.support_density;

/** Machine share plus support resin of one part on `m`: what ranks printers (the part's resin is the same on all). */
const unitCost = (m: SlaMachine, a: MeshAnalysis, x: number, y: number, z: number, perLitre: number): number =>
  (layerCount(z, m.layer_height_mm) * m.layer_time_s * platformShare(m, x, y) * m.hourly_rate) / 3600 + (supportVolume(m, a, z) / 1e6) * perLitre;
