import { z } from "@hono/zod-openapi";
import { orNull } from "../envelope.ts";
import { BlockerSchema } from "../pricing-schemas.ts";

/**
 * Response schemas of the engineering results (U-value, cutting list) that
 * /engineering/…, configurations, specifications and orders answer with. Their
 * top level is spelled out; deeper engine structures are open objects.
 */

const Row = z.looseObject({});

export const LimitCheck = z.object({ max_u_value: z.number(), passes: z.boolean(), margin: z.number() }).openapi("LimitCheck");

export const UValue = z
  .object({
    overall_u_value: z.number().openapi({ description: "W/m²K, two significant figures (EN ISO 10077-1)" }),
    overall_u_value_exact: z.number(),
    frame_area_m2: z.number(),
    glazing_area_m2: z.number(),
    total_area_m2: z.number(),
    edge_length_m: z.number(),
    heat_loss_w_per_k: z.number(),
    breakdown: z.object({ frames: z.array(Row), glazing: z.array(Row), edges: z.array(Row) }),
    limit: orNull(LimitCheck),
  })
  .openapi("UValue");

const Checked = {
  blocked: z.boolean().openapi({ description: "True when the U-value is over the limit asked for" }),
  blockers: z.array(BlockerSchema),
};

/** The U-value of a door configuration, with its glazing make-up and the defaults it took. */
export const DoorUValue = UValue.extend({
  ...Checked,
  glazing: Row.openapi({ description: "The glazing make-up and its U_g" }),
  defaults_applied: z.array(z.string()).openapi({ description: "Fields of the configuration that took the product's defaults" }),
}).openapi("DoorUValue");

/** The U-value from explicit areas and values. */
export const ExplicitUValue = z
  .object({
    overall_u_value: z.number(),
    overall_u_value_exact: z.number(),
    breakdown: z.object({
      frame_area: z.number(),
      glazing_area: z.number(),
      total_area: z.number(),
      edge_length: z.number(),
      frame_contribution: z.number(),
      glazing_contribution: z.number(),
      edge_contribution: z.number(),
      heat_loss: z.number(),
    }),
    limit: orNull(LimitCheck),
    ...Checked,
  })
  .openapi("ExplicitUValue");

export const UValueChecked = z.union([DoorUValue, ExplicitUValue]).openapi("UValueResult");

export const CuttingList = z
  .object({
    bars_used: z.number().int(),
    lower_bound: z.number().int(),
    ffd_bars: z.number().int(),
    optimal: z.boolean(),
    stock_length_total: z.number(),
    cut_length_total: z.number(),
    waste_percent: z.number(),
    kerf: z.number(),
    trim: z.number(),
    profiles: z.array(
      z.looseObject({
        profile: z.string(),
        pieces: z.number().int(),
        bars_used: z.number().int(),
        lower_bound: z.number().int(),
        waste_percent: z.number(),
        optimal: z.boolean(),
      }),
    ),
    bars: z.array(
      z.looseObject({
        profile: z.string(),
        stock_length: z.number(),
        cuts: z.array(Row),
        used_length: z.number(),
        offcut: z.number(),
        remnant_lot: z.string().optional().openapi({ description: "The remnant lot in stock this bar is cut from (not a new bar)" }),
      }),
    ),
  })
  .openapi("CuttingList");

export type UValue = z.infer<typeof UValue>;
export type UValueChecked = z.infer<typeof UValueChecked>;
export type CuttingList = z.infer<typeof CuttingList>;
