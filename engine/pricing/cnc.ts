import { fitBox, oversizeFinding } from "../dfm/fit.ts";
import { cncFindings } from "../dfm/cnc.ts";
import { meshIntegrityFindings, thinWallFinding } from "../dfm/mesh.ts";
import type { DfmFinding } from "../dfm/types.ts";
import type { MeshAnalysis } from "../mesh/types.ts";
import { priceFromCost } from "./commercial.ts";
import { largestBy } from "./geometry.ts";
import type { CncCandidate, CompiledPriceBook } from "./compile.ts";
import { candidateMachines, resolveOptions, unknownProcess } from "./resolve.ts";
import type { PriceOptions, PriceResult } from "./types.ts";

/**
 * 3-axis CNC milling.
 * Stock = the part's oriented box + an allowance on every side, bought per kg;
 * roughing = (stock − part volume) / the material's removal rate; finishing =
 * surface area / finishing rate; each setup costs fixturing time once per
 * batch and loading time once per part.
 */
export function priceCnc(a: MeshAnalysis, book: CompiledPriceBook, o: PriceOptions): PriceResult {
  const proc = book.cnc;
  if (!proc) throw unknownProcess("cnc");
  const r = resolveOptions(book, "cnc", o);
  const candidates = candidateMachines(book, "cnc", proc.candidates.get(r.material.code), (c) => c.machine, o);
  const dfm: DfmFinding[] = [];
  meshIntegrityFindings(a, "warning", dfm);

  const allowance = 2 * proc.config.stock_allowance_mm;
  const obb = a.obb_mm.size;
  const stock = [obb[0] + allowance, obb[1] + allowance, obb[2] + allowance];
  const stockMm3 = stock[0] * stock[1] * stock[2];
  const partMm3 = Math.abs(a.volume_mm3);
  const removalMm3 = Math.max(0, stockMm3 - partMm3);
  const { setups, underside } = estimateSetups(a);

  let best: CncCandidate | null = null;
  let bestCost = Infinity;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    if (!fitBox(stock, stock, c.machine.max_stock_mm)) continue;
    const t = machineMinutes(c, removalMm3, a.surface_area_mm2, setups);
    const cost = (t * o.quantity + setups * c.machine.setup_time_min) * c.machine.hourly_rate;
    if (cost < bestCost) {
      best = c;
      bestCost = cost;
    }
  }
  if (!best) {
    oversizeFinding(stock, o.machine ? `machine "${o.machine}"` : "the stock any CNC machine takes for this material", dfm);
    best = largestBy(candidates, (c) => c.machine.max_stock_mm);
  }
  thinWallFinding(a, r.material.min_wall_mm, dfm);
  cncFindings(a, dfm);

  const m = best.machine;
  const roughingMin = removalMm3 / best.mm3_per_min;
  const finishingMin = a.surface_area_mm2 / m.finishing_rate_mm2_min;
  const loadMin = setups * m.part_load_min;
  const perMin = m.hourly_rate / 60;
  const perKg = r.material.price.unit === "kg" ? r.material.price.amount : 0;
  const stockG = (stockMm3 * r.material.density_g_cm3) / 1000;
  const setupMin = setups * m.setup_time_min;
  return priceFromCost({
    book,
    process: "cnc",
    machine: { code: m.code, name: m.name },
    options: r,
    cost: {
      material: (stockG / 1000) * perKg,
      materialBasis: {
        stock_x_mm: stock[0],
        stock_y_mm: stock[1],
        stock_z_mm: stock[2],
        stock_mass_g: stockG,
        price_per_kg: perKg,
      },
      machine: (roughingMin + finishingMin + loadMin) * perMin,
      machineBasis: {
        removal_mm3: removalMm3,
        roughing_min: roughingMin,
        removal_rate_mm3_min: best.mm3_per_min,
        finishing_min: finishingMin,
        finishing_rate_mm2_min: m.finishing_rate_mm2_min,
        load_min: loadMin,
        hourly_rate: m.hourly_rate,
      },
      supports: 0,
      supportsBasis: {},
      setup: proc.config.setup_fee + setupMin * perMin,
      setupBasis: { setups, underside, setup_min: setupMin, setup_fee: proc.config.setup_fee, hourly_rate: m.hourly_rate },
    },
    finishAreaMm2: a.surface_area_mm2,
    minimumCharge: proc.config.minimum_charge,
    dfm,
  });
}

const machineMinutes = (c: CncCandidate, removalMm3: number, areaMm2: number, setups: number): number =>
  removalMm3 / c.mm3_per_min + areaMm2 / c.machine.finishing_rate_mm2_min + setups * c.machine.part_load_min;

/**
 * Setups a 3-axis part needs, from what the analysis can see. One setup
 * reaches everything visible from the top. The part is flipped for a second
 * when its underside needs machining: down-facing faces above the bed
 * (overhang area over 1 % of the surface), or a flat bottom that covers less
 * than 95 % of the part's shadow. Side features (cross holes, side pockets)
 * would need per-direction face areas the analysis does not carry, so they
 * are not counted; the shop sees the estimate in the setup line.
 */
export function estimateSetups(a: MeshAnalysis): { setups: number; underside: boolean } {
  const underside = a.overhang_area_mm2 > 0.01 * a.surface_area_mm2 || a.bottom_area_mm2 < 0.95 * a.projected_area_mm2;
  return { setups: underside ? 2 : 1, underside };
}
