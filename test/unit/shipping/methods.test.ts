import { describe, expect, it } from "vitest";
import { parseShippingMethods, quoteShipping, startingPrice, type ShippingMethod } from "../../../engine/shipping/methods.ts";

const pickup: ShippingMethod = { kind: "pickup", code: "pickup", name: "Collect", days: 0 };
const flat: ShippingMethod = { kind: "flat", code: "flat", name: "Courier", price: 1500, days: 2, countries: ["DE", "AT"] };
const parcel: ShippingMethod = {
  kind: "weight",
  code: "parcel",
  name: "Parcel",
  zones: [
    { countries: ["DE"], days: 2, base: 590, per_kg: 100, max_kg: 31.5 },
    { countries: ["*"], days: 5, base: 1490, per_kg: 250 },
  ],
};

describe("shipping methods", () => {
  it("price a consignment by method, destination and started kilogram", () => {
    expect(quoteShipping(pickup, null, 12)).toEqual({ ok: true, price: 0, days: 0 });
    expect(quoteShipping(flat, "AT", 40)).toEqual({ ok: true, price: 1500, days: 2 });
    expect(quoteShipping(flat, "FR", 1)).toEqual({ ok: false, reason: "does not deliver to FR" });
    // 2.1 kg to Germany: the German zone, three started kilograms.
    expect(quoteShipping(parcel, "DE", 2.1)).toEqual({ ok: true, price: 590 + 3 * 100, days: 2 });
    // Elsewhere the catch-all zone.
    expect(quoteShipping(parcel, "FR", 2)).toEqual({ ok: true, price: 1490 + 2 * 250, days: 5 });
    expect(quoteShipping(parcel, "DE", 40)).toEqual({ ok: false, reason: "takes at most 31.5 kg to DE" });
    expect(quoteShipping(parcel, null, 1)).toEqual({ ok: false, reason: "needs a delivery address" });
  });

  it("start from the cheapest zone's base price", () => {
    expect(startingPrice(parcel)).toEqual({ price: 590, days: 2 });
    expect(startingPrice(flat)).toEqual({ price: 1500, days: 2 });
  });

  it("refuse a bad list field by field", () => {
    const refused = (input: unknown) => {
      try {
        parseShippingMethods(input);
      } catch (e) {
        return (e as { details: { field: string }[] }).details.map((d) => d.field);
      }
      throw new Error("accepted");
    };
    expect(refused([])).toEqual(["methods"]);
    expect(refused([pickup, { ...pickup }])).toEqual(["methods.1.code"]);
    expect(refused([{ ...flat, price: -1 }])).toEqual(["methods.0.price"]);
    expect(refused([{ ...parcel, zones: [{ countries: ["Germany"], days: 2, base: 1, per_kg: 1 }] }])).toEqual(["methods.0.zones.0.countries.0"]);
    expect(refused([{ kind: "drone", code: "x", name: "Drone", days: 1 }])).toEqual(["methods.0.kind"]);
    // A flat rate without countries serves everywhere.
    expect(parseShippingMethods([{ kind: "flat", code: "post", name: "Post", price: 900, days: 3 }])[0]).toMatchObject({ countries: ["*"] });
  });
});
