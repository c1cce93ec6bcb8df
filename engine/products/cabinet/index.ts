import { z } from "zod";
import type { ProductFamily } from "../types.ts";
import { cabinetBom, cabinetPriceInputsSchema, EXAMPLE_CABINET_PRICES, priceCabinet, type CabinetBom, type CabinetPriceInputs } from "./bom.ts";
import { cabinetGeometry } from "./geometry.ts";
import { validateCabinet } from "./rules.ts";
import { CABINET_SCHEMA, type CabinetConfig } from "./schema.ts";

export interface CabinetTenantParams {
  prices?: CabinetPriceInputs;
}

export interface CabinetEngineering {
  bom: CabinetBom;
  price: ReturnType<typeof priceCabinet> | null;
}

export const cabinetFamily: ProductFamily<CabinetConfig, CabinetTenantParams, CabinetEngineering> = {
  key: "kitchen-base-cabinet",
  name: "Kitchen base cabinet",
  schema: CABINET_SCHEMA,
  paramsSchema: z.strictObject({ prices: cabinetPriceInputsSchema.optional() }),
  starterParams: { prices: EXAMPLE_CABINET_PRICES },
  validate: validateCabinet,
  engineering(config, params = {}) {
    const bom = cabinetBom(config);
    return { bom, price: params.prices ? priceCabinet(bom, params.prices) : null };
  },
  geometry: cabinetGeometry,
};

export type { CabinetConfig, CabinetPriceInputs };
