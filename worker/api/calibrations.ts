import { z } from "@hono/zod-openapi";
import { isEngineError } from "../../engine/errors.ts";
import { GcodeSummaryReader, type GcodeSummary } from "../../engine/gcode/index.ts";
import { AnalysisBudget, analyzeMesh, type MeshAnalysis } from "../../engine/mesh/index.ts";
import { calibrateFffTime, MAX_SAMPLES, type FffMachine } from "../../engine/pricing/index.ts";
import { analysisBudgetMs } from "../analysis/budget.ts";
import { publishedBook } from "../pricing/books.ts";
import { scopeOf, tenantOf } from "../middleware/tenant.ts";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { envelope, errorResponses, ok } from "./envelope.ts";
import { ApiError } from "./errors.ts";
import { multipartBoundary, multipartParts, type StreamedPart } from "./multipart-stream.ts";
import { stripBidiControls } from "./file-name.ts";
import { concat } from "../storage/streams.ts";

/**
 * POST /price-books/calibrations: the shop's parts with the G-code its own
 * slicer made of them, fitted into an FFF machine's `time_calibration`
 * (engine/pricing/fff-calibration.ts). Nothing is stored: the shop puts the
 * result into a new price-book version and publishes it the usual way.
 */

/** A whole request: many G-code files of real prints (tens of MB each for long prints) fit under the Workers limit. */
export const CALIBRATION_BODY_LIMIT = 100 * 1024 * 1024;
const MAX_FIELD_BYTES = 200;

const ErrorSummary = z.object({ mean_relative_error: z.number(), max_relative_error: z.number() });
const Calibration = z
  .object({
    machine: z.string(),
    price_book_version: z.string().openapi({ description: "The published version whose model the `before` figures are" }),
    time_calibration: z
      .object({
        perimeter_flow_mm3_s: z.number(),
        infill_flow_mm3_s: z.number(),
        layer_overhead_s: z.number(),
        island_travel_s: z.number(),
        fit_report: z.object({
          samples: z.number().int(),
          mean_relative_error: z.number(),
          max_relative_error: z.number(),
          slicers: z.array(z.string()),
          fitted_at: z.string(),
        }),
      })
      .openapi({ description: "Ready to set as the machine's `time_calibration` in a new price-book version" }),
    min_layer_time_s: z.number().openapi({
      description:
        "The minimum layer time the parts were sliced with (the G-codes' when all state the same, else the machine's): set it on the machine with `time_calibration`",
    }),
    before: ErrorSummary.openapi({ description: "The published book's model against the slicer's times (|relative error|)" }),
    after: ErrorSummary.openapi({ description: "The fitted model on the same parts" }),
    held_out: ErrorSummary.nullable().openapi({ description: "Each part predicted by a fit to the others (from 4 parts): what to expect on new parts" }),
    samples: z.array(
      z.object({
        part: z.string(),
        gcode: z.string(),
        slicer: z.string(),
        slicer_time_s: z.number(),
        layer_height_mm: z.number(),
        infill: z.number(),
        before_s: z.number(),
        before_error: z.number(),
        after_s: z.number(),
        after_error: z.number(),
        held_out_s: z.number().nullable(),
        held_out_error: z.number().nullable(),
      }),
    ),
    warnings: z.array(z.object({ field: z.string(), message: z.string() })),
  })
  .openapi("PrintTimeCalibration");

const calibrate = defineRoute({
  permission: "catalog:write",
  method: "post",
  path: "/",
  body: "streamed",
  tags: ["Catalogue"],
  summary: "Fit an FFF machine's print-time model to G-code from the shop's own slicer (nothing is published)",
  description:
    "multipart/form-data: `machine` (an FFF machine code of the published book), then `part` files (STL, OBJ or 3MF) and `gcode` files: each part with the G-code of the same file name (bracket.stl, bracket.gcode), or else the i-th G-code with the i-th part. PrusaSlicer, OrcaSlicer, Cura and Bambu Studio G-code carry the estimated time this fits to.",
  request: {
    body: {
      content: {
        // A plain schema, not zod: the body is read as a stream by the handler, never parsed whole by a validator.
        "multipart/form-data": {
          schema: {
            type: "object",
            required: ["machine", "part", "gcode"],
            properties: {
              machine: { type: "string", description: "An FFF machine code of the published price book" },
              part: { type: "array", items: { type: "string", format: "binary" }, description: "STL, OBJ or 3MF, one per G-code" },
              gcode: { type: "array", items: { type: "string", format: "binary" }, description: "The i-th part's G-code" },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: { description: "The fitted parameters with the error per part and overall", content: { "application/json": { schema: envelope(Calibration) } } },
    ...errorResponses(400, 401, 403, 404, 413, 415, 422),
  },
});

interface Upload {
  filename: string;
  bytes?: Uint8Array;
  summary?: GcodeSummary;
}

export const calibrationsRouter = createRouter().openapi(calibrate, async (c) => {
  const boundary = multipartBoundary(c.req.header("content-type"));
  if (!boundary || !c.req.raw.body) {
    throw new ApiError("UNSUPPORTED_MEDIA_TYPE", "Send the parts and their G-code as a form upload (multipart/form-data)", [
      { field: "body", message: "must be multipart/form-data" },
    ]);
  }
  const declared = Number(c.req.header("content-length"));
  if (declared > CALIBRATION_BODY_LIMIT) throw tooLarge(declared);

  const maxPartBytes = tenantOf(c).settings.max_upload_bytes;
  let machineCode: string | null = null;
  const parts: Upload[] = [];
  const gcodes: Upload[] = [];
  let total = 0;
  const count = (n: number) => {
    total += n;
    if (total > CALIBRATION_BODY_LIMIT) throw tooLarge(total);
  };
  for await (const field of multipartParts(c.req.raw.body, boundary)) {
    if (field.name === "machine") {
      machineCode = new TextDecoder().decode(await collect(field, MAX_FIELD_BYTES, "machine", count)).trim();
    } else if (field.name === "part") {
      const i = parts.length;
      if (i >= MAX_SAMPLES) throw tooMany();
      parts.push({ filename: fileName(field, `part ${i + 1}`), bytes: await collect(field, maxPartBytes, `part.${i}`, count) });
    } else if (field.name === "gcode") {
      const i = gcodes.length;
      if (i >= MAX_SAMPLES) throw tooMany();
      const reader = new GcodeSummaryReader();
      for await (const chunk of field.body) {
        count(chunk.length);
        reader.push(chunk);
      }
      gcodes.push({ filename: fileName(field, `G-code ${i + 1}`), summary: reader.finish() });
    } else {
      throw new ApiError("VALIDATION_ERROR", `Unknown form field “${field.name}”: send machine, part and gcode`, [
        { field: field.name, message: "unknown field" },
      ]);
    }
  }

  if (!machineCode) throw new ApiError("VALIDATION_ERROR", "Choose the FFF machine to calibrate", [{ field: "machine", message: "required" }]);
  if (parts.length !== gcodes.length) {
    throw new ApiError("VALIDATION_ERROR", `Send one G-code per part, in the same order: ${parts.length} parts and ${gcodes.length} G-code files arrived`, [
      { field: "gcode", message: `one per part (${parts.length})`, value: gcodes.length },
    ]);
  }
  pairByName(parts, gcodes);
  const { row, shop } = await publishedBook(scopeOf(c));
  const fff = shop.book.processes.fff;
  const machine = fff?.machines.find((m) => m.code === machineCode) as FffMachine | undefined;
  if (!fff || !machine)
    throw new ApiError("NOT_FOUND", `The published price book has no FFF machine “${machineCode}”`, [
      { field: "machine", message: "not an FFF machine of this shop", value: machineCode },
    ]);

  const budgetMs = analysisBudgetMs(c.env);
  const samples = [];
  for (const [i, p] of parts.entries()) {
    samples.push({ name: p.filename, analysis: await analysePart(p, i, tenantOf(c).settings.max_triangles, budgetMs), gcode: gcodes[i].summary! });
    p.bytes = undefined;
  }
  const fit = calibrateFffTime(machine, samples, fff.infill.default, new Date());
  return ok(c, {
    machine: fit.machine,
    price_book_version: String(row.version),
    time_calibration: { ...fit.time_calibration, fit_report: fit.time_calibration.fit_report! },
    min_layer_time_s: fit.min_layer_time_s,
    before: fit.before,
    after: fit.after,
    held_out: fit.held_out,
    samples: fit.samples.map(({ name, ...s }, i) => ({ part: name, gcode: gcodes[i].filename, ...s })),
    warnings: fit.warnings,
  });
});

const stem = (filename: string) => filename.replace(/\.[^.]*$/, "").toLowerCase();

/**
 * When every part has exactly one G-code of the same name (bracket.stl and
 * bracket.gcode), they are paired by name, whatever order a file picker sent
 * them in; otherwise by order.
 */
function pairByName(parts: Upload[], gcodes: Upload[]): void {
  const byStem = new Map<string, Upload>();
  for (const g of gcodes) byStem.set(stem(g.filename), g);
  if (byStem.size !== gcodes.length || new Set(parts.map((p) => stem(p.filename))).size !== parts.length) return;
  const paired = parts.map((p) => byStem.get(stem(p.filename)));
  if (paired.every((g) => g !== undefined)) gcodes.splice(0, gcodes.length, ...paired);
}

async function analysePart(p: Upload, i: number, maxTriangles: number, budgetMs: number): Promise<MeshAnalysis> {
  try {
    // Loaded when a calibration runs: the router module stays free of the wasm import, so Node tools can build the API document.
    const { default: kernel } = await import("../../wasm/build/kernel.wasm");
    const { analysis } = await analyzeMesh(p.bytes!, { kernel, filename: p.filename, maxTriangles, budget: new AnalysisBudget(budgetMs) });
    return analysis;
  } catch (e) {
    if (!isEngineError(e)) throw e;
    throw new ApiError("UNPROCESSABLE_ENTITY", `“${p.filename}” could not be read as a 3D part: ${e.message}`, [
      { field: `part.${i}`, message: e.message, value: p.filename },
    ]);
  }
}

/** A small form field or a part file, whole, refused past `limit` bytes. */
async function collect(field: StreamedPart, limit: number, name: string, count: (n: number) => void): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of field.body) {
    count(chunk.length);
    size += chunk.length;
    if (size > limit)
      throw new ApiError("PAYLOAD_TOO_LARGE", `“${field.filename ?? name}” is larger than ${limit} bytes`, [
        { field: name, message: `must be at most ${limit} bytes` },
      ]);
    chunks.push(chunk);
  }
  return concat(chunks, size);
}

const fileName = (field: StreamedPart, fallback: string) =>
  stripBidiControls(field.filename ?? "")
    .trim()
    .slice(0, 255) || fallback;

const tooLarge = (bytes: number) =>
  new ApiError(
    "PAYLOAD_TOO_LARGE",
    `The upload is ${Math.round(bytes / 1048576)} MB or more; send at most ${CALIBRATION_BODY_LIMIT / 1048576} MB at a time (fewer or smaller parts)`,
    [{ field: "body", message: `at most ${CALIBRATION_BODY_LIMIT} bytes` }],
  );

const tooMany = () =>
  new ApiError("UNPROCESSABLE_ENTITY", `Send at most ${MAX_SAMPLES} parts at a time`, [{ field: "part", message: `at most ${MAX_SAMPLES}` }]);
