import { describe, expect, it } from "vitest";
import { createTenant, data, expectError } from "./helpers.ts";
import { completeProduction, placedDoorOrder, shipmentOf, userWithRole } from "./shop-fixture.ts";

type Quantity = { epcClass: string; quantity: number; uom: string };
type EpcisEvent = {
  type: string;
  bizStep: string;
  quantityList?: Quantity[];
  inputQuantityList?: Quantity[];
  outputQuantityList?: Quantity[];
  outputEPCList?: string[];
  transformationID?: string;
  bizTransactionList?: { type: string; bizTransaction: string }[];
  destinationList?: { type: string; destination: string }[];
  "fq:customer"?: string;
};
type Node = {
  lot_number: string;
  children?: Node[];
  parents?: Node[];
  consumed_by?: { manufacturing_order: { unit_serials: string[] } }[];
};

const last = (uri: string) => decodeURIComponent(uri.slice(uri.lastIndexOf("/") + 1));
const kindOf = (uri: string) => uri.split("/").at(-2);

/** An independent reader: the trace rebuilt from the EPCIS events alone. */
function traceFromEvents(events: EpcisEvent[]) {
  const next = new Map<string, Set<string>>();
  const prev = new Map<string, Set<string>>();
  const link = (map: Map<string, Set<string>>, a: string, b: string) => map.set(a, (map.get(a) ?? new Set()).add(b));
  const orderOf = new Map<string, string>();
  const customerOf = new Map<string, string>();
  // Transformation events sharing a transformationID are one transformation: any input becomes every output.
  const groups = new Map<string, EpcisEvent[]>();
  events
    .filter((e) => e.type === "TransformationEvent")
    .forEach((e, i) => {
      const key = e.transformationID ?? `#${i}`;
      groups.set(key, [...(groups.get(key) ?? []), e]);
    });
  const transformations = [...groups.values()].map((group) => ({
    inputs: group.flatMap((e) => e.inputQuantityList ?? []),
    outputs: group.flatMap((e) => [...(e.outputQuantityList ?? []).map((o) => o.epcClass), ...(e.outputEPCList ?? [])]),
    ...group.find((e) => e.bizTransactionList || e["fq:customer"]),
  }));
  for (const e of transformations) {
    for (const i of e.inputs)
      for (const out of e.outputs) {
        const o = { epcClass: out };
        link(next, i.epcClass, o.epcClass);
        link(prev, o.epcClass, i.epcClass);
        const po = e.bizTransactionList?.find((b) => b.type === "po");
        if (po) orderOf.set(o.epcClass, last(po.bizTransaction));
        if (e["fq:customer"]) customerOf.set(o.epcClass, last(e["fq:customer"]));
      }
  }
  const reach = (map: Map<string, Set<string>>, from: string) => {
    const seen = new Set<string>();
    const todo = [from];
    while (todo.length > 0) {
      for (const n of map.get(todo.pop()!) ?? []) {
        if (seen.has(n)) continue;
        seen.add(n);
        todo.push(n);
      }
    }
    return [...seen];
  };
  return {
    forward(lotUri: string) {
      const reached = reach(next, lotUri);
      const mos = reached.filter((u) => kindOf(u) === "mo");
      return {
        units: reached
          .filter((u) => kindOf(u) === "unit")
          .map(last)
          .sort(),
        lots: reached
          .filter((u) => kindOf(u) === "lot")
          .map(last)
          .sort(),
        orders: [...new Set(mos.map((m) => orderOf.get(m)))].sort(),
        customers: [...new Set(mos.map((m) => customerOf.get(m)))].sort(),
      };
    },
    backward: (moUri: string) => reach(prev, moUri).map(last).sort(),
  };
}

const numbers = (n: Node, key: "children" | "parents"): string[] => [n.lot_number, ...(n[key] ?? []).flatMap((c) => numbers(c, key))];

describe("EPCIS 2.0 export", () => {
  it("carries receiving, splits, merges, consumption and shipping, and the trace rebuilt from it alone matches the API's", async () => {
    const t = await createTenant();
    const { order, mo, customerId } = await placedDoorOrder(t, 1);
    const receive = (supplier_lot: string, quantity: number) =>
      data<{ lot_number: string }>(t.owner.post("/api/v1/lots", { material: "Profile", supplier: "Alu AG", supplier_lot, quantity, unit: "m" }), 201);
    const a = await receive("S-1", 100);
    const b = await data<{ lot_number: string }>(t.owner.post(`/api/v1/lots/${a.lot_number}/split`, { quantity: 30 }), 201);
    const c = await receive("S-2", 20);
    const d = await data<{ lot_number: string }>(t.owner.post("/api/v1/lots/merge", { lot_numbers: [b.lot_number, c.lot_number] }), 201);
    for (const [lot, quantity] of [
      [d, 12],
      [a, 5],
    ] as const)
      await data(t.owner.post(`/api/v1/manufacturing-orders/${mo.id}/consumptions`, { lot_number: lot.lot_number, quantity }), 201);
    await completeProduction(t, mo.id);
    await data(t.owner.post(`/api/v1/orders/${order.id}/shipments`, shipmentOf(mo.id, 1)), 201);

    const res = await t.owner.fetch("/api/v1/traceability/epcis");
    expect(res.headers.get("content-type")).toBe("application/ld+json");
    const doc = await res.json<{ "@context": unknown[]; type: string; schemaVersion: string; epcisBody: { eventList: EpcisEvent[] } }>();
    expect(doc).toMatchObject({ type: "EPCISDocument", schemaVersion: "2.0" });
    expect(doc["@context"][0]).toBe("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld");
    const events = doc.epcisBody.eventList;
    expect(events.map((e) => `${e.type}:${e.bizStep}`).sort()).toEqual(
      [
        "ObjectEvent:receiving",
        "ObjectEvent:receiving",
        "TransformationEvent:repackaging",
        "TransformationEvent:repackaging",
        "TransformationEvent:commissioning",
        "TransformationEvent:commissioning",
        "ObjectEvent:shipping",
      ].sort(),
    );
    expect(events.find((e) => e.bizStep === "receiving")!.quantityList![0]).toMatchObject({ quantity: 100, uom: "MTR" });
    expect(last(events.find((e) => e.bizStep === "shipping")!.destinationList![0].destination)).toBe(customerId);

    const rebuilt = traceFromEvents(events);
    const lotUri = events.find((e) => e.bizStep === "receiving" && e.quantityList![0].quantity === 100)!.quantityList![0].epcClass;
    const forward = await data<{ lot: Node; affected: { orders: { number: string }[]; customers: { id: string }[] } }>(
      t.owner.get(`/api/v1/lots/${a.lot_number}/forward-trace`),
    );
    expect(rebuilt.forward(lotUri)).toEqual({
      units: [`${mo.number}-01`],
      lots: numbers(forward.lot, "children")
        .filter((n) => n !== a.lot_number)
        .sort(),
      orders: forward.affected.orders.map((o) => o.number).sort(),
      customers: forward.affected.customers.map((c) => c.id).sort(),
    });
    const backward = await data<{ lots: Node[] }>(t.owner.get(`/api/v1/manufacturing-orders/${mo.id}/backward-trace`));
    const moUri = events.find((e) => e.bizStep === "commissioning" && e.outputQuantityList)!.outputQuantityList![0].epcClass;
    expect(rebuilt.backward(`${moUri.replace("/id/mo/", "/id/unit/")}-01`)).toEqual(rebuilt.backward(moUri));
    expect(rebuilt.backward(moUri)).toEqual([...new Set(backward.lots.flatMap((l) => numbers(l, "parents")))].sort());
    expect(rebuilt.backward(moUri)).toEqual([a.lot_number, b.lot_number, c.lot_number, d.lot_number].sort());
  });

  it("exports a period, refuses one it cannot, and is the shop's", async () => {
    const t = await createTenant();
    await data(t.owner.post("/api/v1/lots", { material: "Profile", supplier: "Alu AG", supplier_lot: "S-1", quantity: 1, unit: "m" }), 201);
    const events = async (query: string) =>
      (await (await t.owner.fetch(`/api/v1/traceability/epcis?${query}`)).json<{ epcisBody: { eventList: unknown[] } }>()).epcisBody.eventList;
    expect(await events("")).toHaveLength(1);
    expect(await events("from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z")).toEqual([]);
    await expectError(t.owner.fetch("/api/v1/traceability/epcis?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z"), 400, "VALIDATION_ERROR", "from");
    await expectError(t.owner.fetch("/api/v1/traceability/epcis?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z"), 400, "VALIDATION_ERROR", "from");
    await expectError(t.owner.fetch("/api/v1/traceability/epcis?from=yesterday"), 400, "VALIDATION_ERROR", "from");
    await expectError((await userWithRole(t, "customer_admin")).fetch("/api/v1/traceability/epcis"), 403, "FORBIDDEN");
  });
});
