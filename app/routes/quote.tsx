import { data } from "react-router";
import type { Route } from "./+types/quote";
import { PageTitle } from "../components/PageTitle.tsx";
import quotingCss from "../styles/quoting.css?url";
import { apiFailure, callApi, sendApi } from "../lib/api.server.ts";
import { requireTenantSite, viewerContext } from "../lib/session.server.ts";
import { day } from "../lib/dates.ts";
import type { Catalog } from "../quoting/catalog.ts";
import type { ItemModel, QuoteView } from "../quoting/quote-types.ts";
import { QuoteItemCard } from "../quoting/QuoteItemCard.tsx";
import { QuoteSummary } from "../quoting/QuoteSummary.tsx";
import { useLiveQuote } from "../quoting/use-live-quote.ts";

const STAFF_ROLES = new Set(["owner", "admin", "staff"]);

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: quotingCss }];

/** The quote as its visitor may see it (a guest by their guest cookie), with its parts' files and the catalogue's names. */
export async function loader(args: Route.LoaderArgs) {
  requireTenantSite(args.context);
  const quote = await callApi<QuoteView>(args, `/quotes/${encodeURIComponent(args.params.id)}`);
  if (!quote.ok) throw apiFailure(quote);
  const ids = [...new Set(quote.data.items.map((i) => i.model_id).filter((id): id is string => !!id))];
  const [catalog, ...models] = await Promise.all([
    callApi<Catalog>(args, "/catalog"),
    ...ids.map((id) => callApi<ItemModel & { id: string }>(args, `/models/${id}`)),
  ]);
  const modelById: Record<string, ItemModel> = {};
  for (const m of models) if (m.ok) modelById[m.data.id] = { filename: m.data.filename, units: m.data.units, size_bytes: m.data.size_bytes, analysis: m.data.analysis };
  const viewer = args.context.get(viewerContext);
  return {
    quote: quote.data,
    models: modelById,
    catalog: catalog.ok ? catalog.data : null,
    staff: !!viewer && STAFF_ROLES.has(viewer.user.role),
  };
}

const INTENTS = new Set(["accept", "reject", "send"]);

/** Accept, reject or send through the API; its refusal (expired, under review) is shown on the page. */
export async function action(args: Route.ActionArgs) {
  requireTenantSite(args.context);
  const intent = String((await args.request.formData()).get("intent"));
  if (!INTENTS.has(intent)) throw data("Unknown action", { status: 400 });
  const result = await sendApi(args, `/quotes/${encodeURIComponent(args.params.id)}/${intent}`, intent === "reject" ? {} : undefined);
  if (!result.ok) return data({ error: result.error.message }, { status: result.status });
  return { error: undefined };
}

export default function QuotePage({ loaderData, actionData }: Route.ComponentProps) {
  const { quote, models, catalog, staff } = loaderData;
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
      </header>
      <div className="instant-layout">
        <div className="part-list">
          {quote.items.map((item, i) => (
            <QuoteItemCard key={item.id} item={item} index={i} model={item.model_id ? (models[item.model_id] ?? null) : null} catalog={catalog} />
          ))}
        </div>
        <aside className="instant-aside">
          <QuoteSummary quote={quote} staff={staff} live={live} error={actionData?.error} />
        </aside>
      </div>
    </div>
  );
}
