import { z } from "zod";
import { glassThickness } from "./profiles.ts";

/**
 * The glazing unit's U_g from its make-up — panes (double/triple), unit
 * thickness, cavity gas and coating — read from a table of U_g by cavity
 * width, so choosing triple glazing changes the door's U without anyone
 * typing a number. A customer's explicit `glazing_u_value` (a supplier's
 * certified figure) overrides the table.
 */
export type GlazingType = "double" | "triple";
export type GlazingGas = "air" | "argon" | "krypton";
export type GlazingCoating = "none" | "low_e";

/** U_g (W/m²K) at cavity widths (mm), ascending: one row per pane count, gas and coating. */
export type UgRow = { cavity_mm: number; u_g: number }[];
export type GlazingUgTable = Record<GlazingType, Record<GlazingCoating, Record<GlazingGas, UgRow>>>;

const row = (widths: number[], values: number[]): UgRow => widths.map((cavity_mm, i) => ({ cavity_mm, u_g: values[i] }));
const D = [8, 12, 16, 20];
const T = [8, 12];

/**
 * The engine's default: EN ISO 10077-1:2006 Annex C, Table C.2 (vertical
 * glazing, gas concentration ≥ 90 %), uncoated glass (ε = 0.89) and — for
 * `low_e` — a soft coat of ε ≤ 0.05 (one coated pane in a double unit, two in
 * a triple). A shop overrides it per product with its glass supplier's
 * values (`glazing_u_values` in the product's parameters).
 */
export const DEFAULT_UG_TABLE: GlazingUgTable = {
  double: {
    none: { air: row(D, [3.1, 2.8, 2.7, 2.7]), argon: row(D, [2.9, 2.7, 2.6, 2.6]), krypton: row(D, [2.7, 2.6, 2.6, 2.6]) },
    low_e: { air: row(D, [2.1, 1.7, 1.4, 1.5]), argon: row(D, [1.7, 1.3, 1.2, 1.2]), krypton: row(D, [1.3, 1.1, 1.2, 1.2]) },
  },
  triple: {
    none: { air: row(T, [2.1, 1.9]), argon: row(T, [1.9, 1.8]), krypton: row(T, [1.7, 1.6]) },
    low_e: { air: row(T, [1.3, 1.0]), argon: row(T, [1.0, 0.8]), krypton: row(T, [0.7, 0.5]) },
  },
};

/** Spacer bars the system glazes with start at this width: a narrower cavity cannot be built. */
export const MIN_CAVITY_MM = 8;

export const cavities = (type: GlazingType) => (type === "triple" ? 2 : 1);

/** Width of each gas cavity: the unit's thickness less its glass, shared by its cavities. */
export const cavityWidth = (type: GlazingType, thickness: number) => (thickness - glassThickness(type)) / cavities(type);

/** The thinnest unit of this type that leaves every cavity at least MIN_CAVITY_MM, whole mm. */
export const minUnitThickness = (type: GlazingType) => Math.ceil(glassThickness(type) + cavities(type) * MIN_CAVITY_MM);

/**
 * U_g for a cavity width from a row: linear between rows, rounded to 0.1 as
 * EN 673 declares it; past the widest row its value (conservative: wider
 * cavities do not insulate worse in the range a door takes).
 */
export function ugFromRow(r: UgRow, cavity: number): number {
  if (cavity <= r[0].cavity_mm) return r[0].u_g;
  for (let i = 1; i < r.length; i++) {
    const a = r[i - 1];
    const b = r[i];
    if (cavity <= b.cavity_mm) {
      const t = (cavity - a.cavity_mm) / (b.cavity_mm - a.cavity_mm);
      return Math.round((a.u_g + t * (b.u_g - a.u_g)) * 10) / 10;
    }
  }
  return r[r.length - 1].u_g;
}

export interface GlazingMakeUp {
  glazing_type: GlazingType;
  glazing_thickness: number;
  glazing_gas?: GlazingGas;
  glazing_coating?: GlazingCoating;
  glazing_u_value?: number;
}

export interface GlazingResult {
  glazing_type: GlazingType;
  glazing_thickness: number;
  gas: GlazingGas;
  coating: GlazingCoating;
  cavity_mm: number;
  u_g: number;
  /** "customer": the configuration's own glazing_u_value; "table": looked up from the make-up. */
  u_g_source: "customer" | "table";
}

/** The unit's U_g and how it was found. Gas and coating default to argon and low-e (what a modern unit has). */
export function glazingUg(m: GlazingMakeUp, table: GlazingUgTable = DEFAULT_UG_TABLE): GlazingResult {
  const gas = m.glazing_gas ?? "argon";
  const coating = m.glazing_coating ?? "low_e";
  const cavity_mm = Math.round(cavityWidth(m.glazing_type, m.glazing_thickness) * 10) / 10;
  const base = { glazing_type: m.glazing_type, glazing_thickness: m.glazing_thickness, gas, coating, cavity_mm };
  if (m.glazing_u_value !== undefined) return { ...base, u_g: m.glazing_u_value, u_g_source: "customer" };
  return { ...base, u_g: ugFromRow(table[m.glazing_type][coating][gas], cavity_mm), u_g_source: "table" };
}

const ugRow = z
  .array(z.strictObject({ cavity_mm: z.number().min(MIN_CAVITY_MM, `must be at least ${MIN_CAVITY_MM} mm`).max(40), u_g: z.number().positive().max(6) }))
  .min(1, "needs at least one row")
  .refine((r) => r.every((x, i) => i === 0 || x.cavity_mm > r[i - 1].cavity_mm), "cavity widths must ascend");
const byGas = z.strictObject({ air: ugRow, argon: ugRow, krypton: ugRow });
const byCoating = z.strictObject({ none: byGas, low_e: byGas });

/** A shop's own U_g table: every pane count, coating and gas, each a row ascending by cavity width. */
export const glazingUgTableSchema: z.ZodType<GlazingUgTable> = z.strictObject({ double: byCoating, triple: byCoating });
