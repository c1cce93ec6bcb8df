import { data, redirect } from "react-router";
import type { Route } from "./+types/quote";
import { PageTitle } from "../components/PageTitle.tsx";
import quotingCss from "../styles/quoting.css?url";
import { errorPage, callApi, sendApi } from "../api/client.ts";
import { requireTenantSite, viewerContext } from "../lib/session.server.ts";
import { useFormat } from "../format/use-format.ts";
import type { Catalog } from "../quoting/catalog.ts";
import { describeConfiguration, uValueField } from "../../engine/documents/describe.ts";
import type { ItemConfiguration, ItemModel, QuoteView } from "../quoting/quote-types.ts";
import { QuoteItemCard } from "../quoting/QuoteItemCard.tsx";
import { QuoteSummary } from "../quoting/QuoteSummary.tsx";
import { PaymentPanel, type OrderView } from "../quoting/PaymentPanel.tsx";
import { useLiveQuote } from "../quoting/use-live-quote.ts";
import { isStaff } from "../../shared/access.ts";


export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: quotingCss }];

/** The quote as its visitor may see it (a guest by their guest cookie), with its parts' files and the catalogue's names. */
export async function loader(args: Route.LoaderArgs) {
  const site = requireTenantSite(args.context);
  const quote = await callApi<QuoteView>(args, `/quotes/${encodeURIComponent(args.params.id)}`);
  if (!quote.ok) throw errorPage(quote);
  const ids = [...new Set(quote.data.items.map((i) => i.model_id).filter((id): id is string => !!id))];
  const configurationIds = [...new Set(quote.data.items.map((i) => i.configuration_id).filter((id): id is string => !!id))];
  const [catalog, models, configurations] = await Promise.all([
    callApi<Catalog>(args, "/catalog"),
    Promise.all(ids.map((id) => callApi<ItemModel & { id: string }>(args, `/models/${id}`))),
    Promise.all(configurationIds.map((id) => callApi<{ id: string; name: string | null; product_id: string; product_name: string | null; config: Record<string, unknown>; engineering: unknown }>(args, `/configurations/${id}`))),
  ]);
  // Each configured product is described field by field with its product's titles.
  const productIds = [...new Set(configurations.flatMap((c) => (c.ok ? [c.data.product_id] : [])))];
  const products = await Promise.all(productIds.map((id) => callApi<{ id: string; config_schema: Record<string, unknown> | null }>(args, `/products/${id}`)));
  const schemaOf = new Map(products.flatMap((p) => (p.ok && p.data.config_schema ? [[p.data.id, p.data.config_schema] as const] : [])));
  const modelById: Record<string, ItemModel> = {};
  for (const m of models) if (m.ok) modelById[m.data.id] = { filename: m.data.filename, units: m.data.units, size_bytes: m.data.size_bytes, analysis: m.data.analysis };
  const configurationById: Record<string, ItemConfiguration> = {};
  for (const c of configurations) {
    if (!c.ok) continue;
    const schema = schemaOf.get(c.data.product_id);
    const u = uValueField(c.data.engineering);
    const details = schema ? describeConfiguration(schema, c.data.config) : [];
    configurationById[c.data.id] = { name: c.data.name, product_name: c.data.product_name, details: u ? [...details, u] : details };
  }
  const viewer = args.context.get(viewerContext);
  const back = new URL(args.request.url).searchParams.get("checkout");
  return {
    quote: quote.data,
    seller: site.tenant.seller,
    models: modelById,
    configurations: configurationById,
    catalog: catalog.ok ? catalog.data : null,
    staff: !!viewer && isStaff(viewer.user.role),
    payment: quote.data.status === "accepted" ? await paymentOf(args, quote.data.id) : null,
    returned: back === "success" || back === "cancelled" ? (back as "success" | "cancelled") : null,
  };
}

/** An accepted quote's order (none yet until paid or ordered) and whether the shop takes cards. */
async function paymentOf(args: Route.LoaderArgs, quoteId: string) {
  const [order, options] = await Promise.all([
    callApi<OrderView | null>(args, `/quotes/${encodeURIComponent(quoteId)}/order`),
    callApi<{ card: boolean }>(args, "/payments/options"),
  ]);
  return { order: order.ok ? order.data : null, card: options.ok && options.data.card };
}

const INTENTS = new Set(["accept", "reject", "send", "checkout", "purchase-order"]);

/**
 * Accept, reject, send, pay by card (on to Stripe Checkout) or order on a
 * purchase order through the API; its refusal (expired, under review) is shown on the page.
 */
export async function action(args: Route.ActionArgs) {
  requireTenantSite(args.context);
  const form = await args.request.formData();
  const intent = String(form.get("intent"));
  if (!INTENTS.has(intent)) throw data("Unknown action", { status: 400 });
  const body = intent === "reject" ? {} : intent === "purchase-order" ? { po_number: String(form.get("po_number") ?? "") } : undefined;
  const result = await sendApi<{ checkout_url?: string | null }>(args, `/quotes/${encodeURIComponent(args.params.id)}/${intent}`, body);
  if (!result.ok) return data({ error: [result.error.message, ...result.error.fieldErrors.map((d) => `${d.field} ${d.message}`)].join(" — ") }, { status: result.status });
  if (intent === "checkout" && result.data.checkout_url) throw redirect(result.data.checkout_url);
  return { error: undefined };
}

export default function QuotePage({ loaderData, actionData }: Route.ComponentProps) {
  const { day } = useFormat();
  const { quote, seller, models, configurations, catalog, staff, payment, returned } = loaderData;
  const live = useLiveQuote(quote.id, quote.status);
  return (
    <div className="container quote-page">
      <PageTitle>{`Quote ${quote.number}`}</PageTitle>
      <header className="instant-head">
        <p className="eyebrow">Quote{quote.revision > 1 ? ` · revision ${quote.revision}` : ""}</p>
        <h1 data-testid="quote-number">{quote.number}</h1>
        <p className="muted">
          {quote.title ? `${quote.title} · ` : ""}Created {day(quote.created_at)}
          {quote.contact_email ? ` · for ${quote.contact_email}` : ""}
        </p>
        <p className="muted quote-seller" data-testid="quote-seller">
          From {[seller.legal_name, ...seller.address].join(", ")}
          {seller.vat_id ? ` · VAT ID ${seller.vat_id}` : ""}
        </p>
      </header>
      <div className="instant-layout">
        <div className="part-list">
          {quote.items.map((item, i) => (
            <QuoteItemCard
              key={item.id}
              item={item}
              index={i}
              model={item.model_id ? (models[item.model_id] ?? null) : null}
              configuration={item.configuration_id ? (configurations[item.configuration_id] ?? null) : null}
              catalog={catalog}
            />
          ))}
        </div>
        <aside className="instant-aside">
          <QuoteSummary quote={quote} staff={staff} live={live} error={actionData?.error} />
          {payment && <PaymentPanel order={payment.order} card={payment.card} returned={returned} canPay={!staff} />}
        </aside>
      </div>
    </div>
  );
}
