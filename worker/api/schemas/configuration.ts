import { z } from "@hono/zod-openapi";
import { orNull } from "../envelope.ts";
import { BlockerSchema } from "../pricing-schemas.ts";
import { CuttingList, UValue } from "./engineering.ts";

/** Response schemas of saved product configurations. */

const Row = z.looseObject({});

/** What a product family's engineering yields; a door has all of it, a cabinet its BOM and price. */
export const ConfigurationEngineering = z
  .object({
    bom: Row.openapi({ description: "Bill of materials" }),
    price: Row.nullable().openapi({ description: "Null when the product has no price table or the configuration is blocked" }),
    blocked: z.boolean(),
    blockers: z.array(BlockerSchema),
    layout: Row.optional(),
    glazing: Row.optional(),
    thermal: orNull(UValue).optional(),
    cutting_list: CuttingList.optional(),
    qc_checklist: z.array(Row).optional(),
    routing: z.array(Row).optional(),
  })
  .openapi("ConfigurationEngineering");

export const Configuration = z
  .object({
    id: z.string(),
    product_id: z.string(),
    product_name: z.string().nullable(),
    schema_version: z.number().int(),
    name: z.string().nullable(),
    config: z.record(z.string(), z.unknown()),
    config_hash: z.string(),
    engineering: orNull(ConfigurationEngineering).openapi({ description: "Null when the product is gone" }),
    created_at: z.string().nullable(),
    defaults_applied: z.array(z.string()).optional().openapi({ description: "On creation: the fields that took the product's defaults" }),
  })
  .openapi("Configuration");

export type Configuration = z.infer<typeof Configuration>;
