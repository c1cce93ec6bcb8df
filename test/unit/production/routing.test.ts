import { describe, expect, it } from "vitest";
import { partRouting } from "../../../engine/production/process-routings.ts";
import { MO_STATUSES, moStatusFromOperations, moTransition, operationAction, takesWork, type OperationStatus } from "../../../engine/production/routing.ts";
import { doorFamily } from "../../../engine/products/index.ts";
import { doorRouting } from "../../../engine/products/door/routing.ts";
import { SEED_EXAMPLE_DOOR } from "../../../engine/products/door/example.ts";
import { EXAMPLE_DOOR_PRICES } from "../../../engine/products/door/pricing.ts";

const door = doorFamily.engineering(SEED_EXAMPLE_DOOR, { prices: EXAMPLE_DOOR_PRICES });

describe("routings", () => {
  it("make a door in the seed's order, each operation inspected at its checklist's stage", () => {
    expect(door.routing.map((o) => o.code)).toEqual([
      "cut",
      "machine",
      "frame_assembly",
      "leaf_assembly",
      "finishing",
      "glazing",
      "final_assembly",
      "performance_test",
      "pack",
    ]);
    const stages = door.qc_checklist.map((s) => s.stage);
    for (const op of door.routing) if (op.qc_stage) expect(stages).toContain(op.qc_stage);
    expect(door.routing.filter((o) => o.qc_stage).length).toBe(stages.length);
  });

  it("plan more time for more doors, and time per cut, leaf and pane", () => {
    const one = doorRouting(door.bom, 1);
    const three = doorRouting(door.bom, 3);
    for (let i = 0; i < one.length; i++) expect(three[i].planned_minutes).toBeGreaterThan(one[i].planned_minutes);
    expect(one[0].planned_minutes).toBe(15 + 2 * door.bom.cuts.length);
    expect(one.find((o) => o.code === "glazing")!.planned_minutes).toBe(15 * door.bom.glazing_units.length);
  });

  it("route parts by process, machine time from the price", () => {
    expect(partRouting({ process: "fff", quantity: 10, machine_hours: 3.5 }).map((o) => [o.code, o.planned_minutes])).toEqual([
      ["print", 210],
      ["post_process", 40],
      ["inspect", 25],
      ["pack", 10],
    ]);
    expect(partRouting({ process: "cnc", quantity: 2, machine_hours: 1 }).map((o) => o.code)).toEqual(["program", "machine", "deburr", "inspect", "pack"]);
    expect(partRouting({ process: "laser", quantity: 50, machine_hours: 0.2 }).map((o) => o.code)).toEqual(["nest", "cut", "deburr", "inspect", "pack"]);
  });
});

describe("states", () => {
  it("allow only the manufacturing order's own transitions, naming where it can go", () => {
    expect(moTransition("scheduled", "in_production")).toEqual({ ok: true });
    expect(moTransition("on_hold", "in_production")).toEqual({ ok: true });
    const refused = moTransition("shipped", "in_production");
    expect(refused).toMatchObject({ ok: false, code: "INVALID_TRANSITION" });
    expect(refused.ok ? "" : refused.message).toBe("A manufacturing order that is shipped cannot become in production (it can become delivered)");
    expect(moTransition("delivered", "cancelled")).toMatchObject({ ok: false });
  });

  it("take work (operations, QC, material) only while scheduled or in production", () => {
    expect(MO_STATUSES.filter(takesWork)).toEqual(["scheduled", "in_production"]);
  });

  it("start an operation only when the one it waits on is done; parallel ones wait together", () => {
    const routing = door.routing;
    const statuses: Record<string, OperationStatus> = {};
    expect(operationAction(routing, statuses, "cut", "start")).toEqual({ ok: true, to: "in_progress" });
    expect(operationAction(routing, statuses, "machine", "start")).toMatchObject({
      ok: false,
      code: "OUT_OF_ORDER",
      message: "Operation machine waits for cut (Cut profiles), which is pending",
    });
    expect(operationAction(routing, statuses, "cut", "finish")).toMatchObject({ ok: false, code: "INVALID_TRANSITION" });
    Object.assign(statuses, { cut: "done", machine: "done" });
    // Leaf assembly runs beside frame assembly: both wait on machining only.
    expect(operationAction(routing, statuses, "frame_assembly", "start")).toMatchObject({ ok: true });
    expect(operationAction(routing, statuses, "leaf_assembly", "start")).toMatchObject({ ok: true });
    statuses.leaf_assembly = "done";
    // Finishing waits for both assemblies.
    expect(operationAction(routing, statuses, "finishing", "start")).toMatchObject({
      ok: false,
      code: "OUT_OF_ORDER",
      message: "Operation finishing waits for frame_assembly (Frame assembly), which is pending",
    });
    statuses.frame_assembly = "done";
    expect(operationAction(routing, statuses, "finishing", "start")).toMatchObject({ ok: true });
    expect(operationAction(routing, statuses, "nope", "start")).toMatchObject({ ok: false, code: "UNKNOWN_OPERATION" });
    expect(operationAction(routing, { ...statuses, glazing: "in_progress" }, "glazing", "block")).toEqual({ ok: true, to: "blocked" });
  });

  it("follow the operations: in production once one started, ready when all are done", () => {
    const routing = door.routing;
    expect(moStatusFromOperations("scheduled", routing, {})).toBe("scheduled");
    expect(moStatusFromOperations("scheduled", routing, { cut: "in_progress" })).toBe("in_production");
    expect(moStatusFromOperations("in_production", routing, Object.fromEntries(routing.map((o) => [o.code, "done"])))).toBe("ready");
    expect(moStatusFromOperations("on_hold", routing, { cut: "done" })).toBe("on_hold");
  });
});
