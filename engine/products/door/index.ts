import { z } from "zod";
import { optimiseCutting } from "../../cutting/optimise.ts";
import type { CuttingInput, CuttingResult } from "../../cutting/types.ts";
import type { UValueResult } from "../../thermal/u-value.ts";
import type { ProductFamily } from "../types.ts";
import { doorBom, type DoorBom } from "./bom.ts";
import { cuttingRequests } from "./cuts.ts";
import { doorGeometry } from "./geometry.ts";
import { doorLayout, type DoorLayout } from "./layout.ts";
import { doorPriceInputsSchema, EXAMPLE_DOOR_PRICES, priceDoor, type DoorPrice, type DoorPriceInputs } from "./pricing.ts";
import { doorQcChecklist, type QcStage } from "./qc.ts";
import { doorRouting } from "./routing.ts";
import type { RoutingOperation } from "../../production/routing.ts";
import { validateDoor } from "./rules.ts";
import { DOOR_SCHEMA, type DoorConfig } from "./schema.ts";
import { doorUValue } from "./thermal.ts";
import { glazingUg, glazingUgTableSchema, type GlazingResult, type GlazingUgTable } from "./glazing.ts";

export interface DoorTenantParams {
  /** Building-regulation limit for the door's U (W/m²K), e.g. 1.4. */
  u_value_limit?: number;
  prices?: DoorPriceInputs;
  /** The shop's U_g by glazing make-up; the engine's default table (EN ISO 10077-1 Annex C) otherwise. */
  glazing_u_values?: GlazingUgTable;
  cutting?: Omit<CuttingInput, "cuts">;
}

export interface DoorEngineering {
  layout: DoorLayout;
  /** The glazing unit's make-up and U_g, with where U_g came from. */
  glazing: GlazingResult;
  thermal: UValueResult;
  bom: DoorBom;
  /** Null when the tenant has no door price table. */
  price: DoorPrice | null;
  cutting_list: CuttingResult;
  qc_checklist: QcStage[];
  /** How one door is made, operation by operation (an order line of n doors: `doorRouting(bom, n)`). */
  routing: RoutingOperation[];
}

export function doorEngineering(given: DoorConfig, params: DoorTenantParams = {}): DoorEngineering {
  const glazing = glazingUg(given, params.glazing_u_values);
  // Everything downstream (BOM text, QC stamps) reads the U_g the unit is made to.
  const config = { ...given, glazing_u_value: glazing.u_g };
  const layout = doorLayout(config);
  const bom = doorBom(config, layout);
  return {
    layout,
    glazing,
    thermal: doorUValue(config, layout, glazing, params.u_value_limit),
    bom,
    price: params.prices ? priceDoor(config, bom, params.prices) : null,
    cutting_list: optimiseCutting({ ...params.cutting, cuts: cuttingRequests(bom.cuts) }),
    qc_checklist: doorQcChecklist(config, layout, bom),
    routing: doorRouting(bom, 1),
  };
}

export const doorFamily: ProductFamily<DoorConfig, DoorTenantParams, DoorEngineering> = {
  key: "spw600e-door",
  name: "SPW600e thermally broken aluminium door",
  schema: DOOR_SCHEMA,
  paramsSchema: z.strictObject({
    u_value_limit: z.number().min(0.3, "must be at least 0.3 W/m²K").max(6, "must be at most 6 W/m²K").optional(),
    prices: doorPriceInputsSchema.optional(),
    glazing_u_values: glazingUgTableSchema.optional(),
  }),
  starterParams: { prices: EXAMPLE_DOOR_PRICES },
  validate: validateDoor,
  engineering: doorEngineering,
  geometry: doorGeometry,
};

export type { DoorConfig, DoorPriceInputs };
