import type { ValidationIssue } from "../types.ts";
import { leafWeight } from "./cuts.ts";
import { cavities, cavityWidth, MIN_CAVITY_MM, minUnitThickness } from "./glazing.ts";
import { doorLayout } from "./layout.ts";
import { CLOSER_MAX_LEAF_WIDTH, DOOR_SYSTEM, frameWidthRange } from "./profiles.ts";
import type { DoorConfig } from "./schema.ts";

/** Hinges a leaf needs: a third above 2100 mm leaf height. */
export const requiredHinges = (leafHeight: number) => (leafHeight > DOOR_SYSTEM.third_hinge_above_leaf_height ? 3 : 2);

/**
 * The SPW600e system limits, checked whatever a tenant's schema allows (a
 * tenant may narrow its ranges, never widen the system's), and the rules that
 * tie fields together.
 */
export function validateDoor(config: DoorConfig): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const range = (field: keyof typeof DOOR_SYSTEM & ("frame_width" | "frame_height" | "glazing_thickness"), value: number) => {
    const { min, max } = DOOR_SYSTEM[field];
    if (value < min || value > max) issues.push({ field: `/${field}`, message: `must be between ${min} and ${max} mm`, value });
  };
  range("frame_width", config.frame_width);
  range("frame_height", config.frame_height);
  range("glazing_thickness", config.glazing_thickness);
  if (issues.length > 0) return issues;

  const cavity = cavityWidth(config.glazing_type, config.glazing_thickness);
  if (cavity < MIN_CAVITY_MM) {
    const n = cavities(config.glazing_type) === 2 ? "two" : "one";
    issues.push({
      field: "/glazing_thickness",
      message: `a ${config.glazing_thickness} mm ${config.glazing_type} unit cannot be built: its glass leaves ${n} ${cavity.toFixed(1)} mm gas ${n === "one" ? "cavity" : "cavities"}, and spacers start at ${MIN_CAVITY_MM} mm — choose at least ${minUnitThickness(config.glazing_type)} mm`,
      value: config.glazing_thickness,
    });
    return issues;
  }

  const layout = doorLayout(config);
  const leaf = layout.leaves[0];
  const max = DOOR_SYSTEM.leaf_max;
  if (leaf.rect.width > max.width) {
    issues.push({
      field: "/frame_width",
      message:
        config.door_type === "double"
          ? `each leaf would be ${leaf.rect.width} mm wide (frame width, laps and meeting stile overlap shared by two leaves); maximum ${max.width} mm`
          : `a single leaf would be ${leaf.rect.width} mm wide; maximum ${max.width} mm — choose a double door`,
      value: config.frame_width,
    });
  }
  if (leaf.rect.width < DOOR_SYSTEM.leaf_min_width) {
    issues.push({
      field: "/frame_width",
      message:
        config.door_type === "double"
          ? `each leaf would be ${leaf.rect.width} mm wide; minimum ${DOOR_SYSTEM.leaf_min_width} mm — choose a single door or a frame of at least ${frameWidthRange("double").min} mm`
          : `the leaf would be ${leaf.rect.width} mm wide; minimum ${DOOR_SYSTEM.leaf_min_width} mm`,
      value: config.frame_width,
    });
  }
  if (leaf.rect.height > max.height) {
    issues.push({ field: "/frame_height", message: `the leaf would be ${leaf.rect.height} mm high; maximum ${max.height} mm`, value: config.frame_height });
  }
  const weight = leafWeight(leaf, 0, config.glazing_type);
  if (weight.total_kg > max.weight_kg) {
    issues.push({
      field: config.glazing_type === "triple" ? "/glazing_type" : "/frame_width",
      message: `leaf weight ${weight.total_kg.toFixed(1)} kg (profiles ${weight.profiles_kg.toFixed(1)} kg, glass ${weight.glass_kg.toFixed(1)} kg) exceeds ${max.weight_kg} kg`,
      value: config.glazing_type === "triple" ? config.glazing_type : config.frame_width,
    });
  }
  const hinges = config.hardware.hinges_per_leaf;
  const needed = requiredHinges(leaf.rect.height);
  if (hinges !== undefined && hinges < needed) {
    issues.push({
      field: "/hardware/hinges_per_leaf",
      message: `a ${leaf.rect.height} mm high leaf needs ${needed} hinges`,
      value: hinges,
    });
  }
  const closer = config.hardware.closer;
  if (closer !== "none" && leaf.rect.width > CLOSER_MAX_LEAF_WIDTH[closer]) {
    issues.push({
      field: "/hardware/closer",
      message: `${closer} closes leaves up to ${CLOSER_MAX_LEAF_WIDTH[closer]} mm wide (EN 1154); this leaf is ${leaf.rect.width} mm`,
      value: closer,
    });
  }
  return issues;
}
