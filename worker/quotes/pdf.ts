import { renderQuotePdf as render } from "../../engine/documents/quote-pdf.ts";
import type { Tenant } from "../db/tenants.ts";
import type { ItemView } from "./item-views.ts";
import type { presentQuote } from "./present.ts";

const TERMS = [
  "Prices are in the currency shown, computed with the price-book version printed below; they hold until the validity date.",
  "Lead times count working days from order and payment. Parts are made to the files supplied; design-for-manufacturing notes above are part of this quote.",
].join("\n");

type Presented = ReturnType<typeof presentQuote>;

/** The quote PDF in the shop's name and colour, each line with its picture. */
export function renderQuotePdf(tenant: Tenant, quote: Presented, views: Map<string, ItemView>) {
  return render({
    shop: { name: tenant.name, primary_color: tenant.branding.primary_color },
    terms: TERMS,
    quote: {
      ...quote,
      totals: quote.totals as never,
      items: quote.items.map((i) => {
        const view = views.get(i.id);
        return {
          position: i.position,
          status: i.status,
          options: i.options,
          price: i.price as never,
          label: view?.label ?? (i.configuration_id ? "Configured product" : "Part"),
          picture: view?.picture ?? null,
          size_mm: (view?.size_mm as [number, number, number] | null) ?? null,
        };
      }),
    },
  });
}
