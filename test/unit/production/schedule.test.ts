import { describe, expect, it } from "vitest";
import type { RoutingOperation } from "../../../engine/production/routing.ts";
import { parseWorkCentres, planProduction, type SchedulableMo } from "../../../engine/production/schedule.ts";

const FRIDAY = Date.parse("2026-12-04T09:00:00Z");
const op = (code: string, work_centre: string, planned_minutes: number, parallel = false): RoutingOperation => ({
  code,
  name: code,
  work_centre,
  planned_minutes,
  ...(parallel && { parallel_with_previous: true }),
});
const mo = (number: string, due: string, routing: RoutingOperation[], operations: SchedulableMo["operations"] = {}): SchedulableMo => ({
  id: number,
  number,
  due_at: Date.parse(`${due}T17:00:00Z`),
  routing,
  operations,
});
const centres = [
  { code: "saw", name: "Saw", hours_per_day: 8 },
  { code: "bench", name: "Bench", hours_per_day: 8 },
];

describe("the production plan", () => {
  it("fills each centre's working days up to its hours, skipping the weekend", () => {
    const plan = planProduction([mo("MO-1", "2026-12-10", [op("cut", "saw", 120), op("build", "bench", 600)])], centres, FRIDAY, 3);
    expect(plan.days).toEqual(["2026-12-04", "2026-12-07", "2026-12-08"]);
    expect(plan.centres.find((c) => c.code === "saw")!.load_hours).toEqual([2, 0, 0]);
    expect(plan.centres.find((c) => c.code === "bench")!.load_hours).toEqual([8, 2, 0]);
    expect(plan.orders).toEqual([{ id: "MO-1", number: "MO-1", due_at: Date.parse("2026-12-10T17:00:00Z"), planned_finish: "2026-12-07", late: false }]);
  });

  it("plans the earliest due first and flags what capacity pushes past its due date", () => {
    const routing = [op("build", "bench", 8 * 60)];
    const plan = planProduction([mo("MO-2", "2026-12-04", routing), mo("MO-1", "2026-12-04", routing), mo("MO-3", "2026-12-31", routing)], centres, FRIDAY, 4);
    expect(plan.orders.map((o) => [o.number, o.planned_finish, o.late])).toEqual([
      ["MO-1", "2026-12-04", false],
      ["MO-2", "2026-12-07", true],
      ["MO-3", "2026-12-08", false],
    ]);
    expect(plan.centres.find((c) => c.code === "bench")!.load_hours).toEqual([8, 8, 8, 0]);
  });

  it("runs parallel operations side by side, skips what is done, and plans unknown centres at the default hours", () => {
    const routing = [op("cut", "saw", 60), op("frame", "bench", 480), op("leaf", "assembly-2", 960, true), op("pack", "dispatch", 30)];
    const plan = planProduction([mo("MO-1", "2026-12-31", routing, { cut: "done" })], centres, FRIDAY, 3);
    const load = (code: string) => plan.centres.find((c) => c.code === code)!;
    expect(load("saw").load_hours).toEqual([0, 0, 0]);
    expect(load("bench").load_hours).toEqual([8, 0, 0]);
    expect(load("assembly-2")).toMatchObject({ configured: false, hours_per_day: 8, load_hours: [8, 8, 0] });
    // Packing waits for the longer of the two parallel operations.
    expect(load("dispatch").load_hours).toEqual([0, 0.5, 0]);
    expect(plan.orders[0].planned_finish).toBe("2026-12-07");
  });

  it("refuses work centres it cannot plan with, naming the field", () => {
    expect(() => parseWorkCentres([{ code: "saw", name: "Saw", hours_per_day: 0 }])).toThrow(
      expect.objectContaining({ details: [{ field: "work_centres.0.hours_per_day", message: "must be more than 0" }] }),
    );
    expect(() => parseWorkCentres([...centres, centres[0]])).toThrow(
      expect.objectContaining({ details: [{ field: "work_centres.2.code", message: "is used by another work centre" }] }),
    );
  });
});
