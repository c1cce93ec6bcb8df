import { z } from "zod";
import { EngineError } from "../errors.ts";

/**
 * A shop's shipping methods and what each costs for a destination and weight.
 * Money is integer minor units of the shop's currency; a destination is an
 * ISO 3166-1 alpha-2 country code, "*" standing for every other country.
 */
const money = z.number().int().min(0).max(100_000_000);
const days = z.number().int().min(0).max(365);
const country = z.string().regex(/^([A-Z]{2}|\*)$/, "must be a two-letter country code (ISO 3166-1) or *");
const code = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "must be lower-case letters, digits, - or _");
const name = z.string().trim().min(1).max(80);

const zone = z.strictObject({
  countries: z.array(country).min(1),
  days,
  base: money,
  per_kg: money,
  /** Heavier consignments are not sent with this method. */
  max_kg: z.number().positive().max(100_000).optional(),
});

export const shippingMethodSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("pickup"), code, name, days }),
  z.strictObject({ kind: z.literal("flat"), code, name, price: money, days, countries: z.array(country).min(1).default(["*"]) }),
  z.strictObject({ kind: z.literal("weight"), code, name, zones: z.array(zone).min(1) }),
]);

export type ShippingMethod = z.infer<typeof shippingMethodSchema>;

export const shippingMethodsSchema = z
  .array(shippingMethodSchema)
  .min(1, "offer at least one way to get the parts")
  .max(20)
  .superRefine((methods, ctx) => {
    const seen = new Set<string>();
    methods.forEach((m, i) => {
      if (seen.has(m.code)) ctx.addIssue({ code: "custom", path: [i, "code"], message: "is used by another method" });
      seen.add(m.code);
    });
  });

/** What a new shop offers until it sets its own: collection from the shop. */
export const DEFAULT_SHIPPING_METHODS: ShippingMethod[] = [{ kind: "pickup", code: "pickup", name: "Collect from the shop", days: 0 }];

export function parseShippingMethods(input: unknown): ShippingMethod[] {
  const r = shippingMethodsSchema.safeParse(input);
  if (r.success) return r.data;
  throw new EngineError(
    "VALIDATION_ERROR",
    "These shipping methods are not valid",
    400,
    r.error.issues.map((i) => ({ field: ["methods", ...i.path].join("."), message: i.message })),
  );
}

export type ShippingQuote = { ok: true; price: number; days: number } | { ok: false; reason: string };

/** The price and transit days of sending `weightKg` to `destination` with a method, or why it cannot. */
export function quoteShipping(method: ShippingMethod, destination: string | null, weightKg: number): ShippingQuote {
  if (method.kind === "pickup") return { ok: true, price: 0, days: method.days };
  if (destination === null) return { ok: false, reason: "needs a delivery address" };
  if (method.kind === "flat") {
    return serves(method.countries, destination)
      ? { ok: true, price: method.price, days: method.days }
      : { ok: false, reason: `does not deliver to ${destination}` };
  }
  // The zone naming the country wins over the catch-all.
  const zone = method.zones.find((z) => z.countries.includes(destination)) ?? method.zones.find((z) => z.countries.includes("*"));
  if (!zone) return { ok: false, reason: `does not deliver to ${destination}` };
  if (zone.max_kg !== undefined && weightKg > zone.max_kg) return { ok: false, reason: `takes at most ${zone.max_kg} kg to ${destination}` };
  // Started kilograms are charged, as carriers do.
  return { ok: true, price: zone.base + zone.per_kg * Math.ceil(Math.max(0, weightKg)), days: zone.days };
}

const serves = (countries: string[], destination: string) => countries.includes(destination) || countries.includes("*");

/** The lowest price a method can have (its price for the lightest parcel to its cheapest destination): the "from" price of a list. */
export function startingPrice(method: ShippingMethod): { price: number; days: number } {
  if (method.kind === "pickup") return { price: 0, days: method.days };
  if (method.kind === "flat") return { price: method.price, days: method.days };
  const cheapest = method.zones.reduce((a, b) => (b.base < a.base ? b : a));
  return { price: cheapest.base, days: Math.min(...method.zones.map((z) => z.days)) };
}
