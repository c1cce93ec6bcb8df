import type { CutRequest, CuttingResult } from "../../engine/cutting/index.ts";
import { cuttingRequests, type ProfileCut } from "../../engine/products/door/cuts.ts";
import type { QcStage } from "../../engine/products/door/qc.ts";
import type { UValueResult } from "../../engine/thermal/u-value.ts";
import type { QuoteItem } from "../db/quotes.ts";
import type { Scope } from "../db/scope.ts";
import { loadConfigured, loadConfiguredMany } from "./configured-product.ts";
import { engineer } from "./engineering.ts";

/**
 * A family's engineering read by what it carries: a door has a U-value, a
 * BOM with profile cuts, a cutting list and a QC checklist; a cabinet a BOM
 * and its weight only. Outputs a family lacks are null downstream.
 */
export interface Engineering {
  thermal?: UValueResult;
  bom?: { lines?: { code: string; description: string; quantity: number; unit: string }[]; cuts?: ProfileCut[]; total_weight_kg?: number; weight_kg?: number };
  cutting_list?: CuttingResult;
  qc_checklist?: QcStage[];
}

/** One configured thing, engineered: a quote's item, or a configuration on its own (no item). */
export interface EngineeredItem {
  item: QuoteItem | null;
  configuration: { id: string; name: string | null; config: Record<string, unknown> };
  product: { id: string; name: string; generator_key: string };
  quantity: number;
  engineering: Engineering;
}

type Loaded = NonNullable<Awaited<ReturnType<typeof loadConfigured>>>;

function engineered({ configuration, product, schema }: Loaded, item: QuoteItem | null): EngineeredItem {
  return {
    item,
    configuration: { id: configuration.id, name: configuration.name, config: configuration.config },
    product: { id: product.id, name: product.name, generator_key: product.generator_key },
    quantity: item ? (item.options as { quantity: number }).quantity : 1,
    engineering: engineer(product, schema.config_schema, configuration.config) as Engineering,
  };
}

/** Engineers a saved configuration; undefined when it, its product or its schema is gone. */
export async function engineerConfiguration(scope: Scope, configurationId: string, item: QuoteItem | null = null): Promise<EngineeredItem | undefined> {
  const loaded = await loadConfigured(scope, configurationId);
  return loaded && engineered(loaded, item);
}

/** The configured items of a quote, engineered, in item order; items whose configuration is gone are left out. Their rows are read together. */
export async function engineerQuoteItems(scope: Scope, items: QuoteItem[]): Promise<EngineeredItem[]> {
  const loaded = await loadConfiguredMany(
    scope,
    items.flatMap((i) => (i.configuration_id ? [i.configuration_id] : [])),
  );
  return items.flatMap((item) => {
    const found = item.configuration_id ? loaded.get(item.configuration_id) : undefined;
    return found ? [engineered(found, item)] : [];
  });
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const sum = (xs: { contribution_w_per_k: number }[]) =>
  round(
    xs.reduce((s, x) => s + x.contribution_w_per_k, 0),
    4,
  );

/** The declared U-value with the areas and the heat-loss share of frames, glazing and glass edges (W/K). */
export const uValueSummary = (t: UValueResult) => ({
  overall_u_value: t.overall_u_value,
  frame_area_m2: t.frame_area_m2,
  glazing_area_m2: t.glazing_area_m2,
  edge_length_m: t.edge_length_m,
  heat_loss_w_per_k: t.heat_loss_w_per_k,
  frame_contribution_w_per_k: sum(t.breakdown.frames),
  glazing_contribution_w_per_k: sum(t.breakdown.glazing),
  edge_contribution_w_per_k: sum(t.breakdown.edges),
  limit: t.limit ? { max_u_value: t.limit.max_u_value, passes: t.limit.passes } : null,
});

export const cuttingSummary = (c: CuttingResult) => ({
  bars_used: c.bars_used,
  lower_bound: c.lower_bound,
  optimal: c.optimal,
  total_profiles: c.profiles.length,
  total_cuts: c.profiles.reduce((s, p) => s + p.pieces, 0),
  stock_length_total: c.stock_length_total,
  waste_percentage: c.waste_percent,
});

/** Per unit: what partners need to plan with, not the whole engineering (the specification has that). */
export const technicalSummary = (e: Engineering) => ({
  u_value: e.thermal ? uValueSummary(e.thermal) : null,
  bom: e.bom?.lines ? { line_count: e.bom.lines.length, lines: e.bom.lines.map((l) => ({ code: l.code, quantity: l.quantity, unit: l.unit })) } : null,
  unit_weight_kg: e.bom?.total_weight_kg ?? e.bom?.weight_kg ?? null,
  cutting_list: e.cutting_list ? cuttingSummary(e.cutting_list) : null,
});

/** The profile cuts of `quantity` units, labelled by item so the shop floor knows what a cut is for. */
export const profileCuts = (e: EngineeredItem, label: string): CutRequest[] =>
  e.engineering.bom?.cuts ? cuttingRequests(e.engineering.bom.cuts, e.quantity, `${label}: `) : [];
