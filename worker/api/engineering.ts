import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { envelope, errorResponses, ok } from "./envelope.ts";
import { EngineError } from "../../engine/errors.ts";
import { calculateUValue } from "../../engine/thermal/index.ts";
import type { UValueResult } from "../../engine/thermal/u-value.ts";
import { thermalBlockers } from "../../engine/pricing/blockers.ts";
import { optimiseCutting, MAX_PIECES } from "../../engine/cutting/index.ts";
import { CuttingList, UValueChecked } from "./schemas/engineering.ts";
import { completeConfiguration, doorFamily, doorEngineering, validateConfiguration } from "../../engine/products/index.ts";

const positive = z.number().positive().finite();

const Explicit = z.strictObject({
  frame_area: positive.openapi({ description: "m²" }),
  frame_u_value: positive.openapi({ description: "W/m²K" }),
  glazing_area: z.number().nonnegative().finite().openapi({ description: "m²" }),
  glazing_u_value: positive,
  edge_length: z.number().nonnegative().finite().openapi({ description: "visible glass perimeter, m" }),
  psi_value: z.number().nonnegative().finite().openapi({ description: "linear thermal transmittance of the spacer, W/mK" }),
  limit: positive.optional().openapi({ description: "the U-value to pass, W/m²K" }),
});
const ForDoor = z.strictObject({ configuration: z.record(z.string(), z.unknown()), limit: positive.optional() });
const UValueRequest = z.union([Explicit, ForDoor]).openapi("UValueRequest");

const Cut = z.strictObject({
  length: positive.max(100_000),
  quantity: z.number().int().min(1).max(MAX_PIECES),
  label: z.string().max(100).default(""),
  profile: z.string().min(1).max(100).default("default"),
});
const CuttingRequest = z
  .strictObject({
    stock_lengths: z.array(positive.max(100_000)).min(1).max(20).default([6000, 6500]),
    kerf: z.number().nonnegative().max(50).default(5),
    trim: z.number().nonnegative().max(500).default(0),
    cuts: z.array(Cut).min(1).max(2000),
  })
  .openapi("CuttingListRequest");

const uValue = defineRoute({
  permission: "public",
  method: "post",
  path: "/u-value",
  tags: ["Engineering"],
  summary: "Overall U-value by EN ISO 10077-1, for a door configuration or explicit areas and values",
  request: { body: { content: { "application/json": { schema: UValueRequest } }, required: true } },
  responses: {
    200: { description: "U-value", content: { "application/json": { schema: envelope(UValueChecked) } } },
    ...errorResponses(400, 404, 413, 415, 422),
  },
});

const cuttingList = defineRoute({
  permission: "public",
  method: "post",
  path: "/cutting-list",
  tags: ["Engineering"],
  summary: "Optimised 1-D cutting list: bars with their cut patterns, offcuts, waste and the lower bound",
  request: { body: { content: { "application/json": { schema: CuttingRequest } }, required: true } },
  responses: {
    200: { description: "Cutting list", content: { "application/json": { schema: envelope(CuttingList) } } },
    ...errorResponses(400, 404, 413, 415, 422),
  },
});

/** A U-value over the limit asked for blocks what it was computed for: `blocked` and `blockers` say so. */
const withBlockers = <T extends Pick<UValueResult, "overall_u_value" | "limit">>(thermal: T) => {
  const blockers = thermalBlockers(thermal);
  return { ...thermal, blocked: blockers.length > 0, blockers };
};

/** JSON pointers (`/cuts/0/length`) → the API's field paths (`cuts.0.length`). */
const pointerToField = (pointer: string, prefix?: string) => [...(prefix ? [prefix] : []), ...pointer.split("/").filter(Boolean)].join(".");

/** Runs engine code whose error fields are JSON pointers, reporting them as the API's field paths. */
function withPointerFields<T>(run: () => T, prefix?: string): T {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    throw new EngineError(
      e.code,
      e.message,
      e.status,
      e.details.map((d) => ({ ...d, field: pointerToField(d.field, prefix) })),
    );
  }
}

export const engineeringRouter = createRouter()
  .openapi(uValue, (c) => {
    const body = c.req.valid("json");
    if ("configuration" in body) {
      const { config, defaults_applied } = completeConfiguration(doorFamily, body.configuration);
      const { valid, errors } = validateConfiguration(doorFamily, config);
      if (!valid)
        throw new EngineError(
          "VALIDATION_ERROR",
          "This door configuration is not valid",
          400,
          errors.map((e) => ({ ...e, field: pointerToField(e.field, "configuration") })),
        );
      const { thermal, glazing } = doorEngineering(config as never, { u_value_limit: body.limit });
      return ok(c, { ...withBlockers(thermal), glazing: glazing as unknown as Record<string, unknown>, defaults_applied });
    }
    const { limit, ...input } = body;
    return ok(c, withBlockers(withPointerFields(() => calculateUValue(input, limit))));
  })
  .openapi(cuttingList, (c) => {
    return ok(
      c,
      withPointerFields(() => optimiseCutting(c.req.valid("json"))),
    );
  });
