import type { Seller } from "../../engine/documents/pdf-writer.ts";
import type { Tenant } from "../db/tenants.ts";

/** The shop as its documents name it: its legal identity from the business details, its storefront name and colour. */
export const sellerOf = (tenant: Tenant): Seller => ({
  name: tenant.name,
  legal_name: tenant.settings.legal_name?.trim() || tenant.name,
  address: tenant.settings.legal_address ?? [],
  vat_id: tenant.settings.vat_id?.trim() || null,
  primary_color: tenant.branding.primary_color,
});
