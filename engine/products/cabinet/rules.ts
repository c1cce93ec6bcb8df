import type { ValidationIssue } from "../types.ts";
import { TOP_DRAWER_FRONT } from "./layout.ts";
import type { CabinetConfig } from "./schema.ts";

/** Widest single door before its hinges sag it; narrowest leaf pair worth hanging. */
const SINGLE_DOOR_MAX = 600;
const DOUBLE_DOOR_MIN = 500;
/** Longest unsupported span of a 16 mm shelf under a full load of plates. */
const SHELF_SPAN_16 = 800;
/** Shortest drawer front a runner and its box fit behind. */
const MIN_DRAWER_FRONT = 120;

export function validateCabinet(c: CabinetConfig): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (c.doors === 1 && c.width > SINGLE_DOOR_MAX) {
    issues.push({ field: "/doors", message: `one door can close at most ${SINGLE_DOOR_MAX} mm width; choose two doors`, value: c.doors });
  }
  if (c.doors === 2 && c.width < DOUBLE_DOOR_MIN) {
    issues.push({ field: "/doors", message: `two doors need at least ${DOUBLE_DOOR_MIN} mm width`, value: c.doors });
  }
  if (c.doors > 0 && c.drawers > 1) {
    issues.push({ field: "/drawers", message: "with doors there is room for one top drawer only", value: c.drawers });
  }
  if (c.doors === 0 && c.drawers > 0) {
    if (c.shelves > 0) issues.push({ field: "/shelves", message: "a drawer cabinet has no room for shelves", value: c.shelves });
    const front = (c.height - 3 * c.drawers) / c.drawers;
    if (front < MIN_DRAWER_FRONT) {
      issues.push({
        field: "/drawers",
        message: `${c.drawers} drawers would have ${Math.floor(front)} mm fronts; minimum ${MIN_DRAWER_FRONT} mm`,
        value: c.drawers,
      });
    }
  }
  if (c.doors > 0 && c.drawers === 1 && c.height - TOP_DRAWER_FRONT < 300) {
    issues.push({ field: "/height", message: "too low for a drawer above doors", value: c.height });
  }
  if (c.shelves > 0 && c.board_thickness === 16 && c.width - 32 > SHELF_SPAN_16) {
    issues.push({ field: "/board_thickness", message: `16 mm shelves sag over ${SHELF_SPAN_16} mm; use 18 mm board`, value: c.board_thickness });
  }
  return issues;
}
