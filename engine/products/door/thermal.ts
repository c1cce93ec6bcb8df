import { psiValue } from "../../thermal/psi.ts";
import { computeUValue, type UValueResult } from "../../thermal/u-value.ts";
import type { GlazingResult } from "./glazing.ts";
import type { DoorLayout } from "./layout.ts";
import { PROFILES } from "./profiles.ts";
import type { DoorConfig } from "./schema.ts";

/**
 * The door's U by EN ISO 10077-1 from its own layout: one frame section per
 * profile zone (sight-line strip × length, with that profile's U_f), one
 * glazed area per leaf with the unit's U_g, its visible perimeter and ψ by
 * spacer and coating (Annex E's columns: uncoated, or low-e).
 */
export function doorUValue(config: DoorConfig, layout: DoorLayout, glazing: GlazingResult, limit?: number): UValueResult {
  const psi = psiValue(config.spacer ?? "warm_edge", "metal_thermal_break", glazing.coating === "low_e");
  return computeUValue({
    frames: layout.zones.map((z) => ({ label: z.label, area_m2: z.area_mm2 / 1e6, u_value: PROFILES[z.profile].u_f ?? 0 })),
    glazing: layout.leaves.map((leaf, i) => ({
      label: `Leaf ${i + 1} glazing`,
      area_m2: (leaf.glass_visible.width * leaf.glass_visible.height) / 1e6,
      u_value: glazing.u_g,
      edge_length_m: (2 * (leaf.glass_visible.width + leaf.glass_visible.height)) / 1000,
      psi,
    })),
    limit,
  });
}
