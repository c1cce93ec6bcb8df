/**
 * Shops' per-product parameters (price tables, limits): the zod pieces the
 * families build their parameter schemas from, and the check the API runs.
 */
import { z } from "zod";
import { EngineError, type EngineErrorDetail } from "../errors.ts";

const number = () => z.number({ error: (i) => (i.input === undefined ? "is required" : "must be a number") });

/** An amount in integer minor units of the table's currency. */
export const money = number().int("must be whole minor units (cents)").nonnegative("must not be negative");
export const hours = number().nonnegative("must not be negative").max(1000, "must be at most 1000 hours");
export const currency = z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as EUR");

/** A price for each key of `codes`, no more and no fewer. */
export const pricesFor = <K extends string>(codes: Record<K, unknown>) => z.record(z.enum(Object.keys(codes) as [K, ...K[]]), money);

/** Parses a shop's parameters for a family; 422 INVALID_PRODUCT_PARAMS naming each field (dotted, e.g. `prices.items.FIXING-SS-A2`). */
export function parseProductParams<P>(schema: z.ZodType<P>, input: unknown): P {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const details = r.error.issues.flatMap((issue): EngineErrorDetail[] => {
    const at = issue.path.map(String);
    if (issue.code === "unrecognized_keys") return issue.keys.map((k) => ({ field: [...at, k].join("."), message: "is not a known field" }));
    const value = issue.path.reduce<unknown>((o, k) => (o !== null && typeof o === "object" ? (o as Record<PropertyKey, unknown>)[k] : undefined), input);
    return [{ field: at.join("."), message: issue.message, ...(value === undefined ? {} : { value }) }];
  });
  throw new EngineError("INVALID_PRODUCT_PARAMS", "The product's parameters are not valid", 422, details);
}
