import { data, Form } from "react-router";
import type { Route } from "./+types/shipping";
import { FormAlert } from "../../components/FormAlert.tsx";
import { PageTitle } from "../../components/PageTitle.tsx";
import { SubmitButton } from "../../components/SubmitButton.tsx";
import { TextField } from "../../components/TextField.tsx";
import { callApi, errorPage, sendApi } from "../../api/client.ts";
import type { Schemas } from "../../api/typed-client.ts";
import { useFormat } from "../../format/use-format.ts";
import { text } from "../../lib/forms.ts";
import { requireAdmin } from "../../lib/session.server.ts";
import { type FormNode, type FormTree, formFromEntries, setAt, valueAt } from "../../price-book/book-form.ts";
import { blankMethod, fromForm, inputOf, type MethodKind, newZone, rows, shippingFieldMessage, toForm } from "../../shipping/methods-form.ts";
import priceBookCss from "../../styles/price-book.css?url";
import { quoteShipping, type ShippingMethod, shippingMethodsSchema } from "../../../engine/shipping/methods.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: priceBookCss }];

type Current = Schemas["ShopShippingMethods"];
const KINDS: Record<MethodKind, string> = { pickup: "Collection from the shop", flat: "Flat rate", weight: "By weight and destination" };
/** Inputs of the page that are not part of the methods. */
const NOT_METHODS = ["intent", "preview_country", "preview_weight"];

interface PreviewLine {
  name: string;
  price: number | null;
  days: number | null;
  reason: string | null;
}
/** What an action answers: the form as it now stands, and what happened to it. */
interface Answer {
  tree: FormTree;
  /** Changes with every answer, so the inputs take the answered values. */
  rev: string;
  saved?: boolean;
  failure?: { message: string; fields: Record<string, string> };
  preview?: { country: string; weight: string; lines: PreviewLine[] };
}

const current = (args: Pick<Route.LoaderArgs, "request" | "context">) => callApi<Current>(args, "/tenant/shipping-methods");

export async function loader({ request, context }: Route.LoaderArgs) {
  requireAdmin({ request, context });
  const result = await current({ request, context });
  if (!result.ok) throw errorPage(result);
  return { currency: result.data.currency, customised: result.data.customised, tree: toForm(result.data.methods as ShippingMethod[], result.data.currency) };
}

/**
 * Adding and removing rows are round trips too (buttons of the one form), so
 * the page works the same without JavaScript; only "Save" changes the shop.
 */
export async function action({ request, context }: Route.ActionArgs) {
  const args = { request, context };
  requireAdmin(args);
  const shop = await current(args);
  if (!shop.ok) throw errorPage(shop);
  const currency = shop.data.currency;
  const form = await request.formData();
  const intent = text(form, "intent") || "save";
  let tree = formFromEntries(form.entries(), NOT_METHODS);
  const answer = (extra: Partial<Answer> = {}, status = 200) => data({ tree, rev: crypto.randomUUID(), ...extra } satisfies Answer, { status });
  const methods = rows(tree.methods);
  const [verb, ...at] = intent.split(":");
  // Row positions from the buttons; anything else (a tampered post) is a plain save.
  const [a, b] = at.map(Number).filter((n) => Number.isInteger(n) && n >= 0);
  if (verb === "add" && Object.hasOwn(KINDS, at[0] ?? "")) {
    tree = setAt(tree, ["methods", methods.length], blankMethod(at[0] as MethodKind));
    return answer();
  }
  if (verb === "remove" && a !== undefined) {
    tree = setAt(tree, ["methods", a], undefined);
    return answer();
  }
  if (verb === "add-zone" && a !== undefined) {
    tree = setAt(tree, ["methods", a, "zones", rows(valueAt(tree, ["methods", a, "zones"])).length], newZone());
    return answer();
  }
  if (verb === "remove-zone" && a !== undefined && b !== undefined) {
    tree = setAt(tree, ["methods", a, "zones", b], undefined);
    return answer();
  }

  const refuse = (issues: readonly { field: string; message: string }[], status: number) => {
    const fields: Record<string, string> = {};
    for (const i of issues) fields[inputOf(i.field)] ??= shippingFieldMessage(i.message, i.field, currency);
    const n = Object.keys(fields).length;
    const message = `Not saved: ${n === 1 ? "1 value needs" : `${n} values need`} correcting. Nothing has changed.`;
    return answer({ failure: { message, fields } }, status);
  };
  const parsed = fromForm(tree, currency);
  if (parsed.issues.length) return refuse(parsed.issues, 422);

  if (intent === "preview") {
    const country = text(form, "preview_country").toUpperCase();
    const weight = text(form, "preview_weight");
    const sample = { country, weight };
    const kg = Number(weight.replace(",", "."));
    const sampleIssues = [
      ...(/^[A-Z]{2}$/.test(country) ? [] : [{ field: "preview_country", message: "Enter a two-letter country code, such as DE." }]),
      ...(weight !== "" && Number.isFinite(kg) && kg >= 0 ? [] : [{ field: "preview_weight", message: "Enter a weight in kg, such as 2.5." }]),
    ];
    if (sampleIssues.length)
      return data({ ...refusal(sampleIssues), tree, rev: crypto.randomUUID(), preview: { ...sample, lines: [] } } satisfies Answer, { status: 422 });
    // The draft, checked by the same rules the API applies, priced by the same engine checkout uses.
    const checked = shippingMethodsSchema.safeParse(parsed.methods);
    if (!checked.success)
      return refuse(
        checked.error.issues.map((i) => ({ field: ["methods", ...i.path].join("."), message: i.message })),
        422,
      );
    const lines = checked.data.map((m) => {
      const q = quoteShipping(m, country, kg);
      return q.ok ? { name: m.name, price: q.price, days: q.days, reason: null } : { name: m.name, price: null, days: null, reason: q.reason };
    });
    return answer({ preview: { ...sample, lines } });
  }

  const saved = await sendApi<ShippingMethod[]>(args, "/tenant/shipping-methods", { methods: parsed.methods }, "PUT");
  if (!saved.ok) {
    if (saved.error.fieldErrors.length === 0) return answer({ failure: { message: saved.error.message, fields: {} } }, saved.status);
    return refuse(saved.error.fieldErrors, saved.status);
  }
  tree = toForm(saved.data, currency);
  return answer({ saved: true });
}

/** Messages for the sample's own inputs (not part of the methods). */
const refusal = (issues: { field: string; message: string }[]) => ({
  failure: { message: "Enter a sample destination and weight to preview.", fields: Object.fromEntries(issues.map((i) => [i.field, i.message])) },
});

type Path = (string | number)[];
const str = (node: FormNode) => (typeof node === "string" ? node : "");

export default function Shipping({ loaderData, actionData }: Route.ComponentProps) {
  const { currency, customised } = loaderData;
  // The serialised type of the recursive form tree is not inferred; it is the `Answer` the action made.
  const answer = actionData as Answer | undefined;
  const tree = answer?.tree ?? loaderData.tree;
  const errors = answer?.failure?.fields ?? {};
  const methods = rows(tree.methods);
  const field = (path: Path, label: string, extra: { hint?: string; optional?: boolean; money?: boolean; numeric?: boolean } = {}) => {
    const name = path.join(".");
    return (
      <TextField
        label={extra.money ? `${label} (${currency})` : label}
        name={name}
        defaultValue={str(valueAt(tree, path))}
        error={errors[name]}
        hint={extra.hint}
        optional={extra.optional}
        inputMode={extra.money || extra.numeric ? "decimal" : undefined}
        autoComplete="off"
      />
    );
  };
  const countries = (path: Path) =>
    field([...path, "countries"], "Delivers to", { hint: "Country codes separated by commas, such as DE, AT; * for every other country." });
  return (
    <section aria-labelledby="shipping-title">
      <PageTitle>Shipping</PageTitle>
      <h2 id="shipping-title">Shipping</h2>
      <p className="section-intro">
        How customers get their parts, offered at checkout with the price and the delivery date each gives. Money is in {currency} (5.90, not cents); days are
        working days in transit (0 for collection).
        {!customised && " Until you save your own, customers can only collect their parts from you."}
      </p>
      <FormAlert tone="success" message={answer?.saved ? "Saved. Checkout offers these methods from now on." : undefined} />
      <FormAlert message={answer?.failure?.message} />
      <Form method="post" className="form" noValidate aria-labelledby="shipping-title" key={answer?.rev ?? "loaded"}>
        {/* Enter in a field saves, rather than pressing the first row's Remove. */}
        <button type="submit" name="intent" value="save" className="visually-hidden" tabIndex={-1} aria-hidden="true" />
        {errors.methods && <p className="field-error">{errors.methods}</p>}
        {methods.map((m, i) => {
          const kind = str(valueAt(m, ["kind"])) as MethodKind;
          const base: Path = ["methods", i];
          const heading = `${str(valueAt(m, ["name"])) || KINDS[kind] || "Method"} (${(KINDS[kind] ?? kind).toLowerCase()})`;
          const zones = rows(valueAt(m, ["zones"]));
          return (
            <fieldset key={i} className="card book-section" aria-label={`Method ${i + 1}: ${heading}`} data-testid={`method-${i}`}>
              <legend>
                <h3>{heading}</h3>
              </legend>
              <input type="hidden" name={`methods.${i}.kind`} value={kind} />
              {errors[`methods.${i}.kind`] && <p className="field-error">{errors[`methods.${i}.kind`]}</p>}
              <div className="book-row-fields">
                {field([...base, "name"], "Name shown to customers")}
                {field([...base, "code"], "Code", { hint: "Lower-case letters, digits, - or _; orders and the API refer to it." })}
                {kind !== "weight" &&
                  field([...base, "days"], kind === "pickup" ? "Ready to collect after (working days)" : "Working days in transit", { numeric: true })}
                {kind === "flat" && field([...base, "price"], "Price", { money: true })}
                {kind === "flat" && countries(base)}
              </div>
              {kind === "weight" && (
                <fieldset className="book-list" aria-label={`Zones of method ${i + 1}`}>
                  <legend>
                    <h5>Zones</h5>
                  </legend>
                  <p className="field-hint">
                    The zone naming the destination country wins over the one for every other country (*). Started kilograms are charged.
                  </p>
                  {errors[`methods.${i}.zones`] && <p className="field-error">{errors[`methods.${i}.zones`]}</p>}
                  {zones.map((_, j) => {
                    const zone: Path = [...base, "zones", j];
                    return (
                      <fieldset key={j} className="book-row" aria-label={`Zone ${j + 1}`}>
                        <div className="book-row-head">
                          <strong>Zone {j + 1}</strong>
                          <button type="submit" name="intent" value={`remove-zone:${i}:${j}`} className="button button-ghost">
                            Remove<span className="visually-hidden"> zone {j + 1}</span>
                          </button>
                        </div>
                        <div className="book-row-fields">
                          {countries(zone)}
                          {field([...zone, "base"], "Price per consignment", { money: true })}
                          {field([...zone, "per_kg"], "Price per kg", { money: true })}
                          {field([...zone, "days"], "Working days in transit", { numeric: true })}
                          {field([...zone, "max_kg"], "Heaviest consignment (kg)", {
                            optional: true,
                            numeric: true,
                            hint: "Heavier ones are not sent this way.",
                          })}
                        </div>
                      </fieldset>
                    );
                  })}
                  <button type="submit" name="intent" value={`add-zone:${i}`} className="button button-secondary">
                    Add zone
                  </button>
                </fieldset>
              )}
              <button type="submit" name="intent" value={`remove:${i}`} className="button button-ghost">
                Remove<span className="visually-hidden"> {heading}</span>
              </button>
            </fieldset>
          );
        })}
        <div className="card book-section">
          <h3>Add a method</h3>
          <div className="actions">
            {(Object.keys(KINDS) as MethodKind[]).map((k) => (
              <button key={k} type="submit" name="intent" value={`add:${k}`} className="button button-secondary">
                Add {KINDS[k].toLowerCase()}
              </button>
            ))}
          </div>
        </div>
        <Preview answer={answer} errors={errors} currency={currency} />
        <SubmitButton name="intent" value="save" pendingLabel="Saving…" pendingWhen={({ formData }) => formData.get("intent") === "save"}>
          Save shipping methods
        </SubmitButton>
      </Form>
    </section>
  );
}

/** The draft's price and transit time for a sample consignment, before saving. */
function Preview({ answer, errors, currency }: { answer: Answer | undefined; errors: Record<string, string>; currency: string }) {
  const { money, plural } = useFormat();
  const preview = answer?.preview;
  return (
    <fieldset className="card book-section" aria-label="Preview">
      <legend>
        <h3>Preview</h3>
      </legend>
      <p className="field-hint">What each method above (saved or not) charges for a sample consignment.</p>
      <div className="book-row-fields">
        <TextField
          label="Destination country"
          name="preview_country"
          defaultValue={preview?.country ?? ""}
          error={errors.preview_country}
          placeholder="DE"
          maxLength={2}
        />
        <TextField
          label="Weight (kg)"
          name="preview_weight"
          defaultValue={preview?.weight ?? ""}
          error={errors.preview_weight}
          inputMode="decimal"
          placeholder="2.5"
        />
      </div>
      <SubmitButton
        name="intent"
        value="preview"
        variant="secondary"
        pendingLabel="Pricing…"
        pendingWhen={({ formData }) => formData.get("intent") === "preview"}
      >
        Preview
      </SubmitButton>
      {preview && preview.lines.length > 0 && (
        <div className="table-wrap">
          <table data-testid="shipping-preview">
            <thead>
              <tr>
                <th scope="col">Method</th>
                <th scope="col">Price</th>
                <th scope="col">Delivery</th>
              </tr>
            </thead>
            <tbody>
              {preview.lines.map((l, i) => (
                <tr key={i}>
                  <td>{l.name}</td>
                  <td>{l.price === null ? "—" : money(l.price, currency)}</td>
                  <td>{l.reason ?? (l.days === 0 ? "Ready at once" : plural(l.days ?? 0, "working day"))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </fieldset>
  );
}
