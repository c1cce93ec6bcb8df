import type { CutRequest } from "../../cutting/types.ts";
import type { DoorLayout, LeafLayout } from "./layout.ts";
import { DOOR_SYSTEM, GLASS_KG_PER_M2_PER_MM, PROFILES, glassThickness, type ProfileCode } from "./profiles.ts";
import type { DoorConfig } from "./schema.ts";

/** One profile cut of the door: nominal (finished) length, and the length to saw including mitre allowance. */
export interface ProfileCut {
  profile: ProfileCode;
  label: string;
  nominal_length: number;
  mitred_ends: 0 | 1 | 2;
  /** Saw length: nominal + mitre allowance per mitred end. */
  length: number;
  quantity: number;
}

const cut = (profile: ProfileCode, label: string, nominal: number, mitred_ends: 0 | 1 | 2, quantity: number): ProfileCut => ({
  profile,
  label,
  nominal_length: nominal,
  mitred_ends,
  length: nominal + mitred_ends * DOOR_SYSTEM.mitre_allowance,
  quantity,
});

export function frameCuts(layout: DoorLayout): ProfileCut[] {
  return [
    cut("SPW600e-FRAME-75", "Frame head", layout.frame_width, 2, 1),
    cut("SPW600e-FRAME-75", "Frame jamb", layout.frame_height, 1, 2),
    cut(layout.threshold, "Threshold", layout.opening.width, 0, 1),
  ];
}

export function leafCuts(leaf: LeafLayout, index: number): ProfileCut[] {
  const name = `Leaf ${index + 1}`;
  const g = leaf.glass_visible;
  return [
    cut("SPW600e-LEAF-75", `${name} hinge stile`, leaf.rect.height, 0, 1),
    cut(leaf.lock_stile, leaf.lock_stile === "SPW600e-MEET-64" ? `${name} meeting stile` : `${name} lock stile`, leaf.rect.height, 0, 1),
    cut("SPW600e-LEAF-75", `${name} top rail`, g.width, 0, 1),
    cut("SPW600e-RAIL-120", `${name} bottom rail`, g.width, 0, 1),
    cut("SPW600e-BEAD", `${name} bead horizontal`, g.width, 2, 2),
    cut("SPW600e-BEAD", `${name} bead vertical`, g.height, 2, 2),
  ];
}

export function doorCuts(layout: DoorLayout): ProfileCut[] {
  return [...frameCuts(layout), ...layout.leaves.flatMap((leaf, i) => leafCuts(leaf, i))];
}

/** The door's cuts as cutting-list requests (quantity multiplied for an order of `doors`). */
export function cuttingRequests(cuts: ProfileCut[], doors = 1, labelPrefix = ""): CutRequest[] {
  return cuts.map((c) => ({ length: c.length, quantity: c.quantity * doors, label: labelPrefix + c.label, profile: c.profile }));
}

export const glassUnitArea = (leaf: LeafLayout) => (leaf.glass_unit.width * leaf.glass_unit.height) / 1e6;

/** Leaf weight: its profiles at nominal length × kg/m plus its glass unit (hardware excluded). */
export function leafWeight(leaf: LeafLayout, index: number, glazing: DoorConfig["glazing_type"]): { profiles_kg: number; glass_kg: number; total_kg: number } {
  const profiles_kg = leafCuts(leaf, index).reduce((s, c) => s + (c.nominal_length / 1000) * c.quantity * PROFILES[c.profile].kg_per_m, 0);
  const glass_kg = glassUnitArea(leaf) * glassThickness(glazing) * GLASS_KG_PER_M2_PER_MM;
  return { profiles_kg, glass_kg, total_kg: profiles_kg + glass_kg };
}
