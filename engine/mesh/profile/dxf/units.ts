import type { Units } from "../../types.ts";
import { invalidDxf } from "../errors.ts";

/** Millimetres per drawing unit for each $INSUNITS code (AutoCAD's table; 0 is unitless). */
const MM_PER_UNIT: Record<number, number> = {
  1: 25.4, // inch
  2: 304.8, // foot
  3: 1_609_344, // mile
  4: 1, // millimetre
  5: 10, // centimetre
  6: 1000, // metre
  7: 1e6, // kilometre
  8: 25.4e-6, // microinch
  9: 0.0254, // mil
  10: 914.4, // yard
  11: 1e-7, // ångström
  12: 1e-6, // nanometre
  13: 1e-3, // micron
  14: 100, // decimetre
  15: 1e4, // decametre
  16: 1e5, // hectometre
  17: 1e12, // gigametre
  18: 1.495978707e14, // astronomical unit
  19: 9.4607304725808e18, // light year
  20: 3.085677581491367e19, // parsec
  21: (1200 / 3937) * 1000, // US survey foot
  22: (100 / 3937) * 1000, // US survey inch
  23: (3600 / 3937) * 1000, // US survey yard
  24: (6336000 / 3937) * 1000, // US survey mile
};

const IMPERIAL = new Set([1, 2, 3, 8, 9, 10, 21, 22, 23, 24]);

export interface DrawingUnits {
  mmPerUnit: number;
  sourceUnits: Units;
}

/** The drawing's unit: $INSUNITS when set, else the unit the customer stated (mm by default). */
export function drawingUnits(insunits: number, stated: Units, where: string): DrawingUnits {
  if (insunits === 0) return { mmPerUnit: stated === "in" ? 25.4 : 1, sourceUnits: stated };
  const mm = MM_PER_UNIT[insunits];
  if (mm === undefined) throw invalidDxf(`${where}: $INSUNITS ${insunits} is not a known unit code.`);
  return { mmPerUnit: mm, sourceUnits: IMPERIAL.has(insunits) ? "in" : "mm" };
}
