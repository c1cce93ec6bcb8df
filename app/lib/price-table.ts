/**
 * A product's price table (`params.prices`, whatever its family's shape) as
 * the admin edits it: one table of inputs per group, each input named by its
 * path (`prices.items.HINGE-STANDARD`), which is also the field the API names
 * when it refuses a value.
 */
export interface PriceRow {
  name: string;
  code: string;
  value: unknown;
}

export interface PriceGroup {
  /** "" for the table's own fields (currency, labour per cabinet). */
  key: string;
  rows: PriceRow[];
}

const isGroup = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

export function priceGroups(prices: Record<string, unknown>): PriceGroup[] {
  const own: PriceRow[] = [];
  const groups: PriceGroup[] = [];
  for (const [key, value] of Object.entries(prices)) {
    if (isGroup(value)) groups.push({ key, rows: Object.entries(value).map(([code, v]) => ({ name: `prices.${key}.${code}`, code, value: v })) });
    else own.push({ name: `prices.${key}`, code: key, value });
  }
  return own.length ? [{ key: "", rows: own }, ...groups] : groups;
}

/** The table from a submitted form: a number where one was typed, the text as typed otherwise (the API says what is wrong with it). */
export function readPriceTable(form: FormData): Record<string, unknown> {
  const table: Record<string, unknown> = {};
  for (const [name, raw] of form.entries()) {
    if (typeof raw !== "string" || !name.startsWith("prices.")) continue;
    const [key, code] = name.slice("prices.".length).split(".", 2);
    const text = raw.trim();
    const value = text !== "" && Number.isFinite(Number(text)) ? Number(text) : text;
    if (code === undefined) table[key] = value;
    else table[key] = { ...(table[key] as Record<string, unknown> | undefined), [code]: value };
  }
  return table;
}

/** "labour_per_cabinet" → "Labour per cabinet"; codes such as "SPW600e-FRAME-75" stay as they are. */
export const rowLabel = (code: string) => (/^[a-z0-9_]+$/.test(code) ? `${code.charAt(0).toUpperCase()}${code.slice(1).replaceAll("_", " ")}` : code);

/** Hours are the only quantities in a price table that are not money. */
export const isHours = (code: string) => code.startsWith("hours_");

const GROUP_LABELS: Record<string, string> = {
  "": "Currency and general",
  profile_per_m: "Profiles, per metre",
  finish_per_m: "Finish, per metre of finished profile",
  glass_per_m2: "Glass, per m²",
  items: "Hardware (per piece), gaskets and seals (per metre), fixings (per piece)",
  labour: "Labour",
  unit_prices: "Boards and fronts (per m²), edging (per metre), hardware (per piece)",
};

export const groupLabel = (key: string) => GROUP_LABELS[key] ?? rowLabel(key);
