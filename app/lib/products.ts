import type { Product } from "../configurator/product.ts";

/** `GET /api/v1/products/:id` as the admin pages use it: the configurator's view with its bookkeeping. */
export interface AdminProduct extends Omit<Product, "config_schema" | "params"> {
  config_schema: Record<string, unknown>;
  /** What it is priced with: the shop's parameters over the family's starter table. */
  params: { u_value_limit?: number; prices?: Record<string, unknown> };
  active: boolean;
  created_at: string | null;
  updated_at: string | null;
}

/** `GET /api/v1/products/:id/schemas`, newest first. */
export interface SchemaVersion {
  version: number;
  created_at: string | null;
  config_schema: Record<string, unknown>;
}

/** The product form's values, as typed. */
export interface ProductFormValues {
  name: string;
  description: string;
  active: boolean;
  config_schema: string;
  u_value_limit: string;
  prices: Record<string, unknown>;
}

/** A refused save: a summary and each field at fault, named as the form's inputs (`prices.items.X`) or as a path in the schema (`config_schema/properties/…`). */
export interface ProductFailure {
  message: string;
  issues: { field: string; message: string }[];
  values: ProductFormValues;
}

/** Families whose engineering checks the door's U-value against a limit the shop sets. */
export const takesUValueLimit = (generatorKey: string) => generatorKey === "spw600e-door";

export const formValuesOf = (p: Pick<AdminProduct, "name" | "description" | "active" | "config_schema" | "params">): ProductFormValues => ({
  name: p.name,
  description: p.description ?? "",
  active: p.active,
  config_schema: JSON.stringify(p.config_schema, null, 2),
  u_value_limit: p.params.u_value_limit === undefined ? "" : String(p.params.u_value_limit),
  prices: p.params.prices ?? {},
});
