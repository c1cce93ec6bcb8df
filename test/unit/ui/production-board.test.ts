import { describe, expect, it } from "vitest";
import { byColumn, currentOperation, nextMoves, type BoardOperation } from "../../../app/production/board.ts";

const op = (code: string, status: BoardOperation["status"], parallel = false): BoardOperation => ({
  code,
  name: code.toUpperCase(),
  work_centre: "bench",
  planned_minutes: 10,
  parallel_with_previous: parallel,
  qc_stage: null,
  status,
});

describe("the board's moves", () => {
  it("offers starting the first operation only, in routing order", () => {
    const ops = [op("cut", "pending"), op("machine", "pending")];
    expect(nextMoves("scheduled", ops)).toEqual([{ code: "cut", name: "CUT", action: "start" }]);
    expect(currentOperation(ops)?.code).toBe("cut");
  });

  it("offers finishing what is under way and starting an operation that runs alongside it", () => {
    const ops = [op("cut", "done"), op("frame", "in_progress"), op("leaf", "pending", true), op("finish", "pending")];
    expect(nextMoves("in_production", ops).map((m) => `${m.action} ${m.code}`)).toEqual(["finish frame", "start leaf"]);
    expect(currentOperation(ops)?.code).toBe("frame");
  });

  it("resumes a blocked operation, and offers nothing once the MO has left the shop floor or is done", () => {
    const blocked = [op("cut", "done"), op("machine", "blocked")];
    expect(nextMoves("in_production", blocked)).toEqual([{ code: "machine", name: "MACHINE", action: "start" }]);
    expect(nextMoves("on_hold", blocked)).toEqual([]);
    const done = [op("cut", "done"), op("machine", "done")];
    expect(nextMoves("ready", done)).toEqual([]);
    expect(currentOperation(done)).toBeNull();
  });

  it("sorts MOs into the board's columns, leaving cancelled ones off", () => {
    const columns = byColumn([
      { id: "a", status: "scheduled" },
      { id: "b", status: "cancelled" },
      { id: "c", status: "on_hold" },
      { id: "d", status: "scheduled" },
    ]);
    expect(columns.scheduled.map((m) => m.id)).toEqual(["a", "d"]);
    expect(columns.on_hold.map((m) => m.id)).toEqual(["c"]);
    expect(
      Object.values(columns)
        .flat()
        .map((m) => m.id),
    ).not.toContain("b");
  });
});
