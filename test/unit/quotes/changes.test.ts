import { describe, expect, it } from "vitest";
import { changesBetween } from "../../../worker/quotes/changes.ts";

const item = (id: string, position: number, options: Record<string, unknown>, total: number | null) => ({
  id,
  position,
  options,
  price: total === null ? null : ({ total } as never),
});

describe("changesBetween", () => {
  it("pairs items by id: each changed choice once, with the item's prices before and after", () => {
    const before = [item("a", 0, { process: "fff", material: "pla", quantity: 2 }, 1000)];
    const after = [item("a", 0, { process: "fff", material: "petg", quantity: 5, finish: "sanded" }, 2600)];
    expect(changesBetween(before, after)).toEqual([
      { item_id: "a", item: 1, field: "material", before: "pla", after: "petg", price_before: 1000, price_after: 2600 },
      { item_id: "a", item: 1, field: "finish", before: null, after: "sanded", price_before: 1000, price_after: 2600 },
      { item_id: "a", item: 1, field: "quantity", before: 2, after: 5, price_before: 1000, price_after: 2600 },
    ]);
  });

  it("lists added and removed items, and a price that moved with the same choices", () => {
    const before = [item("a", 0, { quantity: 1 }, 500), item("b", 1, { quantity: 1 }, 700)];
    const after = [item("a", 0, { quantity: 1 }, 550), item("c", 1, { quantity: 3 }, null)];
    expect(changesBetween(before, after)).toEqual([
      { item_id: "a", item: 1, field: "price", before: 500, after: 550, price_before: 500, price_after: 550 },
      { item_id: "c", item: 2, field: "item", before: null, after: "added", price_before: null, price_after: null },
      { item_id: "b", item: 2, field: "item", before: "present", after: "removed", price_before: 700, price_after: null },
    ]);
  });

  it("says nothing while the same choices are still being priced, or when nothing changed", () => {
    const before = [item("a", 0, { quantity: 1 }, 500)];
    expect(changesBetween(before, [item("a", 0, { quantity: 1 }, null)])).toEqual([]);
    expect(changesBetween(before, before)).toEqual([]);
  });
});
