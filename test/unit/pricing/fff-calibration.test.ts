import { beforeAll, describe, expect, it } from "vitest";
import { readGcodeSummary, type GcodeSummary } from "../../../engine/gcode/index.ts";
import type { EngineError } from "../../../engine/errors.ts";
import { demoCatalog } from "../../../engine/pricing/demo-catalog.ts";
import { calibratedTime, fffTimeFeatures } from "../../../engine/pricing/fff-time.ts";
import {
  calibrateFffTime,
  compilePriceBook,
  customerBook,
  parsePriceBook,
  price,
  sellBookSchema,
  type CalibrationSample,
  type FffMachine,
} from "../../../engine/pricing/index.ts";
import { box, editBook } from "./fixtures.ts";
import { slicedParts } from "./sliced-parts.ts";

const MK4S = demoCatalog.processes.fff!.machines[0] as FffMachine;
/** Fitted on these; judged on the held-out parts below, which the fit never sees. */
const TRAINING = ["block-20", "block-40", "slab-60", "thin-cup", "tube", "pins-16", "blocks-4", "comb", "sphere"];
/** Held out: a round solid, a thin-walled bracket, 25 small separate pins, 9 tall pins, a tall thin tower. */
const HELD_OUT = ["cylinder", "bracket", "pins-25", "pins-9-tall", "tower"];
/** Tall parts with small layers, sliced at PrusaSlicer's built-in 5 s minimum layer time and at its PLA profiles' 15 s. */
const SLOW_LAYERS = ["column-150", "column-150-min15", "cone-60", "cone-60-min15"];

/** The sample as analysed before outline bands existed. */
const withoutOutlines = (s: CalibrationSample): CalibrationSample => ({
  ...s,
  analysis: { ...s.analysis, perimeter_bands_mm: undefined, section_euler_bands: undefined },
});
const meanAbs = (xs: number[]) => xs.reduce((s, x) => s + Math.abs(x), 0) / xs.length;
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/**
 * The baseline "scaled to the slicer's average": the uncalibrated model's
 * own form (one volumetric flow, one per-layer overhead) fitted to the same parts
 * by least squares on relative error. The calibration must beat this, not only the
 * book's guesses.
 */
function fitSingleFlow(rows: { volume: number; layers: number; time: number }[]): { flow: number; overhead: number } {
  let a = 0,
    b = 0,
    c = 0,
    d = 0,
    e = 0;
  for (const r of rows) {
    const x = r.volume / r.time,
      y = r.layers / r.time;
    a += x * x;
    b += x * y;
    c += y * y;
    d += x;
    e += y;
  }
  const det = a * c - b * b;
  const perMm3 = (d * c - b * e) / det;
  const perLayer = (a * e - b * d) / det;
  return { flow: 1 / perMm3, overhead: Math.max(0, perLayer) };
}

describe("print-time calibration against real PrusaSlicer G-code", () => {
  const samples = new Map<string, CalibrationSample>();
  beforeAll(async () => {
    for (const p of await slicedParts([...TRAINING, ...HELD_OUT, ...SLOW_LAYERS])) {
      samples.set(p.name, { name: p.name, analysis: p.analysis, gcode: await readGcodeSummary([p.gcode]) });
    }
  }, 240_000);

  it("the calibrated model beats the book's model and the single flow fitted to the same parts, on parts it never saw", () => {
    const training = TRAINING.map((n) => samples.get(n)!);
    const fit = calibrateFffTime(MK4S, training, 0.2, new Date("2026-12-05T00:00:00Z"));
    const c = fit.time_calibration;

    const single = fitSingleFlow(
      training.map((s) => {
        const f = fffTimeFeatures(s.analysis, MK4S, s.analysis.bbox_mm.size[2], s.gcode.infill!);
        return { volume: f.shellMm3 + f.infillMm3, layers: f.layers, time: s.gcode.estimated_time_s! };
      }),
    );
    const rows = HELD_OUT.map((n) => {
      const s = samples.get(n)!;
      const f = fffTimeFeatures(s.analysis, MK4S, s.analysis.bbox_mm.size[2], s.gcode.infill!);
      const slicer = s.gcode.estimated_time_s!;
      const book = (f.shellMm3 + f.infillMm3) / MK4S.volumetric_flow_mm3_s + f.layers * MK4S.layer_overhead_s;
      const scaled = (f.shellMm3 + f.infillMm3) / single.flow + f.layers * single.overhead;
      const calibrated = calibratedTime(f, c);
      return { part: n, slicer, book: (book - slicer) / slicer, single_flow: (scaled - slicer) / slicer, calibrated: (calibrated - slicer) / slicer };
    });
    // The same fit on analyses without outline and island bands (no small loops, solid regions or islands per layer): the model before them.
    const flat = calibrateFffTime(MK4S, training.map(withoutOutlines), 0.2, new Date("2026-12-05T00:00:00Z")).time_calibration;
    const flatErrors = HELD_OUT.map((n) => {
      const s = withoutOutlines(samples.get(n)!);
      const slicer = s.gcode.estimated_time_s!;
      return (calibratedTime(fffTimeFeatures(s.analysis, MK4S, s.analysis.bbox_mm.size[2], s.gcode.infill!), flat) - slicer) / slicer;
    });
    const errors = {
      flat: meanAbs(flatErrors),
      book: meanAbs(rows.map((r) => r.book)),
      single_flow: meanAbs(rows.map((r) => r.single_flow)),
      calibrated: meanAbs(rows.map((r) => r.calibrated)),
    };
    console.log(
      [
        `fitted on ${TRAINING.length} parts: perimeter ${c.perimeter_flow_mm3_s} mm³/s, infill ${c.infill_flow_mm3_s} mm³/s, ${c.layer_overhead_s} s/layer, ${c.island_travel_s} s/island/layer`,
        `training error: before ${pct(fit.before.mean_relative_error)} mean / ${pct(fit.before.max_relative_error)} max; after ${pct(fit.after.mean_relative_error)} / ${pct(fit.after.max_relative_error)}; leave-one-out ${pct(fit.held_out!.mean_relative_error)} / ${pct(fit.held_out!.max_relative_error)}`,
        `single flow fitted to the same parts: ${single.flow.toFixed(2)} mm³/s, ${single.overhead.toFixed(2)} s/layer`,
        "held-out part     slicer s   book    single flow   no outlines   calibrated",
        ...rows.map(
          (r, i) =>
            `${r.part.padEnd(16)} ${String(r.slicer).padStart(8)} ${pct(r.book).padStart(8)} ${pct(r.single_flow).padStart(10)} ${pct(flatErrors[i]).padStart(13)} ${pct(r.calibrated).padStart(12)}`,
        ),
        `mean |error|              ${pct(errors.book).padStart(8)} ${pct(errors.single_flow).padStart(10)} ${pct(errors.flat).padStart(13)} ${pct(errors.calibrated).padStart(12)}`,
      ].join("\n"),
    );

    expect(errors.calibrated).toBeLessThan(errors.book);
    expect(errors.calibrated).toBeLessThan(errors.single_flow);
    // 21.5 % before the minimum layer time (docs/decisions/0016), 18.6 % with it, 10.8 % layer by layer with small
    // loops, solid regions, skins and islands (0030): the tower (−47 %) and the tall pins (−22 %) were the worst.
    // Then 9.2 % with narrow sparse infill slowed for its turns (0052): the bracket's 2.2 mm walls −26.9 % → −22.8 %.
    expect(errors.calibrated).toBeLessThan(errors.flat - 0.05);
    expect(errors.calibrated).toBeLessThan(0.1);
    expect(Math.abs(rows.find((r) => r.part === "bracket")!.calibrated)).toBeLessThan(0.25);
    // Perimeters print slower than infill: the reason small features were under-priced.
    expect(c.perimeter_flow_mm3_s).toBeLessThan(c.infill_flow_mm3_s);
    // The fit reports on every part it used, before and after.
    expect(fit.samples.map((s) => s.name)).toEqual(TRAINING);
    for (const s of fit.samples) {
      expect(s.slicer).toBe("prusaslicer");
      expect([s.layer_height_mm, s.infill]).toEqual([0.2, 0.2]);
      expect(s.after_error).toBeCloseTo((s.after_s - s.slicer_time_s) / s.slicer_time_s, 2);
      expect(s.held_out_error).not.toBeNull();
    }
    expect(fit.after.mean_relative_error).toBeLessThan(fit.before.mean_relative_error);
    expect(c.fit_report).toMatchObject({
      samples: TRAINING.length,
      mean_relative_error: fit.after.mean_relative_error,
      slicers: ["prusaslicer"],
      fitted_at: "2026-12-05T00:00:00.000Z",
    });
    expect(fit.warnings).toEqual([]);
    // PrusaSlicer's built-in minimum layer time, read from every G-code: the machine's already.
    expect(fit.min_layer_time_s).toBe(5);
  });

  it("holds every layer of a tall thin part to the slicer's minimum layer time, layer by layer", () => {
    const c = calibrateFffTime(
      MK4S,
      TRAINING.map((n) => samples.get(n)!),
      0.2,
      new Date(),
    ).time_calibration;
    const rows = SLOW_LAYERS.map((n) => {
      const s = samples.get(n)!;
      const machine = { ...MK4S, min_layer_time_s: s.gcode.min_layer_time_s! };
      const f = fffTimeFeatures(s.analysis, machine, s.analysis.bbox_mm.size[2], s.gcode.infill!);
      const slicer = s.gcode.estimated_time_s!;
      const error = (t: number) => (t - slicer) / slicer;
      return {
        part: n,
        slicer,
        minimum: machine.min_layer_time_s,
        // The model before the minimum layer time, with the same fit.
        before: error(calibratedTime({ ...f, minLayerTimeS: 0 }, c)),
        // The part taken as a prism: every layer its equal share.
        prism: error(calibratedTime({ ...f, profile: null }, c)),
        after: error(calibratedTime(f, c)),
      };
    });
    console.log(
      [
        "part              slicer s   min s   before    as prism   after",
        ...rows.map(
          (r) =>
            `${r.part.padEnd(17)} ${String(r.slicer).padStart(8)} ${String(r.minimum).padStart(6)} ${pct(r.before).padStart(9)} ${pct(r.prism).padStart(10)} ${pct(r.after).padStart(8)}`,
        ),
      ].join("\n"),
    );
    const by = new Map(rows.map((r) => [r.part, r]));
    // Read from each G-code's config block.
    expect(rows.map((r) => r.minimum)).toEqual([5, 15, 5, 15]);
    // At 15 s the minimum layer time is most of the column's and the cone's time.
    for (const r of rows.filter((r) => r.minimum === 15)) expect(Math.abs(r.after)).toBeLessThan(Math.abs(r.before));
    // At 15 s every layer of the column is held up (the model before: −77 %).
    expect(Math.abs(by.get("column-150-min15")!.after)).toBeLessThan(0.1);
    // The cone's small layers are near its tip: only its layers find them. Its tip's small loops and solid fill are
    // over-estimated (+21 % at 5 s; +1.8 % before small features were modelled, docs/decisions/0030).
    expect(Math.abs(by.get("cone-60")!.after)).toBeLessThan(0.25);
    expect(Math.abs(by.get("cone-60-min15")!.after)).toBeLessThan(0.15);
    // At 5 s the column's layers take longer than the minimum anyway: small loops at 15 mm/s and its narrow inside
    // filled solid at 20 mm/s (−47 % before they were modelled). No layer is held, and the time is near the slicer's.
    expect(by.get("column-150")!.after).toBe(by.get("column-150")!.before);
    expect(Math.abs(by.get("column-150")!.after)).toBeLessThan(0.2);
  });

  it("the fit's calibration is a valid price-book entry, priced the same from the shop's book and from the customer book's JSON", () => {
    const fit = calibrateFffTime(
      MK4S,
      TRAINING.map((n) => samples.get(n)!),
      0.2,
      new Date(),
    );
    const book = structuredClone(demoCatalog);
    book.processes.fff!.machines[0].time_calibration = fit.time_calibration;
    const parsed = parsePriceBook(book);
    const customer = customerBook(parsed);
    // The fit report stays with the shop; the four numbers travel.
    expect(customer.processes.fff!.machines[0].time_calibration).toEqual({
      perimeter_flow_mm3_s: fit.time_calibration.perimeter_flow_mm3_s,
      infill_flow_mm3_s: fit.time_calibration.infill_flow_mm3_s,
      layer_overhead_s: fit.time_calibration.layer_overhead_s,
      island_travel_s: fit.time_calibration.island_travel_s,
    });
    expect(JSON.stringify(customer)).not.toContain("fit_report");
    const server = compilePriceBook(customer);
    const browser = compilePriceBook(sellBookSchema.parse(JSON.parse(JSON.stringify(customer))));
    const part = samples.get("pins-25")!.analysis;
    const options = { process: "fff", material: "pla", machine: "prusa-mk4s", quantity: 3 } as const;
    const atServer = price(part, server, options);
    expect(price(part, browser, options)).toEqual(atServer);
    const machine = atServer.breakdown.find((l) => l.code === "machine_time")!;
    const f = fffTimeFeatures(part, MK4S, part.bbox_mm.size[2], 0.2);
    expect(machine.basis.time_s).toBeCloseTo(calibratedTime(f, fit.time_calibration), 6);
  });
});

const gcode = (over: Partial<GcodeSummary>): GcodeSummary => ({
  slicer: "prusaslicer",
  estimated_time_s: 600,
  total_time_s: null,
  layer_height_mm: 0.2,
  infill: 0.2,
  perimeters: 2,
  min_layer_time_s: null,
  layers: null,
  filament_used_mm: null,
  filament_used_cm3: null,
  filament_used_g: null,
  ...over,
});

describe("the fit, on constructed samples", () => {
  const truth = { perimeter_flow_mm3_s: 4, infill_flow_mm3_s: 12, layer_overhead_s: 1.5, island_travel_s: 0.8 };
  const parts = [
    box(20, 20, 10),
    box(40, 40, 20),
    box(60, 30, 5),
    box(10, 10, 40),
    box(30, 30, 30, { shells: 9, surface_area_mm2: 12_000 }),
    box(50, 20, 15, { shells: 3 }),
    box(80, 80, 4),
  ];
  const exact = (over: Partial<GcodeSummary> = {}): CalibrationSample[] =>
    parts.map((a, i) => ({
      name: `part-${i}`,
      analysis: a,
      gcode: gcode({ estimated_time_s: calibratedTime(fffTimeFeatures(a, MK4S, a.bbox_mm.size[2], 0.2), truth), ...over }),
    }));

  it("recovers the parameters that made the times, with no error left", () => {
    const fit = calibrateFffTime(MK4S, exact(), 0.2, new Date());
    expect(fit.time_calibration.perimeter_flow_mm3_s).toBeCloseTo(4, 1);
    expect(fit.time_calibration.infill_flow_mm3_s).toBeCloseTo(12, 0);
    expect(fit.time_calibration.layer_overhead_s).toBeCloseTo(1.5, 1);
    expect(fit.time_calibration.island_travel_s).toBeCloseTo(0.8, 1);
    expect(fit.after.max_relative_error).toBeLessThan(0.01);
    expect(fit.held_out!.max_relative_error).toBeLessThan(0.02);
    expect(fit.before.mean_relative_error).toBeGreaterThan(0.1);
  });

  it("keeps every parameter non-negative when the times would pull one below zero", () => {
    // Times with no per-layer cost and fewer seconds for taller parts than volume alone would give.
    const samples = parts.map((a, i) => ({
      name: `p${i}`,
      analysis: a,
      gcode: gcode({ estimated_time_s: Math.abs(a.volume_mm3) / 10 - 0.5 * a.bbox_mm.size[2] + 200 }),
    }));
    const c = calibrateFffTime(MK4S, samples, 0.2, new Date()).time_calibration;
    for (const v of [c.perimeter_flow_mm3_s, c.infill_flow_mm3_s]) expect(v).toBeGreaterThan(0);
    for (const v of [c.layer_overhead_s, c.island_travel_s]) expect(v).toBeGreaterThanOrEqual(0);
  });

  it("holds a flow the parts would push past any printer at its limit, and says so", () => {
    // Times that fall as infill grows: the unbounded fit wants a negative time per mm³ of infill.
    const samples = parts.map((a, i) => {
      const f = fffTimeFeatures(a, MK4S, a.bbox_mm.size[2], 0.2);
      return { name: `p${i}`, analysis: a, gcode: gcode({ estimated_time_s: f.shellMm3 / 4 - f.infillMm3 / 50 + f.layers * 2 + 300 }) };
    });
    const fit = calibrateFffTime(MK4S, samples, 0.2, new Date());
    expect(fit.time_calibration.infill_flow_mm3_s).toBe(100);
    expect(fit.time_calibration.perimeter_flow_mm3_s).toBeLessThan(100);
    expect(fit.warnings).toContainEqual(expect.objectContaining({ field: "parts", message: expect.stringContaining("do not pin down the infill speed") }));
  });

  it("measures each part as it was sliced and says where the G-code differs from the machine", () => {
    const fit = calibrateFffTime(MK4S, exact({ layer_height_mm: 0.28, infill: null }), 0.15, new Date());
    expect(fit.samples[0]).toMatchObject({ layer_height_mm: 0.28, infill: 0.15 });
    expect(fit.warnings).toContainEqual({ field: "gcode.0", message: "“part-0” was sliced at 0.28 mm layers; the machine prices at 0.2 mm." });
    expect(fit.warnings).toContainEqual({ field: "gcode.1", message: "“part-1”: no infill in the G-code; 15 % was assumed." });
  });

  it("proposes the minimum layer time the parts were sliced with, and fits to it", () => {
    const slow = { ...MK4S, min_layer_time_s: 15 };
    const samples = parts.map((a, i) => ({
      name: `part-${i}`,
      analysis: a,
      gcode: gcode({ estimated_time_s: calibratedTime(fffTimeFeatures(a, slow, a.bbox_mm.size[2], 0.2), truth), min_layer_time_s: 15 }),
    }));
    const fit = calibrateFffTime(MK4S, samples, 0.2, new Date());
    expect(fit.min_layer_time_s).toBe(15);
    expect(fit.after.max_relative_error).toBeLessThan(0.01);
    expect(fit.time_calibration.perimeter_flow_mm3_s).toBeCloseTo(4, 1);
    expect(fit.warnings).toContainEqual({ field: "gcode.0", message: "“part-0” was sliced with a minimum layer time of 15 s; the machine prices with 5 s." });
    // G-codes that disagree propose nothing new.
    samples[0] = { ...samples[0], gcode: gcode({ min_layer_time_s: 10 }) };
    expect(calibrateFffTime(MK4S, samples, 0.2, new Date()).min_layer_time_s).toBe(5);
  });

  it("refuses too few parts and a G-code without an estimate, naming the field", () => {
    const refused = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e as EngineError;
      }
      throw new Error("not refused");
    };
    const few = refused(() => calibrateFffTime(MK4S, exact().slice(0, 2), 0.2, new Date()));
    expect([few.code, few.status, few.details[0].field]).toEqual(["TOO_FEW_SAMPLES", 422, "parts"]);
    const samples = exact();
    samples[3] = { ...samples[3], gcode: gcode({ estimated_time_s: null }) };
    const none = refused(() => calibrateFffTime(MK4S, samples, 0.2, new Date()));
    expect([none.code, none.status, none.details[0].field]).toEqual(["NO_TIME_ESTIMATE", 422, "gcode.3"]);
    expect(none.message).toContain("“part-3”");
  });
});

describe("time_calibration in the price book", () => {
  it("prices with the calibration when present and with the volumetric flow otherwise", () => {
    const options = { process: "fff", material: "pla", machine: "fff-a", quantity: 1 } as const;
    // 10 mm cube: shells 600 mm³, infill 80 mm³, 50 layers, 1 island
    const plain = editBook(() => {});
    expect(price(box(10, 10, 10), plain, options).breakdown.find((l) => l.code === "machine_time")!.basis.time_s).toBe(118);
    const calibrated = editBook((b) => {
      b.processes.fff!.machines[0].time_calibration = { perimeter_flow_mm3_s: 3, infill_flow_mm3_s: 8, layer_overhead_s: 2, island_travel_s: 0.5 };
    });
    // 600 / 3 + 80 / 8 + 50 × 2 + 50 × 1 × 0.5 = 200 + 10 + 100 + 25 = 335 s
    expect(price(box(10, 10, 10), calibrated, options).breakdown.find((l) => l.code === "machine_time")!.basis.time_s).toBe(335);
  });

  it("refuses a calibration with a zero flow or a negative overhead, naming the field", () => {
    const book = structuredClone(demoCatalog);
    book.processes.fff!.machines[1].time_calibration = { perimeter_flow_mm3_s: 0, infill_flow_mm3_s: 8, layer_overhead_s: -1, island_travel_s: 0 };
    try {
      parsePriceBook(book);
      throw new Error("accepted");
    } catch (e) {
      expect((e as EngineError).details.map((d) => d.field)).toEqual([
        "processes.fff.machines.1.time_calibration.perimeter_flow_mm3_s",
        "processes.fff.machines.1.time_calibration.layer_overhead_s",
      ]);
    }
  });
});
