import { describe, expect, it } from "vitest";
import { createTenant, data, expectError, type TestTenant } from "./helpers.ts";
import { keyClient, type Mo, placedDoorOrder, userWithRole } from "./shop-fixture.ts";

const act = (t: TestTenant, mo: Mo, code: string, action: string) => t.owner.post(`/api/v1/manufacturing-orders/${mo.id}/operations/${code}/${action}`);
const qc = (t: TestTenant, mo: Mo, body: unknown) => t.owner.post(`/api/v1/manufacturing-orders/${mo.id}/qc-checkpoints`, body);

type Action = { id: string; description: string; status: "open" | "closed"; owner: string | null; due_at: string | null; closed_note: string | null };
type Checkpoint = {
  id: string;
  overall_status: string;
  checks: { status: string; out_of_tolerance: boolean }[];
  corrective_actions: Action[];
  operation: { code: string; status: string };
};

/** Starts the door's operations up to and including frame assembly. */
async function atFrameAssembly(t: TestTenant, mo: Mo) {
  for (const code of ["cut", "machine"]) {
    await data(act(t, mo, code, "start"));
    await data(act(t, mo, code, "finish"));
  }
  await data(act(t, mo, "frame_assembly", "start"));
}

describe("manufacturing orders", () => {
  it("one per order line, numbered, with the door's routing, BOM, QC checklist and a due date", async () => {
    const t = await createTenant();
    const { order, mo } = await placedDoorOrder(t, 3);
    expect(mo).toMatchObject({
      number: `MO-${new Date().getUTCFullYear()}-0001`,
      order_id: order.id,
      order_number: order.number,
      status: "scheduled",
      quantity: 3,
    });
    expect(mo.operations.map((o) => o.code)).toEqual([
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
    expect(mo.operations.every((o) => o.status === "pending")).toBe(true);
    expect(mo.bom!.cuts.length).toBeGreaterThan(0);
    expect(mo.qc_checkpoints!.map((s) => s.stage)).toContain("Frame Assembly");
    expect(Date.parse(mo.due_at)).toBeGreaterThan(Date.now());
    expect(await data<Mo>(t.owner.get(`/api/v1/manufacturing-orders/${mo.id}`))).toMatchObject({ ...mo, qc_records: [], corrective_actions: [] });
    // Work still to do at the saw: found by work centre, gone once cut.
    expect((await data<Mo[]>(t.owner.get("/api/v1/manufacturing-orders?work_centre=saw"))).map((m) => m.id)).toEqual([mo.id]);
  });

  it("moves operations in routing order: out of order and wrong-state actions are 409 naming why", async () => {
    const t = await createTenant();
    const { mo } = await placedDoorOrder(t, 1);
    await expectError(act(t, mo, "machine", "start"), 409, "CONFLICT", "code");
    await expectError(act(t, mo, "cut", "finish"), 409, "CONFLICT", "code");
    await expectError(act(t, mo, "weld", "start"), 404, "NOT_FOUND");
    const started = await data<Mo>(act(t, mo, "cut", "start"));
    expect(started.status).toBe("in_production");
    const cut = await data<Mo>(act(t, mo, "cut", "finish"));
    expect(cut.operations[0].status).toBe("done");
    expect(await data<Mo[]>(t.owner.get("/api/v1/manufacturing-orders?work_centre=saw"))).toEqual([]);
    // Everything done: ready. An operation with a QC stage is finished by its passing checkpoint.
    for (const op of mo.operations.slice(1)) {
      await data(act(t, mo, op.code, "start"));
      if (op.qc_stage)
        await data(qc(t, mo, { checkpoint_stage: op.qc_stage, inspector_name: "Ann", checks: [{ description: "Looks right", status: "pass" }] }), 201);
      else await data(act(t, mo, op.code, "finish"));
    }
    expect((await data<Mo>(t.owner.get(`/api/v1/manufacturing-orders/${mo.id}`))).status).toBe("ready");
    await expectError(act(t, mo, "pack", "block"), 409, "CONFLICT", "status");
  });

  it("an order is cancelled with its scheduled work, and not at all once production has started", async () => {
    const t = await createTenant();
    const waiting = await placedDoorOrder(t, 1);
    await data(t.owner.post(`/api/v1/orders/${waiting.order.id}/cancel`));
    expect((await data<Mo>(t.owner.get(`/api/v1/manufacturing-orders/${waiting.mo.id}`))).status).toBe("cancelled");
    await expectError(act(t, waiting.mo, "cut", "start"), 409, "CONFLICT");

    const running = await placedDoorOrder(t, 1);
    await data(act(t, running.mo, "cut", "start"));
    await expectError(t.owner.post(`/api/v1/orders/${running.order.id}/cancel`), 409, "CONFLICT", "status");
    expect((await data<{ status: string }>(t.owner.get(`/api/v1/orders/${running.order.id}`))).status).not.toBe("cancelled");
    expect((await data<Mo>(t.owner.get(`/api/v1/manufacturing-orders/${running.mo.id}`))).status).toBe("in_production");
  });

  it("QC: a measurement out of tolerance fails the check and opens a corrective action that holds the stage until closed", async () => {
    const t = await createTenant();
    const { mo } = await placedDoorOrder(t, 1);
    await atFrameAssembly(t, mo);
    await expectError(act(t, mo, "frame_assembly", "finish"), 409, "CONFLICT", "code");
    const failed = await data<Checkpoint>(
      qc(t, mo, {
        checkpoint_stage: "Frame Assembly",
        inspector_name: "Ann Inspector",
        checks: [
          { check_id: "FA-1", description: "Diagonal difference", status: "pass", measurement: "3.5 mm", tolerance: "max 2 mm" },
          { check_id: "FA-2", description: "Corner joints sealed", status: "pass" },
        ],
      }),
      201,
    );
    expect(failed.overall_status).toBe("fail");
    expect(failed.checks[0]).toMatchObject({ status: "fail", out_of_tolerance: true });
    expect(failed.corrective_actions).toHaveLength(1);
    expect(failed.corrective_actions[0]).toMatchObject({ description: "Rework and re-inspect: Diagonal difference", status: "open" });
    expect(failed.corrective_actions[0].due_at).not.toBeNull();
    expect(failed.operation).toEqual({ code: "frame_assembly", status: "in_progress" });
    // Held: the operation cannot finish, so finishing and what follows wait.
    await expectError(act(t, mo, "frame_assembly", "finish"), 409, "CONFLICT", "code");
    await expectError(act(t, mo, "finishing", "start"), 409, "CONFLICT", "code");
    const action = failed.corrective_actions[0];
    const close = (note: string) => t.owner.post(`/api/v1/manufacturing-orders/${mo.id}/corrective-actions/${action.id}/close`, { note });
    await expectError(close(""), 400, "VALIDATION_ERROR", "note");
    expect(await data<Action>(close("Frame re-squared, diagonal now 1 mm"))).toMatchObject({
      status: "closed",
      closed_note: "Frame re-squared, diagonal now 1 mm",
    });
    await expectError(close("again"), 409, "CONFLICT", "actionId");
    expect((await data<Mo>(act(t, mo, "frame_assembly", "finish"))).operations.find((o) => o.code === "frame_assembly")!.status).toBe("done");
    const detail = await data<{ qc_records: { overall_status: string }[]; corrective_actions: Action[] }>(t.owner.get(`/api/v1/manufacturing-orders/${mo.id}`));
    expect(detail.qc_records.map((r) => r.overall_status)).toEqual(["fail"]);
    expect(detail.corrective_actions.map((a) => a.status)).toEqual(["closed"]);
  });

  it("QC: a failure with its corrective action named is a conditional pass; all pass finishes the stage", async () => {
    const t = await createTenant();
    const { mo } = await placedDoorOrder(t, 1);
    await atFrameAssembly(t, mo);
    const conditional = await data<Checkpoint>(
      qc(t, mo, {
        checkpoint_stage: "frame assembly",
        inspector_name: "Ann",
        checks: [
          {
            description: "Scratch on the head",
            status: "fail",
            corrective_action: "Touch up before finishing",
            corrective_action_owner: "Bob",
            corrective_action_due: "2027-01-04",
          },
        ],
      }),
      201,
    );
    expect(conditional.overall_status).toBe("conditional_pass");
    expect(conditional.corrective_actions[0]).toMatchObject({ description: "Touch up before finishing", owner: "Bob", due_at: "2027-01-04T17:00:00.000Z" });
    // A later all-pass re-inspection clears the stage and finishes its operation.
    const passed = await data<Checkpoint>(
      qc(t, mo, {
        checkpoint_stage: "Frame Assembly",
        inspector_name: "Ann",
        checks: [{ description: "Scratch repaired", status: "pass", measurement: "0.5 mm", tolerance: "±1 mm" }],
      }),
      201,
    );
    expect(passed).toMatchObject({ overall_status: "pass", corrective_actions: [], operation: { code: "frame_assembly", status: "done" } });
  });

  it("QC: refuses what cannot be judged, naming the check", async () => {
    const t = await createTenant();
    const { mo } = await placedDoorOrder(t, 1);
    const body = (check: object, stage = "Glazing") => ({
      checkpoint_stage: stage,
      inspector_name: "Ann",
      checks: [
        { description: "Ok", status: "pass" },
        { description: "Bead gap", status: "pass", ...check },
      ],
    });
    await expectError(qc(t, mo, body({ measurement: "1.5", tolerance: "max 2 mm" })), 422, "VALIDATION_ERROR", "checks.1.measurement");
    await expectError(qc(t, mo, body({ measurement: "about 2 mm", tolerance: "max 2 mm" })), 422, "VALIDATION_ERROR", "checks.1.measurement");
    await expectError(qc(t, mo, body({ measurement: "2 cm", tolerance: "max 2 mm" })), 422, "VALIDATION_ERROR", "checks.1.measurement");
    await expectError(qc(t, mo, body({}, "Painting")), 422, "UNPROCESSABLE_ENTITY", "checkpoint_stage");
    await expectError(qc(t, mo, { checkpoint_stage: "Glazing", inspector_name: "Ann", checks: [] }), 400, "VALIDATION_ERROR", "checks");
    expect((await data<{ qc_records: unknown[] }>(t.owner.get(`/api/v1/manufacturing-orders/${mo.id}`))).qc_records).toEqual([]);
    const customer = await userWithRole(t, "customer_admin");
    await expectError(
      customer.fetch(`/api/v1/manufacturing-orders/${mo.id}/qc-checkpoints`, {
        method: "POST",
        body: JSON.stringify(body({})),
        headers: { "content-type": "application/json" },
      }),
      403,
      "FORBIDDEN",
    );
    const reader = await keyClient(t, ["quotes:read"]);
    await expectError(
      reader.fetch(`/api/v1/manufacturing-orders/${mo.id}/qc-checkpoints`, {
        method: "POST",
        body: JSON.stringify(body({})),
        headers: { "content-type": "application/json" },
      }),
      403,
      "FORBIDDEN",
    );
  });

  it("are planned on the work centres' days, and the ones capacity makes late are flagged", async () => {
    const t = await createTenant();
    const { mo } = await placedDoorOrder(t, 2);
    type Plan = {
      days: string[];
      work_centres: { code: string; hours_per_day: number; configured: boolean; load_hours: number[] }[];
      manufacturing_orders: { number: string; planned_finish: string; late: boolean }[];
      late: string[];
    };
    const plan = await data<Plan>(t.owner.get("/api/v1/production/schedule?days=5"));
    expect(plan.days).toHaveLength(5);
    const saw = plan.work_centres.find((w) => w.code === "saw")!;
    expect(saw).toMatchObject({ configured: false, hours_per_day: 8 });
    expect(saw.load_hours[0]).toBeCloseTo(mo.operations[0].planned_minutes / 60, 2);
    expect(plan.manufacturing_orders).toMatchObject([{ number: mo.number, late: false }]);
    expect(plan.late).toEqual([]);

    // Six minutes a day at assembly: the doors cannot make their due date.
    await expectError(
      t.owner.fetch("/api/v1/tenant/work-centres", { method: "PUT", json: { work_centres: [{ code: "assembly", name: "Assembly", hours_per_day: -1 }] } }),
      400,
      "VALIDATION_ERROR",
      "work_centres.0.hours_per_day",
    );
    const centres = await data<{ code: string }[]>(
      t.owner.fetch("/api/v1/tenant/work-centres", { method: "PUT", json: { work_centres: [{ code: "assembly", name: "Assembly", hours_per_day: 0.1 }] } }),
    );
    expect(centres.map((w) => w.code)).toEqual(["assembly"]);
    const squeezed = await data<Plan>(t.owner.get("/api/v1/production/schedule?days=5"));
    expect(squeezed.work_centres.find((w) => w.code === "assembly")!.load_hours).toEqual([0.1, 0.1, 0.1, 0.1, 0.1]);
    expect(squeezed.late).toEqual([mo.number]);

    await expectError((await userWithRole(t, "customer_admin")).fetch("/api/v1/production/schedule"), 403, "FORBIDDEN");
    await expectError((await userWithRole(t, "staff")).fetch("/api/v1/tenant/work-centres", { method: "PUT", json: { work_centres: [] } }), 403, "FORBIDDEN");
  });

  it("tell their order's story in one timeline; the customer sees the shop act, not who or with which lots", async () => {
    const t = await createTenant();
    const { order, mo, client } = await placedDoorOrder(t, 1);
    await data(act(t, mo, "cut", "start"));
    const lot = await data<{ lot_number: string }>(
      t.owner.post("/api/v1/lots", { material: "Profile", supplier: "Alu AG", supplier_lot: "S", quantity: 10, unit: "m" }),
      201,
    );
    await data(t.owner.post(`/api/v1/manufacturing-orders/${mo.id}/consumptions`, { lot_number: lot.lot_number, quantity: 4 }), 201);
    await data(act(t, mo, "cut", "finish"));
    type Entry = { event: string; summary: string; subject: { number: string | null }; actor: { type: string; name: string | null } };
    const shop = await data<Entry[]>(t.owner.get(`/api/v1/orders/${order.id}/timeline`));
    expect(shop.map((e) => e.event)).toEqual([
      "order.placed",
      "order.purchase_order",
      "manufacturing_order.created",
      "manufacturing_order.operation_start",
      "lot.consumed",
      "manufacturing_order.operation_finish",
    ]);
    expect(shop[3]).toMatchObject({
      summary: `Cut profiles started (${mo.number})`,
      subject: { number: mo.number },
      actor: { type: "shop", name: expect.any(String) },
    });
    expect(shop[4].summary).toBe(`4 of lot ${lot.lot_number} used (${mo.number})`);
    const customer = await data<Entry[]>(client.get(`/api/v1/orders/${order.id}/timeline`));
    expect(customer.map((e) => e.event)).toEqual([
      "order.placed",
      "order.purchase_order",
      "manufacturing_order.created",
      "manufacturing_order.operation_start",
      "manufacturing_order.operation_finish",
    ]);
    expect(customer[1].actor).toEqual({ type: "customer", name: null });
    expect(customer[3].actor).toEqual({ type: "shop", name: null });
    await expectError((await userWithRole(t, "customer_admin")).fetch(`/api/v1/orders/${order.id}/timeline`), 404, "NOT_FOUND");
  });

  it("is the shop's: customers 403, a read-only key cannot move work, a production key can", async () => {
    const t = await createTenant();
    const { mo, client } = await placedDoorOrder(t, 1);
    await expectError(client.get(`/api/v1/manufacturing-orders/${mo.id}`), 403, "FORBIDDEN");
    await expectError(
      (await userWithRole(t, "customer_admin")).fetch(`/api/v1/manufacturing-orders/${mo.id}/operations/cut/start`, { method: "POST" }),
      403,
      "FORBIDDEN",
    );
    const reader = await keyClient(t, ["quotes:read"]);
    expect((await reader.fetch(`/api/v1/manufacturing-orders/${mo.id}`)).status).toBe(200);
    await expectError(reader.fetch(`/api/v1/manufacturing-orders/${mo.id}/operations/cut/start`, { method: "POST" }), 403, "FORBIDDEN");
    const floor = await keyClient(t, ["production:write"]);
    expect((await data<Mo>(floor.fetch(`/api/v1/manufacturing-orders/${mo.id}/operations/cut/start`, { method: "POST" }))).operations[0].status).toBe(
      "in_progress",
    );
    const staff = await userWithRole(t, "staff");
    expect((await data<Mo>(staff.fetch(`/api/v1/manufacturing-orders/${mo.id}/operations/cut/finish`, { method: "POST" }))).operations[0].status).toBe("done");
  });
});
