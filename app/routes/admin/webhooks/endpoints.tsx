import { data, Form, Link } from "react-router";
import type { Route } from "./+types/endpoints";
import { FormAlert } from "../../../components/FormAlert.tsx";
import { OneTimeSecret } from "../../../components/OneTimeSecret.tsx";
import { PageTitle } from "../../../components/PageTitle.tsx";
import { StatusBadge } from "../../../components/StatusBadge.tsx";
import { SubmitButton } from "../../../components/SubmitButton.tsx";
import { TextField } from "../../../components/TextField.tsx";
import { errorPage, callApi, sendApi } from "../../../api/client.ts";
import { useFormat } from "../../../format/use-format.ts";
import { formFailure, text, type FormFailure } from "../../../lib/forms.ts";
import { endpointAction, type EndpointActionResult } from "../../../lib/webhook-endpoints.server.ts";
import { EndpointActionNotice, EndpointActions } from "../../../components/EndpointActions.tsx";
import { OUTBOUND_EVENT_TYPES, type WebhookEndpoint } from "../../../lib/webhooks.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const result = await callApi<WebhookEndpoint[]>({ request, context }, "/webhooks/endpoints?limit=100");
  if (!result.ok) throw errorPage(result);
  return { endpoints: result.data };
}

type ActionResult = EndpointActionResult | { created: { id: string; url: string; secret: string } } | { failure: FormFailure; intent: "create" };

export async function action({ request, context }: Route.ActionArgs) {
  const args = { request, context };
  const form = await request.formData();
  if (text(form, "intent") !== "create") return endpointAction(args, form);
  const types = form.getAll("event_types").map(String);
  const values = { url: text(form, "url"), description: text(form, "description"), event_types: types.join(","), enabled: form.get("enabled") ? "on" : "" };
  const result = await sendApi<WebhookEndpoint & { secret: string }>(args, "/webhooks/endpoints", {
    url: values.url,
    event_types: types,
    ...(values.description ? { description: values.description } : {}),
    enabled: values.enabled === "on",
  });
  if (!result.ok) {
    return data<ActionResult>(
      { failure: formFailure(result.error, values, { url: "URL", description: "Description" }), intent: "create" },
      { status: result.status },
    );
  }
  return data<ActionResult>({ created: { id: result.data.id, url: result.data.url, secret: result.data.secret } }, { status: 201 });
}

export default function Endpoints({ loaderData, actionData }: Route.ComponentProps) {
  const result = actionData as ActionResult | undefined;
  const createFailure = result && "failure" in result && result.intent === "create" ? result.failure : undefined;
  return (
    <>
      <PageTitle>Webhook endpoints</PageTitle>
      <h3>Endpoints</h3>
      <p className="section-intro">
        Where we send this shop's events. Each delivery is signed (Standard Webhooks) with the endpoint's secret, retried with backoff when it fails, and paused
        by a circuit breaker after 5 failures in a row.
      </p>
      {result && "created" in result && (
        <OneTimeSecret title="Endpoint added" label="Endpoint signing secret" secret={result.created.secret}>
          Verify our signatures at <span className="mono break">{result.created.url}</span> with it.
        </OneTimeSecret>
      )}
      {result && !("created" in result) && !createFailure && <EndpointActionNotice result={result as EndpointActionResult} />}
      <EndpointList endpoints={loaderData.endpoints} />
      <CreateEndpointForm key={result && "created" in result ? result.created.id : "create"} failure={createFailure} />
    </>
  );
}

function EndpointList({ endpoints }: { endpoints: WebhookEndpoint[] }) {
  const { day } = useFormat();
  if (endpoints.length === 0) return <p className="empty-inline">No endpoints yet.</p>;
  return (
    <table className="data-table">
      <caption className="visually-hidden">Webhook endpoints</caption>
      <thead>
        <tr>
          <th scope="col">URL</th>
          <th scope="col">Events</th>
          <th scope="col">Status</th>
          <th scope="col">Created</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {endpoints.map((e) => (
          <tr key={e.id}>
            <th scope="row" data-label="URL">
              <Link to={`/admin/webhooks/endpoints/${e.id}`} className="mono break">
                {e.url}
              </Link>
              {e.description && <span className="cell-note">{e.description}</span>}
            </th>
            <td data-label="Events">{e.event_types.includes("*") ? "All events" : e.event_types.join(", ")}</td>
            <td data-label="Status">
              <StatusBadge status={e.enabled ? "enabled" : "disabled"} />
              {e.disabled_reason && <span className="cell-note">{e.disabled_reason}</span>}
            </td>
            <td data-label="Created" className="nowrap">
              {day(e.created_at)}
            </td>
            <td data-label="Actions" className="row-actions">
              <EndpointActions endpoint={e} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CreateEndpointForm({ failure }: { failure?: FormFailure }) {
  const values = failure?.values;
  const fields = failure?.fields ?? {};
  const checked = new Set((values?.event_types ?? "").split(","));
  const typeError = Object.entries(fields).find(([field]) => field.startsWith("event_types"))?.[1];
  return (
    <Form method="post" className="card form narrow-form" aria-labelledby="create-endpoint-title" noValidate>
      <h3 id="create-endpoint-title">Add an endpoint</h3>
      <FormAlert message={failure?.message} />
      <TextField
        label="URL"
        name="url"
        type="url"
        required
        inputMode="url"
        autoCapitalize="none"
        spellCheck={false}
        placeholder="https://erp.example.com/webhooks/fabquote"
        defaultValue={values?.url}
        error={fields.url}
        hint="https on port 443, on a public host name."
      />
      <TextField label="Description" name="description" optional maxLength={500} defaultValue={values?.description} error={fields.description} />
      <fieldset aria-describedby={typeError ? "event-types-error" : undefined}>
        <legend>Events to send</legend>
        <div className="checkbox-grid">
          <label className="checkbox">
            <input type="checkbox" name="event_types" value="*" defaultChecked={checked.has("*")} />
            <span>
              All events, including future ones <code>*</code>
            </span>
          </label>
          {OUTBOUND_EVENT_TYPES.map((t) => (
            <label key={t} className="checkbox">
              <input type="checkbox" name="event_types" value={t} defaultChecked={checked.has(t)} />
              <span>
                <code>{t}</code>
              </span>
            </label>
          ))}
        </div>
        {typeError && (
          <p id="event-types-error" className="field-error">
            {typeError}
          </p>
        )}
      </fieldset>
      <label className="checkbox checkbox-inline">
        <input type="checkbox" name="enabled" value="on" defaultChecked={values ? values.enabled === "on" : true} />
        <span>Start sending at once</span>
      </label>
      <SubmitButton name="intent" value="create" pendingLabel="Adding endpoint…" pendingWhen={({ formData }) => formData.get("intent") === "create"}>
        Add endpoint
      </SubmitButton>
    </Form>
  );
}
