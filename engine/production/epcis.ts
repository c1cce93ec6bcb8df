/**
 * GS1 EPCIS 2.0 (JSON-LD) from the shop's traceability records (issue 13):
 * receiving a lot is an ObjectEvent (ADD, receiving); a split or merge a
 * TransformationEvent from the parent lots to the new one (repackaging);
 * what a manufacturing order consumed a TransformationEvent from the lots to
 * the MO's output, named by the order it was made for (commissioning); a
 * shipment an ObjectEvent (OBSERVE, shipping) to the customer. Lots and MOs
 * are classes (quantities with a UN/CEFACT Rec. 20 unit), named by URIs under
 * the shop's own address; the trace can be rebuilt from the events alone.
 */
export const EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
/** Our extension namespace: the customer an output went to, the supplier's own lot number. */
export const FQ_NAMESPACE = "https://fabquote.app/ns/epcis/";

const UOM: Record<string, string> = { m: "MTR", mm: "MMT", m2: "MTK", kg: "KGM", g: "GRM", l: "LTR", ml: "MLT", pcs: "H87", sheet: "ST", bar: "H87" };

export interface EpcisInput {
  /** https://{shop host}: every identifier lives under it. */
  base: string;
  createdAt: number;
  received: { lot_number: string; unit: string; quantity: number; supplier: string | null; supplier_lot: string | null; at: number }[];
  /** New lots made from others, with what each parent gave. */
  made: { lot_number: string; unit: string; origin: "split" | "merge" | "remnant"; at: number; inputs: { lot_number: string; quantity: number }[] }[];
  consumed: {
    mo_number: string;
    mo_quantity: number;
    order_number: string | null;
    customer_id: string | null;
    at: number;
    inputs: { lot_number: string; unit: string; quantity: number }[];
  }[];
  shipped: { shipment_number: string; order_number: string | null; customer_id: string | null; at: number; lines: { mo_number: string; quantity: number }[] }[];
}

export function epcisDocument(input: EpcisInput) {
  const id = (kind: string, key: string) => `${input.base}/id/${kind}/${encodeURIComponent(key)}`;
  const lot = (n: string) => id("lot", n);
  const when = (at: number) => ({ eventTime: new Date(at).toISOString(), eventTimeZoneOffset: "+00:00" });
  const po = (order: string | null) => (order ? { bizTransactionList: [{ type: "po", bizTransaction: id("order", order) }] } : {});
  const customer = (c: string | null) => (c ? { "fq:customer": id("customer", c) } : {});
  const events = [
    ...input.received.map((r) => ({
      type: "ObjectEvent",
      eventID: id("event", `received-${r.lot_number}`),
      ...when(r.at),
      action: "ADD",
      bizStep: "receiving",
      disposition: "in_progress",
      quantityList: [{ epcClass: lot(r.lot_number), quantity: r.quantity, uom: UOM[r.unit] ?? "H87" }],
      ...(r.supplier ? { sourceList: [{ type: "owning_party", source: id("supplier", r.supplier) }] } : {}),
      ...(r.supplier_lot ? { "fq:supplierLot": r.supplier_lot } : {}),
    })),
    ...input.made.map((m) => ({
      type: "TransformationEvent",
      eventID: id("event", `${m.origin}-${m.lot_number}`),
      ...when(m.at),
      bizStep: "repackaging",
      inputQuantityList: m.inputs.map((i) => ({ epcClass: lot(i.lot_number), quantity: i.quantity, uom: UOM[m.unit] ?? "H87" })),
      outputQuantityList: [{ epcClass: lot(m.lot_number), quantity: m.inputs.reduce((s, i) => s + i.quantity, 0), uom: UOM[m.unit] ?? "H87" }],
    })),
    ...input.consumed.map((c) => ({
      type: "TransformationEvent",
      eventID: id("event", `consumed-${c.mo_number}-${c.at}`),
      ...when(c.at),
      transformationID: id("mo", c.mo_number),
      bizStep: "commissioning",
      inputQuantityList: c.inputs.map((i) => ({ epcClass: lot(i.lot_number), quantity: i.quantity, uom: UOM[i.unit] ?? "H87" })),
      outputQuantityList: [{ epcClass: id("mo", c.mo_number), quantity: c.mo_quantity, uom: "H87" }],
      ...po(c.order_number),
      ...customer(c.customer_id),
    })),
    ...input.shipped.map((s) => ({
      type: "ObjectEvent",
      eventID: id("event", `shipped-${s.shipment_number}`),
      ...when(s.at),
      action: "OBSERVE",
      bizStep: "shipping",
      disposition: "in_transit",
      quantityList: s.lines.map((l) => ({ epcClass: id("mo", l.mo_number), quantity: l.quantity, uom: "H87" })),
      ...po(s.order_number),
      ...(s.customer_id ? { destinationList: [{ type: "owning_party", destination: id("customer", s.customer_id) }] } : {}),
    })),
  ].sort((a, b) => a.eventTime.localeCompare(b.eventTime));
  return {
    "@context": [EPCIS_CONTEXT, { fq: FQ_NAMESPACE }],
    type: "EPCISDocument" as const,
    schemaVersion: "2.0",
    creationDate: new Date(input.createdAt).toISOString(),
    epcisBody: { eventList: events },
  };
}
