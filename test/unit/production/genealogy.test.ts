import { describe, expect, it } from "vitest";
import { backwardTree, forwardTree, type LotRow } from "../../../engine/production/genealogy.ts";

const lot = (id: string, origin = "split"): LotRow => ({ id, lot_number: id.toUpperCase(), material: "Profile", unit: "m", origin, received_at: 0 });
// a → b (split), b + c → d (merge); d went into MO-1 for a customer.
const lots = [lot("a", "received"), lot("b"), lot("c", "received"), lot("d", "merge")];
const links = [
  { parent_id: "a", child_id: "b", quantity: 30 },
  { parent_id: "b", child_id: "d", quantity: 30 },
  { parent_id: "c", child_id: "d", quantity: 20 },
];
const used = {
  quantity: 12,
  manufacturing_order: { id: "mo1", number: "MO-1", status: "shipped", quantity: 2, unit_serials: ["MO-1-01", "MO-1-02"] },
  order: { id: "o1", number: "ORD-1" },
  customer: { id: "k1", name: "Acme" },
};

describe("lot genealogy", () => {
  it("forward: what was made from a lot, down to the orders and customers it reached", () => {
    const trace = forwardTree("a", lots, links, [{ lot_id: "d", ...used }]);
    expect(trace.lot).toMatchObject({
      lot_number: "A",
      quantity: null,
      consumed_by: [],
      children: [{ lot_number: "B", quantity: 30, children: [{ lot_number: "D", quantity: 30, consumed_by: [used] }] }],
    });
    expect(trace.affected).toEqual({ orders: [used.order], customers: [used.customer] });
  });

  it("backward: a merged lot appears with each of its parents, back to what was received", () => {
    const tree = backwardTree("d", 12, lots, links);
    expect(tree.quantity).toBe(12);
    expect(tree.parents!.map((p) => [p.lot_number, p.quantity])).toEqual([
      ["B", 30],
      ["C", 20],
    ]);
    expect(tree.parents![0].parents!.map((p) => p.lot_number)).toEqual(["A"]);
    expect(tree.parents![1].parents).toEqual([]);
  });
});
