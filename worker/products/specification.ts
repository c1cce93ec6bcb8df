import type { Quote } from "../db/quotes.ts";
import type { Datasheet } from "../../engine/documents/datasheet.ts";
import type { EngineeredItem } from "./engineered.ts";

const SPEC_SECTIONS = ["configuration", "u_value", "bom", "cutting_list", "qc_checklist"] as const;

/**
 * The specification document (seed §4.3) of configured products: per item its
 * configuration, the full EN ISO 10077-1 U-value breakdown, bill of
 * materials, one unit's cutting list and the QC checklist, as far as its
 * family computes them. Stored as JSON; partners render it as they like.
 */
export function specificationDocument(
  id: string,
  request: { source: string; request_id: string },
  quote: Quote | null,
  items: EngineeredItem[],
  /** Per item, the datasheet the technical package prints (worker/technical-package/build.ts). */
  datasheets: (Datasheet | null)[] = [],
  at = Date.now(),
) {
  const doc = {
    id,
    generated_at: new Date(at).toISOString(),
    request,
    quote: quote ? { id: quote.id, number: quote.number, revision: quote.revision } : null,
    items: items.map((e, i) => ({
      item_id: e.item?.id ?? null,
      configuration_id: e.configuration.id,
      name: e.configuration.name,
      product: e.product,
      quantity: e.quantity,
      configuration: e.configuration.config,
      u_value: e.engineering.thermal ?? null,
      bom: e.engineering.bom
        ? { lines: e.engineering.bom.lines ?? [], weight_kg: e.engineering.bom.total_weight_kg ?? e.engineering.bom.weight_kg ?? null }
        : null,
      cutting_list: e.engineering.cutting_list ?? null,
      qc_checklist: e.engineering.qc_checklist ?? null,
      datasheet: datasheets[i] ?? null,
    })),
  };
  const sections = SPEC_SECTIONS.filter((s) => doc.items.some((i) => i[s] !== null));
  return { doc, sections };
}
