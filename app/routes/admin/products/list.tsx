import { Link } from "react-router";
import type { Route } from "./+types/list";
import { PageTitle } from "../../../components/PageTitle.tsx";
import { StatusBadge } from "../../../components/StatusBadge.tsx";
import { errorPage, callApi } from "../../../api/client.ts";
import { useFormat } from "../../../format/use-format.ts";
import type { AdminProduct } from "../../../lib/products.ts";
import { requireAdmin } from "../../../lib/session.server.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  requireAdmin({ request, context });
  const result = await callApi<AdminProduct[]>({ request, context }, "/products");
  if (!result.ok) throw errorPage(result);
  return { products: result.data };
}

export default function Products({ loaderData }: Route.ComponentProps) {
  const { day } = useFormat();
  const { products } = loaderData;
  return (
    <section aria-labelledby="products-title">
      <PageTitle>Products</PageTitle>
      <h2 id="products-title">Configured products</h2>
      <p className="section-intro">
        Products customers configure rather than upload: each is built by a generator (the door system, the cabinet) within the limits of its configuration
        schema, and priced from its bill of materials with its price table.
      </p>
      {products.length === 0 ? (
        <p className="empty-inline">No products yet.</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">Products</caption>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Generator</th>
              <th scope="col">Schema</th>
              <th scope="col">Status</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {products.map((p) => (
              <tr key={p.id}>
                <th scope="row" data-label="Product">
                  <Link to={`/admin/products/${p.id}`}>{p.name}</Link>
                  {p.description && <span className="cell-note">{p.description}</span>}
                </th>
                <td data-label="Generator">
                  {p.family} <code className="code-chip">{p.generator_key}</code>
                </td>
                <td data-label="Schema">Version {p.schema_version}</td>
                <td data-label="Status">
                  <StatusBadge status={p.active ? "enabled" : "disabled"} label={p.active ? "offered" : "withdrawn"} />
                </td>
                <td data-label="Updated" className="nowrap">
                  {day(p.updated_at)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="actions">
        <Link to="/admin/products/new" className="button button-primary">
          Add a product
        </Link>
      </p>
    </section>
  );
}
