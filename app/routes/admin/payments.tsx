import { data, Form } from "react-router";
import type { Route } from "./+types/payments";
import { CopyButton } from "../../components/CopyButton.tsx";
import { FormAlert } from "../../components/FormAlert.tsx";
import { PageTitle } from "../../components/PageTitle.tsx";
import { PasswordField } from "../../components/PasswordField.tsx";
import { SubmitButton } from "../../components/SubmitButton.tsx";
import { callApi, errorPage, sendApi } from "../../api/client.ts";
import type { Schemas } from "../../api/typed-client.ts";
import { formFailure, text, type FormFailure } from "../../lib/forms.ts";
import { requireAdmin } from "../../lib/session.server.ts";
import { useFormat } from "../../format/use-format.ts";

type Connection = Schemas["StripeConnection"];

const LABELS = { secret_key: "Secret key", webhook_secret: "Webhook signing secret" };

export async function loader({ request, context }: Route.LoaderArgs) {
  requireAdmin({ request, context });
  const result = await callApi<Connection>({ request, context }, "/payments/stripe");
  if (!result.ok) throw errorPage(result);
  // Stripe calls the shop's own host, the one the owner is on.
  return { stripe: result.data, webhookUrl: new URL(result.data.webhook_path, request.url).href };
}

type ActionResult = { connected: true } | { disconnected: true } | { failure: FormFailure };

export async function action({ request, context }: Route.ActionArgs) {
  const args = { request, context };
  requireAdmin(args);
  const form = await request.formData();
  if (form.get("intent") === "disconnect") {
    const result = await sendApi<Connection>(args, "/payments/stripe", undefined, "DELETE");
    return result.ok ? data<ActionResult>({ disconnected: true }) : data<ActionResult>({ failure: formFailure(result.error, {}) }, { status: result.status });
  }
  const result = await sendApi<Connection>(
    args,
    "/payments/stripe",
    { secret_key: text(form, "secret_key"), webhook_secret: text(form, "webhook_secret") },
    "PUT",
  );
  // Secrets are never sent back into the page, not even refused ones.
  return result.ok
    ? data<ActionResult>({ connected: true })
    : data<ActionResult>({ failure: formFailure(result.error, {}, LABELS) }, { status: result.status });
}

/** Connecting the shop's own Stripe account, what customers can pay with meanwhile, and disconnecting it. */
export default function Payments({ loaderData, actionData }: Route.ComponentProps) {
  const { stripe, webhookUrl } = loaderData;
  const { moment } = useFormat();
  const failure = actionData && "failure" in actionData ? actionData.failure : undefined;
  const fieldErrors = failure ? Object.keys(failure.fields).length : 0;
  return (
    <section aria-labelledby="payments-title">
      <PageTitle>Payments</PageTitle>
      <h2 id="payments-title">Payments</h2>
      <p className="section-intro">
        Customers pay for accepted quotes by card through your own Stripe account; the money goes straight to you. Ordering on a purchase order always works,
        with or without Stripe.
      </p>
      <FormAlert tone="success" message={actionData && "connected" in actionData ? "Stripe is connected: customers can now pay by card." : undefined} />
      <FormAlert
        tone="success"
        message={actionData && "disconnected" in actionData ? "Stripe is disconnected. Customers can still order on a purchase order." : undefined}
      />
      <FormAlert message={failure && fieldErrors === 0 ? failure.message : undefined} />

      <article className="card" aria-labelledby="payments-status" data-testid="stripe-status" data-connected={stripe.connected}>
        <h3 id="payments-status">What your customers can use</h3>
        <ul>
          <li>
            <strong>Purchase order:</strong> always offered. You invoice the customer yourself.
          </li>
          <li>
            <strong>Card (Stripe Checkout):</strong>{" "}
            {stripe.connected ? (
              <>
                connected
                {stripe.mode ? ` in ${stripe.mode} mode` : ""}
                {stripe.secret_key_hint ? `, key ending ${stripe.secret_key_hint}` : ""}
                {stripe.connected_at ? ` (since ${moment(stripe.connected_at)})` : ""}.
                {stripe.mode === "test" && " Test mode takes Stripe's test cards only, never real payments."}
              </>
            ) : (
              "not connected: checkout offers purchase orders only."
            )}
          </li>
        </ul>
        {stripe.connected && (
          <Form method="post">
            <SubmitButton
              name="intent"
              value="disconnect"
              variant="danger"
              pendingLabel="Disconnecting…"
              pendingWhen={({ formData }) => formData.get("intent") === "disconnect"}
            >
              Disconnect Stripe
            </SubmitButton>
            <p className="field-hint">Card payments already started at Stripe are still recorded; new ones are not offered.</p>
          </Form>
        )}
      </article>

      <Form method="post" className="card form" aria-labelledby="stripe-connect-title" noValidate>
        <h3 id="stripe-connect-title">{stripe.connected ? "Replace your Stripe keys" : "Connect Stripe"}</h3>
        <ol>
          <li>
            In your Stripe dashboard, under Developers → Webhooks, add an endpoint with this URL for the event <code>checkout.session.completed</code>:{" "}
            <code data-testid="stripe-webhook-url">{webhookUrl}</code> <CopyButton value={webhookUrl} />
          </li>
          <li>
            Copy the endpoint's signing secret and, under Developers → API keys, your secret key (or a restricted key allowed to create Checkout Sessions).
          </li>
        </ol>
        <FormAlert message={failure && fieldErrors > 0 ? failure.message : undefined} />
        <PasswordField
          clearOn={actionData}
          label={LABELS.secret_key}
          name="secret_key"
          error={failure?.fields.secret_key}
          hint="Starts with sk_live_ or sk_test_ (rk_ for a restricted key). It is stored encrypted and never shown again."
          autoComplete="off"
          spellCheck={false}
          required
        />
        <PasswordField
          clearOn={actionData}
          label={LABELS.webhook_secret}
          name="webhook_secret"
          error={failure?.fields.webhook_secret}
          hint="Starts with whsec_. Lets your shop check that payment messages really come from Stripe."
          autoComplete="off"
          spellCheck={false}
          required
        />
        <SubmitButton name="intent" value="connect" pendingLabel="Connecting…" pendingWhen={({ formData }) => formData.get("intent") === "connect"}>
          {stripe.connected ? "Replace keys" : "Connect Stripe"}
        </SubmitButton>
      </Form>
    </section>
  );
}
