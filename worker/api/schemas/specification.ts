import { z } from "@hono/zod-openapi";
import { orNull } from "../envelope.ts";
import { CuttingList, UValue } from "./engineering.ts";

/** Response schemas of the documents the shop's production reads: specifications and order cutting lists. */

const Row = z.looseObject({});

export const Specification = z
  .object({
    id: z.string(),
    generated_at: z.string(),
    request: z.object({ source: z.string(), request_id: z.string() }),
    quote: z.object({ id: z.string(), number: z.string(), revision: z.number().int() }).nullable(),
    items: z.array(
      z.object({
        item_id: z.string().nullable(),
        configuration_id: z.string(),
        name: z.string().nullable(),
        product: Row,
        quantity: z.number().int(),
        configuration: z.record(z.string(), z.unknown()),
        u_value: orNull(UValue),
        bom: z.object({ lines: z.array(Row), weight_kg: z.number().nullable() }).nullable(),
        cutting_list: orNull(CuttingList),
        qc_checklist: z.array(Row).nullable(),
        datasheet: z
          .looseObject({
            title: z.string(),
            product: z.string(),
            quantity: z.number().int(),
            dimensions: z.array(z.object({ label: z.string(), value: z.string() })),
            u_value: z.looseObject({ overall_u_value: z.number(), rows: z.array(Row) }).nullable(),
            materials: z.array(z.object({ label: z.string(), value: z.string() })),
            hardware: z.array(z.object({ description: z.string(), quantity: z.number(), unit: z.string() })),
            glazing: z.array(z.object({ label: z.string(), value: z.string() })),
            weights: z.object({ unit_kg: z.number().nullable(), total_kg: z.number().nullable() }),
            compliance: z.array(z.object({ label: z.string(), value: z.string() })),
          })
          .nullable()
          .optional()
          .openapi({ description: "The datasheet the quote's technical package prints for this item (absent in specifications made before it)" }),
      }),
    ),
  })
  .openapi("Specification");

export const OrderCuttingList = CuttingList.extend({
  id: z.string(),
  order_id: z.string(),
  quote_id: z.string(),
  quote_number: z.string(),
  generated_at: z.string(),
  items: z.array(z.object({ item_id: z.string(), position: z.number().int(), configuration_id: z.string(), product: z.string(), quantity: z.number().int() })),
}).openapi("OrderCuttingList");

export type Specification = z.infer<typeof Specification>;
export type OrderCuttingList = z.infer<typeof OrderCuttingList>;
