import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "../../../app/lib/csv.ts";
import { recallCounts, recallCsv, recallRows, treeOf, type TraceNode } from "../../../app/production/recall.ts";

describe("the CSV writer", () => {
  it("quotes fields with commas, quotes and line breaks (RFC 4180) and ends records with CRLF", () => {
    expect(
      toCsv([
        ["a", "b,c", 'say "hi"', "two\nlines", "cr\rhere"],
        [1.5, null, undefined, ""],
      ]),
    ).toBe('a,"b,c","say ""hi""","two\nlines","cr\rhere"\r\n1.5,,,\r\n');
    expect(toCsv([])).toBe("");
  });

  it("neutralises spreadsheet formulas with a leading apostrophe, quoting what still needs it", () => {
    expect(["=SUM(A1:A9)", "+1", "-2+3", "@cmd", "\t=1", "\r=1"].map(csvCell)).toEqual(["'=SUM(A1:A9)", "'+1", "'-2+3", "'@cmd", "'\t=1", '"\'\r=1"']);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    // Numbers are data, not formulas; text that only contains the signs is left alone.
    expect([-4, 0, "a=b", "Müller & Söhne"].map(csvCell)).toEqual(["-4", "0", "a=b", "Müller & Söhne"]);
  });
});

const node = (lot_number: string, extra: Partial<TraceNode> = {}): TraceNode => ({
  lot_number,
  material: "Profile",
  unit: "m",
  origin: "split",
  received_at: "2026-01-01T00:00:00.000Z",
  quantity: 1,
  children: [],
  consumed_by: [],
  ...extra,
});
const use = (mo: string, order: string, customer: string | null, quantity: number, status: "scheduled" | "shipped" | "delivered" = "scheduled", units = 1) => ({
  quantity,
  manufacturing_order: {
    id: `id-${mo}`,
    number: mo,
    status,
    quantity: units,
    unit_serials: status === "scheduled" ? [] : Array.from({ length: units }, (_, i) => `${mo}-0${i + 1}`),
  },
  order: { id: `id-${order}`, number: order },
  customer: customer ? { id: `id-${customer}`, name: customer } : null,
});

describe("the recall view", () => {
  // A split into B and C, merged again into D: D sits under both, its consumption must count once.
  const d = node("D", { origin: "merge", consumed_by: [use("MO-3", "ORD-2", "Zeta GmbH", 4, "delivered", 3)] });
  const root = node("A", {
    origin: "received",
    quantity: null,
    consumed_by: [use("MO-1", "ORD-1", "Acme", 5, "shipped", 2), use("MO-2", "ORD-1", "Acme", 1)],
    children: [
      node("B", { children: [d], consumed_by: [use("MO-1", "ORD-1", "Acme", 2, "shipped", 2)] }),
      node("C", { children: [d] }),
      node("E", { consumed_by: [use("MO-4", "ORD-3", null, 1)] }),
    ],
  });

  it("flattens the forward trace to one row per MO, each lot once, sorted by customer, order and MO", () => {
    const rows = recallRows(root);
    expect(rows.map((r) => [r.customer?.name ?? null, r.order.number, r.mo.number, r.lots.map((l) => `${l.lot_number}:${l.quantity}`)])).toEqual([
      [null, "ORD-3", "MO-4", ["E:1"]],
      ["Acme", "ORD-1", "MO-1", ["A:5", "B:2"]],
      ["Acme", "ORD-1", "MO-2", ["A:1"]],
      ["Zeta GmbH", "ORD-2", "MO-3", ["D:4"]],
    ]);
    expect(recallCounts(rows)).toEqual({ customers: 2, orders: 3, manufacturingOrders: 4, units: 7, unitsShipped: 5 });
  });

  it("cuts the tree to what the page draws: each lot's MOs by id, number and quantity, children nested", () => {
    const tree = treeOf(root);
    expect(tree).toMatchObject({
      lot_number: "A",
      origin: "received",
      quantity: null,
      used: [
        { id: "id-MO-1", number: "MO-1", quantity: 5 },
        { id: "id-MO-2", number: "MO-2", quantity: 1 },
      ],
    });
    expect(tree.children.map((c) => [c.lot_number, c.children.map((g) => [g.lot_number, g.used])])).toEqual([
      ["B", [["D", [{ id: "id-MO-3", number: "MO-3", quantity: 4 }]]]],
      ["C", [["D", [{ id: "id-MO-3", number: "MO-3", quantity: 4 }]]]],
      ["E", []],
    ]);
    expect(Object.keys(tree.used[0])).toEqual(["id", "number", "quantity"]);
  });

  it("has no rows for a lot nothing was made from", () => {
    expect(recallRows(node("X"))).toEqual([]);
    expect(recallCounts([])).toEqual({ customers: 0, orders: 0, manufacturingOrders: 0, units: 0, unitsShipped: 0 });
  });

  it("writes the rows as CSV with a header", () => {
    const lines = recallCsv(recallRows(root)).split("\r\n");
    expect(lines[0]).toBe("Customer,Order,Manufacturing order,Units,Status,Lots used,Serial numbers");
    expect(lines[2]).toBe("Acme,ORD-1,MO-1,2,shipped,A: 5 m; B: 2 m,MO-1-01 MO-1-02");
    expect(lines[3]).toBe("Acme,ORD-1,MO-2,1,scheduled,A: 1 m,");
    expect(lines[4]).toBe("Zeta GmbH,ORD-2,MO-3,3,delivered,D: 4 m,MO-3-01 MO-3-02 MO-3-03");
    expect(lines).toHaveLength(6);
  });
});
