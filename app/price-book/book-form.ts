import { minorDigits, toMinor } from "../format/money.ts";

/**
 * The price book as a form: the book's own tree with every number written as
 * the owner types it — money in currency units ("12.50", never cents), shares
 * in per cent ("35" for 0.35) — and colours as one comma-separated line.
 * Inputs are named by the book path of their value (`materials.3.price.amount`),
 * so the API's 422 field paths (`book.materials.3.price.amount`) name the input
 * at fault with no mapping table, and a posted form unflattens back into the
 * same tree. Which leaves are money, shares, text or lists is told by the key
 * (the price book uses each key in one sense), see `kindOf`.
 */
export type FormNode = string | FormNode[] | FormTree;
export interface FormTree {
  [key: string]: FormNode;
}

/** A value the form could not turn into a number, at its input's name. */
export interface FieldIssue {
  field: string;
  message: string;
}

const MONEY = new Set(["hourly_rate", "setup_fee", "minimum_charge", "amount", "per_m2", "minimum_order_value", "max_order_value"]);
const PERCENT = new Set(["rate", "target", "floor", "discount", "support_density", "support_height_factor", "packing_efficiency", "nesting_efficiency"]);
const TEXT = new Set(["code", "name", "label", "currency", "unit", "basis", "material", "default_lead_time", "dfm_severity"]);
/** Fitted by the calibration (POST /price-books/calibrations), carried through the form untouched as JSON. */
const OPAQUE = new Set(["time_calibration"]);
/** Ticked from a list of codes: a finish's or material's processes, the materials a finish or machine takes. */
const CODE_LISTS = new Set(["processes", "materials"]);
/** Every review rule may be switched off (null): an empty input. */
const NULLABLE_UNDER = "review_rules";

type Kind = "money" | "percent" | "text" | "boolean" | "opaque" | "colours" | "codes" | "number";

/** What a leaf at `path` holds, from its key (and, for the infill shares and code lists, its place). */
export function kindOf(path: readonly (string | number)[]): Kind {
  const key = String(path.at(-1));
  const parent = path.at(-2);
  if (path.length > 3 && typeof path.at(-1) === "number" && CODE_LISTS.has(String(parent))) return "codes";
  if (MONEY.has(key)) return "money";
  if (PERCENT.has(key) || parent === "infill") return "percent";
  if (TEXT.has(key)) return "text";
  if (key === "inclusive") return "boolean";
  if (OPAQUE.has(key)) return "opaque";
  if (key === "colours") return "colours";
  return "number";
}

/** A share as a per cent figure without float noise: 0.35 → "35", 0.075 → "7.5". */
const percentText = (share: number) => String(Number((share * 100).toPrecision(12)));
const moneyText = (minor: number, digits: number) => (minor / 10 ** digits).toFixed(digits);

/** The shop's book (costs, margin, rules; without `version`, which the server sets) as the form's tree. */
export function toForm(book: Record<string, unknown>): FormTree {
  const digits = minorDigits(String(book.currency));
  const walk = (value: unknown, path: (string | number)[]): FormNode => {
    const kind = path.length ? kindOf(path) : "number";
    if (kind === "opaque") return JSON.stringify(value);
    if (kind === "colours") return (value as string[]).join(", ");
    if (value === null || value === undefined) return "";
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i]));
    if (typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...path, k])]));
    }
    if (typeof value === "number") {
      if (kind === "money") return moneyText(value, digits);
      if (kind === "percent") return percentText(value);
      return String(value);
    }
    return String(value);
  };
  const { version: _set_by_server, ...rest } = book;
  return walk(rest, []) as FormTree;
}

/** Lists the form may leave empty (no inputs posted): they still reach the validation, which says what is missing. */
const LISTS = ["materials", "finishes", "quantity_breaks", "lead_times"];
const MACHINE_LISTS: Record<string, string[]> = { cnc: ["removal_rates"], laser: ["sheet_sizes_mm", "cut_rates"] };

/**
 * The form's tree back into the book the API validates. Numbers that are not
 * numbers are reported at their input and left out; everything else (a
 * negative rate, an empty list) is passed on as typed for the book's own
 * validation to refuse at the same path.
 */
export function fromForm(form: FormTree): { book: Record<string, unknown>; issues: FieldIssue[] } {
  const currency = typeof form.currency === "string" ? form.currency : "";
  const digits = /^[A-Z]{3}$/.test(currency) ? minorDigits(currency) : 2;
  const issues: FieldIssue[] = [];
  const walk = (node: FormNode, path: (string | number)[]): unknown => {
    if (Array.isArray(node)) return node.filter((n) => n !== undefined).map((n, i) => walk(n, [...path, i]));
    if (typeof node === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) {
        const value = walk(v, [...path, k]);
        if (value !== undefined) out[k] = value;
      }
      return out;
    }
    return leaf(node, path);
  };
  const leaf = (text: string, path: (string | number)[]): unknown => {
    const field = path.join(".");
    const kind = kindOf(path);
    const t = text.trim();
    if (kind === "text" || kind === "codes") return t === "" && path.includes(NULLABLE_UNDER) ? null : t;
    if (kind === "boolean") return t === "true";
    if (kind === "colours") return t.split(",").flatMap((c) => (c.trim() ? [c.trim()] : []));
    if (kind === "opaque") {
      try {
        return t ? JSON.parse(t) : undefined;
      } catch {
        issues.push({ field, message: "Not valid: reload the page and fit it again." });
        return undefined;
      }
    }
    if (t === "") return path.includes(NULLABLE_UNDER) ? null : undefined;
    const typed = kind === "percent" ? t.replace(/\s*%$/, "") : t;
    const negative = typed.startsWith("-") || typed.startsWith("−");
    const digitsText = (negative ? typed.slice(1) : typed).trim();
    if (kind === "money") {
      const minor = toMinor(digitsText, currency || "EUR");
      if (minor === null) {
        issues.push({ field, message: `Enter an amount in ${currency || "the book's currency"}, such as ${(1250 / 10 ** digits).toFixed(digits)}.` });
        return undefined;
      }
      return negative ? -minor : minor;
    }
    const n = Number(digitsText.replace(/,/g, ""));
    if (!/^\d*\.?\d+$|^\d+\.$/.test(digitsText.replace(/,/g, "")) || !Number.isFinite(n)) {
      issues.push({ field, message: kind === "percent" ? "Enter a percentage, such as 20." : "Enter a number." });
      return undefined;
    }
    const signed = negative ? -n : n;
    return kind === "percent" ? Number((signed / 100).toPrecision(12)) : signed;
  };
  const book = walk(form, []) as Record<string, unknown>;
  // Empty lists post no inputs; a tampered post may put text where a list or object belongs (left for the validation).
  for (const list of LISTS) book[list] ??= [];
  book.processes ??= {};
  const processes = isRecord(book.processes) ? book.processes : {};
  for (const [code, proc] of Object.entries(processes)) {
    if (!isRecord(proc)) continue;
    proc.machines ??= [];
    for (const m of records(proc.machines)) {
      for (const l of MACHINE_LISTS[code] ?? []) m[l] ??= [];
      // No printer materials ticked is the book's "all of the process's materials".
      if (Array.isArray(m.materials) && m.materials.length === 0) delete m.materials;
    }
  }
  for (const item of [...records(book.materials), ...records(book.finishes)]) item.processes ??= [];
  for (const f of records(book.finishes)) f.materials ??= [];
  return { book, issues };
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const records = (x: unknown): Record<string, unknown>[] => (Array.isArray(x) ? x.filter(isRecord) : []);

/**
 * A posted form (inputs named by book path) as the form's tree: numeric
 * segments are list positions, repeated names (ticked boxes) a list of codes.
 */
export function formFromEntries(entries: Iterable<[string, FormDataEntryValue]>, skip: readonly string[] = []): FormTree {
  const root: FormTree = {};
  for (const [name, raw] of entries) {
    if (typeof raw !== "string" || skip.includes(name)) continue;
    const path = name.split(".").map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    if (path.some((s) => s === "" || s === "__proto__" || s === "constructor" || s === "prototype")) continue;
    const codes = CODE_LISTS.has(String(path.at(-1))) && path.length > 2;
    let node: FormTree | FormNode[] = root;
    for (const [i, seg] of path.entries()) {
      const last = i === path.length - 1;
      const slot = node as Record<string | number, FormNode | undefined>;
      if (last) {
        const list = slot[seg];
        slot[seg] = codes ? [...(Array.isArray(list) ? list : []), raw] : raw;
      } else {
        slot[seg] ??= typeof path[i + 1] === "number" ? [] : {};
        const next = slot[seg];
        // A name that runs through a value posted as text (a tampered form) is dropped.
        if (typeof next !== "object") break;
        node = next;
      }
    }
  }
  return root;
}

/** The tree's value at a path ("" when absent). */
export function valueAt(tree: FormNode, path: readonly (string | number)[]): FormNode {
  let node: FormNode | undefined = tree;
  for (const seg of path) node = node && typeof node === "object" ? (node as Record<string | number, FormNode>)[seg] : undefined;
  return node ?? "";
}

/** A copy of the tree with `value` at `path` (lists and objects along the way copied, the rest shared). */
export function setAt(tree: FormTree, path: readonly (string | number)[], value: FormNode | undefined): FormTree {
  const set = (node: FormNode | undefined, i: number): FormNode | undefined => {
    if (i === path.length) return value;
    const seg = path[i];
    if (Array.isArray(node)) {
      const copy = [...node];
      const next = set(copy[seg as number], i + 1);
      if (next === undefined) copy.splice(seg as number, 1);
      else copy[seg as number] = next;
      return copy;
    }
    const obj = { ...((node as FormTree | undefined) ?? {}) };
    const next = set(obj[seg], i + 1);
    if (next === undefined) delete obj[seg];
    else obj[seg] = next;
    return obj;
  };
  return set(tree, 0) as FormTree;
}

/**
 * The book validation's message at `field`, in the form's words: limits in
 * the units the owner typed (per cent, currency units), an empty list asked for.
 */
export function fieldMessage(field: string, message: string, currency: string): string {
  const path = field.split(".").map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const kind = kindOf(path);
  const limit = /expected number to be (>=|>|<=|<)\s*(-?[\d.e-]+)/.exec(message);
  if (limit) {
    const n = Number(limit[2]);
    if (limit[1] === ">=" && n === 0) return "Must not be negative.";
    const shown =
      kind === "percent"
        ? `${percentText(n)} %`
        : kind === "money" && /^[A-Z]{3}$/.test(currency)
          ? `${moneyText(n, minorDigits(currency))} ${currency}`
          : String(n);
    const words = { ">=": "at least", ">": "more than", "<=": "at most", "<": "less than" }[limit[1]];
    return `Must be ${words} ${shown}.`;
  }
  if (/expected array to have >=1 items/.test(message)) return "Add at least one.";
  if (/expected string to have >=1/.test(message)) return "Required.";
  if (/expected int/.test(message)) return "Must be a whole number.";
  if (/expected number, received undefined/.test(message)) return "Enter a number.";
  if (/received undefined/.test(message)) return "Required.";
  const s = message.charAt(0).toUpperCase() + message.slice(1);
  return s.endsWith(".") ? s : `${s}.`;
}
