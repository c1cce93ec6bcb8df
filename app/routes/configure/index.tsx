import { Link } from "react-router";
import type { Route } from "./+types/index";
import { PageTitle } from "../../components/PageTitle.tsx";
import type { Product } from "../../configurator/product.ts";
import { errorPage, callApi } from "../../api/client.ts";
import { requireTenantSite } from "../../lib/session.server.ts";
import configuratorCss from "../../configurator/configurator.css?url";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: configuratorCss }];

export async function loader({ request, context }: Route.LoaderArgs) {
  requireTenantSite(context);
  const products = await callApi<Product[]>({ request, context }, "/products");
  if (!products.ok) throw errorPage(products);
  return { products: products.data.map(({ id, name, description, family }) => ({ id, name, description, family })) };
}

/** The shop's configurable products. */
export default function ConfigureIndex({ loaderData }: Route.ComponentProps) {
  const { products } = loaderData;
  return (
    <div className="container">
      <PageTitle>Configure a product</PageTitle>
      <div className="page-head">
        <div>
          <h1>Configure a product</h1>
          <p className="lead">Made-to-measure products: choose the options, see the engineering and the price as you go, and add it to a quote.</p>
        </div>
        <Link to="/saved" className="button button-secondary">
          Saved configurations
        </Link>
      </div>
      {products.length === 0 ? (
        <section className="empty-state" aria-labelledby="empty-title">
          <h2 id="empty-title">No configurable products yet</h2>
          <p>This shop has not published any made-to-measure products.</p>
        </section>
      ) : (
        <ul className="product-grid">
          {products.map((p) => (
            <li key={p.id} className="card product-card">
              <p className="eyebrow">{p.family}</p>
              <h2>
                <Link to={`/configure/${p.id}`} className="stretched-link">
                  {p.name}
                </Link>
              </h2>
              {p.description && <p className="product-description">{p.description}</p>}
              <span className="product-cta" aria-hidden="true">
                Configure →
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
