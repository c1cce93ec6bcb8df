import { data, Link } from "react-router";
import type { Route } from "./+types/product";
import { PageTitle } from "../../components/PageTitle.tsx";
import { Configurator } from "../../configurator/Configurator.tsx";
import type { Product, SavedConfiguration } from "../../configurator/product.ts";
import { errorPage, callApi, sendApi } from "../../api/client.ts";
import { requireTenantSite, viewerContext } from "../../lib/session.server.ts";
import { OnQuote, type QuotedConfiguration } from "../../configurator/OnQuote.tsx";
import { REBUILD_INTENT, type TechnicalPackageView } from "../../quoting/TechnicalPackagePanel.tsx";
import { text } from "../../lib/forms.ts";
import configuratorCss from "../../configurator/configurator.css?url";
import drawingsCss from "../../drawings/drawings.css?url";

/** The product and, with `?configuration=…`, a saved configuration of it to carry on from. */
export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: configuratorCss },
  { rel: "stylesheet", href: drawingsCss },
];

export async function loader({ request, context, params }: Route.LoaderArgs) {
  requireTenantSite(context);
  const args = { request, context };
  const product = await callApi<Product>(args, `/products/${encodeURIComponent(params.productId)}`);
  if (!product.ok) throw errorPage(product);
  const from = new URL(request.url).searchParams.get("configuration");
  let saved: SavedConfiguration | null = null;
  if (from) {
    const found = await callApi<SavedConfiguration>(args, `/configurations/${encodeURIComponent(from)}`);
    if (!found.ok && found.status !== 401 && found.status !== 404) throw errorPage(found);
    if (!found.ok || found.data.product_id !== product.data.id) throw data("Not found", { status: 404 });
    saved = found.data;
  }
  return { product: product.data, saved, quoted: saved ? await quotedOf(args, saved.id) : null };
}

/** The newest quote the caller sees with this configuration on it, and its technical package; null when it is on none. */
async function quotedOf(args: Pick<Route.LoaderArgs, "request" | "context">, configurationId: string): Promise<QuotedConfiguration | null> {
  const quotes = await callApi<{ id: string; number: string }[]>(args, `/quotes?configuration_id=${encodeURIComponent(configurationId)}&limit=1`);
  const quote = quotes.ok ? quotes.data[0] : undefined;
  if (!quote) return null;
  const technical = await callApi<TechnicalPackageView>(args, `/quotes/${encodeURIComponent(quote.id)}/technical-package`);
  return {
    quote_id: quote.id,
    quote_number: quote.number,
    technical: technical.ok ? technical.data : null,
    canRebuild: !!args.context.get(viewerContext)?.permissions.includes("quotes:write"),
  };
}

/** "Try again" on the technical package of the quote the configuration is on (the API checks the caller may). */
export async function action(args: Route.ActionArgs) {
  requireTenantSite(args.context);
  const form = await args.request.formData();
  if (form.get("intent") !== REBUILD_INTENT) throw data("Unknown action", { status: 400 });
  const result = await sendApi(args, `/quotes/${encodeURIComponent(text(form, "quote_id"))}/technical-package`);
  if (!result.ok) return data({ error: result.error.message }, { status: result.status });
  return data({ error: undefined });
}

export default function ConfigureProduct({ loaderData, actionData }: Route.ComponentProps) {
  const { product, saved, quoted } = loaderData;
  return (
    <div className="container configurator">
      <PageTitle>{`Configure ${product.name}`}</PageTitle>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/configure">Products</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{product.name}</span>
      </nav>
      <h1>{saved?.name ?? product.name}</h1>
      {product.description && <p className="lead">{product.description}</p>}
      {/* A fresh configurator per product and saved configuration: its state starts from them. */}
      <Configurator
        key={`${product.id}:${saved?.id ?? ""}`}
        product={product}
        saved={saved}
        quoted={quoted && <OnQuote quoted={quoted} error={actionData?.error} />}
      />
    </div>
  );
}
