import { z } from "zod";
import { EngineError } from "../../errors.ts";
import { currency, money, pricesFor } from "../params.ts";
import { cabinetPanels, hingesPerDoor, type Panel } from "./layout.ts";
import type { CabinetConfig } from "./schema.ts";

export interface CabinetBomLine {
  code: string;
  description: string;
  quantity: number;
  unit: "m2" | "m" | "pcs";
}

export interface CabinetBom {
  panels: Panel[];
  lines: CabinetBomLine[];
  weight_kg: number;
}

/** Board mass per m² per mm of thickness (density / 1000): particleboard ~680 kg/m³, birch ply ~630, HDF ~850. */
const KG_PER_M2_MM = { melamine_white: 0.68, melamine_grey: 0.68, birch_plywood: 0.63, hdf: 0.85, front: 0.75 } as const;

const round = (x: number) => Math.round(x * 1000) / 1000;

export function cabinetBom(c: CabinetConfig): CabinetBom {
  const panels = cabinetPanels(c);
  const area = (pred: (p: Panel) => boolean) => panels.filter(pred).reduce((s, p) => s + (p.length * p.width) / 1e6, 0);
  const carcassArea = area((p) => p.material === "carcass");
  const frontArea = area((p) => p.material === "front");
  const backArea = area((p) => p.material === "back");
  const doors = panels.filter((p) => p.role === "door");
  const fronts = panels.filter((p) => p.role === "door" || p.role === "drawer_front").length;
  const lines: CabinetBomLine[] = [
    {
      code: `BOARD-${c.carcass_material.toUpperCase()}-${c.board_thickness}`,
      description: `Carcass board ${c.carcass_material.replace("_", " ")} ${c.board_thickness} mm`,
      quantity: round(carcassArea),
      unit: "m2",
    },
    {
      code: `FRONT-${c.front_finish.toUpperCase()}`,
      description: `Fronts ${c.front_finish.replace("_", " ")}${c.front_color ? ` ${c.front_color}` : ""}`,
      quantity: round(frontArea),
      unit: "m2",
    },
    { code: "BACK-HDF-3", description: "Back panel HDF 3 mm", quantity: round(backArea), unit: "m2" },
    { code: "EDGE-BAND-1MM", description: "Edge banding 1 mm", quantity: round(panels.reduce((s, p) => s + p.edge_band, 0) / 1000), unit: "m" },
    {
      code: "HINGE-CONCEALED-110",
      description: "Concealed hinge 110°, soft close",
      quantity: doors.reduce((s, d) => s + hingesPerDoor(d.length), 0),
      unit: "pcs",
    },
    { code: "RUNNER-PAIR-FULL-EXT", description: "Full-extension drawer runner pair", quantity: c.drawers, unit: "pcs" },
    { code: `HANDLE-${c.handles.toUpperCase()}`, description: `Handle ${c.handles}`, quantity: c.handles === "none" ? 0 : fronts, unit: "pcs" },
    { code: "LEG-ADJUSTABLE", description: "Adjustable leg", quantity: c.width > 600 ? 6 : 4, unit: "pcs" },
    { code: "SHELF-PIN", description: "Shelf support pin", quantity: 4 * c.shelves, unit: "pcs" },
    { code: "CAM-CONNECTOR", description: "Cam and dowel connector", quantity: 8, unit: "pcs" },
  ].filter((l) => l.quantity > 0) as CabinetBomLine[];
  const weight_kg =
    carcassArea * c.board_thickness * KG_PER_M2_MM[c.carcass_material] + frontArea * c.board_thickness * KG_PER_M2_MM.front + backArea * 3 * KG_PER_M2_MM.hdf;
  return { panels, lines, weight_kg: Math.round(weight_kg * 100) / 100 };
}

/** Per-unit prices (minor units) by BOM code, plus labour per cabinet. */
export interface CabinetPriceInputs {
  currency: string;
  unit_prices: Record<string, number>;
  labour_per_cabinet: number;
}

export function priceCabinet(bom: CabinetBom, prices: CabinetPriceInputs) {
  const lines = bom.lines.map((l) => {
    const unit_price = prices.unit_prices[l.code];
    if (unit_price === undefined) {
      throw new EngineError("PRICE_MISSING", `No price for ${l.code}`, 422, [{ field: `/unit_prices/${l.code}`, message: "missing price" }]);
    }
    return { ...l, unit_price, amount: Math.round(l.quantity * unit_price) };
  });
  const materials = lines.reduce((s, l) => s + l.amount, 0);
  return { currency: prices.currency, lines, materials, labour: prices.labour_per_cabinet, total: materials + prices.labour_per_cabinet };
}

/** A worked example price table (EUR cents per m², metre or piece): every new cabinet product starts with it until the shop sets its own. */
export const EXAMPLE_CABINET_PRICES: CabinetPriceInputs = {
  currency: "EUR",
  unit_prices: {
    "BOARD-MELAMINE_WHITE-16": 1450,
    "BOARD-MELAMINE_WHITE-18": 1590,
    "BOARD-MELAMINE_GREY-16": 1520,
    "BOARD-MELAMINE_GREY-18": 1660,
    "BOARD-BIRCH_PLYWOOD-16": 4200,
    "BOARD-BIRCH_PLYWOOD-18": 4650,
    "FRONT-MATT_LACQUER": 9800,
    "FRONT-GLOSS_LACQUER": 12400,
    "FRONT-OAK_VENEER": 14900,
    "BACK-HDF-3": 690,
    "EDGE-BAND-1MM": 120,
    "HINGE-CONCEALED-110": 450,
    "RUNNER-PAIR-FULL-EXT": 2400,
    "HANDLE-BAR": 650,
    "HANDLE-KNOB": 380,
    "LEG-ADJUSTABLE": 140,
    "SHELF-PIN": 10,
    "CAM-CONNECTOR": 35,
  },
  labour_per_cabinet: 6500,
};

/** A shop's cabinet price table: a price for every code the cabinet's BOM can produce (the starter table lists them all). */
export const cabinetPriceInputsSchema: z.ZodType<CabinetPriceInputs> = z.strictObject({
  currency,
  unit_prices: pricesFor(EXAMPLE_CABINET_PRICES.unit_prices),
  labour_per_cabinet: money,
});
