import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { errorResponses, jsonResponse, ok } from "./envelope.ts";
import { ApiError } from "./errors.ts";
import { countsPerDay, dayOf, daysBetween, firstPassYield, rate, wasteByProfile } from "../../engine/production/analytics.ts";
import { analyticsFigures } from "../db/analytics.ts";
import { scopeOf, tenantOf } from "../middleware/tenant.ts";

const DAY = 24 * 3600 * 1000;
/** The longest period one summary covers. */
const MAX_DAYS = 366;

const Rate = z.number().nullable().openapi({ description: "A fraction 0…1 (4 decimals); null when there was nothing to count" });
const YieldFields = { stages: z.number().int(), first_pass: z.number().int(), rate: Rate };

const Summary = z
  .object({
    period: z.object({ from: z.string(), to: z.string(), days: z.number().int() }).openapi({ description: "UTC days, both inclusive" }),
    quotes_per_day: z.array(z.object({ date: z.string(), count: z.number().int() })).openapi({ description: "Quotes created on each day of the period" }),
    conversion: z
      .object({ quotes: z.number().int(), ordered: z.number().int(), rate: Rate })
      .openapi({ description: "Of the quotes created in the period, those ordered (paid or on a purchase order)" }),
    average_order_value: z
      .object({ amount: z.number().int().nullable(), currency: z.string(), orders: z.number().int() })
      .openapi({ description: "Mean amount (minor units) of the orders placed in the period, in the currency most of them were in" }),
    on_time_delivery: z
      .object({ delivered: z.number().int(), on_time: z.number().int(), rate: Rate })
      .openapi({ description: "Manufacturing orders delivered in the period, and those delivered by their due date" }),
    first_pass_yield: z.object({
      by_stage: z.array(z.object({ stage: z.string(), ...YieldFields })),
      by_family: z.array(z.object({ family: z.string(), ...YieldFields }).openapi({ description: "Family: the product's generator, or the part's process" })),
    }),
    qc: z.object({
      most_failed_checks: z
        .array(z.object({ stage: z.string(), description: z.string(), failures: z.number().int() }))
        .openapi({ description: "The 10 most failed" }),
      mean_minutes_per_checkpoint: z
        .number()
        .nullable()
        .openapi({ description: "Mean minutes from an MO's previous checkpoint (or its creation) to each checkpoint of the period" }),
      open_corrective_actions: z.number().int().openapi({ description: "Open now, whenever opened" }),
    }),
    waste_by_profile: z.array(z.object({ profile: z.string(), stock_m: z.number(), cut_m: z.number(), waste_percent: z.number() })),
    waste_cutting_lists: z
      .object({ counted: z.number().int(), total: z.number().int() })
      .openapi({ description: "Cutting lists of the period read for the waste figures: the newest, at most 100" }),
  })
  .openapi("AnalyticsSummary");

const R2_READS_AT_ONCE = 10;

/** The per-profile totals of a stored cutting list (worker/orders/cutting-list.ts); null when the object is gone. */
async function profilesOf(files: R2Bucket, key: string): Promise<unknown> {
  const object = await files.get(key);
  return object ? ((await object.json()) as { profiles?: unknown }).profiles : null;
}

const Day = z.iso.date();
const routes = {
  summary: defineRoute({
    permission: "production:read",
    method: "get",
    path: "/summary",
    tags: ["Analytics"],
    summary: "The shop's figures over a period: quotes per day, conversion, average order value, on-time delivery, first-pass yield, QC, material waste",
    request: {
      query: z.object({
        from: Day.optional().openapi({ description: "First day (UTC, inclusive); defaults to 29 days before `to`" }),
        to: Day.optional().openapi({ description: "Last day (UTC, inclusive); defaults to today" }),
      }),
    },
    responses: { 200: jsonResponse("The figures", Summary), ...errorResponses(400, 401, 403) },
  }),
};

export const analyticsRouter = createRouter().openapi(routes.summary, async (c) => {
  const query = c.req.valid("query");
  const to = query.to ?? dayOf(Date.now());
  const from = query.from ?? dayOf(Date.parse(to) - 29 * DAY);
  const refuse = (field: "from" | "to", message: string) => new ApiError("VALIDATION_ERROR", message, [{ field, message, value: query[field] }]);
  if (from > to) throw refuse("from", "must not be after `to`");
  if ((Date.parse(to) - Date.parse(from)) / DAY + 1 > MAX_DAYS) throw refuse("from", `must be at most ${MAX_DAYS} days before \`to\` (both inclusive)`);
  const days = daysBetween(from, to);

  const scope = scopeOf(c);
  const figures = await analyticsFigures(scope, { from: Date.parse(from), to: Date.parse(to) + DAY });
  // A list's bars can be large (every cut of an order): read a few at a time and keep only the per-profile totals.
  const lists: unknown[] = [];
  for (let i = 0; i < figures.cuttingLists.keys.length; i += R2_READS_AT_ONCE) {
    const chunk = figures.cuttingLists.keys.slice(i, i + R2_READS_AT_ONCE);
    for (const profiles of await Promise.all(chunk.map((key) => profilesOf(c.env.FILES, key)))) if (profiles) lists.push({ profiles });
  }
  const main = figures.orderValues[0];
  const { delivered, on_time } = figures.delivery;
  return ok(c, {
    period: { from, to, days: days.length },
    quotes_per_day: countsPerDay(days, figures.perDay),
    conversion: { ...figures.conversion, rate: rate(figures.conversion.ordered, figures.conversion.quotes) },
    average_order_value: main
      ? { amount: Math.round(main.total / main.orders), currency: main.currency, orders: main.orders }
      : { amount: null, currency: tenantOf(c).currency, orders: 0 },
    on_time_delivery: { delivered, on_time, rate: rate(on_time, delivered) },
    first_pass_yield: firstPassYield(figures.firstPass),
    qc: {
      most_failed_checks: figures.failedChecks,
      mean_minutes_per_checkpoint: figures.meanMinutes === null ? null : Math.round(figures.meanMinutes * 10) / 10,
      open_corrective_actions: figures.openActions,
    },
    waste_by_profile: wasteByProfile(lists),
    waste_cutting_lists: { counted: lists.length, total: figures.cuttingLists.total },
  });
});
