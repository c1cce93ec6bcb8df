import { describe, expect, it } from "vitest";
import { type FormNode, type FormTree, fieldMessage, formFromEntries, fromForm, setAt, toForm, valueAt } from "../../../app/price-book/book-form.ts";
import { previewPrices } from "../../../engine/pricing/book-preview.ts";
import { demoCatalog } from "../../../engine/pricing/demo-catalog.ts";
import { type PriceBook, parsePriceBook, priceBookSchema } from "../../../engine/pricing/price-book.ts";
import { testBook } from "../pricing/fixtures.ts";

/** What the browser posts for a form tree: one entry per input, ticked boxes repeating their name. */
function entries(node: FormNode, path: string[] = []): [string, string][] {
  if (typeof node === "string") return [[path.join("."), node]];
  if (Array.isArray(node)) return node.flatMap((n, i) => entries(n, [...path, String(i)]));
  return Object.entries(node).flatMap(([k, v]) => entries(v, [...path, k]));
}

const withoutVersion = ({ version: _v, ...rest }: PriceBook) => rest;

describe("the price book as a form", () => {
  it("round-trips the demo catalogue exactly, through the posted inputs too", () => {
    const form = toForm(demoCatalog);
    expect(fromForm(form)).toEqual({ book: withoutVersion(demoCatalog), issues: [] });
    const posted = formFromEntries(entries(form));
    expect(fromForm(posted)).toEqual({ book: withoutVersion(demoCatalog), issues: [] });
    // The posted book is the one the API accepts.
    expect(parsePriceBook({ ...fromForm(posted).book, version: "draft" })).toEqual({ ...demoCatalog, version: "draft" });
  });

  it("round-trips a calibrated printer, review rules switched off and a material without colours", () => {
    const book = structuredClone(testBook);
    book.review_rules = { max_order_value: null, max_item_quantity: null, dfm_severity: null };
    book.materials[0].colours = [];
    const fff = book.processes.fff!.machines[0];
    fff.time_calibration = { perimeter_flow_mm3_s: 7.25, infill_flow_mm3_s: 13.1, layer_overhead_s: 1.5, island_travel_s: 0.25 };
    const form = toForm(book);
    expect(valueAt(form, ["review_rules", "max_order_value"])).toBe("");
    expect(fromForm(formFromEntries(entries(form))).book).toEqual(withoutVersion(book));
  });

  it("writes money in currency units and shares in per cent, and reads them back as minor units and fractions", () => {
    const form = toForm(demoCatalog);
    expect(valueAt(form, ["materials", 0, "price", "amount"])).toBe("25.00");
    expect(valueAt(form, ["processes", "fff", "machines", 0, "hourly_rate"])).toBe((demoCatalog.processes.fff!.machines[0].hourly_rate / 100).toFixed(2));
    expect(valueAt(form, ["margin", "target"])).toBe(String(demoCatalog.margin.target * 100));
    expect(valueAt(form, ["materials", 0, "colours"])).toBe(demoCatalog.materials[0].colours.join(", "));

    const edited = setAt(setAt(setAt(form, ["materials", 0, "price", "amount"], "31.5"), ["tax", "rate"], "7.7"), ["materials", 0, "colours"], " Red,, Blue ");
    const { book, issues } = fromForm(edited);
    expect(issues).toEqual([]);
    const material = (book.materials as PriceBook["materials"])[0];
    expect(material.price).toEqual({ unit: "kg", amount: 3150 });
    expect(material.colours).toEqual(["Red", "Blue"]);
    expect((book.tax as PriceBook["tax"]).rate).toBe(0.077);
    expect((fromForm(setAt(form, ["margin", "target"], "40 %")).book.margin as PriceBook["margin"]).target).toBe(0.4);
    // A currency without minor units: whole amounts.
    const yen = toForm({ ...demoCatalog, currency: "JPY" });
    expect(valueAt(yen, ["materials", 0, "price", "amount"])).toBe("2500");
  });

  it("reports text that is not a number at its input, and passes a negative rate on for the book's validation", () => {
    let form = toForm(demoCatalog);
    form = setAt(form, ["processes", "fff", "machines", 0, "hourly_rate"], "-12.50");
    form = setAt(form, ["materials", 1, "price", "amount"], "twelve");
    form = setAt(form, ["materials", 2, "price", "amount"], "1.234");
    form = setAt(form, ["margin", "floor"], "abc");
    form = setAt(form, ["processes", "fff", "machines", 0, "time_calibration"], "{ tampered");
    const { book, issues } = fromForm(form);
    expect(issues).toEqual([
      { field: "margin.floor", message: "Enter a percentage, such as 20." },
      { field: "processes.fff.machines.0.time_calibration", message: "Not valid: reload the page and fit it again." },
      { field: "materials.1.price.amount", message: "Enter an amount in EUR, such as 12.50." },
      { field: "materials.2.price.amount", message: "Enter an amount in EUR, such as 12.50." },
    ]);
    const machines = (book.processes as PriceBook["processes"]).fff!.machines;
    expect(machines[0].hourly_rate).toBe(-1250);
    const refused = priceBookSchema.safeParse({ ...book, version: "draft", margin: demoCatalog.margin, materials: demoCatalog.materials });
    expect(refused.success).toBe(false);
    const issue = refused.error!.issues.find((i) => i.path.join(".") === "processes.fff.machines.0.hourly_rate")!;
    expect(fieldMessage("processes.fff.machines.0.hourly_rate", issue.message, "EUR")).toBe("Must not be negative.");
  });

  it("sends an emptied material list as an empty list, which the book's validation refuses at `materials`", () => {
    const form = toForm(demoCatalog);
    const posted = formFromEntries(entries(form).filter(([name]) => !name.startsWith("materials.")));
    const { book } = fromForm(posted);
    expect(book.materials).toEqual([]);
    const refused = priceBookSchema.safeParse({ ...book, version: "draft" });
    const issue = refused.error!.issues.find((i) => i.path.join(".") === "materials")!;
    expect(fieldMessage("materials", issue.message, "EUR")).toBe("Add at least one.");
  });

  it("words limits in the units typed", () => {
    expect(fieldMessage("quantity_breaks.1.discount", "Too big: expected number to be <=0.9", "EUR")).toBe("Must be at most 90 %.");
    expect(fieldMessage("lead_times.0.factor", "Too small: expected number to be >=0.1", "EUR")).toBe("Must be at least 0.1.");
    expect(fieldMessage("materials.0.name", "Too small: expected string to have >=1 characters", "EUR")).toBe("Required.");
    expect(fieldMessage("default_lead_time", 'no lead time "x"', "EUR")).toBe('No lead time "x".');
  });

  it("drops rows removed in the browser and ignores names that are not book paths", () => {
    const posted = formFromEntries([
      ["quantity_breaks.0.min_qty", "1"],
      ["quantity_breaks.2.min_qty", "50"],
      ["__proto__.polluted", "1"],
      ["materials.0.processes", "fff"],
      ["materials.0.processes", "cnc"],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const { book } = fromForm({ ...posted, currency: "EUR" } as FormTree);
    expect(book.quantity_breaks).toEqual([{ min_qty: 1 }, { min_qty: 50 }]);
    expect((book.materials as { processes: string[] }[])[0].processes).toEqual(["fff", "cnc"]);
  });

  it("turns a tampered post (text where a list or object belongs) into a book the validation refuses, never a crash", () => {
    const posted = formFromEntries([
      ["currency", "EUR"],
      ["materials", "many"],
      ["materials.0.code", "pla"],
      ["finishes.0", "matte"],
      ["processes", "all"],
      ["processes.fff.setup_fee", "1"],
      ["lead_times.0.code", "std"],
      ["lead_times.0", "x"],
    ]);
    const { book, issues } = fromForm(posted);
    expect(issues.map((i) => i.field)).toEqual(["materials", "finishes.0", "processes", "lead_times.0"]);
    const refused = priceBookSchema.safeParse({ ...book, version: "draft" });
    expect(refused.success).toBe(false);
    expect(refused.error!.issues.map((i) => i.path.join("."))).toContain("materials");
  });
});

describe("the draft's preview", () => {
  it("prices the sample parts with both books and differs only where the draft changed", () => {
    const draft = structuredClone(demoCatalog);
    draft.materials[0].price = { unit: "kg", amount: 5000 };
    const rows = previewPrices(draft, demoCatalog);
    const changed = rows.filter((r) => r.draft !== r.published);
    expect(changed.length).toBeGreaterThan(0);
    expect(new Set(changed.map((r) => r.material.code))).toEqual(new Set([draft.materials[0].code]));
    for (const r of changed) expect(r.draft!).toBeGreaterThan(r.published!);
    // Every process of the demo is previewed, laser with a sheet thickness.
    expect(new Set(rows.map((r) => r.process))).toEqual(new Set(["fff", "sla", "cnc", "laser"]));
    expect(rows.filter((r) => r.process === "laser").every((r) => r.thickness_mm !== null && r.published !== null)).toBe(true);
  });

  it("names a material only the published book has, which the draft cannot price", () => {
    const draft = structuredClone(demoCatalog);
    const gone = draft.materials.splice(1, 1)[0];
    draft.finishes = draft.finishes.map((f) => ({ ...f, materials: f.materials.filter((m) => m !== gone.code) })).filter((f) => f.materials.length);
    const rows = previewPrices(draft, demoCatalog).filter((r) => r.material.code === gone.code);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.draft).toBeNull();
      expect(r.why.draft).toBeTruthy();
      expect(r.published).toBeGreaterThan(0);
    }
  });
});
