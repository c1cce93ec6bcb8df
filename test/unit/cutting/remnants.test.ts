import { describe, expect, it } from "vitest";
import { optimiseCutting } from "../../../engine/cutting/optimise.ts";
import { optimiseWithRemnants } from "../../../engine/cutting/remnants.ts";

const cuts = [
  { profile: "F1", length: 2100, quantity: 4, label: "Item 1: jamb" },
  { profile: "F1", length: 900, quantity: 2, label: "Item 1: head" },
  { profile: "L2", length: 800, quantity: 2, label: "Item 2: rail" },
];

describe("cutting with remnants from stock", () => {
  it("fills a remnant with the pieces that use most of it before opening new bars", () => {
    const plain = optimiseCutting({ cuts, kerf: 5 });
    const withRemnant = optimiseWithRemnants({ cuts, kerf: 5 }, [{ lot_number: "LOT-2026-00009", profile: "F1", length: 2300 }]);
    const remnantBars = withRemnant.bars.filter((b) => b.remnant_lot);
    expect(remnantBars).toEqual([
      { profile: "F1", stock_length: 2300, cuts: [{ length: 2100, label: "Item 1: jamb" }], used_length: 2100, offcut: 195, remnant_lot: "LOT-2026-00009" },
    ]);
    // Every piece is cut exactly once, from the remnant or a new bar.
    const pieces = (r: typeof plain) =>
      r.bars
        .flatMap((b) => b.cuts.map((c) => `${b.profile}/${c.label}/${c.length}`))
        .sort()
        .join();
    expect(pieces(withRemnant)).toBe(pieces(plain));
    // The totals describe the new bars only: one jamb fewer to cut from them.
    expect(withRemnant.cut_length_total).toBe(plain.cut_length_total - 2100);
  });

  it("a remnant of another profile, or too short for any piece, is left in stock", () => {
    const r = optimiseWithRemnants({ cuts, kerf: 5 }, [
      { lot_number: "LOT-2026-00001", profile: "X9", length: 5000 },
      { lot_number: "LOT-2026-00002", profile: "L2", length: 700 },
    ]);
    expect(r.bars.some((b) => b.remnant_lot)).toBe(false);
    expect(r).toEqual(optimiseCutting({ cuts, kerf: 5 }));
  });

  it("pieces between two remnants, with a kerf between pieces on each", () => {
    const r = optimiseWithRemnants({ cuts: [{ profile: "L2", length: 800, quantity: 3, label: "rail" }], kerf: 5 }, [
      { lot_number: "A", profile: "L2", length: 1605 },
      { lot_number: "B", profile: "L2", length: 900 },
    ]);
    expect(r.bars.map((b) => [b.remnant_lot, b.cuts.length, b.offcut])).toEqual([
      ["A", 2, 0],
      ["B", 1, 95],
    ]);
    expect(r.bars_used).toBe(0);
  });
});
