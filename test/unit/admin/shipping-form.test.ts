import { describe, expect, it } from "vitest";
import { formFromEntries, type FormNode } from "../../../app/price-book/book-form.ts";
import { fromForm, inputOf, shippingFieldMessage, toForm } from "../../../app/shipping/methods-form.ts";
import { parseShippingMethods, type ShippingMethod } from "../../../engine/shipping/methods.ts";

const METHODS: ShippingMethod[] = [
  { kind: "pickup", code: "pickup", name: "Collect", days: 0 },
  { kind: "flat", code: "courier", name: "Courier", price: 1250, days: 1, countries: ["DE", "AT"] },
  { kind: "weight", code: "parcel", name: "Parcel", zones: [{ countries: ["*"], days: 5, base: 590, per_kg: 105, max_kg: 31.5 }] },
];

/** What the browser posts for a form tree: one entry per input. */
function entries(node: FormNode, path: string[] = []): [string, string][] {
  if (typeof node === "string") return [[path.join("."), node]];
  if (Array.isArray(node)) return node.flatMap((n, i) => entries(n, [...path, String(i)]));
  return Object.entries(node).flatMap(([k, v]) => entries(v, [...path, k]));
}

describe("shipping methods as a form", () => {
  it("shows money in currency units and comes back as the same methods in minor units", () => {
    const tree = toForm(METHODS, "EUR");
    expect(tree.methods).toEqual([
      { kind: "pickup", code: "pickup", name: "Collect", days: "0" },
      { kind: "flat", code: "courier", name: "Courier", price: "12.50", days: "1", countries: "DE, AT" },
      { kind: "weight", code: "parcel", name: "Parcel", zones: [{ countries: "*", days: "5", base: "5.90", per_kg: "1.05", max_kg: "31.5" }] },
    ]);
    const back = fromForm(formFromEntries(entries(tree)), "EUR");
    expect(back.issues).toEqual([]);
    expect(parseShippingMethods(back.methods)).toEqual(METHODS);
  });

  it("takes the currency's own decimals, lower-case countries and an empty optional limit", () => {
    const posted = formFromEntries([
      ["methods.0.kind", "weight"],
      ["methods.0.code", "post"],
      ["methods.0.name", "Post"],
      ["methods.0.zones.0.countries", "jp; kr"],
      ["methods.0.zones.0.days", "3"],
      ["methods.0.zones.0.base", "800"],
      ["methods.0.zones.0.per_kg", "1,200"],
      ["methods.0.zones.0.max_kg", ""],
    ]);
    expect(fromForm(posted, "JPY")).toEqual({
      methods: [{ kind: "weight", code: "post", name: "Post", zones: [{ countries: ["JP", "KR"], days: 3, base: 800, per_kg: 1200 }] }],
      issues: [],
    });
  });

  it("reports text that is not an amount or a number at its input, and passes negatives on for the API to refuse", () => {
    const posted = formFromEntries([
      ["methods.0.kind", "flat"],
      ["methods.0.code", "courier"],
      ["methods.0.name", "Courier"],
      ["methods.0.price", "12.505"],
      ["methods.0.days", "two"],
      ["methods.0.countries", "*"],
      ["methods.1.kind", "flat"],
      ["methods.1.price", "-3"],
    ]);
    const { methods, issues } = fromForm(posted, "EUR");
    expect(issues.map((i) => i.field)).toEqual(["methods.0.price", "methods.0.days"]);
    expect(issues[0].message).toBe("Enter an amount in EUR, such as 5.90.");
    expect(methods[1]).toMatchObject({ price: -300 });
  });

  it("words the API's messages for the owner, with limits in currency units, at the input that holds them", () => {
    expect(shippingFieldMessage("Too small: expected number to be >=0", "methods.0.zones.0.base", "EUR")).toBe("Must not be negative.");
    expect(shippingFieldMessage("Too big: expected number to be <=100000000", "methods.1.price", "EUR")).toBe("Must be at most 1000000.00 EUR.");
    expect(shippingFieldMessage("Too small: expected array to have >=1 items", "methods.1.countries", "EUR")).toMatch(/at least one country/);
    expect(inputOf("methods.2.zones.1.countries.3")).toBe("methods.2.zones.1.countries");
  });
});
