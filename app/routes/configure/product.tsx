import { data, Link } from "react-router";
import type { Route } from "./+types/product";
import { PageTitle } from "../../components/PageTitle.tsx";
import { Configurator } from "../../configurator/Configurator.tsx";
import type { Product, SavedConfiguration } from "../../configurator/product.ts";
import { errorPage, callApi } from "../../api/client.ts";
import { requireTenantSite } from "../../lib/session.server.ts";
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
  return { product: product.data, saved };
}

export default function ConfigureProduct({ loaderData }: Route.ComponentProps) {
  const { product, saved } = loaderData;
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
      <Configurator key={`${product.id}:${saved?.id ?? ""}`} product={product} saved={saved} />
    </div>
  );
}
