import { describe, expect, it } from "vitest";
import { orderProgress, type StageMo } from "../../../engine/production/order-stage.ts";
import type { MoStatus, OperationStatus } from "../../../engine/production/routing.ts";

const routing = [
  { code: "cut", name: "Cut", work_centre: "saw", planned_minutes: 10 },
  { code: "glaze", name: "Glazing", work_centre: "glazing", planned_minutes: 20 },
];
const mo = (status: MoStatus, due_at: number, operations: Record<string, OperationStatus> = {}): StageMo => ({ status, routing, operations, due_at });
const paid = { status: "paid", paid_at: 1 };

describe("an order's stage for its buyer", () => {
  it("is awaiting payment or planning before any line is planned", () => {
    expect(orderProgress({ status: "awaiting_payment", paid_at: null }, [])).toEqual({
      stage: "awaiting_payment",
      operation: null,
      operations_done: 0,
      operations_total: 0,
      due_at: null,
    });
    expect(orderProgress({ status: "purchase_order", paid_at: null }, []).stage).toBe("planning");
  });

  it("is its least advanced line's, with the operation under way and the last due date of the lines still being made", () => {
    const p = orderProgress(paid, [
      mo("ready", 500, { cut: "done", glaze: "done" }),
      mo("in_production", 300, { cut: "done", glaze: "in_progress" }),
      mo("scheduled", 400),
    ]);
    expect(p).toEqual({ stage: "scheduled", operation: "Glazing", operations_done: 3, operations_total: 6, due_at: 400 });
    expect(orderProgress(paid, [mo("ready", 500), mo("shipped", 300)])).toMatchObject({ stage: "ready", due_at: null });
    expect(orderProgress(paid, [mo("delivered", 500), mo("delivered", 300)]).stage).toBe("delivered");
  });

  it("is on hold when a line is, and leaves cancelled lines out", () => {
    expect(orderProgress(paid, [mo("in_production", 100, { cut: "in_progress" }), mo("on_hold", 200)])).toMatchObject({ stage: "on_hold", due_at: 200 });
    expect(orderProgress(paid, [mo("cancelled", 900), mo("shipped", 100)])).toMatchObject({ stage: "shipped", operations_total: 2 });
  });
});
