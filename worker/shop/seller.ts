import type { Seller } from "../../engine/documents/pdf-writer.ts";
import type { Tenant } from "../db/tenants.ts";
import { logoKey } from "../storage/keys.ts";

/** The shop as its documents name it: its legal identity from the business details, its storefront name and colour. */
export const sellerOf = (tenant: Tenant): Seller => ({
  name: tenant.name,
  legal_name: tenant.settings.legal_name?.trim() || tenant.name,
  address: tenant.settings.legal_address ?? [],
  vat_id: tenant.settings.vat_id?.trim() || null,
  primary_color: tenant.branding.primary_color,
});

/** The same with the shop's logo loaded for its documents' heading (none when it has none or the object is gone). */
export async function documentSeller(files: R2Bucket, tenant: Tenant): Promise<Seller> {
  const seller = sellerOf(tenant);
  const sha256 = tenant.branding.logo_url?.match(/[0-9a-f]{64}$/)?.[0];
  const object = sha256 ? await files.get(logoKey(tenant.id, sha256)) : null;
  const type = object?.httpMetadata?.contentType;
  if (!object || (type !== "image/png" && type !== "image/jpeg")) return seller;
  return { ...seller, logo: { bytes: new Uint8Array(await object.arrayBuffer()), type } };
}
