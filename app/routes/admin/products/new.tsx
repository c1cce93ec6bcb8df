import { Form, Link } from "react-router";
import type { Route } from "./+types/new";
import { PageTitle } from "../../../components/PageTitle.tsx";
import { ProductForm } from "../../../components/ProductForm.tsx";
import { text } from "../../../lib/forms.ts";
import { GENERATORS, newProductValues, saveProduct } from "../../../lib/products.server.ts";
import { takesUValueLimit, type ProductFailure } from "../../../lib/products.ts";
import { requireAdmin } from "../../../lib/session.server.ts";

/** Two steps that work without JavaScript: pick a generator (a GET form), then fill in the product it prefills. */
export function loader({ request, context }: Route.LoaderArgs) {
  requireAdmin({ request, context });
  const key = new URL(request.url).searchParams.get("generator") ?? "";
  const generator = GENERATORS.find((g) => g.key === key) ?? null;
  return { generators: GENERATORS, generator, values: generator && newProductValues(generator.key) };
}

export async function action({ request, context }: Route.ActionArgs) {
  requireAdmin({ request, context });
  const form = await request.formData();
  return saveProduct({ request, context }, form, { create: text(form, "generator_key") });
}

export default function NewProduct({ loaderData, actionData }: Route.ComponentProps) {
  const { generators, generator, values } = loaderData;
  const failure = (actionData as { failure?: ProductFailure } | undefined)?.failure;
  return (
    <section aria-labelledby="new-product-title">
      <PageTitle>New product</PageTitle>
      <p className="breadcrumb">
        <Link to="/admin/products">All products</Link>
      </p>
      <h2 id="new-product-title">New product</h2>
      <Form method="get" className="card form narrow-form generator-picker" aria-label="Choose a generator">
        <div className="field">
          <label htmlFor="field-generator">Generator</label>
          <select id="field-generator" name="generator" defaultValue={generator?.key ?? ""} required>
            {!generator && (
              <option value="" disabled>
                Choose what the product is…
              </option>
            )}
            {generators.map((g) => (
              <option key={g.key} value={g.key}>
                {g.name} ({g.key})
              </option>
            ))}
          </select>
          <p className="field-hint">The engine family that validates, engineers, prices and draws the product. It cannot be changed later.</p>
        </div>
        <button type="submit" className="button button-secondary">
          {generator ? "Start again from this generator" : "Continue"}
        </button>
      </Form>
      {generator && values && (
        <ProductForm
          key={generator.key}
          title={`${generator.name}: details, schema and prices`}
          generatorKey={generator.key}
          values={failure?.values ?? values}
          failure={failure}
          withUValueLimit={takesUValueLimit(generator.key)}
          submitLabel="Create product"
        />
      )}
    </section>
  );
}
