import { fitsSheet, oversizeFinding } from "../dfm/fit.ts";
import { profileFindings } from "../dfm/profile.ts";
import type { DfmFinding } from "../dfm/types.ts";
import type { ProfileAnalysis } from "../mesh/types.ts";
import { priceFromCost } from "./commercial.ts";
import { largestBy } from "./geometry.ts";
import type { CompiledPriceBook, LaserCandidate } from "./compile.ts";
import type { LaserMachine } from "./price-book.ts";
import { candidateMachines, invalidOption, resolveOptions, unknownProcess } from "./resolve.ts";
import type { PriceOptions, PriceResult } from "./types.ts";

/**
 * Laser cutting.
 * Time = cut length / cut speed (material, thickness) + pierces × pierce time,
 * one pierce per contour; sheet = the part's box plus spacing, divided by the
 * nesting efficiency, at the sheet's price per mm². Rectangles rather than net
 * area, because holes and concave offcuts are scrap too.
 */
export function priceLaser(a: ProfileAnalysis, book: CompiledPriceBook, o: PriceOptions): PriceResult {
  const proc = book.laser;
  if (!proc) throw unknownProcess("laser");
  const r = resolveOptions(book, "laser", o);
  const t = o.thickness_mm;
  const price = r.material.price;
  const sheet = price.unit === "sheet" ? price.thicknesses.find((s) => s.thickness_mm === t) : undefined;
  const byThickness = proc.candidates.get(r.material.code)?.get(t as number);
  if (price.unit !== "sheet" || !sheet || !byThickness) {
    throw invalidOption("UNSUPPORTED_THICKNESS", "thickness_mm", `${r.material.name} is not cut in ${t} mm.`, t);
  }
  const candidates = candidateMachines(book, "laser", byThickness, (c) => c.machine, o);
  const dfm: DfmFinding[] = [];

  const [w, h] = a.bbox_mm.size;
  const pierces = a.closed_contours + a.open_paths;
  const [sheetW, sheetH] = price.sheet_mm;
  const onStock = fitsSheet(w, h, sheetW, sheetH);
  let best: LaserCandidate | null = null;
  let bestS = Infinity;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    if (!onStock || !fitsMachine(c.machine, w, h)) continue;
    const s = (cutSeconds(a.cut_length_mm, c) + pierces * c.pierce_s) * c.machine.hourly_rate;
    if (s < bestS) {
      best = c;
      bestS = s;
    }
  }
  if (!best) {
    oversizeFinding(a.bbox_mm.size, `the ${sheetW} × ${sheetH} mm sheet or ${o.machine ? `machine "${o.machine}"` : "any laser's bed"}`, dfm);
    best = largestBy(candidates, (c) => c.machine.sheet_sizes_mm[0]);
  }
  const m = best.machine;
  profileFindings(a, m.kerf_mm, sheet.thickness_mm, dfm);

  const spacing = proc.config.part_spacing_mm;
  const usedMm2 = ((w + spacing) * (h + spacing)) / proc.config.nesting_efficiency;
  const cutS = cutSeconds(a.cut_length_mm, best);
  const pierceS = pierces * best.pierce_s;
  return priceFromCost({
    book,
    process: "laser",
    machine: { code: m.code, name: m.name },
    options: r,
    cost: {
      material: (usedMm2 / (sheetW * sheetH)) * sheet.amount,
      materialBasis: {
        sheet_used_mm2: usedMm2,
        nesting_efficiency: proc.config.nesting_efficiency,
        thickness_mm: sheet.thickness_mm,
        sheet_price: sheet.amount,
        sheet_area_mm2: sheetW * sheetH,
      },
      machine: ((cutS + pierceS) / 3600) * m.hourly_rate,
      machineBasis: {
        cut_length_mm: a.cut_length_mm,
        cut_speed_mm_min: best.speed_mm_min,
        cut_s: cutS,
        pierces,
        pierce_s: best.pierce_s,
        hourly_rate: m.hourly_rate,
      },
      supports: 0,
      supportsBasis: {},
      setup: proc.config.setup_fee,
      setupBasis: { setup_fee: proc.config.setup_fee },
    },
    // Both faces and the cut edges.
    finishAreaMm2: 2 * a.net_area_mm2 + a.cut_length_mm * sheet.thickness_mm,
    minimumCharge: proc.config.minimum_charge,
    dfm,
  });
}

const cutSeconds = (lengthMm: number, c: LaserCandidate): number => (lengthMm / c.speed_mm_min) * 60;

function fitsMachine(m: LaserMachine, w: number, h: number): boolean {
  for (let i = 0; i < m.sheet_sizes_mm.length; i++) {
    if (fitsSheet(w, h, m.sheet_sizes_mm[i][0], m.sheet_sizes_mm[i][1])) return true;
  }
  return false;
}
