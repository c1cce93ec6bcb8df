import { z } from "zod";
import { EngineError } from "../../errors.ts";
import { currency, hours, money, pricesFor } from "../params.ts";
import type { DoorBom } from "./bom.ts";
import { PROFILES, type ProfileCode } from "./profiles.ts";
import type { DoorConfig } from "./schema.ts";

/**
 * A tenant's door price table, integer minor units of `currency`: per metre
 * of profile, per metre of finish, per m² of glass, per item (hardware,
 * gaskets per metre, fixings), and labour.
 */
export interface DoorPriceInputs {
  currency: string;
  profile_per_m: Record<ProfileCode, number>;
  finish_per_m: Record<DoorConfig["finish"], number>;
  glass_per_m2: Record<DoorConfig["glazing_type"], number>;
  /** Every other BOM code: hardware per piece, gaskets per metre, fixings per piece. */
  items: Record<string, number>;
  labour: { rate_per_hour: number; hours_per_door: number; hours_per_leaf: number };
}

export interface PriceLine {
  code: string;
  description: string;
  quantity: number;
  unit: string;
  unit_price: number;
  amount: number;
}

export interface DoorPrice {
  currency: string;
  lines: PriceLine[];
  materials: number;
  labour: number;
  total: number;
}

/** Thresholds come mill or anodised from the extruder; every other profile takes the door's finish. */
const FINISHED = (code: string) => !code.startsWith("HA176P");

export function priceDoor(config: DoorConfig, bom: DoorBom, prices: DoorPriceInputs): DoorPrice {
  const unitPrice = (code: string, category: string): number => {
    let p: number | undefined;
    let field: string;
    if (category === "profile") {
      field = `/profile_per_m/${code}`;
      p = prices.profile_per_m[code as ProfileCode];
      if (p !== undefined && FINISHED(code)) p += prices.finish_per_m[config.finish] ?? NaN;
    } else if (category === "glazing") {
      field = `/glass_per_m2/${config.glazing_type}`;
      p = prices.glass_per_m2[config.glazing_type];
    } else {
      field = `/items/${code}`;
      p = prices.items[code];
    }
    if (p === undefined || !Number.isFinite(p) || p < 0) {
      throw new EngineError("PRICE_MISSING", `No price for ${code} in the price table`, 422, [{ field, message: "missing or invalid price", value: p }]);
    }
    return p;
  };
  const lines: PriceLine[] = bom.lines.map((l) => {
    const unit_price = unitPrice(l.code, l.category);
    return {
      code: l.code,
      description: l.description,
      quantity: l.quantity_with_waste,
      unit: l.unit,
      unit_price,
      amount: Math.round(l.quantity_with_waste * unit_price),
    };
  });
  const hours = prices.labour.hours_per_door + prices.labour.hours_per_leaf * bom.leaves.length;
  const labour = Math.round(hours * prices.labour.rate_per_hour);
  lines.push({
    code: "LABOUR",
    description: "Fabrication and glazing labour",
    quantity: hours,
    unit: "h",
    unit_price: prices.labour.rate_per_hour,
    amount: labour,
  });
  const materials = lines.reduce((s, l) => s + (l.code === "LABOUR" ? 0 : l.amount), 0);
  return { currency: prices.currency, lines, materials, labour, total: materials + labour };
}

/** A worked example price table (EUR cents): every new door product starts with it until the shop sets its own. */
export const EXAMPLE_DOOR_PRICES: DoorPriceInputs = {
  currency: "EUR",
  profile_per_m: {
    "SPW600e-FRAME-75": 2450,
    "SPW600e-LEAF-75": 2180,
    "SPW600e-RAIL-120": 2890,
    "SPW600e-MEET-64": 2620,
    "HA176P-THRESHOLD": 3100,
    "HA176P-LOW": 3400,
    "SPW600e-BEAD": 420,
  },
  finish_per_m: { powder_coating: 380, anodised: 520, mill: 0 },
  glass_per_m2: { double: 9500, triple: 14800 },
  items: {
    "HINGE-STANDARD": 1850,
    "HINGE-HEAVY_DUTY": 3200,
    "HINGE-CONCEALED": 6900,
    "LOCK-MULTIPOINT_3_POINT": 8900,
    "LOCK-MULTIPOINT_5_POINT": 12900,
    "FLUSH-BOLT-SET": 4200,
    "HANDLE-LEVER_STAINLESS_STEEL": 5400,
    "HANDLE-LEVER_SATIN_ALUMINIUM": 3900,
    "HANDLE-PULL_HANDLE_STAINLESS_STEEL": 7800,
    "CLOSER-OVERHEAD_SIZE_3": 9800,
    "CLOSER-OVERHEAD_SIZE_4": 11800,
    "CLOSER-OVERHEAD_SIZE_5": 14900,
    "CLOSER-COORDINATOR": 8600,
    "GASKET-EPDM-WEATHER": 180,
    "GASKET-EPDM-GLAZING": 95,
    "SEAL-BRUSH-BOTTOM": 450,
    "FIXING-SS-A2": 65,
  },
  labour: { rate_per_hour: 4800, hours_per_door: 2.5, hours_per_leaf: 1.5 },
};

/**
 * A shop's door price table: every profile, finish and glazing type priced, and
 * every item code the door's BOM can produce (the starter table lists them all).
 */
export const doorPriceInputsSchema: z.ZodType<DoorPriceInputs> = z.strictObject({
  currency,
  profile_per_m: pricesFor(PROFILES),
  finish_per_m: pricesFor(EXAMPLE_DOOR_PRICES.finish_per_m),
  glass_per_m2: pricesFor(EXAMPLE_DOOR_PRICES.glass_per_m2),
  items: pricesFor(EXAMPLE_DOOR_PRICES.items),
  labour: z.strictObject({ rate_per_hour: money, hours_per_door: hours, hours_per_leaf: hours }),
});
