import { EngineError } from "../errors.ts";
import type { GcodeSummary } from "../gcode/summary.ts";
import type { MeshAnalysis } from "../mesh/types.ts";
import { calibratedTime, slowLayers, fffPartTime, fffTimeFeatures, type FffTimeFeatures, type FffTimeParameters } from "./fff-time.ts";
import type { FffMachine, FffTimeCalibration } from "./price-book.ts";

/** One part the shop sliced: our kernel's analysis and what its slicer wrote in the G-code. */
export interface CalibrationSample {
  name: string;
  analysis: MeshAnalysis;
  gcode: GcodeSummary;
}

export interface SampleFit {
  name: string;
  slicer: GcodeSummary["slicer"];
  slicer_time_s: number;
  layer_height_mm: number;
  infill: number;
  /** The book's current time model. */
  before_s: number;
  before_error: number;
  /** The fitted model on this part (it took part in the fit). */
  after_s: number;
  after_error: number;
  /** The model fitted to the other parts only, predicting this one: the error to expect on new parts. */
  held_out_s: number | null;
  held_out_error: number | null;
}

export interface ErrorSummary {
  mean_relative_error: number;
  max_relative_error: number;
}

export interface FffCalibration {
  machine: string;
  time_calibration: FffTimeCalibration;
  /** The minimum layer time to price with it: the G-codes' when every one states the same, the machine's otherwise. */
  min_layer_time_s: number;
  samples: SampleFit[];
  before: ErrorSummary;
  after: ErrorSummary;
  /** Leave-one-out over the samples; null with fewer than MIN_HELD_OUT samples. */
  held_out: ErrorSummary | null;
  warnings: { field: string; message: string }[];
}

export const MIN_SAMPLES = 3;
/** Every part is analysed within one request: 20 keeps it well inside the Worker's CPU time. */
export const MAX_SAMPLES = 20;
const MIN_HELD_OUT = 4;
/**
 * Weight of the pull towards the machine's current figures (per sample, on
 * columns scaled to unit size): small enough that a few varied parts decide,
 * large enough that a direction the parts do not exercise (no infill in any
 * part, one body each) keeps the book's value instead of a wild one.
 */
const PRIOR_WEIGHT = 1e-3;
/** No FFF printer lays down more than this: the flows' bound, so a fit never runs off to an infinite speed. */
const MAX_FLOW_MM3_S = 100;
/** Rounds of the fit as the set of layers at the minimum layer time changes (it settles in two or three). */
const SLOWDOWN_ROUNDS = 12;

/**
 * Fits perimeter flow, infill flow, per-layer overhead and travel per island
 * to the slicer's estimates by least squares on relative error (a 10-minute
 * part counts as much as a 10-hour one), every parameter non-negative.
 * Each part is measured as the slicer sliced it: the G-code's layer height,
 * infill, walls and minimum layer time where it states them, the machine's
 * otherwise.
 */
export function calibrateFffTime(machine: FffMachine, samples: CalibrationSample[], defaultInfill: number, now: Date): FffCalibration {
  if (samples.length < MIN_SAMPLES) {
    throw new EngineError("TOO_FEW_SAMPLES", `Upload at least ${MIN_SAMPLES} parts with their G-code (5 to 10 parts of different shapes fit best).`, 422, [
      { field: "parts", message: `at least ${MIN_SAMPLES} parts`, value: samples.length },
    ]);
  }
  if (samples.length > MAX_SAMPLES) {
    throw new EngineError("TOO_MANY_SAMPLES", `Upload at most ${MAX_SAMPLES} parts at a time.`, 422, [
      { field: "parts", message: `at most ${MAX_SAMPLES} parts`, value: samples.length },
    ]);
  }
  const warnings: FffCalibration["warnings"] = [];
  const rows = samples.map((s, i) => measure(machine, s, i, defaultInfill, warnings));
  const prior: FffTimeParameters = machine.time_calibration ?? {
    perimeter_flow_mm3_s: machine.volumetric_flow_mm3_s,
    infill_flow_mm3_s: machine.volumetric_flow_mm3_s,
    layer_overhead_s: machine.layer_overhead_s,
    island_travel_s: 0,
  };
  const fitted = roundParameters(fitWithSlowdown(rows, prior));
  for (const [flow, what] of [
    [fitted.perimeter_flow_mm3_s, "perimeter"],
    [fitted.infill_flow_mm3_s, "infill"],
  ] as const) {
    if (flow >= MAX_FLOW_MM3_S * 0.999) {
      warnings.push({
        field: "parts",
        message: `These parts do not pin down the ${what} speed (it came out at the ${MAX_FLOW_MM3_S} mm³/s limit): add parts of other shapes, such as solid blocks and thin-walled boxes.`,
      });
    }
  }
  const heldOut =
    rows.length >= MIN_HELD_OUT
      ? rows.map((_, i) =>
          calibratedTime(
            rows[i].features,
            fitWithSlowdown(
              rows.filter((__, j) => j !== i),
              prior,
            ),
          ),
        )
      : null;

  const fits: SampleFit[] = rows.map((r, i) => {
    const before = fffPartTime(r.features, machine);
    const after = calibratedTime(r.features, fitted);
    const held = heldOut?.[i] ?? null;
    return {
      name: r.name,
      slicer: r.slicer,
      slicer_time_s: r.time,
      layer_height_mm: r.layerHeight,
      infill: r.infill,
      before_s: round(before),
      before_error: relative(before, r.time),
      after_s: round(after),
      after_error: relative(after, r.time),
      held_out_s: held === null ? null : round(held),
      held_out_error: held === null ? null : relative(held, r.time),
    };
  });
  const after = summary(fits.map((f) => f.after_error));
  const slicers = [...new Set(rows.map((r) => r.slicer))];
  const stated = new Set(samples.map((s) => s.gcode.min_layer_time_s));
  return {
    machine: machine.code,
    time_calibration: {
      ...fitted,
      fit_report: { samples: rows.length, ...after, slicers, fitted_at: now.toISOString() },
    },
    min_layer_time_s: stated.size === 1 ? (samples[0].gcode.min_layer_time_s ?? machine.min_layer_time_s) : machine.min_layer_time_s,
    samples: fits,
    before: summary(fits.map((f) => f.before_error)),
    after,
    held_out: heldOut ? summary(fits.map((f) => f.held_out_error ?? 0)) : null,
    warnings,
  };
}

interface Row {
  name: string;
  slicer: GcodeSummary["slicer"];
  time: number;
  layerHeight: number;
  infill: number;
  features: FffTimeFeatures;
}

function measure(machine: FffMachine, s: CalibrationSample, i: number, defaultInfill: number, warnings: FffCalibration["warnings"]): Row {
  const field = `gcode.${i}`;
  const time = s.gcode.estimated_time_s;
  if (time === null || !(time > 0)) {
    throw new EngineError(
      "NO_TIME_ESTIMATE",
      `“${s.name}”: the G-code has no estimated printing time. Export it from PrusaSlicer, OrcaSlicer, Cura or Bambu Studio, which write one.`,
      422,
      [{ field, message: "no estimated printing time in the G-code comments" }],
    );
  }
  const layerHeight = s.gcode.layer_height_mm ?? machine.layer_height_mm;
  const infill = s.gcode.infill ?? defaultInfill;
  const walls = s.gcode.perimeters ?? machine.walls;
  const minLayerTime = s.gcode.min_layer_time_s ?? machine.min_layer_time_s;
  if (s.gcode.min_layer_time_s !== null && s.gcode.min_layer_time_s !== machine.min_layer_time_s) {
    warnings.push({
      field,
      message: `“${s.name}” was sliced with a minimum layer time of ${s.gcode.min_layer_time_s} s; the machine prices with ${machine.min_layer_time_s} s.`,
    });
  }
  if (s.gcode.layer_height_mm === null)
    warnings.push({ field, message: `“${s.name}”: no layer height in the G-code; the machine's ${machine.layer_height_mm} mm was assumed.` });
  else if (Math.abs(layerHeight - machine.layer_height_mm) > 1e-6) {
    warnings.push({ field, message: `“${s.name}” was sliced at ${layerHeight} mm layers; the machine prices at ${machine.layer_height_mm} mm.` });
  }
  if (s.gcode.infill === null) warnings.push({ field, message: `“${s.name}”: no infill in the G-code; ${Math.round(defaultInfill * 100)} % was assumed.` });
  const features = fffTimeFeatures(
    s.analysis,
    { walls, line_width_mm: machine.line_width_mm, layer_height_mm: layerHeight, min_layer_time_s: minLayerTime },
    s.analysis.bbox_mm.size[2],
    infill,
  );
  return { name: s.name, slicer: s.gcode.slicer, time, layerHeight, infill, features };
}

/**
 * The minimum layer time makes the model piecewise linear in its parameters:
 * with the layers held at the minimum known, a part's time is linear again,
 * those layers' share of the extrusion and their fixed seconds replaced by
 * the constant minimum. So: fit, find each part's slow layers under the fit,
 * fit again with them, until they stop changing; the round with the least
 * relative error is kept. A part whose every layer is at the minimum adds the
 * same on both sides and leaves the fit alone.
 */
function fitWithSlowdown(rows: Row[], prior: FffTimeParameters): FffTimeParameters {
  let slow = rows.map(() => ({ count: 0, perimeterShare: 0, infillShare: 0 }));
  let best: FffTimeParameters | null = null;
  let bestError = Infinity;
  for (let round = 0; round < SLOWDOWN_ROUNDS; round++) {
    const x = leastSquares(
      rows.map((r, i) => {
        const f = r.features;
        const fastLayers = f.layers - slow[i].count;
        return {
          time: r.time,
          held: slow[i].count * f.minLayerTimeS,
          v: [
            f.perimeterWorkMm3 * (1 - slow[i].perimeterShare),
            f.infillWorkMm3 * (1 - slow[i].infillShare),
            fastLayers,
            (f.islandLayers / f.layers) * fastLayers,
          ],
        };
      }),
      prior,
    );
    const error = rows.reduce((s, r) => s + ((calibratedTime(r.features, x) - r.time) / r.time) ** 2, 0);
    if (error < bestError) {
      best = x;
      bestError = error;
    }
    const next = rows.map((r) => slowLayers(r.features, x));
    if (next.every((n, i) => n.count === slow[i].count && n.perimeterShare === slow[i].perimeterShare && n.infillShare === slow[i].infillShare)) break;
    slow = next;
  }
  return best!;
}

/** One part for the linear fit: its features, the seconds held at the minimum layer time, the slicer's time. */
interface LinearRow {
  v: number[];
  held: number;
  time: number;
}

const toVector = (p: FffTimeParameters) => [1 / p.perimeter_flow_mm3_s, 1 / p.infill_flow_mm3_s, p.layer_overhead_s, p.island_travel_s];

/**
 * Lightly regularised least squares on relative residuals with lower bounds:
 * seconds per mm³ at least 1 / MAX_FLOW_MM3_S, overheads at least zero. Every
 * subset of the four unknowns held at its bound is solved and the best
 * feasible answer kept: exact for a convex problem this small. Each part's
 * features are fitted to its slicer time less the seconds `held`.
 */
function leastSquares(rows: LinearRow[], prior: FffTimeParameters): FffTimeParameters {
  // Rows divided by the slicer's time: residuals are relative errors.
  const A = rows.map((r) => r.v.map((v) => v / r.time));
  const b = rows.map((r) => 1 - r.held / r.time);
  const k = 4;
  const lower = [1 / MAX_FLOW_MM3_S, 1 / MAX_FLOW_MM3_S, 0, 0];
  // Columns scaled to unit RMS so the pull towards the prior is alike for each.
  const scale = Array.from({ length: k }, (_, j) => Math.sqrt(A.reduce((s, row) => s + row[j] * row[j], 0) / A.length) || 1);
  const p0 = toVector(prior).map((v, j) => v * scale[j]);
  const lambda = PRIOR_WEIGHT * rows.length;
  const cost = (x: number[]) => {
    let c = 0;
    A.forEach((row, i) => (c += (row.reduce((s, aj, j) => s + aj * x[j], 0) - b[i]) ** 2));
    for (let j = 0; j < k; j++) c += lambda * (x[j] * scale[j] - p0[j]) ** 2;
    return c;
  };

  let best: number[] | null = null;
  let bestCost = Infinity;
  for (let atBound = 0; atBound < 1 << k; atBound++) {
    const x = [...lower];
    const free = [0, 1, 2, 3].filter((j) => !(atBound & (1 << j)));
    if (free.length > 0) {
      const n = free.length;
      const M = Array.from({ length: n }, () => new Array<number>(n).fill(0));
      const v = new Array<number>(n).fill(0);
      for (const [i, row] of A.entries()) {
        // What the variables held at their bounds already explain.
        let fixed = 0;
        for (let j = 0; j < k; j++) if (atBound & (1 << j)) fixed += row[j] * lower[j];
        for (let a = 0; a < n; a++) {
          const xa = row[free[a]] / scale[free[a]];
          v[a] += xa * (b[i] - fixed);
          for (let c = 0; c < n; c++) M[a][c] += xa * (row[free[c]] / scale[free[c]]);
        }
      }
      for (let a = 0; a < n; a++) {
        M[a][a] += lambda;
        v[a] += lambda * p0[free[a]];
      }
      const z = solve(M, v);
      if (!z) continue;
      free.forEach((j, a) => (x[j] = z[a] / scale[j]));
      if (free.some((j) => x[j] < lower[j])) continue;
    }
    const c = cost(x);
    if (c < bestCost) {
      bestCost = c;
      best = x;
    }
  }
  // All at their bounds is always feasible, so there is always an answer.
  const x = best ?? lower;
  return { perimeter_flow_mm3_s: 1 / x[0], infill_flow_mm3_s: 1 / x[1], layer_overhead_s: x[2], island_travel_s: x[3] };
}

/** Gaussian elimination with partial pivoting; null when singular. */
function solve(M: number[][], v: number[]): number[] | null {
  const n = v.length;
  const a = M.map((row, i) => [...row, v[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    if (Math.abs(a[p][c]) < 1e-12) return null;
    [a[c], a[p]] = [a[p], a[c]];
    for (let r = c + 1; r < n; r++) {
      const f = a[r][c] / a[c][c];
      for (let k = c; k <= n; k++) a[r][k] -= f * a[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = a[r][n];
    for (let k = r + 1; k < n; k++) s -= a[r][k] * x[k];
    x[r] = s / a[r][r];
  }
  return x;
}

const relative = (estimate: number, truth: number) => Math.round(((estimate - truth) / truth) * 10_000) / 10_000;
const round = (s: number) => Math.round(s * 10) / 10;
const summary = (errors: number[]): ErrorSummary => ({
  mean_relative_error: Math.round((errors.reduce((s, e) => s + Math.abs(e), 0) / errors.length) * 10_000) / 10_000,
  max_relative_error: Math.max(...errors.map(Math.abs)),
});
const roundParameters = (p: FffTimeParameters): FffTimeParameters => ({
  perimeter_flow_mm3_s: Number(p.perimeter_flow_mm3_s.toPrecision(5)),
  infill_flow_mm3_s: Number(p.infill_flow_mm3_s.toPrecision(5)),
  layer_overhead_s: Number(p.layer_overhead_s.toPrecision(5)),
  island_travel_s: Number(p.island_travel_s.toPrecision(5)),
});
