import { doorCuts, glassUnitArea, leafWeight, type ProfileCut } from "./cuts.ts";
import type { DoorLayout } from "./layout.ts";
import { DOOR_SYSTEM, PROFILES, type ProfileCode } from "./profiles.ts";
import { requiredHinges } from "./rules.ts";
import type { DoorConfig } from "./schema.ts";

export type BomCategory = "profile" | "glazing" | "hardware" | "gasket" | "fixing";

export interface BomLine {
  code: string;
  description: string;
  category: BomCategory;
  quantity: number;
  unit: "m" | "m2" | "pcs";
  /** Quoting allowance for offcuts and spoilage; production uses the cutting list. */
  waste_factor: number;
  quantity_with_waste: number;
  weight_kg: number;
}

export interface GlazingUnit {
  leaf: number;
  width: number;
  height: number;
  area_m2: number;
  weight_kg: number;
}

export interface LeafSummary {
  role: "single" | "active" | "passive";
  width: number;
  height: number;
  weight_kg: number;
  hinges: number;
}

export interface DoorBom {
  lines: BomLine[];
  cuts: ProfileCut[];
  glazing_units: GlazingUnit[];
  leaves: LeafSummary[];
  total_weight_kg: number;
}

/** Waste factors of the seed's section 4.4; glass units are made to size and carry none. */
const WASTE = { profile: 1.1, threshold: 1.05, gasket: 1.15, glazing: 1, item: 1 } as const;

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Frame fixings along one member: at most `fixing_spacing` apart, the outer ones `fixing_end_distance` in. */
const fixingsAlong = (length: number) => Math.max(2, Math.ceil((length - 2 * DOOR_SYSTEM.fixing_end_distance) / DOOR_SYSTEM.fixing_spacing) + 1);

export function doorBom(config: DoorConfig, layout: DoorLayout): DoorBom {
  const cuts = doorCuts(layout);
  const lines: BomLine[] = [];
  const line = (code: string, description: string, category: BomCategory, quantity: number, unit: BomLine["unit"], waste: number, weight_kg = 0) =>
    lines.push({
      code,
      description,
      category,
      quantity: round(quantity),
      unit,
      waste_factor: waste,
      quantity_with_waste: round(quantity * waste),
      weight_kg: round(weight_kg),
    });

  // Profiles: metres of saw length per profile.
  const metres = new Map<ProfileCode, number>();
  for (const c of cuts) metres.set(c.profile, (metres.get(c.profile) ?? 0) + (c.length * c.quantity) / 1000);
  for (const [code, m] of metres) {
    const waste = code === layout.threshold ? WASTE.threshold : WASTE.profile;
    line(code, PROFILES[code].description, "profile", m, "m", waste, m * PROFILES[code].kg_per_m);
  }

  const leafWeights = layout.leaves.map((leaf, i) => leafWeight(leaf, i, config.glazing_type));
  const glazing_units = layout.leaves.map((leaf, i) => ({
    leaf: i + 1,
    width: leaf.glass_unit.width,
    height: leaf.glass_unit.height,
    area_m2: round(glassUnitArea(leaf), 4),
    weight_kg: round(leafWeights[i].glass_kg, 2),
  }));
  const glassArea = glazing_units.reduce((s, u) => s + u.area_m2, 0);
  line(
    `GLAZING-${config.glazing_type.toUpperCase()}-${config.glazing_thickness}`,
    `${config.glazing_type} glazed unit ${config.glazing_thickness} mm, ${config.glazing_gas ?? "argon"} filled, ${config.glazing_coating === "none" ? "uncoated" : "low-e"}, U_g ${config.glazing_u_value}, ${config.spacer ?? "warm_edge"} spacer`,
    "glazing",
    glassArea,
    "m2",
    WASTE.glazing,
    glazing_units.reduce((s, u) => s + u.weight_kg, 0),
  );

  const leafCount = layout.leaves.length;
  const hw = config.hardware;
  const leaves: LeafSummary[] = layout.leaves.map((leaf, i) => ({
    role: leaf.role,
    width: leaf.rect.width,
    height: leaf.rect.height,
    weight_kg: round(leafWeights[i].total_kg, 2),
    hinges: hw.hinges_per_leaf ?? requiredHinges(leaf.rect.height),
  }));
  const hinges = leaves.reduce((s, l) => s + l.hinges, 0);
  line(`HINGE-${hw.hinges.toUpperCase()}`, `${hw.hinges.replace("_", " ")} hinge`, "hardware", hinges, "pcs", WASTE.item);
  // The active (or only) leaf locks; a passive leaf is held by flush bolts.
  line(`LOCK-${hw.lock.toUpperCase()}`, `Lock ${hw.lock.replaceAll("_", " ")}`, "hardware", 1, "pcs", WASTE.item);
  if (config.door_type === "double") line("FLUSH-BOLT-SET", "Flush bolt set, passive leaf", "hardware", 1, "pcs", WASTE.item);
  line(`HANDLE-${hw.handles.toUpperCase()}`, `Handle set ${hw.handles.replaceAll("_", " ")}`, "hardware", 1, "pcs", WASTE.item);
  if (hw.closer !== "none") {
    line(`CLOSER-${hw.closer.toUpperCase()}`, `Door closer ${hw.closer.replaceAll("_", " ")}`, "hardware", leafCount, "pcs", WASTE.item);
    // Two closed leaves with a rebated meeting stile must close in order (EN 1158).
    if (config.door_type === "double") line("CLOSER-COORDINATOR", "Closing sequence selector", "hardware", 1, "pcs", WASTE.item);
  }

  const H = layout.frame_height;
  const W = layout.frame_width;
  const weatherSeal = 2 * H + W + (config.door_type === "double" ? layout.leaves[0].rect.height : 0);
  line("GASKET-EPDM-WEATHER", "EPDM weather seal, frame rebate and meeting stile", "gasket", weatherSeal / 1000, "m", WASTE.gasket);
  const glassPerimeter = layout.leaves.reduce((s, l) => s + 2 * (l.glass_visible.width + l.glass_visible.height), 0);
  line("GASKET-EPDM-GLAZING", "EPDM glazing gasket, both faces", "gasket", (2 * glassPerimeter) / 1000, "m", WASTE.gasket);
  const leafWidths = layout.leaves.reduce((s, l) => s + l.rect.width, 0);
  line("SEAL-BRUSH-BOTTOM", "Leaf bottom brush seal", "gasket", leafWidths / 1000, "m", WASTE.gasket);
  const fixings = fixingsAlong(W) + 2 * fixingsAlong(H) + fixingsAlong(layout.opening.width);
  line("FIXING-SS-A2", "Stainless steel frame fixing A2", "fixing", fixings, "pcs", WASTE.item);

  const total_weight_kg = round(
    lines.reduce((s, l) => s + (l.category === "glazing" || l.category === "profile" ? l.weight_kg : 0), 0),
    2,
  );
  return { lines, cuts, glazing_units, leaves, total_weight_kg };
}
