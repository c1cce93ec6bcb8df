import { describe, expect, it } from "vitest";
import { checkpointFromForm, entryStage, entryStages, formField, outsideTolerance, unitOf, withUnit } from "../../../app/production/qc-entry.ts";

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
};

describe("the QC entry form's tolerance hint", () => {
  it("reads the unit of every tolerance form the engine takes", () => {
    expect(unitOf("max 2 mm")).toBe("mm");
    expect(unitOf("±1 mm")).toBe("mm");
    expect(unitOf("min 60 µm")).toBe("μm");
    expect(unitOf("2-3 mm")).toBe("mm");
    expect(unitOf("3-6 s")).toBe("s");
    expect(unitOf("about right")).toBeNull();
    expect(unitOf(undefined)).toBeNull();
  });

  it("gives a bare number the check's unit and leaves anything else as typed", () => {
    expect(withUnit(" 3.5 ", "mm")).toBe("3.5 mm");
    expect(withUnit("0,4", "mm")).toBe("0,4 mm");
    expect(withUnit("3.5 cm", "mm")).toBe("3.5 cm");
    expect(withUnit("abc", "mm")).toBe("abc");
    expect(withUnit("12", null)).toBe("12");
  });

  it("flags a measurement outside an upper, lower, range or ± tolerance, at its edges inside", () => {
    expect(outsideTolerance("3.5", "max 2 mm")).toBe(true);
    expect(outsideTolerance("2", "max 2 mm")).toBe(false);
    expect(outsideTolerance("2.0 mm", "max 2 mm")).toBe(false);
    expect(outsideTolerance("55", "min 60 μm")).toBe(true);
    expect(outsideTolerance("60 µm", "min 60 μm")).toBe(false);
    expect(outsideTolerance("3.5", "2-3 mm")).toBe(true);
    expect(outsideTolerance("1.5", "2-3 mm")).toBe(true);
    expect(outsideTolerance("2,5", "2-3 mm")).toBe(false);
    expect(outsideTolerance("-1.2", "±1 mm")).toBe(true);
    expect(outsideTolerance("-0.8", "±1 mm")).toBe(false);
  });

  it("says nothing while it cannot tell: empty, not a number, another unit, no tolerance", () => {
    expect(outsideTolerance("", "max 2 mm")).toBeNull();
    expect(outsideTolerance("abc", "max 2 mm")).toBeNull();
    expect(outsideTolerance("3 cm", "max 2 mm")).toBeNull();
    expect(outsideTolerance("3 mm", undefined)).toBeNull();
  });
});

describe("the stage the QC form opens on", () => {
  const stages = [
    { stage: "Frame Assembly", checks: [] },
    { stage: "Glazing", checks: [] },
  ];
  const operations = [
    { status: "done", qc_stage: null },
    { status: "in_progress", qc_stage: "Frame Assembly" },
    { status: "pending", qc_stage: "Glazing" },
  ];

  it("includes a stage the routing inspects without a checklist (an uploaded part's), once", () => {
    expect(entryStages(stages, [...operations, { qc_stage: "glazing" }, { qc_stage: "Inspection" }, { qc_stage: "Inspection" }])).toEqual([
      ...stages,
      { stage: "Inspection", checks: [] },
    ]);
    expect(entryStages([], [{ qc_stage: null }, { qc_stage: "Inspection" }]).map((s) => s.stage)).toEqual(["Inspection"]);
  });

  it("is the one asked for (any case), else the operation under way's, else none", () => {
    expect(entryStage(stages, operations, "glazing")?.stage).toBe("Glazing");
    expect(entryStage(stages, operations, null)?.stage).toBe("Frame Assembly");
    expect(entryStage(stages, operations, "Painting")?.stage).toBe("Frame Assembly");
    expect(entryStage(stages, [{ status: "in_progress", qc_stage: null }], null)).toBeNull();
  });
});

describe("the checkpoint read from the posted form", () => {
  it("takes every check in order, the unit into a bare measurement, the tolerance only with a measurement", () => {
    const { input, missing } = checkpointFromForm(
      form({
        checkpoint_stage: " Frame Assembly ",
        inspector_name: "Ines",
        "checks.0.check_id": "frame.squareness",
        "checks.0.description": "Frame diagonals",
        "checks.0.tolerance": "max 2 mm",
        "checks.0.status": "fail",
        "checks.0.measurement": "3.5",
        "checks.0.corrective_action": "Re-square",
        "checks.1.check_id": "frame.size",
        "checks.1.description": "Frame size",
        "checks.1.tolerance": "±1 mm",
        "checks.1.status": "pass",
        "checks.1.measurement": "",
        "checks.1.notes": "ok",
        "checks.1.corrective_action": "typed, then passed",
      }),
    );
    expect(missing).toEqual([]);
    expect(input).toEqual({
      checkpoint_stage: "Frame Assembly",
      inspector_name: "Ines",
      checks: [
        {
          check_id: "frame.squareness",
          description: "Frame diagonals",
          status: "fail",
          measurement: "3.5 mm",
          tolerance: "max 2 mm",
          notes: undefined,
          corrective_action: "Re-square",
        },
        { check_id: "frame.size", description: "Frame size", status: "pass", notes: "ok", corrective_action: undefined },
      ],
    });
  });

  it("keeps the corrective action of a ticked pass that is measured outside tolerance (the server fails it)", () => {
    const { input } = checkpointFromForm(
      form({
        "checks.0.description": "Gasket compression",
        "checks.0.tolerance": "2-3 mm",
        "checks.0.status": "pass",
        "checks.0.measurement": "4",
        "checks.0.corrective_action": "Change the gasket",
      }),
    );
    expect(input.checks[0]).toMatchObject({ status: "pass", measurement: "4 mm", corrective_action: "Change the gasket" });
  });

  it("leaves out a blank check of the inspector's own and puts the API's errors back on the form row", () => {
    const { input, rows, missing } = checkpointFromForm(
      form({
        "checks.0.check_id": "inspect.size",
        "checks.0.description": "Size",
        "checks.0.status": "pass",
        "checks.1.description": "",
        "checks.1.measurement": "",
        "checks.1.tolerance": "",
        "checks.2.description": "Thread M6 gauge",
        "checks.2.status": "pass",
        "checks.2.measurement": "12",
        "checks.2.tolerance": "",
        "checks.3.description": "",
        "checks.3.tolerance": "max 2 mm",
      }),
    );
    expect(input.checks.map((c) => c.description)).toEqual(["Size", "Thread M6 gauge", ""]);
    // An own check's measurement goes as typed (no unit to add); its tolerance goes even without a measurement, for the API to refuse.
    expect(input.checks[1]).toMatchObject({ measurement: "12", tolerance: undefined });
    expect(input.checks[2]).toMatchObject({ tolerance: "max 2 mm", measurement: undefined });
    expect(rows).toEqual([0, 2, 3]);
    expect(missing).toEqual([{ field: "checks.3.status", message: "Tick pass or fail." }]);
    expect(formField("checks.1.measurement", rows)).toBe("checks.2.measurement");
    expect(formField("checks.2", rows)).toBe("checks.3");
    expect(formField("checks", rows)).toBe("checks");
    expect(formField("inspector_name", rows)).toBe("inspector_name");
  });

  it("names each check with neither pass nor fail ticked", () => {
    const { missing } = checkpointFromForm(
      form({ "checks.0.description": "A", "checks.0.status": "pass", "checks.1.description": "B", "checks.2.description": "C", "checks.2.status": "maybe" }),
    );
    expect(missing).toEqual([
      { field: "checks.1.status", message: "Tick pass or fail." },
      { field: "checks.2.status", message: "Tick pass or fail." },
    ]);
  });
});
