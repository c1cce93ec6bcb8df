import { renderQuotePdf as render, type QuotePdfInput } from "../../engine/documents/quote-pdf.ts";
import type { Tenant } from "../db/tenants.ts";
import { documentSeller } from "../shop/seller.ts";
import { currentTerms } from "../shop/terms.ts";
import type { ItemView } from "./item-views.ts";
import type { presentQuote } from "./present.ts";

type Presented = ReturnType<typeof presentQuote>;

/** The quote PDF in the shop's name, colour and legal identity, each line described in full with its picture. */
export async function renderQuotePdf(files: R2Bucket, tenant: Tenant, quote: Presented, views: Map<string, ItemView>) {
  return render({
    shop: await documentSeller(files, tenant),
    terms: currentTerms(tenant).text,
    quote: {
      ...quote,
      totals: quote.totals as QuotePdfInput["quote"]["totals"],
      items: quote.items.map((i) => {
        const view = views.get(i.id);
        return {
          position: i.position,
          status: i.status,
          quantity: Number(i.options.quantity ?? 1),
          price: i.price as QuotePdfInput["quote"]["items"][number]["price"],
          label: view?.label ?? (i.configuration_id ? "Configured product" : "Part"),
          description: view?.description ?? null,
          details: view?.details ?? [],
          picture: view?.picture ?? null,
          size_mm: view?.size_mm ?? null,
        };
      }),
    },
  });
}
