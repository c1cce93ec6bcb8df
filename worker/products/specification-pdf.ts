import type { Datasheet } from "../../engine/documents/datasheet.ts";
import { renderSpecificationPdf } from "../../engine/documents/specification.ts";
import type { Specification as SpecificationDocument } from "../api/schemas/specification.ts";
import type { Specification } from "../db/specifications.ts";
import type { Tenant } from "../db/tenants.ts";
import { documentSeller } from "../shop/seller.ts";

/**
 * A specification for its company (decision 70): the stored document's
 * datasheets as a PDF. The JSON behind `GET /specifications/{id}` stays the
 * shop's and its partners' (it carries the bill of materials, cutting list
 * and QC checklist); undefined when its object is gone from storage.
 */
export async function specificationPdf(files: R2Bucket, tenant: Tenant, spec: Specification, quote: { number: string; revision: number }) {
  const object = await files.get(spec.r2_key);
  if (!object) return undefined;
  const doc = await object.json<SpecificationDocument>();
  return renderSpecificationPdf({
    shop: await documentSeller(files, tenant),
    quote: doc.quote ?? quote,
    generated_at: doc.generated_at,
    items: doc.items.map((item) => ({
      name: item.name ?? "Configured item",
      quantity: item.quantity,
      datasheet: (item.datasheet ?? null) as Datasheet | null,
    })),
  });
}
