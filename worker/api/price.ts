import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { envelope, errorResponses, ok } from "./envelope.ts";
import { ApiError } from "./errors.ts";
import { AnalysisSchema } from "./analysis-schema.ts";
import { PriceOptionsFields, PriceResultSchema } from "./pricing-schemas.ts";
import { Id } from "./schemas.ts";
import { viewerOf } from "./models.ts";
import { applyBlockers, price, quantityBreakTable } from "../../engine/pricing/index.ts";
import type { Analysis } from "../../engine/mesh/types.ts";
import type { Scope } from "../db/scope.ts";
import { findModel } from "../db/models.ts";
import { scopeOf } from "../middleware/tenant.ts";
import { publishedBook } from "../pricing/books.ts";

const PriceRequest = z
  .strictObject({ analysis: AnalysisSchema.optional(), model_id: Id.optional(), ...PriceOptionsFields })
  .refine((r) => (r.analysis === undefined) !== (r.model_id === undefined), { message: "send either analysis or model_id", path: ["model_id"] })
  .openapi("PriceRequest");

const Priced = PriceResultSchema.extend({
  quantity_breaks: z.array(z.object({ quantity: z.number(), unit_price: z.number(), total: z.number(), discount: z.number() })),
}).openapi("Priced");

const route = defineRoute({
  permission: "public",
  method: "post",
  path: "/",
  tags: ["Pricing"],
  summary:
    "Price a part statelessly: breakdown, DFM findings and the price-book version; a part with a DFM error is `blocked` (no price, no lead time) with its `blockers`",
  request: { body: { content: { "application/json": { schema: PriceRequest } }, required: true } },
  responses: { 200: { description: "Priced", content: { "application/json": { schema: envelope(Priced) } } }, ...errorResponses(400, 404, 413, 415, 422) },
});

export const priceRouter = createRouter().openapi(route, async (c) => {
  const scope = scopeOf(c);
  const { analysis: sent, model_id, ...options } = c.req.valid("json");
  const analysis = sent ? (sent as Analysis) : await analysisOfModel(c, scope, model_id!);
  const { book } = await publishedBook(scope);
  const result = applyBlockers(price(analysis, book, options));
  // A part that cannot be made has no price at any quantity.
  return ok(c, { ...result, quantity_breaks: result.blocked ? [] : quantityBreakTable(analysis, book, options) });
});

async function analysisOfModel(c: Parameters<typeof viewerOf>[0], scope: Scope, id: string): Promise<Analysis> {
  // The route is public; a model is read only by whom models:read lets see it.
  const viewer = await viewerOf(c, false, "models:read");
  const model = viewer && (await findModel(scope, id, viewer));
  if (!model) throw new ApiError("NOT_FOUND", "Model not found", [{ field: "model_id", message: "not found", value: id }]);
  if (model.status !== "analyzed") {
    throw new ApiError(
      "CONFLICT",
      model.status === "pending" ? "The model is still being analysed; try again in a moment" : "The model could not be analysed",
      [{ field: "model_id", message: `is ${model.status}`, value: id }],
    );
  }
  return model.analysis as unknown as Analysis;
}
