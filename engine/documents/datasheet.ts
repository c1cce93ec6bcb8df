/**
 * The specification datasheet of one configured item: what the technical
 * package prints and `GET /specifications/{id}` returns, from one function so
 * the two never disagree. Read from the configuration (with its schema's
 * titles) and the family's engineering; a section the family does not compute
 * (a cabinet has no U-value) is null or empty.
 */
import type { JsonSchema } from "../products/types.ts";
import { type DescribedField, describeConfiguration } from "./describe.ts";

export interface UValueRow {
  part: "frame" | "glazing" | "edge";
  label: string;
  /** m² for frames and glazing, null for edges. */
  area_m2: number | null;
  /** m for glass edges (linear thermal transmittance ψ), null otherwise. */
  length_m: number | null;
  /** U (W/m²K) for areas, ψ (W/mK) for edges. */
  value: number;
  contribution_w_per_k: number;
}

export interface DatasheetUValue {
  /** EN ISO 10077-1: U_W = (ΣA_f·U_f + ΣA_g·U_g + Σl_g·ψ_g) / (ΣA_f + ΣA_g). */
  overall_u_value: number;
  frame_area_m2: number;
  glazing_area_m2: number;
  edge_length_m: number;
  heat_loss_w_per_k: number;
  rows: UValueRow[];
  limit: { max_u_value: number; passes: boolean } | null;
}

export interface Datasheet {
  title: string;
  product: string;
  quantity: number;
  dimensions: DescribedField[];
  u_value: DatasheetUValue | null;
  materials: DescribedField[];
  hardware: { description: string; quantity: number; unit: string }[];
  glazing: DescribedField[];
  weights: { unit_kg: number | null; total_kg: number | null };
  /** The shop's own declarations (PAS 24, BS 6375-1, Secured by Design, …); never computed here. */
  compliance: DescribedField[];
}

export interface DatasheetInput {
  title: string;
  product: string;
  quantity: number;
  config: Record<string, unknown>;
  schema: JsonSchema;
  engineering: unknown;
  compliance: DescribedField[];
}

type Rect = { width: number; height: number };
interface Readable {
  layout?: { opening?: Rect; leaves?: { role?: string; rect: Rect }[] };
  glazing?: { glazing_type?: string; glazing_thickness?: number; gas?: string; coating?: string; cavity_mm?: number; u_g?: number; u_g_source?: string };
  thermal?: {
    overall_u_value: number;
    frame_area_m2: number;
    glazing_area_m2: number;
    edge_length_m: number;
    heat_loss_w_per_k: number;
    breakdown: {
      frames: { label: string; area_m2: number; u_value: number; contribution_w_per_k: number }[];
      glazing: { label: string; area_m2: number; u_value: number; contribution_w_per_k: number }[];
      edges: { label: string; length_m: number; psi: number; contribution_w_per_k: number }[];
    };
    limit?: { max_u_value: number; passes: boolean } | null;
  };
  bom?: {
    lines?: { code: string; description: string; category?: string; quantity: number; unit: string }[];
    total_weight_kg?: number;
    weight_kg?: number;
  };
}

const r = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const size = (x: Rect) => `${r(x.width, 1)} × ${r(x.height, 1)} mm`;
const words = (s: string) => (/^[a-z0-9_]+$/.test(s) ? (s[0].toUpperCase() + s.slice(1)).replace(/_/g, " ") : s);
/** Configuration fields that say what it is made of and how it looks. */
const MATERIAL_KEYS = /finish|colou?r|material|threshold/i;

export function datasheetOf(input: DatasheetInput): Datasheet {
  const e = (input.engineering ?? {}) as Readable;
  const described = describeConfiguration(input.schema, input.config);
  // describeConfiguration's order: the schema's keys, then the configuration's others, each only when set.
  const properties = Object.keys((input.schema as { properties?: object }).properties ?? {});
  const keys = [...properties, ...Object.keys(input.config).filter((k) => !properties.includes(k))].filter(
    (k) => input.config[k] !== undefined && input.config[k] !== null,
  );
  const fieldKey = new Map(described.map((f, i) => [f, keys[i] ?? ""]));

  const dimensions = described.filter((f) => / mm$/.test(f.value) && !/glazing|glass/i.test(fieldKey.get(f) ?? ""));
  if (e.layout?.opening) dimensions.push({ label: "Clear opening", value: size(e.layout.opening) });
  for (const [i, leaf] of (e.layout?.leaves ?? []).entries()) {
    dimensions.push({ label: `Leaf ${i + 1}${leaf.role ? ` (${leaf.role})` : ""}`, value: size(leaf.rect) });
  }

  const lines = e.bom?.lines ?? [];
  const materials = described.filter((f) => MATERIAL_KEYS.test(fieldKey.get(f) ?? ""));
  for (const l of lines.filter((x) => x.category === "profile")) materials.push({ label: l.code, value: l.description });

  const hardware = lines.filter((l) => l.category === "hardware").map((l) => ({ description: l.description, quantity: l.quantity, unit: l.unit }));

  const g = e.glazing;
  const glazing: DescribedField[] = g
    ? [
        ...(g.glazing_type ? [{ label: "Make-up", value: `${words(g.glazing_type)} glazed unit` }] : []),
        ...(g.glazing_thickness !== undefined ? [{ label: "Unit thickness", value: `${g.glazing_thickness} mm` }] : []),
        ...(g.cavity_mm !== undefined ? [{ label: "Cavity", value: `${r(g.cavity_mm, 1)} mm each` }] : []),
        ...(g.gas ? [{ label: "Cavity gas", value: words(g.gas) }] : []),
        ...(g.coating ? [{ label: "Coating", value: g.coating === "low_e" ? "Low-e" : words(g.coating) }] : []),
        ...(g.u_g !== undefined ? [{ label: "U_g", value: `${g.u_g} W/m²K${g.u_g_source === "customer" ? " (declared)" : ""}` }] : []),
        ...lines.filter((l) => l.category === "glazing").map((l) => ({ label: l.code, value: `${l.description}, ${r(l.quantity)} ${l.unit}` })),
      ]
    : [];

  const t = e.thermal;
  const u_value: DatasheetUValue | null = t
    ? {
        overall_u_value: t.overall_u_value,
        frame_area_m2: r(t.frame_area_m2),
        glazing_area_m2: r(t.glazing_area_m2),
        edge_length_m: r(t.edge_length_m),
        heat_loss_w_per_k: r(t.heat_loss_w_per_k),
        rows: [
          ...t.breakdown.frames.map((x) => row("frame", x.label, x.area_m2, null, x.u_value, x.contribution_w_per_k)),
          ...t.breakdown.glazing.map((x) => row("glazing", x.label, x.area_m2, null, x.u_value, x.contribution_w_per_k)),
          ...t.breakdown.edges.map((x) => row("edge", x.label, null, x.length_m, x.psi, x.contribution_w_per_k)),
        ],
        limit: t.limit ? { max_u_value: t.limit.max_u_value, passes: t.limit.passes } : null,
      }
    : null;

  const unit = e.bom?.total_weight_kg ?? e.bom?.weight_kg ?? null;
  return {
    title: input.title,
    product: input.product,
    quantity: input.quantity,
    dimensions,
    u_value,
    materials,
    hardware,
    glazing,
    weights: { unit_kg: unit === null ? null : r(unit, 2), total_kg: unit === null ? null : r(unit * input.quantity, 2) },
    compliance: input.compliance,
  };
}

const row = (part: UValueRow["part"], label: string, area: number | null, length: number | null, value: number, contribution: number): UValueRow => ({
  part,
  label,
  area_m2: area === null ? null : r(area),
  length_m: length === null ? null : r(length),
  value,
  contribution_w_per_k: r(contribution, 4),
});
