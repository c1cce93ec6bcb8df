import { minorDigits, toMinor } from "../format/money.ts";
import type { FieldIssue, FormNode, FormTree } from "../price-book/book-form.ts";
import type { ShippingMethod } from "../../engine/shipping/methods.ts";

/**
 * The shop's shipping methods as a form: inputs named by the path of their
 * value in the API's body (`methods.1.zones.0.base`), so the API's 422 field
 * paths name the input at fault; money in currency units ("5.90", never
 * cents), countries as one comma-separated line ("DE, AT" or "*").
 */
export type MethodKind = ShippingMethod["kind"];

const MONEY = new Set(["price", "base", "per_kg"]);

const moneyText = (minor: number, currency: string) => (minor / 10 ** minorDigits(currency)).toFixed(minorDigits(currency));

/** The zone of a new by-weight method, or a new zone: every other country, to be narrowed. */
const blankZone = (): FormTree => ({ countries: "*", days: "", base: "", per_kg: "", max_kg: "" });

/** A new row of each kind, with the fields the owner fills in. */
export function blankMethod(kind: MethodKind): FormTree {
  if (kind === "pickup") return { kind, code: "pickup", name: "Collect from the shop", days: "0" };
  if (kind === "flat") return { kind, code: "", name: "", price: "", days: "", countries: "*" };
  return { kind, code: "", name: "", zones: [blankZone()] };
}

export const newZone = blankZone;

/** The stored methods (minor units) as the form's tree. */
export function toForm(methods: ShippingMethod[], currency: string): FormTree {
  const row = (m: ShippingMethod): FormTree => {
    if (m.kind === "pickup") return { kind: m.kind, code: m.code, name: m.name, days: String(m.days) };
    if (m.kind === "flat")
      return { kind: m.kind, code: m.code, name: m.name, price: moneyText(m.price, currency), days: String(m.days), countries: m.countries.join(", ") };
    return {
      kind: m.kind,
      code: m.code,
      name: m.name,
      zones: m.zones.map((z) => ({
        countries: z.countries.join(", "),
        days: String(z.days),
        base: moneyText(z.base, currency),
        per_kg: moneyText(z.per_kg, currency),
        max_kg: z.max_kg === undefined ? "" : String(z.max_kg),
      })),
    };
  };
  return { methods: methods.map(row) };
}

/**
 * The form's tree back into the body the API validates. Text that is not a
 * number or an amount is reported at its input and left out; anything else (a
 * negative price, a missing name) is passed on for the API to refuse at the
 * same path.
 */
export function fromForm(tree: FormTree, currency: string): { methods: unknown[]; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const digits = minorDigits(currency);
  const leaf = (value: FormNode | undefined, path: string, key: string): unknown => {
    const t = typeof value === "string" ? value.trim() : "";
    if (key === "kind" || key === "code" || key === "name") return t;
    if (key === "countries")
      return t
        .split(/[\s,;]+/)
        .filter(Boolean)
        .map((c) => c.toUpperCase());
    if (t === "") return key === "max_kg" ? undefined : null;
    if (MONEY.has(key)) {
      const negative = t.startsWith("-");
      const minor = toMinor(negative ? t.slice(1) : t, currency);
      if (minor === null) {
        issues.push({ field: path, message: `Enter an amount in ${currency}, such as ${(590 / 10 ** digits).toFixed(digits)}.` });
        return undefined;
      }
      return negative ? -minor : minor;
    }
    const n = Number(t.replace(",", "."));
    if (!Number.isFinite(n) || !/^-?\d*[.,]?\d+$/.test(t)) {
      issues.push({ field: path, message: key === "days" ? "Enter a number of working days, such as 2." : "Enter a number." });
      return undefined;
    }
    return n;
  };
  const object = (node: FormNode | undefined, path: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    if (!node || typeof node !== "object" || Array.isArray(node)) return out;
    for (const [key, value] of Object.entries(node)) {
      if (key === "zones") out.zones = rows(value).map((z, i) => object(z, `${path}.zones.${i}`));
      else {
        const v = leaf(value, `${path}.${key}`, key);
        if (v !== undefined) out[key] = v;
      }
    }
    return out;
  };
  const methods = rows(tree.methods).map((m, i) => object(m, `methods.${i}`));
  return { methods, issues };
}

/** The rows of a list in the tree (none when absent, as an empty list posts no inputs). */
export const rows = (node: FormNode | undefined): FormNode[] => (Array.isArray(node) ? node.filter((n) => n !== undefined) : []);

/**
 * An API message at `field`, in the form's words: limits in currency units,
 * a country list's entry reported at the list's input.
 */
export function shippingFieldMessage(message: string, field: string, currency: string): string {
  const key = field.split(".").at(-1) ?? "";
  const limit = /expected number to be (>=|>|<=|<)\s*(-?[\d.e-]+)/.exec(message);
  if (limit) {
    const n = Number(limit[2]);
    if (limit[1] === ">=" && n === 0) return "Must not be negative.";
    const words = { ">=": "at least", ">": "more than", "<=": "at most", "<": "less than" }[limit[1]];
    return `Must be ${words} ${MONEY.has(key) ? `${moneyText(n, currency)} ${currency}` : n}.`;
  }
  if (/expected array to have >=1 items/.test(message))
    return key === "countries" ? "Enter at least one country code, or * for everywhere." : "Add at least one.";
  if (/expected string to have >=1/.test(message)) return "Required.";
  if (/expected int/.test(message)) return "Must be a whole number.";
  const s = message.charAt(0).toUpperCase() + message.slice(1);
  return s.endsWith(".") ? s : `${s}.`;
}

/** The input an API field path is shown at: a country list's entry (`…countries.2`) at the list. */
export const inputOf = (field: string) => field.replace(/\.countries\.\d+$/, ".countries");
