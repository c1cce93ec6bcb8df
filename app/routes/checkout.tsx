import { useState } from "react";
import { data, Form, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/checkout";
import { PageTitle } from "../components/PageTitle.tsx";
import { FormAlert } from "../components/FormAlert.tsx";
import { TextField } from "../components/TextField.tsx";
import quotingCss from "../styles/quoting.css?url";
import { callApi, errorPage, sendApi } from "../api/client.ts";
import type { Schemas } from "../api/typed-client.ts";
import { requireTenantSite, viewerContext } from "../lib/session.server.ts";
import { formFailure, text, type FormFailure } from "../lib/forms.ts";
import { useFormat } from "../format/use-format.ts";
import { TaxTotals } from "../quoting/TaxTotals.tsx";
import type { QuoteView } from "../quoting/quote-types.ts";
import { addWorkingDays } from "../../engine/production/calendar.ts";

type Checkout = Schemas["Checkout"];
type SavedAddress = Schemas["SavedAddress"];
type ShippingOption = Schemas["ShippingOption"];

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: quotingCss }];

/** The quote to check out with what the buyer chooses from: saved addresses, the shop's shipping methods, payment and terms. */
export async function loader(args: Route.LoaderArgs) {
  requireTenantSite(args.context);
  const id = encodeURIComponent(args.params.id);
  const quote = await callApi<QuoteView>(args, `/quotes/${id}`);
  if (!quote.ok) throw errorPage(quote);
  // Only a quote the buyer may still accept (or accepted without ordering) is checked out.
  if (!["priced", "sent", "accepted"].includes(quote.data.status)) throw redirect(`/quotes/${id}`);
  const viewer = args.context.get(viewerContext);
  const [terms, methods, options, addresses] = await Promise.all([
    callApi<{ version: number; text: string }>(args, "/terms"),
    callApi<ShippingOption[]>(args, "/shipping-methods"),
    callApi<{ card: boolean }>(args, "/payments/options"),
    viewer?.user.customer_id ? callApi<SavedAddress[]>(args, "/company/addresses?limit=100") : null,
  ]);
  if (!terms.ok) throw errorPage(terms);
  if (!methods.ok) throw errorPage(methods);
  return {
    quote: quote.data,
    terms: terms.data,
    methods: methods.data,
    card: options.ok && options.data.card,
    addresses: addresses?.ok ? addresses.data : [],
    company: !!viewer?.user.customer_id,
  };
}

const ADDRESS_FIELDS = ["name", "company", "line1", "line2", "city", "postcode", "country", "phone"] as const;
type Side = "billing_address" | "shipping_address";
const FORM_FIELD = /^(billing_address|shipping_address|shipping_method|payment|po_number|terms_version)/;

interface ActionResult {
  failure?: FormFailure;
  checkout?: Checkout;
}

/** An address as the form gives it: a saved one's id, or the typed fields (empty ones left out). */
function addressOf(form: FormData, side: Side): string | Record<string, string> | undefined {
  const choice = text(form, `${side}.choice`);
  if (choice && choice !== "new") return choice;
  const fields = Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, text(form, `${side}.${f}`)]).filter(([, v]) => v !== ""));
  return Object.keys(fields).length > 0 ? fields : undefined;
}

/** Review: the API checks the choices and answers every line with shipping, tax and the total. Confirm: the order. */
export async function action(args: Route.ActionArgs) {
  requireTenantSite(args.context);
  const form = await args.request.formData();
  const values = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
  if (text(form, "intent") === "confirm") {
    const confirmed = await sendApi<Schemas["CheckoutConfirmation"]>(args, `/checkouts/${encodeURIComponent(text(form, "checkout_id"))}/confirm`);
    if (!confirmed.ok) return data<ActionResult>({ failure: formFailure(confirmed.error, values) }, { status: confirmed.status });
    throw redirect(confirmed.data.checkout_url ?? `/orders/${encodeURIComponent(confirmed.data.id)}`);
  }
  const billing = addressOf(form, "billing_address");
  const sameAddress = text(form, "same_address") === "yes";
  const payment = text(form, "payment");
  const body = {
    quote_id: args.params.id,
    billing_address: billing,
    shipping_address: sameAddress ? billing : addressOf(form, "shipping_address"),
    shipping_method: text(form, "shipping_method") || undefined,
    payment: payment || undefined,
    po_number: payment === "purchase_order" ? text(form, "po_number") || undefined : undefined,
    terms_version: form.has("terms_version") ? Number(text(form, "terms_version")) : undefined,
  };
  const result = await sendApi<Checkout>(args, "/checkouts", body);
  if (!result.ok) {
    const failure = formFailure(result.error, values);
    // Errors the form shows at their fields are summed up; any other (the quote was ordered meanwhile) is the summary.
    if (result.error.fieldErrors.length > 0 && result.error.fieldErrors.every((e) => FORM_FIELD.test(e.field)))
      failure.message = "Please correct the highlighted fields.";
    // The same address serves both: its errors show where it was typed.
    if (sameAddress)
      for (const [field, message] of Object.entries(failure.fields))
        if (field.startsWith("shipping_address")) failure.fields[field.replace("shipping_address", "billing_address")] ??= message;
    return data<ActionResult>({ failure }, { status: result.status });
  }
  // A new address the buyer asked to keep is saved for their company's next checkouts.
  for (const side of ["billing_address", "shipping_address"] as const) {
    const typed = addressOf(form, side);
    if (text(form, `${side}.save`) === "yes" && typeof typed === "object" && !(side === "shipping_address" && sameAddress))
      await sendApi(args, "/company/addresses", typed);
  }
  return data<ActionResult>({ checkout: result.data });
}

export default function CheckoutPage({ loaderData, actionData }: Route.ComponentProps) {
  const { quote, terms, methods, card, addresses, company } = loaderData;
  const { money, day } = useFormat();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? text(navigation.formData ?? new FormData(), "intent") : null;
  const checkout = actionData?.checkout;
  const failure = actionData?.failure;
  const [editing, setEditing] = useState(false);
  const reviewing = !!checkout && !editing;
  const v = failure?.values ?? {};
  const [payment, setPayment] = useState(v.payment ?? "purchase_order");
  const [sameAddress, setSameAddress] = useState((v.same_address ?? "yes") === "yes");
  const leadDays = quote.totals?.lead_time_days ?? 0;
  const arrival = (days: number | null) => (days === null ? null : new Date(addWorkingDays(Date.now(), leadDays + days)).toISOString());
  const err = (field: string) => failure?.fields[field];
  return (
    <div className="container checkout-page">
      <PageTitle>{`Checkout · ${quote.number}`}</PageTitle>
      <header className="instant-head">
        <p className="eyebrow">
          <Link to={`/quotes/${quote.id}`}>Quote {quote.number}</Link>
        </p>
        <h1>{reviewing ? "Review and confirm" : "Checkout"}</h1>
        <ol className="checkout-steps" aria-label="Checkout steps">
          <li aria-current={reviewing ? undefined : "step"}>Addresses, shipping, payment and terms</li>
          <li aria-current={reviewing ? "step" : undefined}>Review and confirm</li>
        </ol>
      </header>
      <FormAlert message={failure?.message} />
      {reviewing && checkout ? (
        <Review checkout={checkout} busy={busy === "confirm"} onChange={() => setEditing(true)} />
      ) : (
        <Form method="post" className="checkout-form" noValidate onSubmit={() => setEditing(false)}>
          <input type="hidden" name="intent" value="review" />
          <AddressSection side="billing_address" title="Billing address" addresses={addresses} company={company} values={v} error={err} />
          <fieldset className="card checkout-section">
            <legend>Delivery address</legend>
            <label className="choice">
              <input type="checkbox" name="same_address" value="yes" checked={sameAddress} onChange={(e) => setSameAddress(e.currentTarget.checked)} /> Deliver
              to the billing address
            </label>
            {!sameAddress && (
              <AddressSection side="shipping_address" title="Delivery address" addresses={addresses} company={company} values={v} error={err} nested />
            )}
          </fieldset>
          <fieldset className="card checkout-section" aria-describedby={err("shipping_method") ? "shipping-error" : undefined}>
            <legend>Shipping</legend>
            {methods.map((m) => (
              <label key={m.code} className="choice choice-row">
                <input type="radio" name="shipping_method" value={m.code} defaultChecked={(v.shipping_method ?? methods[0]?.code) === m.code} />
                <span className="choice-text">
                  <strong>{m.name}</strong>
                  <span className="muted">
                    {m.price === null ? "" : `${m.price_is_from ? "from " : ""}${money(m.price, quote.currency)}`}
                    {m.days === null ? "" : ` · ${m.kind === "pickup" ? "ready" : "arrives"} by ${day(arrival(m.days))}`}
                  </span>
                </span>
              </label>
            ))}
            {err("shipping_method") && (
              <p id="shipping-error" className="field-error">
                {err("shipping_method")}
              </p>
            )}
          </fieldset>
          <fieldset className="card checkout-section">
            <legend>Payment</legend>
            <label className="choice choice-row">
              <input type="radio" name="payment" value="purchase_order" checked={payment === "purchase_order"} onChange={() => setPayment("purchase_order")} />
              <span className="choice-text">
                <strong>Purchase order</strong>
                <span className="muted">The shop invoices your company against your PO number</span>
              </span>
            </label>
            <label className="choice choice-row">
              <input type="radio" name="payment" value="card" checked={payment === "card"} disabled={!card} onChange={() => setPayment("card")} />
              <span className="choice-text">
                <strong>Card</strong>
                <span className="muted">
                  {card ? "Pay securely with Stripe after confirming" : "This shop does not take card payments yet: order on a purchase order"}
                </span>
              </span>
            </label>
            {err("payment") && <p className="field-error">{err("payment")}</p>}
            {payment === "purchase_order" && (
              <TextField label="PO number" name="po_number" defaultValue={v.po_number} maxLength={64} autoComplete="off" error={err("po_number")} />
            )}
          </fieldset>
          <fieldset className="card checkout-section">
            <legend>Terms (version {terms.version})</legend>
            <div className="terms-text">
              {terms.text.split("\n").map((p) => (
                <p key={p}>{p}</p>
              ))}
            </div>
            <label className={err("terms_version") ? "choice field-invalid" : "choice"}>
              <input
                type="checkbox"
                name="terms_version"
                value={terms.version}
                defaultChecked={v.terms_version === String(terms.version)}
                aria-invalid={err("terms_version") ? true : undefined}
                aria-describedby={err("terms_version") ? "terms-error" : undefined}
              />{" "}
              I accept the shop's terms
            </label>
            {err("terms_version") && (
              <p id="terms-error" className="field-error">
                {err("terms_version")}
              </p>
            )}
          </fieldset>
          <div className="quote-actions">
            <button type="submit" className="button button-primary" disabled={busy === "review"}>
              {busy === "review" ? "Checking…" : "Review order"}
            </button>
            <Link className="button button-secondary" to={`/quotes/${quote.id}`}>
              Back to the quote
            </Link>
          </div>
        </Form>
      )}
    </div>
  );
}

/** A saved address to choose, or a new one typed in; the API's errors show at their fields. */
function AddressSection({
  side,
  title,
  addresses,
  company,
  values,
  error,
  nested = false,
}: {
  side: Side;
  title: string;
  addresses: SavedAddress[];
  company: boolean;
  values: Record<string, string>;
  error: (field: string) => string | undefined;
  nested?: boolean;
}) {
  const [choice, setChoice] = useState(values[`${side}.choice`] ?? addresses[0]?.id ?? "new");
  const f = (name: string) => `${side}.${name}`;
  const body = (
    <>
      {addresses.map((a) => (
        <label key={a.id} className="choice choice-row">
          <input type="radio" name={f("choice")} value={a.id} checked={choice === a.id} onChange={() => setChoice(a.id)} />
          <span className="choice-text">
            <strong>{a.label ?? a.name}</strong>
            <span className="muted">{[a.company, a.name, a.line1, a.line2, `${a.postcode} ${a.city}`, a.country].filter(Boolean).join(", ")}</span>
          </span>
        </label>
      ))}
      {addresses.length > 0 && (
        <label className="choice choice-row">
          <input type="radio" name={f("choice")} value="new" checked={choice === "new"} onChange={() => setChoice("new")} />
          <span className="choice-text">
            <strong>A new address</strong>
          </span>
        </label>
      )}
      {error(side) && <p className="field-error">{error(side)}</p>}
      {choice === "new" && (
        <div className="address-fields">
          {addresses.length === 0 && <input type="hidden" name={f("choice")} value="new" />}
          <TextField label="Name" name={f("name")} defaultValue={values[f("name")]} autoComplete="name" error={error(f("name"))} />
          <TextField label="Company" name={f("company")} optional defaultValue={values[f("company")]} autoComplete="organization" error={error(f("company"))} />
          <TextField label="Street and number" name={f("line1")} defaultValue={values[f("line1")]} autoComplete="address-line1" error={error(f("line1"))} />
          <TextField
            label="Address line 2"
            name={f("line2")}
            optional
            defaultValue={values[f("line2")]}
            autoComplete="address-line2"
            error={error(f("line2"))}
          />
          <div className="field-pair">
            <TextField label="Postcode" name={f("postcode")} defaultValue={values[f("postcode")]} autoComplete="postal-code" error={error(f("postcode"))} />
            <TextField label="City" name={f("city")} defaultValue={values[f("city")]} autoComplete="address-level2" error={error(f("city"))} />
          </div>
          <TextField
            label="Country"
            name={f("country")}
            defaultValue={values[f("country")]}
            autoComplete="country"
            maxLength={2}
            hint="Two-letter code, like DE, FR or GB"
            error={error(f("country"))}
          />
          <TextField label="Phone" name={f("phone")} optional type="tel" defaultValue={values[f("phone")]} autoComplete="tel" error={error(f("phone"))} />
          {company && (
            <label className="choice">
              <input type="checkbox" name={f("save")} value="yes" defaultChecked={values[f("save")] === "yes"} /> Save for my company's next orders
            </label>
          )}
        </div>
      )}
    </>
  );
  return nested ? (
    body
  ) : (
    <fieldset className="card checkout-section">
      <legend>{title}</legend>
      {body}
    </fieldset>
  );
}

/** Every line, the shipping, tax and total as the order will be placed; Confirm places it. */
function Review({ checkout, busy, onChange }: { checkout: Checkout; busy: boolean; onChange: () => void }) {
  const { money, day } = useFormat();
  const r = checkout.review;
  const address = (a: Checkout["billing_address"]) => [a.company, a.name, a.line1, a.line2, `${a.postcode} ${a.city}`, a.country].filter(Boolean).join(", ");
  return (
    <section className="card checkout-review" aria-labelledby="review-title" data-testid="checkout-review">
      <h2 id="review-title">Your order</h2>
      <table className="review-lines">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Quantity</th>
            <th scope="col">Unit price</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {r.lines.map((l) => (
            <tr key={l.item_id}>
              <td>
                {l.label}
                {l.description && <span className="muted"> · {l.description}</span>}
              </td>
              <td>{l.quantity}</td>
              <td>{money(l.unit_price, r.currency)}</td>
              <td>{money(l.total, r.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="save-totals">
        {r.minimum_order_surcharge > 0 && (
          <div>
            <dt>Minimum order top-up</dt>
            <dd>{money(r.minimum_order_surcharge, r.currency)}</dd>
          </div>
        )}
        <div>
          <dt>
            Shipping: {r.shipping.name} ({r.shipping.weight_kg} kg)
          </dt>
          <dd data-testid="review-shipping">{money(r.shipping.price, r.currency)}</dd>
        </div>
        <TaxTotals currency={r.currency} net={r.net_total} tax={r.tax} total={r.total} taxTestId="review-tax" totalTestId="review-total" />
      </dl>
      <ul className="quote-meta">
        <li data-testid="review-delivery">
          {r.shipping.code === "pickup" || r.shipping.days === 0 ? "Ready to collect" : "Delivered"} by {day(r.delivery_date)}
        </li>
        <li>Billing: {address(checkout.billing_address)}</li>
        <li>Delivery: {address(checkout.shipping_address)}</li>
        <li>{checkout.payment === "purchase_order" ? `Purchase order ${checkout.po_number}` : "Card, with Stripe after confirming"}</li>
        <li>You accept the shop's terms, version {checkout.terms_version}</li>
      </ul>
      <div className="quote-actions">
        <Form method="post">
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="checkout_id" value={checkout.id} />
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? "Placing the order…" : checkout.payment === "card" ? "Confirm and pay" : "Confirm order"}
          </button>
        </Form>
        <button type="button" className="button button-secondary" onClick={onChange}>
          Change details
        </button>
      </div>
    </section>
  );
}
