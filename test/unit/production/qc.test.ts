import { describe, expect, it } from "vitest";
import { evaluateCheckpoint, stageCleared } from "../../../engine/production/qc.ts";

const squareness = "Frame squareness (max 2mm diagonal difference)";

describe("a QC checkpoint", () => {
  it("passes when every check passes within its tolerance", () => {
    const r = evaluateCheckpoint([
      { description: squareness, status: "pass", measurement: "1.5mm", tolerance: "2mm" },
      { description: "Coating thickness", status: "pass", measurement: "52 µm", tolerance: "min 40 μm" },
      { description: "Gasket compression", status: "pass", measurement: "2,5 mm", tolerance: "2-3 mm" },
      { description: "Leaf hangs vertically", status: "pass", measurement: "-0.8 mm", tolerance: "±1 mm" },
    ]);
    expect(r.overall_status).toBe("pass");
    expect(r.checks.every((c) => !c.out_of_tolerance)).toBe(true);
  });

  it("fails a measurement outside its tolerance whatever was ticked", () => {
    const r = evaluateCheckpoint([{ description: squareness, status: "pass", measurement: "2.4 mm", tolerance: "max 2 mm" }]);
    expect(r.overall_status).toBe("fail");
    expect(r.checks[0]).toMatchObject({ status: "fail", out_of_tolerance: true });
    expect(evaluateCheckpoint([{ description: "Coating", status: "pass", measurement: "38 μm", tolerance: "min 40 μm" }]).overall_status).toBe("fail");
  });

  it("is a conditional pass when every failure names its corrective action (the seed's example)", () => {
    const r = evaluateCheckpoint([
      { check_id: "QC-001-1", description: squareness, status: "pass", measurement: "1.5mm", tolerance: "2mm", notes: "Within tolerance" },
      {
        check_id: "QC-001-2",
        description: "Weld quality (visual inspection)",
        status: "fail",
        notes: "Weld porosity detected on corner joint",
        corrective_action: "Grind and re-weld",
      },
    ]);
    expect(r.overall_status).toBe("conditional_pass");
  });

  it("refuses a measurement it cannot read, naming the check", () => {
    const read = (check: Parameters<typeof evaluateCheckpoint>[0][0]) => {
      try {
        evaluateCheckpoint([{ description: "Other", status: "pass" }, check]);
      } catch (e) {
        const err = e as { status: number; message: string; details: { field: string }[] };
        return [err.status, err.message, err.details.map((d) => d.field)];
      }
      throw new Error("accepted");
    };
    expect(read({ description: squareness, status: "pass", measurement: "about right", tolerance: "2 mm" })).toEqual([
      422,
      `“${squareness}”: the measurement must be a number with its unit, like 1.5 mm`,
      ["checks.1.measurement"],
    ]);
    expect(read({ description: squareness, status: "pass", measurement: "1.5", tolerance: "2 mm" })[2]).toEqual(["checks.1.measurement"]);
    expect(read({ description: squareness, status: "pass", measurement: "1.5 mm", tolerance: "tight" })[2]).toEqual(["checks.1.tolerance"]);
    expect(read({ description: squareness, status: "pass", measurement: "0.15 cm", tolerance: "2 mm" })[1]).toBe(
      `“${squareness}”: the measurement is in cm but the tolerance is in mm`,
    );
  });
});

describe("a QC stage", () => {
  it("holds its operation until a checkpoint is recorded and every corrective action of a failure is closed", () => {
    expect(stageCleared("Glazing", undefined)).toEqual({ ok: false, message: "Record the Glazing QC checkpoint before finishing this operation" });
    expect(stageCleared("Glazing", { overall_status: "fail", open_actions: 2 })).toEqual({
      ok: false,
      message: "The Glazing QC checkpoint has 2 open corrective actions; close them first",
    });
    expect(stageCleared("Glazing", { overall_status: "conditional_pass", open_actions: 1 }).ok).toBe(false);
    expect(stageCleared("Glazing", { overall_status: "conditional_pass", open_actions: 0 }).ok).toBe(true);
    expect(stageCleared("Glazing", { overall_status: "fail", open_actions: 0 }).ok).toBe(true);
    expect(stageCleared("Glazing", { overall_status: "pass", open_actions: 0 }).ok).toBe(true);
  });
});
