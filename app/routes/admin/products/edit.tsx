import { Link } from "react-router";
import type { Route } from "./+types/edit";
import { FormAlert } from "../../../components/FormAlert.tsx";
import { PageTitle } from "../../../components/PageTitle.tsx";
import { ProductForm } from "../../../components/ProductForm.tsx";
import { errorPage, callApi } from "../../../api/client.ts";
import { useFormat } from "../../../format/use-format.ts";
import { saveProduct } from "../../../lib/products.server.ts";
import { formValuesOf, takesUValueLimit, type AdminProduct, type ProductFailure, type SchemaVersion } from "../../../lib/products.ts";
import { requireAdmin } from "../../../lib/session.server.ts";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  requireAdmin({ request, context });
  const args = { request, context };
  const id = encodeURIComponent(params.id);
  const [product, versions] = await Promise.all([callApi<AdminProduct>(args, `/products/${id}`), callApi<SchemaVersion[]>(args, `/products/${id}/schemas`)]);
  if (!product.ok) throw errorPage(product);
  if (!versions.ok) throw errorPage(versions);
  return { product: product.data, versions: versions.data, saved: new URL(request.url).searchParams.get("saved") };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  requireAdmin({ request, context });
  return saveProduct({ request, context }, await request.formData(), { id: params.id });
}

export default function EditProduct({ loaderData, actionData }: Route.ComponentProps) {
  const { product, versions, saved } = loaderData;
  const failure = (actionData as { failure?: ProductFailure } | undefined)?.failure;
  const notice =
    saved === "created" ? `Created ${product.name}.` : saved === "saved" ? `Saved. The schema is at version ${product.schema_version}.` : undefined;
  return (
    <section aria-labelledby="product-title">
      <PageTitle>{product.name}</PageTitle>
      <p className="breadcrumb">
        <Link to="/admin/products">All products</Link>
      </p>
      <h2 id="product-title">{product.name}</h2>
      {!failure && <FormAlert tone="success" message={notice} />}
      <div className="card product-facts">
        <dl className="facts facts-grid">
          <div>
            <dt>Generator</dt>
            <dd>
              {product.family} <code className="code-chip">{product.generator_key}</code>
            </dd>
          </div>
          <div>
            <dt>Schema version</dt>
            <dd>Version {product.schema_version}</dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>{product.active ? "Offered to customers" : "Withdrawn"}</dd>
          </div>
          <div>
            <dt>Configurator</dt>
            <dd>{product.active ? <Link to={`/configure/${product.id}`}>Open it as a customer sees it</Link> : "—"}</dd>
          </div>
        </dl>
      </div>
      <ProductForm
        key={`${product.id}-${product.updated_at}`}
        title="Details, schema and prices"
        values={failure?.values ?? formValuesOf(product)}
        failure={failure}
        schemaVersion={product.schema_version}
        withUValueLimit={takesUValueLimit(product.generator_key)}
        submitLabel="Save product"
      />
      <SchemaHistory versions={versions} current={product.schema_version} />
    </section>
  );
}

function SchemaHistory({ versions, current }: { versions: SchemaVersion[]; current: number }) {
  const { moment } = useFormat();
  return (
    <section aria-labelledby="schema-history-title">
      <h3 id="schema-history-title">Schema versions</h3>
      <p className="section-intro">Versions are never edited: each saved configuration keeps the version it was made with.</p>
      <table className="data-table version-history">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Made</th>
            <th scope="col">Schema</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} aria-current={v.version === current ? "true" : undefined}>
              <th scope="row" data-label="Version">
                Version {v.version} {v.version === current && <span className="badge badge-tone-ok">current</span>}
              </th>
              <td data-label="Made" className="nowrap">
                {moment(v.created_at)}
              </td>
              <td data-label="Schema">
                <details className="disclosure">
                  <summary>
                    Show the JSON<span className="visually-hidden"> of version {v.version}</span>
                  </summary>
                  <pre className="payload">{JSON.stringify(v.config_schema, null, 2)}</pre>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
