import { blockAnalysis } from "../../../engine/pricing/book-preview.ts";
import { compileShopBook, type ShopBook } from "../../../engine/pricing/shop-book.ts";
import type { CompiledPriceBook } from "../../../engine/pricing/compile.ts";
import { parsePriceBook } from "../../../engine/pricing/price-book.ts";
import type { PriceBook } from "../../../engine/pricing/price-book.ts";
import type { BreakdownLine } from "../../../engine/pricing/types.ts";
import type { MeshAnalysis, ProfileAnalysis } from "../../../engine/mesh/types.ts";

/**
 * A price book with round numbers so expectations can be worked out by hand:
 * machines at 3600 minor units per hour cost 1 per second, margin 0.2 adds a
 * quarter of cost (the customer book's rates are the cost rates × 1.25, e.g.
 * 4500 per hour), densities of 1 make 1000 mm³ weigh 1 g. No minimum layer
 * time, so print times stay linear (fff.test.ts prices the slowdown).
 */
export const testBook: PriceBook = {
  version: "test-7",
  currency: "EUR",
  tax: { label: "VAT", rate: 0.2, inclusive: false },
  margin: { target: 0.2, floor: 0.1 },
  minimum_order_value: 1000,
  max_quantity: 1000,
  quantity_breaks: [
    { min_qty: 1, discount: 0 },
    { min_qty: 10, discount: 0.1 },
    { min_qty: 100, discount: 0.5 },
  ],
  lead_times: [
    { code: "economy", label: "Economy", factor: 0.9, days: 10 },
    { code: "standard", label: "Standard", factor: 1, days: 5 },
    { code: "express", label: "Express", factor: 1.5, days: 2 },
    { code: "clearance", label: "Clearance", factor: 0.5, days: 20 },
  ],
  default_lead_time: "standard",
  processes: {
    fff: {
      setup_fee: 100,
      minimum_charge: 0,
      infill: { default: 0.2, min: 0, max: 1 },
      machines: [
        {
          code: "fff-a",
          name: "Printer A",
          hourly_rate: 3600,
          build_volume_mm: [200, 200, 100],
          layer_height_mm: 0.2,
          walls: 2,
          line_width_mm: 0.5,
          volumetric_flow_mm3_s: 10,
          layer_overhead_s: 1,
          min_layer_time_s: 0,
          support_density: 0.2,
          support_height_factor: 0.5,
        },
        {
          code: "fff-big",
          name: "Printer Big",
          hourly_rate: 7200,
          build_volume_mm: [500, 500, 500],
          layer_height_mm: 0.2,
          walls: 2,
          line_width_mm: 0.5,
          volumetric_flow_mm3_s: 10,
          layer_overhead_s: 1,
          min_layer_time_s: 0,
          support_density: 0.2,
          support_height_factor: 0.5,
        },
      ],
    },
    sla: {
      setup_fee: 200,
      minimum_charge: 0,
      machines: [
        {
          code: "sla-a",
          name: "Resin A",
          hourly_rate: 3600,
          build_volume_mm: [100, 100, 100],
          layer_height_mm: 0.1,
          layer_time_s: 10,
          platform_area_mm2: 10_000,
          packing_efficiency: 0.5,
          support_density: 0.5,
          support_height_factor: 0.5,
        },
      ],
    },
    cnc: {
      setup_fee: 1000,
      minimum_charge: 10_000,
      stock_allowance_mm: 5,
      machines: [
        {
          code: "mill",
          name: "Mill",
          hourly_rate: 6000,
          travel_mm: [500, 400, 300],
          max_stock_mm: [400, 300, 200],
          removal_rates: [{ material: "alu", mm3_per_min: 1000 }],
          finishing_rate_mm2_min: 100,
          setup_time_min: 30,
          part_load_min: 1,
        },
      ],
    },
    laser: {
      setup_fee: 500,
      minimum_charge: 0,
      nesting_efficiency: 0.5,
      part_spacing_mm: 0,
      machines: [
        {
          code: "laser",
          name: "Laser",
          hourly_rate: 3600,
          sheet_sizes_mm: [[1000, 500]],
          kerf_mm: 0.2,
          cut_rates: [{ material: "steel", thickness_mm: 2, speed_mm_min: 600, pierce_s: 1 }],
        },
      ],
    },
  },
  materials: [
    { code: "pla", name: "PLA", processes: ["fff"], density_g_cm3: 1, price: { unit: "kg", amount: 10_000 }, colours: ["black", "white"], min_wall_mm: 1 },
    { code: "resin", name: "Resin", processes: ["sla"], density_g_cm3: 1, price: { unit: "litre", amount: 100_000 }, colours: [], min_wall_mm: 0.5 },
    { code: "alu", name: "Aluminium", processes: ["cnc"], density_g_cm3: 2.5, price: { unit: "kg", amount: 1000 }, colours: [] },
    {
      code: "steel",
      name: "Steel",
      processes: ["laser"],
      density_g_cm3: 8,
      price: {
        unit: "sheet",
        sheet_mm: [1000, 500],
        thicknesses: [
          { thickness_mm: 2, amount: 5000 },
          { thickness_mm: 3, amount: 7000 },
        ],
      },
      colours: [],
    },
  ],
  finishes: [
    { code: "paint", name: "Paint", processes: ["fff", "sla"], materials: ["pla", "resin"], pricing: { basis: "per_area", per_m2: 10_000 }, extra_days: 2 },
    {
      code: "tag",
      name: "Tag",
      processes: ["fff", "sla", "cnc", "laser"],
      materials: ["pla", "resin", "alu", "steel"],
      pricing: { basis: "per_part", amount: 50 },
      extra_days: 0,
    },
    { code: "anodise", name: "Anodise", processes: ["cnc"], materials: ["alu"], pricing: { basis: "per_part", amount: 300 }, extra_days: 3 },
  ],
  review_rules: { max_order_value: 100_000, max_item_quantity: 500, dfm_severity: "warning" },
};

/** The shop's side of the test book: private book, customer book and cost book. */
export const shop: ShopBook = compileShopBook(parsePriceBook(testBook));

/** The customer book every price is made with (margin 0.2 folded in: rates × 1.25). */
export const book: CompiledPriceBook = shop.customer;

/** A fresh copy of the test book to alter in one test. */
export const editShop = (edit: (b: PriceBook) => void): ShopBook => {
  const b = structuredClone(testBook);
  edit(b);
  return compileShopBook(parsePriceBook(b));
};

/** The customer book of an altered copy of the test book. */
export const editBook = (edit: (b: PriceBook) => void): CompiledPriceBook => editShop(edit).customer;

/** A clean, closed box of x × y × z mm standing on its base (the engine's own), with what a case changes. */
export const box = (x: number, y: number, z: number, over: Partial<MeshAnalysis> = {}): MeshAnalysis => ({ ...blockAnalysis(x, y, z), ...over });

export function plate(over: Partial<ProfileAnalysis> = {}): ProfileAnalysis {
  return {
    kind: "profile",
    format: "dxf",
    source_units: "mm",
    cut_length_mm: 600,
    closed_contours: 2,
    open_paths: 0,
    bbox_mm: { min: [0, 0], max: [100, 50], size: [100, 50] },
    net_area_mm2: 4900,
    min_feature_mm: 5,
    entity_count: 2,
    ...over,
  };
}

export const sumLines = (lines: BreakdownLine[]): number => lines.reduce((s, l) => s + l.amount, 0);

/** Line amounts by code, for compact expectations. */
export const amounts = (lines: BreakdownLine[]): Record<string, number> => Object.fromEntries(lines.map((l) => [l.code, l.amount]));
