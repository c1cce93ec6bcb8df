import { describe, expect, it } from "vitest";
import { isEngineError } from "../../../engine/errors.ts";
import type { EngineError } from "../../../engine/errors.ts";
import type { Analysis } from "../../../engine/mesh/types.ts";
import { price } from "../../../engine/pricing/price.ts";
import type { PriceOptions } from "../../../engine/pricing/types.ts";
import type { CompiledPriceBook } from "../../../engine/pricing/compile.ts";
import { book, box, editBook, plate } from "./fixtures.ts";

const base: PriceOptions = { process: "fff", material: "pla", quantity: 1 };

function rejection(options: Partial<PriceOptions> | Record<string, unknown>, analysis: Analysis = box(10, 10, 10), b: CompiledPriceBook = book): EngineError {
  try {
    price(analysis, b, { ...base, ...options } as PriceOptions);
  } catch (e) {
    if (isEngineError(e)) return e;
    throw e;
  }
  throw new Error(`accepted ${JSON.stringify(options)}`);
}

describe("bad options are a 422 naming the field", () => {
  it.each([0, -1, 1.5, 1001, Number.NaN, Number.POSITIVE_INFINITY, "3"])("quantity %s", (quantity) => {
    const e = rejection({ quantity });
    expect(e).toMatchObject({ code: "INVALID_QUANTITY", status: 422 });
    expect(e.details[0]).toMatchObject({ field: "quantity", value: quantity });
  });

  it.each([
    [{ material: "unobtainium" }, "UNKNOWN_MATERIAL", "material"],
    [{ material: "alu" }, "MATERIAL_NOT_ALLOWED", "material"],
    [{ finish: "chrome" }, "UNKNOWN_FINISH", "finish"],
    [{ finish: "anodise" }, "FINISH_NOT_ALLOWED", "finish"],
    [{ lead_time: "yesterday" }, "UNKNOWN_LEAD_TIME", "lead_time"],
    [{ process: "sls" }, "UNKNOWN_PROCESS", "process"],
    [{ machine: "fff-z" }, "UNKNOWN_MACHINE", "machine"],
    [{ machine: "mill" }, "MACHINE_NOT_ALLOWED", "machine"],
    [{ infill: 1.5 }, "INVALID_INFILL", "infill"],
    [{ infill: -0.1 }, "INVALID_INFILL", "infill"],
    [{ colour: "mauve" }, "UNKNOWN_COLOUR", "colour"],
  ])("%j → %s", (options, code, field) => {
    const e = rejection(options);
    expect(e).toMatchObject({ code, status: 422 });
    expect(e.details).toEqual([expect.objectContaining({ field, value: Object.values(options)[0] })]);
  });

  it("refuses a process the shop does not run", () => {
    const noSla = editBook((b) => {
      delete b.processes.sla;
      b.materials = b.materials.filter((m) => m.code !== "resin");
      b.finishes = b.finishes.map((f) => ({ ...f, processes: f.processes.filter((p) => p !== "sla"), materials: f.materials.filter((m) => m !== "resin") }));
    });
    expect(rejection({ process: "sla", material: "resin" }, box(10, 10, 10), noSla).code).toBe("UNKNOWN_PROCESS");
  });

  it("refuses a machine that does not run the material", () => {
    const picky = editBook((b) => {
      b.materials.push({ ...b.materials[0], code: "petg", name: "PETG" });
      b.processes.fff!.machines[0].materials = ["pla"];
    });
    expect(rejection({ material: "petg", machine: "fff-a" }, box(10, 10, 10), picky)).toMatchObject({
      code: "MATERIAL_NOT_ALLOWED",
      details: [expect.objectContaining({ field: "machine" })],
    });
    expect(price(box(10, 10, 10), picky, { ...base, material: "petg" }).machine.code).toBe("fff-big");
  });

  it("refuses a 2D drawing for a 3D process and a model for the laser", () => {
    expect(rejection({}, plate()).code).toBe("ANALYSIS_MISMATCH");
    expect(rejection({ process: "laser", material: "steel", thickness_mm: 2 }).code).toBe("ANALYSIS_MISMATCH");
  });

  it.each([undefined, 3, 4])("refuses laser thickness %s that is not cut", (thickness_mm) => {
    const e = rejection({ process: "laser", material: "steel", thickness_mm }, plate());
    expect(e).toMatchObject({ code: "UNSUPPORTED_THICKNESS", details: [expect.objectContaining({ field: "thickness_mm" })] });
  });
});
