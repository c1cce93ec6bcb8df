/**
 * Quote lines in words a buyer reads: the process, material and finish by the
 * names the shop's price book gives them, a configured product field by field
 * with its schema's titles, and why a unit price is what it is at a quantity.
 * The quote page and the PDF both use these, so they say the same thing.
 */
import type { ProcessCode } from "../pricing/price-book.ts";
import { appliedDiscount, setupPerUnit } from "../pricing/quantity-breaks.ts";
import type { PriceOptions, PriceResult } from "../pricing/types.ts";
import type { JsonSchema } from "../products/types.ts";

export const PROCESS_NAMES: Record<ProcessCode, string> = {
  fff: "FFF print",
  sla: "SLA resin print",
  cnc: "CNC machined",
  laser: "Laser cut",
};

/** The parts of a price book a description needs (the customer-facing catalogue has them). */
export interface CatalogNames {
  materials: readonly { code: string; name: string }[];
  finishes: readonly { code: string; name: string }[];
  processes?: { fff?: { infill: { default: number } } };
}

/** "As printed (supports removed)" → "as printed (supports removed)"; "PTFE coated" keeps its capital. */
const midSentence = (name: string) => (/^[A-Z][a-z]/.test(name) ? name[0].toLowerCase() + name.slice(1) : name);

const trimNumber = (n: number) => String(Math.round(n * 1000) / 1000);

/** "FFF print, PLA, 20 % infill, as printed (supports removed)"; codes the book no longer knows are shown as they are. */
export function describePart(
  names: CatalogNames | null,
  options: Pick<PriceOptions, "process" | "material" | "finish" | "infill" | "thickness_mm" | "colour">,
): string {
  const material = names?.materials.find((m) => m.code === options.material)?.name ?? options.material;
  const parts = [PROCESS_NAMES[options.process] ?? options.process, material];
  if (options.process === "laser" && options.thickness_mm !== undefined) parts.push(`${trimNumber(options.thickness_mm)} mm thick`);
  const infill = options.process === "fff" ? (options.infill ?? names?.processes?.fff?.infill.default) : undefined;
  if (infill !== undefined) parts.push(`${Math.round(infill * 100)} % infill`);
  if (options.colour) parts.push(options.colour);
  if (options.finish) parts.push(midSentence(names?.finishes.find((f) => f.code === options.finish)?.name ?? options.finish));
  return parts.join(", ");
}

export interface DescribedField {
  label: string;
  value: string;
}

type SchemaNode = { title?: string; type?: string; properties?: Record<string, SchemaNode> };

/** `powder_coating` → "Powder coating"; a value with capitals or spaces ("RAL 7016") is the customer's own words. */
const humanValue = (v: unknown): string => {
  if (typeof v === "boolean") return v ? "Yes" : "No";
  if (typeof v === "number") return trimNumber(v);
  const s = String(v);
  return /^[a-z0-9_]+$/.test(s) ? (s[0].toUpperCase() + s.slice(1)).replace(/_/g, " ") : s;
};
const humanKey = (key: string) => humanValue(key);

/** "Frame width (mm)" → label "Frame width", unit "mm"; any other bracket is left out of the label. */
function splitTitle(title: string): { label: string; unit: string | null } {
  const m = /^(.*?)\s*\(([^)]*)\)\s*$/.exec(title);
  if (!m) return { label: title, unit: null };
  const unit = /^[A-Za-z°µ²³/·%]+$/.test(m[2]) ? m[2] : null;
  return { label: m[1], unit };
}

/**
 * Every field of a configuration in the schema's order, labelled with the
 * schema's titles; a nested object (hardware) becomes one line naming each part.
 * Fields the configuration leaves out are not shown (the product's defaults
 * are the generator's business).
 */
export function describeConfiguration(schema: JsonSchema, config: Record<string, unknown>): DescribedField[] {
  const properties = (schema as SchemaNode).properties ?? {};
  const keys = [...Object.keys(properties), ...Object.keys(config).filter((k) => !(k in properties))];
  const fields: DescribedField[] = [];
  for (const key of keys) {
    const value = config[key];
    if (value === undefined || value === null) continue;
    const node = properties[key] ?? {};
    const { label, unit } = splitTitle(node.title ?? humanKey(key));
    if (typeof value === "object" && !Array.isArray(value)) {
      const parts = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined && v !== null)
        .map(([k, v]) => {
          const name = splitTitle(node.properties?.[k]?.title ?? humanKey(k)).label.toLowerCase();
          return v === "none" ? `no ${name}` : `${midSentence(humanValue(v))} ${name}`;
        });
      const joined = parts.join(", ");
      fields.push({ label, value: joined && joined[0].toUpperCase() + joined.slice(1) });
    } else if (Array.isArray(value)) {
      fields.push({ label, value: value.map(humanValue).join(", ") });
    } else {
      fields.push({ label, value: unit && typeof value === "number" ? `${humanValue(value)} ${unit}` : humanValue(value) });
    }
  }
  return fields;
}

/**
 * Why the unit price is what it is at this quantity, in one sentence: the
 * one-off setup spread over the quantity and the quantity discount applied.
 * Null when neither plays a part (a configured product, a single part without setup).
 */
export function unitPriceNote(p: Pick<PriceResult, "process" | "breakdown" | "unit_price" | "quantity">, money: (minor: number) => string): string | null {
  const setup = setupPerUnit(p);
  const discount = appliedDiscount(p);
  const parts: string[] = [];
  if (setup > 0) {
    parts.push(
      p.quantity > 1
        ? `includes ${money(setup)} of the one-off setup (${money(setup * p.quantity)}, shared by all ${p.quantity} parts)`
        : `includes ${money(setup)} one-off setup, which larger quantities share`,
    );
  }
  if (discount > 0.0005) parts.push(`has a ${percent(discount)} quantity discount`);
  return parts.length ? `Unit price ${money(p.unit_price)} ${parts.join(" and ")}.` : null;
}

export const percent = (fraction: number) => `${trimNumber(Math.round(fraction * 1000) / 10)} %`;

/** The sentence under a quantity-break table: what makes later rows cheaper. */
export const QUANTITY_BREAKS_NOTE =
  "The unit price falls with quantity for two reasons: the one-off setup is shared by every part of the order, and from each break on a quantity discount applies.";

/** A family's engineering result as a line, when it reports a thermal U-value (doors, windows). */
export function uValueField(engineering: unknown): DescribedField | null {
  const thermal = (engineering as { thermal?: { overall_u_value?: unknown; limit?: { limit?: unknown } | null } } | null)?.thermal;
  const u = thermal?.overall_u_value;
  if (typeof u !== "number") return null;
  return { label: "U-value (EN ISO 10077-1)", value: `${trimNumber(u)} W/m²K` };
}
