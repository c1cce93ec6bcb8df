import type { Datasheet } from "./datasheet.ts";
import { MUTED, type Run } from "./pdf-writer.ts";

/** How a document writes a datasheet: a paragraph, a label–value pair, a section heading. */
export interface DatasheetPen {
  say: (run: Run) => void;
  pair: (label: string, value: string) => void;
  heading: (text: string) => void;
}

const fmt = (x: number) => String(Math.round(x * 1000) / 1000);

/** One item's datasheet, section by section: the technical package's item pages and the specification PDF write the same words. */
export function datasheetSections(d: Datasheet, { say, pair, heading }: DatasheetPen) {
  say({ text: `${d.product}, quantity ${d.quantity}`, size: 10, colour: MUTED });
  heading("Dimensions");
  for (const f of d.dimensions) pair(f.label, f.value);
  if (d.u_value) {
    heading("Thermal transmittance (EN ISO 10077-1)");
    pair("U_W, declared", `${d.u_value.overall_u_value} W/m²K`);
    pair("Frame area A_f", `${d.u_value.frame_area_m2} m²`);
    pair("Glazing area A_g", `${d.u_value.glazing_area_m2} m²`);
    pair("Glass edge length l_g", `${d.u_value.edge_length_m} m`);
    pair("Heat loss, sum of A·U and l·psi", `${d.u_value.heat_loss_w_per_k} W/K`);
    if (d.u_value.limit) pair("Limit", `${d.u_value.limit.max_u_value} W/m²K, ${d.u_value.limit.passes ? "met" : "NOT met"}`);
    for (const row of d.u_value.rows) {
      const quantity = row.part === "edge" ? `l ${row.length_m} m, psi ${row.value} W/mK` : `A ${row.area_m2} m², U ${row.value} W/m²K`;
      pair(`${row.part === "frame" ? "Frame" : row.part === "glazing" ? "Glazing" : "Edge"}: ${row.label}`, `${quantity}: ${row.contribution_w_per_k} W/K`);
    }
  }
  if (d.materials.length) {
    heading("Materials and finishes");
    for (const f of d.materials) pair(f.label, f.value);
  }
  if (d.hardware.length) {
    heading("Hardware");
    for (const h of d.hardware) pair(h.description, `${fmt(h.quantity)} ${h.unit}`);
  }
  if (d.glazing.length) {
    heading("Glazing make-up");
    for (const f of d.glazing) pair(f.label, f.value);
  }
  heading("Weights");
  pair("Per unit", d.weights.unit_kg === null ? "-" : `${d.weights.unit_kg} kg`);
  pair(`All ${d.quantity}`, d.weights.total_kg === null ? "-" : `${d.weights.total_kg} kg`);
  heading("Compliance (declared by the manufacturer)");
  for (const f of d.compliance) pair(f.label, f.value);
}
