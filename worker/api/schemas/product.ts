import { z } from "@hono/zod-openapi";

/** Response schemas of products: what GET/POST/PATCH /products… answer. */

const JsonSchemaDoc = z.record(z.string(), z.unknown()).openapi({ description: "JSON Schema 2020-12" });

export const Product = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    generator_key: z.string(),
    family: z.string(),
    schema_version: z.number().int(),
    config_schema: JsonSchemaDoc.nullable(),
    params: z.record(z.string(), z.unknown()).openapi({ description: "What it is priced with: the shop's parameters over the family's starter table" }),
    active: z.boolean(),
    created_at: z.string().nullable(),
    updated_at: z.string().nullable(),
  })
  .openapi("Product");

export const ProductSchemaVersion = z
  .object({ version: z.number().int(), created_at: z.string().nullable(), config_schema: JsonSchemaDoc })
  .openapi("ProductSchemaVersion");

export type Product = z.infer<typeof Product>;
export type ProductSchemaVersion = z.infer<typeof ProductSchemaVersion>;
