import { renderQuotePdf as render, type QuotePdfInput } from "../../engine/documents/quote-pdf.ts";
import type { Tenant } from "../db/tenants.ts";
import type { ItemView } from "./item-views.ts";
import type { presentQuote } from "./present.ts";

/** What a quote says when the shop has not written its own terms (settings.quote_terms). */
export const STANDARD_TERMS = [
  "Prices are in the currency shown, net of tax unless marked as included, and hold until the validity date above.",
  "Lead times count working days from order and payment. Parts are made to the files supplied; the notes on each line are part of this quote.",
].join("\n");

type Presented = ReturnType<typeof presentQuote>;

/** The quote PDF in the shop's name, colour and legal identity, each line described in full with its picture. */
export function renderQuotePdf(tenant: Tenant, quote: Presented, views: Map<string, ItemView>) {
  const s = tenant.settings;
  return render({
    shop: {
      name: tenant.name,
      legal_name: s.legal_name?.trim() || tenant.name,
      address: s.legal_address ?? [],
      vat_id: s.vat_id?.trim() || null,
      primary_color: tenant.branding.primary_color,
    },
    terms: s.quote_terms?.trim() || STANDARD_TERMS,
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
