import { data, Form, Link, redirect } from "react-router";
import type { Route } from "./+types/receive";
import { FormAlert } from "../../components/FormAlert.tsx";
import { PageTitle } from "../../components/PageTitle.tsx";
import { SubmitButton } from "../../components/SubmitButton.tsx";
import { TextField } from "../../components/TextField.tsx";
import { callApi, errorPage, sendApi } from "../../api/client.ts";
import type { Schemas } from "../../api/typed-client.ts";
import { formFailure, text, type FormFailure } from "../../lib/forms.ts";
import { requireProduction } from "../../production/actions.server.ts";
import { STOCK_UNITS } from "../../production/materials.ts";
import { lotPath } from "../../production/recall.ts";
import productionCss from "../../styles/production.css?url";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: productionCss }];

const LABELS = {
  material: "Material",
  quantity: "Quantity",
  unit: "Unit",
  supplier: "Supplier",
  supplier_lot: "Supplier's lot number",
  received_at: "Received on",
  expires_at: "Expires on",
  certificate_number: "Certificate number",
};

export async function loader(args: Route.LoaderArgs) {
  const { canWrite } = requireProduction(args);
  if (!canWrite) throw data("Forbidden", { status: 403 });
  const materials = await callApi<Schemas["Material"][]>(args, "/materials?limit=100");
  if (!materials.ok) throw errorPage(materials);
  const chosen = new URL(args.request.url).searchParams.get("material") ?? "";
  return { materials: materials.data, chosen };
}

/** A day from a date input, as the API's date-time (noon UTC, so no time zone moves it to another day). */
const dayAt = (day: string) => (day ? `${day}T12:00:00Z` : undefined);

export async function action(args: Route.ActionArgs) {
  requireProduction(args);
  const form = await args.request.formData();
  const values = Object.fromEntries(Object.keys(LABELS).map((k) => [k, text(form, k)]));
  const result = await sendApi<Schemas["Lot"]>(args, "/lots", {
    material: values.material,
    quantity: values.quantity ? Number(values.quantity) : undefined,
    unit: values.unit,
    supplier: values.supplier,
    supplier_lot: values.supplier_lot,
    received_at: dayAt(values.received_at),
    expires_at: dayAt(values.expires_at),
    ...(values.certificate_number ? { quality: { certificate_number: values.certificate_number } } : {}),
  });
  if (!result.ok) {
    const failure = formFailure(result.error, values, LABELS);
    // "quality.certificate_number" is shown on its own input.
    if (failure.fields["quality.certificate_number"]) failure.fields.certificate_number = failure.fields["quality.certificate_number"];
    return data({ failure } satisfies { failure: FormFailure }, { status: result.status || 502 });
  }
  throw redirect(lotPath(result.data.lot_number));
}

export default function Receive({ loaderData, actionData }: Route.ComponentProps) {
  const { materials, chosen } = loaderData;
  const failure = actionData?.failure;
  const v = (name: keyof typeof LABELS, fallback = "") => failure?.values[name] ?? fallback;
  const unitOf = materials.find((m) => m.code === (failure?.values.material ?? chosen))?.unit ?? "m";
  return (
    <div className="container production">
      <PageTitle>Receive a lot</PageTitle>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/production">Production board</Link> / <Link to="/production/stock">Stock</Link> / Receive a lot
      </nav>
      <h1>Receive a lot</h1>
      <p className="muted">The lot gets our lot number and a label to print; its quantity is what the delivery note and your count say.</p>
      <FormAlert message={failure?.message} />
      <Form method="post" className="card form" noValidate>
        <TextField
          label={LABELS.material}
          name="material"
          list="material-codes"
          required
          maxLength={120}
          defaultValue={v("material", chosen)}
          error={failure?.fields.material}
          hint="The material's code, as cutting lists and BOMs name it."
        />
        <datalist id="material-codes">
          {materials.map((m) => (
            <option key={m.id} value={m.code}>
              {m.name}
            </option>
          ))}
        </datalist>
        <TextField
          label={LABELS.quantity}
          name="quantity"
          type="number"
          inputMode="decimal"
          min={0}
          step="any"
          required
          defaultValue={v("quantity")}
          error={failure?.fields.quantity}
        />
        <div className={failure?.fields.unit ? "field field-invalid" : "field"}>
          <label htmlFor="field-unit">{LABELS.unit}</label>
          <select id="field-unit" name="unit" defaultValue={v("unit", unitOf)}>
            {STOCK_UNITS.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </div>
        <TextField label={LABELS.supplier} name="supplier" required maxLength={120} defaultValue={v("supplier")} error={failure?.fields.supplier} />
        <TextField
          label={LABELS.supplier_lot}
          name="supplier_lot"
          required
          maxLength={80}
          defaultValue={v("supplier_lot")}
          error={failure?.fields.supplier_lot}
        />
        <TextField
          label={LABELS.received_at}
          name="received_at"
          type="date"
          optional
          defaultValue={v("received_at")}
          error={failure?.fields.received_at}
          hint="Today when empty."
        />
        <TextField label={LABELS.expires_at} name="expires_at" type="date" optional defaultValue={v("expires_at")} error={failure?.fields.expires_at} />
        <TextField
          label={LABELS.certificate_number}
          name="certificate_number"
          optional
          maxLength={80}
          defaultValue={v("certificate_number")}
          error={failure?.fields.certificate_number}
          hint="The supplier's inspection certificate (EN 10204 3.1), when there is one."
        />
        <SubmitButton pendingLabel="Receiving…">Receive lot</SubmitButton>
      </Form>
    </div>
  );
}
