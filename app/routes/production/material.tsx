import { data, Form, Link } from "react-router";
import type { Route } from "./+types/material";
import { FormAlert } from "../../components/FormAlert.tsx";
import { PageTitle } from "../../components/PageTitle.tsx";
import { SubmitButton } from "../../components/SubmitButton.tsx";
import { TextField } from "../../components/TextField.tsx";
import { callApi, errorPage, sendApi } from "../../api/client.ts";
import type { Schemas } from "../../api/typed-client.ts";
import { useFormat } from "../../format/use-format.ts";
import { formFailure, text, type FormFailure } from "../../lib/forms.ts";
import { Fact } from "../../production/Fact.tsx";
import { requireProduction } from "../../production/actions.server.ts";
import { MATERIAL_KIND_LABELS, receivePath } from "../../production/materials.ts";
import { lotPath } from "../../production/recall.ts";
import productionCss from "../../styles/production.css?url";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: productionCss }];

export async function loader(args: Route.LoaderArgs) {
  const { canWrite } = requireProduction(args);
  const material = await callApi<Schemas["MaterialDetail"]>(args, `/materials/${encodeURIComponent(args.params.id)}`);
  if (!material.ok) throw errorPage(material);
  return { material: material.data, canWrite };
}

type ActionResult = { saved: true } | { failure: FormFailure };

export async function action(args: Route.ActionArgs) {
  requireProduction(args);
  const form = await args.request.formData();
  const values = { reorder_point: text(form, "reorder_point") };
  const result = await sendApi(
    args,
    `/materials/${encodeURIComponent(args.params.id)}`,
    { reorder_point: values.reorder_point ? Number(values.reorder_point) : null },
    "PATCH",
  );
  if (!result.ok)
    return data<ActionResult>({ failure: formFailure(result.error, values, { reorder_point: "Reorder point" }) }, { status: result.status || 502 });
  return data<ActionResult>({ saved: true });
}

export default function MaterialPage({ loaderData, actionData }: Route.ComponentProps) {
  const { material: m, canWrite } = loaderData;
  const { day } = useFormat();
  const failure = actionData && "failure" in actionData ? actionData.failure : undefined;
  return (
    <div className="container production">
      <PageTitle>{m.name}</PageTitle>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/production">Production board</Link> / <Link to="/production/stock">Stock</Link> / {m.name}
      </nav>
      <header className="mo-head">
        <h1>{m.name}</h1>
        <dl className="facts">
          <Fact term="Code">
            <span className="mono">{m.code}</span>
          </Fact>
          <Fact term="Kind">{MATERIAL_KIND_LABELS[m.kind]}</Fact>
          <Fact term="In stock">{`${m.stock} ${m.unit}`}</Fact>
          <Fact term="Reorder point">{m.reorder_point === null ? "—" : `${m.reorder_point} ${m.unit}`}</Fact>
        </dl>
        {m.below_reorder_point && (
          <p className="alert alert-warning" role="status">
            Below the reorder point: order more.
          </p>
        )}
        {canWrite && (
          <p className="actions">
            <Link className="button" to={receivePath(m.code)}>
              Receive a lot
            </Link>
          </p>
        )}
      </header>

      <section aria-labelledby="lots-title">
        <h2 id="lots-title">Lots in stock</h2>
        <p className="muted">In the order they are used: the earliest expiry first, then the earliest received.</p>
        {m.lots.length === 0 ? (
          <p className="muted">None of its lots holds anything.</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Lot</th>
                <th scope="col">Holds</th>
                <th scope="col">Origin</th>
                <th scope="col">Supplier</th>
                <th scope="col">Received</th>
                <th scope="col">Expires</th>
              </tr>
            </thead>
            <tbody>
              {m.lots.map((l) => (
                <tr key={l.lot_number}>
                  <td className="mono">
                    <Link to={lotPath(l.lot_number)}>{l.lot_number}</Link>
                  </td>
                  <td className="nowrap">{`${l.quantity} ${l.unit}`}</td>
                  <td>{l.origin}</td>
                  <td>{l.supplier ?? "—"}</td>
                  <td className="nowrap">{day(l.received_at)}</td>
                  <td className="nowrap">{l.expires_at ? day(l.expires_at) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {canWrite && (
        <section aria-labelledby="reorder-title">
          <h2 id="reorder-title">Reorder point</h2>
          <FormAlert tone="success" message={actionData && "saved" in actionData ? "Saved." : undefined} />
          <FormAlert message={failure?.message} />
          <Form method="post" className="card form" noValidate>
            <TextField
              label={`Reorder point (${m.unit})`}
              name="reorder_point"
              type="number"
              inputMode="decimal"
              min={0}
              step="any"
              optional
              defaultValue={failure?.values.reorder_point ?? (m.reorder_point === null ? "" : String(m.reorder_point))}
              error={failure?.fields.reorder_point}
              hint="Stock below this is flagged on the board. Leave empty for no alert."
            />
            <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
          </Form>
        </section>
      )}
    </div>
  );
}
