import { data, Form, Link } from "react-router";
import type { Route } from "./+types/stock";
import { FormAlert } from "../../components/FormAlert.tsx";
import { PageTitle } from "../../components/PageTitle.tsx";
import { SubmitButton } from "../../components/SubmitButton.tsx";
import { TextField } from "../../components/TextField.tsx";
import { callApi, errorPage, sendApi } from "../../api/client.ts";
import type { Schemas } from "../../api/typed-client.ts";
import { formFailure, text, type FormFailure } from "../../lib/forms.ts";
import { requireProduction } from "../../production/actions.server.ts";
import { MATERIAL_KIND_LABELS, materialPath, receivePath, STOCK_UNITS } from "../../production/materials.ts";
import productionCss from "../../styles/production.css?url";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: productionCss }];

type Material = Schemas["Material"];

const LABELS = { code: "Code", name: "Name", kind: "Kind", unit: "Unit", reorder_point: "Reorder point" };

export async function loader(args: Route.LoaderArgs) {
  const { canWrite } = requireProduction(args);
  const onlyLow = new URL(args.request.url).searchParams.get("below") === "1";
  const list = await callApi<Material[]>(args, `/materials?limit=100${onlyLow ? "&below_reorder_point=true" : ""}`);
  if (!list.ok) throw errorPage(list);
  return { materials: list.data, more: list.pagination?.has_next ?? false, onlyLow, canWrite };
}

type ActionResult = { added: string } | { failure: FormFailure };

export async function action(args: Route.ActionArgs) {
  requireProduction(args);
  const form = await args.request.formData();
  const values = Object.fromEntries(Object.keys(LABELS).map((k) => [k, text(form, k)]));
  const result = await sendApi<Material>(args, "/materials", {
    code: values.code,
    name: values.name,
    kind: values.kind,
    unit: values.unit,
    reorder_point: values.reorder_point ? Number(values.reorder_point) : null,
  });
  if (!result.ok) return data<ActionResult>({ failure: formFailure(result.error, values, LABELS) }, { status: result.status || 502 });
  return data<ActionResult>({ added: result.data.code });
}

export default function Stock({ loaderData, actionData }: Route.ComponentProps) {
  const { materials, more, onlyLow, canWrite } = loaderData;
  const failure = actionData && "failure" in actionData ? actionData.failure : undefined;
  const low = materials.filter((m) => m.below_reorder_point).length;
  return (
    <div className="container production">
      <PageTitle>Stock</PageTitle>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/production">Production board</Link> / Stock
      </nav>
      <h1>Stock</h1>
      <p className="muted">
        Each material's stock is what its lots in its unit hold now. Cutting takes profile bars from the oldest lot first and puts long offcuts back as remnant
        lots.
      </p>
      <p className="actions">
        {canWrite && (
          <Link className="button" to={receivePath()}>
            Receive a lot
          </Link>
        )}
        {onlyLow ? (
          <Link className="button button-ghost" to="/production/stock">
            Show all materials
          </Link>
        ) : (
          <Link className="button button-ghost" to="/production/stock?below=1">
            Only what to order
          </Link>
        )}
      </p>
      {low > 0 && (
        <p className="alert alert-warning" role="status">
          {low === 1 ? "1 material is" : `${low} materials are`} below the reorder point.
        </p>
      )}
      {materials.length === 0 ? (
        <p className="muted">{onlyLow ? "Nothing is below its reorder point." : "No materials yet: add the ones you keep in stock below."}</p>
      ) : (
        <table className="data-table" aria-label="Materials in stock">
          <thead>
            <tr>
              <th scope="col">Material</th>
              <th scope="col">Kind</th>
              <th scope="col">In stock</th>
              <th scope="col">Reorder point</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {materials.map((m) => (
              <tr key={m.id} data-testid={`material-${m.code}`}>
                <th scope="row">
                  <Link to={materialPath(m.id)}>{m.name}</Link> <span className="mono muted">{m.code}</span>
                </th>
                <td>{MATERIAL_KIND_LABELS[m.kind]}</td>
                <td className="nowrap">{`${m.stock} ${m.unit}`}</td>
                <td className="nowrap">{m.reorder_point === null ? "—" : `${m.reorder_point} ${m.unit}`}</td>
                <td>{m.below_reorder_point ? <span className="badge badge-tone-bad">Order more</span> : <span className="badge">OK</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more && <p className="muted">The first 100 materials are shown.</p>}

      {canWrite && (
        <section aria-labelledby="add-material-title">
          <h2 id="add-material-title">Add a material</h2>
          <FormAlert tone="success" message={actionData && "added" in actionData ? `${actionData.added} added.` : undefined} />
          <FormAlert message={failure?.message} />
          <Form method="post" className="card form" noValidate>
            <TextField
              label={LABELS.code}
              name="code"
              required
              maxLength={120}
              defaultValue={failure?.values.code}
              error={failure?.fields.code}
              hint="As its lots carry it: for profiles, the profile code on the cutting list (for example SPW600-F01)."
            />
            <TextField label={LABELS.name} name="name" required maxLength={200} defaultValue={failure?.values.name} error={failure?.fields.name} />
            <div className={failure?.fields.kind ? "field field-invalid" : "field"}>
              <label htmlFor="field-kind">{LABELS.kind}</label>
              <select id="field-kind" name="kind" defaultValue={failure?.values.kind ?? "profile"}>
                {Object.entries(MATERIAL_KIND_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            <div className={failure?.fields.unit ? "field field-invalid" : "field"}>
              <label htmlFor="field-unit">{LABELS.unit}</label>
              <select id="field-unit" name="unit" defaultValue={failure?.values.unit ?? "m"}>
                {STOCK_UNITS.map((u) => (
                  <option key={u} value={u}>
                    {u}
                  </option>
                ))}
              </select>
            </div>
            <TextField
              label={LABELS.reorder_point}
              name="reorder_point"
              type="number"
              inputMode="decimal"
              min={0}
              step="any"
              optional
              defaultValue={failure?.values.reorder_point}
              error={failure?.fields.reorder_point}
              hint="Stock below this is flagged on the board. Leave empty for no alert."
            />
            <SubmitButton pendingLabel="Adding…">Add material</SubmitButton>
          </Form>
        </section>
      )}
    </div>
  );
}
