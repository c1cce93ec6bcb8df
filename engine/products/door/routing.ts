import type { RoutingOperation } from "../../production/routing.ts";
import type { DoorBom } from "./bom.ts";

/**
 * How a door is made (issue 13): cut → machine → frame assembly → leaf
 * assembly → finishing → glazing → final assembly → performance test → pack,
 * for `quantity` doors. Planned minutes grow with what the BOM holds (cuts,
 * leaves, glass units); the figures are planning estimates a shop tunes. The
 * QC stages are those of the door's checklist (./qc.ts).
 */
export function doorRouting(bom: DoorBom, quantity: number): RoutingOperation[] {
  const leaves = bom.leaves.length;
  const panes = bom.glazing_units.length;
  const per = (setup: number, each: number) => Math.round(setup + each * quantity);
  return [
    { code: "cut", name: "Cut profiles", work_centre: "saw", planned_minutes: per(15, 2 * bom.cuts.length), consumes: "cutting_list" },
    { code: "machine", name: "Machine (drill, drainage, lock pockets)", work_centre: "profile-machining", planned_minutes: per(10, 15 + 10 * leaves) },
    { code: "frame_assembly", name: "Frame assembly", work_centre: "assembly", planned_minutes: per(0, 45), qc_stage: "Frame Assembly" },
    // The leaves are built on a second bench while the frame is assembled.
    {
      code: "leaf_assembly",
      name: "Leaf assembly",
      work_centre: "assembly",
      planned_minutes: per(0, 40 * leaves),
      parallel_with_previous: true,
      qc_stage: "Leaf Assembly",
    },
    { code: "finishing", name: "Finishing", work_centre: "paint-line", planned_minutes: per(30, 20), qc_stage: "Finishing" },
    { code: "glazing", name: "Glazing", work_centre: "glazing", planned_minutes: per(0, 15 * panes), qc_stage: "Glazing" },
    {
      code: "final_assembly",
      name: "Final assembly (hardware, seals, hanging)",
      work_centre: "assembly",
      planned_minutes: per(0, 30 + 10 * leaves),
      qc_stage: "Final Assembly",
    },
    { code: "performance_test", name: "Performance test", work_centre: "test-rig", planned_minutes: per(0, 15), qc_stage: "Performance Testing" },
    { code: "pack", name: "Pack", work_centre: "dispatch", planned_minutes: per(5, 15) },
  ];
}
