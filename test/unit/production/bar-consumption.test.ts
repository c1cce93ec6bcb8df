import { describe, expect, it } from "vitest";
import type { CutBar } from "../../../engine/cutting/types.ts";
import { planBarConsumption, type StockLot } from "../../../engine/production/bar-consumption.ts";

const day = 86_400_000;
const lot = (lot_number: string, metres: number, over: Partial<StockLot> = {}): StockLot => ({
  id: `id-${lot_number}`,
  lot_number,
  material: "F1",
  unit: "m",
  origin: "received",
  balance_milli: metres * 1000,
  received_at: 10 * day,
  expires_at: null,
  ...over,
});
const bar = (cuts: [number, string][], stock_length = 6000, over: Partial<CutBar> = {}): CutBar => {
  const used = cuts.reduce((s, [l]) => s + l, 0) + (cuts.length - 1) * 5;
  return { profile: "F1", stock_length, cuts: cuts.map(([length, label]) => ({ length, label })), used_length: used, offcut: stock_length - used - 5, ...over };
};
const moOf = (label: string) => ({ "Item 1": "mo-1", "Item 2": "mo-2" })[label.split(":")[0]];
const options = { remnant_min_length: 500, now: 100 * day };

describe("what cutting takes from stock", () => {
  it("takes bars first-in first-out, earliest expiry first, and never from an expired lot", () => {
    const lots = [
      lot("LOT-3", 60, { received_at: 1 * day, expires_at: 50 * day }), // expired
      lot("LOT-2", 60, { received_at: 5 * day }),
      lot("LOT-1", 6, { received_at: 8 * day, expires_at: 200 * day }), // expires first: taken first, one bar
    ];
    const plan = planBarConsumption([bar([[5900, "Item 1: a"]]), bar([[5900, "Item 1: b"]])], moOf, "mo-1", lots, options);
    expect(plan.ok && plan.draws.map((d) => d.lot.lot_number)).toEqual(["LOT-1", "LOT-2"]);
  });

  it("a bar never comes from two lots: a lot holding less than a bar is passed over", () => {
    const plan = planBarConsumption([bar([[5000, "Item 1: a"]])], moOf, "mo-1", [lot("LOT-1", 4), lot("LOT-2", 12, { received_at: 20 * day })], options);
    expect(plan.ok && plan.draws.map((d) => [d.lot.lot_number, d.quantity_milli])).toEqual([["LOT-2", 6000]]);
  });

  it("shares a bar between the orders whose pieces it gave, by their length, keeping an offcut over the minimum as a remnant", () => {
    const plan = planBarConsumption(
      [
        bar([
          [3000, "Item 1: jamb"],
          [1000, "Item 2: rail"],
          [1000, "Item 1: head"],
        ]),
      ],
      moOf,
      "mo-1",
      [lot("LOT-1", 60)],
      options,
    );
    if (!plan.ok) throw new Error("short");
    const [draw] = plan.draws;
    // 6000 − 5000 − 3 kerfs = 985 mm back to stock; 5015 mm consumed, 4:1.
    expect(draw.remnant).toEqual({ length: 985, quantity_milli: 985 });
    expect(draw.shares).toEqual([
      { manufacturing_order_id: "mo-1", quantity_milli: 4012 },
      { manufacturing_order_id: "mo-2", quantity_milli: 1003 },
    ]);
    expect(draw.shares.reduce((s, x) => s + x.quantity_milli, 0) + draw.remnant!.quantity_milli).toBe(draw.quantity_milli);
  });

  it("an offcut under the minimum is consumed with the bar; a lot counted in mm is drawn in mm", () => {
    const plan = planBarConsumption([bar([[5600, "Item 1: a"]])], moOf, "mo-1", [lot("LOT-1", 0, { unit: "mm", balance_milli: 20_000_000 })], options);
    expect(plan.ok && plan.draws[0]).toMatchObject({
      quantity_milli: 6_000_000,
      remnant: null,
      shares: [{ manufacturing_order_id: "mo-1", quantity_milli: 6_000_000 }],
    });
  });

  it("a planned remnant comes from its own lot, whole", () => {
    const remnant = lot("LOT-9", 1.2, { origin: "remnant" });
    const plan = planBarConsumption([bar([[1100, "Item 2: rail"]], 1200, { remnant_lot: "LOT-9" })], moOf, "mo-1", [lot("LOT-1", 60), remnant], options);
    expect(plan.ok && plan.draws.map((d) => [d.lot.lot_number, d.quantity_milli, d.remnant])).toEqual([["LOT-9", 1200, null]]);
  });

  it("a planned remnant another order took meanwhile is cut from a stock bar instead", () => {
    const gone = lot("LOT-9", 0, { origin: "remnant" });
    const plan = planBarConsumption([bar([[1100, "Item 2: rail"]], 1200, { remnant_lot: "LOT-9" })], moOf, "mo-1", [lot("LOT-1", 60), gone], options);
    expect(plan.ok && plan.draws.map((d) => [d.lot.lot_number, d.quantity_milli])).toEqual([["LOT-1", 1200]]);
  });

  it("names the bars no lot can give; nothing is drawn", () => {
    const plan = planBarConsumption(
      [bar([[5900, "Item 1: a"]]), bar([[5900, "Item 1: b"]]), bar([[5000, "Item 1: c"]], 6500)],
      moOf,
      "mo-1",
      [lot("LOT-1", 7)],
      options,
    );
    expect(plan).toEqual({ ok: false, shortages: [{ profile: "F1", bars: [6000, 6500] }] });
  });

  it("a profile the shop keeps no stock of (no lot in m or mm) is not traced, and says so", () => {
    const plan = planBarConsumption(
      [bar([[5900, "Item 1: a"]], 6000, { profile: "G7" })],
      moOf,
      "mo-1",
      [lot("LOT-1", 60), lot("LOT-5", 3, { material: "G7", unit: "bar" })],
      options,
    );
    expect(plan).toEqual({ ok: true, draws: [], untracked: ["G7"] });
  });
});
