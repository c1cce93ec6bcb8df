import { EngineError } from "../errors.ts";
import type { CabinetConfig } from "../products/cabinet/schema.ts";
import type { DoorConfig } from "../products/door/schema.ts";
import { cabinetElevation } from "./cabinet/elevation.ts";
import { cabinetPlan } from "./cabinet/plan.ts";
import { cabinetSection } from "./cabinet/section.ts";
import { doorElevation } from "./door/elevation.ts";
import { doorPlan } from "./door/plan.ts";
import { doorDetails, doorSections } from "./door/details.ts";
import type { DrawingView } from "./model.ts";

/**
 * The drawing views each product family registers, by drawing type: one
 * drawing type is one sheet holding one or more views. A family without
 * drawings has no entry; a drawing type it does not offer is refused.
 */
export const FAMILY_VIEWS = {
  "spw600e-door": {
    elevation: (c: DoorConfig) => [doorElevation(c, "outside"), doorElevation(c, "inside")],
    plan: (c: DoorConfig) => [doorPlan(c)],
    section: doorSections,
    detail: doorDetails,
  },
  "kitchen-base-cabinet": {
    elevation: (c: CabinetConfig) => [cabinetElevation(c)],
    plan: (c: CabinetConfig) => [cabinetPlan(c)],
    section: (c: CabinetConfig) => [cabinetSection(c)],
  },
} as const;

export type DrawingFamily = keyof typeof FAMILY_VIEWS;
export const ALL_DRAWING_TYPES = ["elevation", "plan", "section", "detail"] as const;

/** The views of drawing `type` for a configuration of `family`, or a 422 naming `drawing_types`. */
export function familyViews<F extends DrawingFamily>(family: F, type: string, config: Parameters<(typeof FAMILY_VIEWS)[F]["elevation"]>[0]): DrawingView[] {
  // Each family's generators take that family's configuration, which the signature ties to `family`.
  const views = FAMILY_VIEWS[family] as unknown as Record<string, (c: typeof config) => DrawingView[]>;
  const make = views[type];
  if (!make) {
    const offered = Object.keys(views).join(", ");
    throw new EngineError("unknown_drawing_type", `This product has no "${type}" drawing; it offers ${offered}.`, 422, [
      { field: "drawing_types", message: `must be one of ${offered}`, value: type },
    ]);
  }
  return make(config);
}
