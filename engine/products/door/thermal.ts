import { psiValue } from "../../thermal/psi.ts";
import { computeUValue, type UValueResult } from "../../thermal/u-value.ts";
import type { DoorLayout } from "./layout.ts";
import { PROFILES } from "./profiles.ts";
import type { DoorConfig } from "./schema.ts";

/**
 * The door's U by EN ISO 10077-1 from its own layout: one frame section per
 * profile zone (sight-line strip × length, with that profile's U_f), one
 * glazed area per leaf with its visible perimeter and ψ by spacer. Glazing is
 * taken as low-e coated (any modern U_g unit is), which selects the ψ column.
 */
export function doorUValue(config: DoorConfig, layout: DoorLayout, limit?: number): UValueResult {
  const psi = psiValue(config.spacer ?? "warm_edge", "metal_thermal_break", true);
  return computeUValue({
    frames: layout.zones.map((z) => ({ label: z.label, area_m2: z.area_mm2 / 1e6, u_value: PROFILES[z.profile].u_f ?? 0 })),
    glazing: layout.leaves.map((leaf, i) => ({
      label: `Leaf ${i + 1} glazing`,
      area_m2: (leaf.glass_visible.width * leaf.glass_visible.height) / 1e6,
      u_value: config.glazing_u_value,
      edge_length_m: (2 * (leaf.glass_visible.width + leaf.glass_visible.height)) / 1000,
      psi,
    })),
    limit,
  });
}
