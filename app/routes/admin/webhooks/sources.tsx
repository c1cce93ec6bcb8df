import { data, Form } from "react-router";
import type { Route } from "./+types/sources";
import { FormAlert } from "../../../components/FormAlert.tsx";
import { OneTimeSecret } from "../../../components/OneTimeSecret.tsx";
import { PageTitle } from "../../../components/PageTitle.tsx";
import { SubmitButton } from "../../../components/SubmitButton.tsx";
import { TextField } from "../../../components/TextField.tsx";
import { errorPage, callApi, sendApi } from "../../../api/client.ts";
import { useFormat } from "../../../format/use-format.ts";
import { formFailure, text, type FormFailure } from "../../../lib/forms.ts";
import type { WebhookSource } from "../../../lib/webhooks.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const result = await callApi<WebhookSource[]>({ request, context }, "/webhooks/sources?limit=100");
  if (!result.ok) throw errorPage(result);
  // Partners post to the shop's own host, so the full address is this page's origin plus the source's path.
  return { sources: result.data, origin: new URL(request.url).origin };
}

type ActionResult =
  | { secret: { id: string; name: string; value: string; rotated: boolean } }
  | { notice: string }
  | { failure: FormFailure; intent: string; id?: string };

const LABELS = { name: "Name", secret: "Signing secret", tolerance_seconds: "Timestamp tolerance" };

export async function action({ request, context }: Route.ActionArgs) {
  const args = { request, context };
  const form = await request.formData();
  const intent = text(form, "intent");
  const id = text(form, "id");
  const path = `/webhooks/sources/${encodeURIComponent(id)}`;
  if (intent === "create") {
    const values = { name: text(form, "name"), scheme: text(form, "scheme"), secret: text(form, "secret"), tolerance_seconds: text(form, "tolerance_seconds") };
    const result = await sendApi<WebhookSource & { secret: string }>(args, "/webhooks/sources", {
      name: values.name,
      scheme: values.scheme || "standard",
      ...(values.secret ? { secret: values.secret } : {}),
      ...(values.tolerance_seconds ? { tolerance_seconds: Number(values.tolerance_seconds) } : {}),
    });
    if (!result.ok) return data<ActionResult>({ failure: formFailure(result.error, { ...values, secret: "" }, LABELS), intent }, { status: result.status });
    return data<ActionResult>({ secret: { id: result.data.id, name: result.data.name, value: result.data.secret, rotated: false } }, { status: 201 });
  }
  if (intent === "rotate") {
    const secret = text(form, "secret");
    const result = await sendApi<WebhookSource & { secret?: string }>(args, path, { rotate_secret: true, ...(secret ? { secret } : {}) }, "PATCH");
    if (!result.ok) return data<ActionResult>({ failure: formFailure(result.error, {}, LABELS), intent, id }, { status: result.status });
    return data<ActionResult>({ secret: { id, name: result.data.name, value: result.data.secret ?? secret, rotated: true } });
  }
  if (intent === "retire") {
    const result = await sendApi<WebhookSource>(args, path, { retire_previous: true }, "PATCH");
    if (!result.ok) return data<ActionResult>({ failure: formFailure(result.error, {}), intent, id }, { status: result.status });
    return data<ActionResult>({ notice: `Retired the previous secret of “${result.data.name}”. Only the newest one verifies now.` });
  }
  if (intent === "delete") {
    const result = await sendApi<{ id: string }>(args, path, undefined, "DELETE");
    if (!result.ok) return data<ActionResult>({ failure: formFailure(result.error, {}), intent, id }, { status: result.status });
    return data<ActionResult>({ notice: `Deleted the source “${text(form, "name")}”. Its webhooks are refused from now on.` });
  }
  throw data("Unknown action", { status: 400 });
}

export default function Sources({ loaderData, actionData }: Route.ComponentProps) {
  const result = actionData as ActionResult | undefined;
  const failed = result && "failure" in result ? result : undefined;
  return (
    <>
      <PageTitle>Webhook sources</PageTitle>
      <h3>Sources</h3>
      <p className="section-intro">
        A source is a partner that sends us webhooks. Give the partner its address and secret; we check every event's signature and timestamp and take each
        event id only once.
      </p>
      {result && "secret" in result && (
        <OneTimeSecret
          title={result.secret.rotated ? `New secret for “${result.secret.name}”` : `Source “${result.secret.name}” is ready`}
          label="Source signing secret"
          secret={result.secret.value}
        >
          Give it to the partner to sign their webhooks with.
          {result.secret.rotated && " The previous secret keeps verifying until you retire it, so the partner can switch over."}
        </OneTimeSecret>
      )}
      <FormAlert tone="success" message={result && "notice" in result ? result.notice : undefined} />
      <FormAlert message={failed && failed.intent !== "create" ? failed.failure.message : undefined} />
      <SourceList sources={loaderData.sources} origin={loaderData.origin} />
      <CreateSourceForm key={result && "secret" in result ? result.secret.id : "create"} failure={failed?.intent === "create" ? failed.failure : undefined} />
    </>
  );
}

function SourceList({ sources, origin }: { sources: WebhookSource[]; origin: string }) {
  const { day } = useFormat();
  if (sources.length === 0) return <p className="empty-inline">No sources yet.</p>;
  return (
    <table className="data-table">
      <caption className="visually-hidden">Webhook sources</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Address</th>
          <th scope="col">Signature</th>
          <th scope="col">Secrets</th>
          <th scope="col">Created</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {sources.map((s) => (
          <tr key={s.id}>
            <th scope="row" data-label="Name">
              {s.name}
            </th>
            <td data-label="Address" className="mono break">
              {origin}
              {s.path}
            </td>
            <td data-label="Signature">
              {s.scheme === "stripe" ? "Stripe" : "Standard Webhooks"}
              <br />
              <span className="muted">±{s.tolerance_seconds} s</span>
            </td>
            <td data-label="Secrets">
              {s.secrets.length === 1 ? "1 active" : `${s.secrets.length} active (rotating)`}
              <br />
              <span className="muted mono">{s.secrets.map((x) => `…${x.hint}`).join(", ")}</span>
            </td>
            <td data-label="Created" className="nowrap">
              {day(s.created_at)}
            </td>
            <td data-label="Actions" className="row-actions">
              <SourceActions source={s} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SourceActions({ source }: { source: WebhookSource }) {
  const mine =
    (intent: string) =>
    ({ formData }: { formData: FormData }) =>
      formData.get("intent") === intent && formData.get("id") === source.id;
  return (
    <div className="action-stack">
      {source.scheme === "standard" ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="id" value={source.id} />
          <SubmitButton name="intent" value="rotate" variant="secondary" pendingLabel="Rotating…" pendingWhen={mine("rotate")}>
            Rotate secret<span className="visually-hidden"> of {source.name}</span>
          </SubmitButton>
          {source.secrets.length > 1 && (
            <SubmitButton name="intent" value="retire" variant="secondary" pendingLabel="Retiring…" pendingWhen={mine("retire")}>
              Retire previous<span className="visually-hidden"> secret of {source.name}</span>
            </SubmitButton>
          )}
        </Form>
      ) : (
        <details className="disclosure">
          <summary>
            Rotate secret<span className="visually-hidden"> of {source.name}</span>
          </summary>
          <Form method="post" className="disclosure-body">
            <input type="hidden" name="id" value={source.id} />
            <div className="field">
              <label htmlFor={`rotate-${source.id}`}>Stripe's new signing secret</label>
              <input id={`rotate-${source.id}`} name="secret" required autoComplete="off" spellCheck={false} placeholder="whsec_…" />
            </div>
            <SubmitButton name="intent" value="rotate" variant="secondary" pendingLabel="Rotating…" pendingWhen={mine("rotate")}>
              Add the new secret
            </SubmitButton>
          </Form>
          {source.secrets.length > 1 && (
            <Form method="post" className="disclosure-body">
              <input type="hidden" name="id" value={source.id} />
              <SubmitButton name="intent" value="retire" variant="secondary" pendingLabel="Retiring…" pendingWhen={mine("retire")}>
                Retire previous secret
              </SubmitButton>
            </Form>
          )}
        </details>
      )}
      <details className="disclosure">
        <summary>
          Delete…<span className="visually-hidden"> {source.name}</span>
        </summary>
        <Form method="post" className="disclosure-body">
          <input type="hidden" name="id" value={source.id} />
          <input type="hidden" name="name" value={source.name} />
          <p>Webhooks sent to this address will be refused.</p>
          <SubmitButton name="intent" value="delete" variant="danger" pendingLabel="Deleting…" pendingWhen={mine("delete")}>
            Delete {source.name}
          </SubmitButton>
        </Form>
      </details>
    </div>
  );
}

function CreateSourceForm({ failure }: { failure?: FormFailure }) {
  const values = failure?.values ?? {};
  const fields = failure?.fields ?? {};
  return (
    <Form method="post" className="card form narrow-form" aria-labelledby="create-source-title" noValidate>
      <h3 id="create-source-title">Add a source</h3>
      <FormAlert message={failure?.message} />
      <TextField
        label="Name"
        name="name"
        required
        autoCapitalize="none"
        spellCheck={false}
        placeholder="e.g. nexus"
        defaultValue={values.name}
        error={fields.name}
        hint="Lowercase letters, digits and hyphens. It becomes part of the address: /webhooks/name."
      />
      <fieldset>
        <legend>Signature scheme</legend>
        <div className="checkbox-grid">
          <label className="checkbox">
            <input type="radio" name="scheme" value="standard" defaultChecked={values.scheme !== "stripe"} />
            <span>
              Standard Webhooks <code>webhook-signature</code>
            </span>
          </label>
          <label className="checkbox">
            <input type="radio" name="scheme" value="stripe" defaultChecked={values.scheme === "stripe"} />
            <span>
              Stripe <code>Stripe-Signature</code>
            </span>
          </label>
        </div>
      </fieldset>
      <TextField
        label="Signing secret"
        name="secret"
        optional
        autoComplete="off"
        spellCheck={false}
        placeholder="whsec_…"
        error={fields.secret}
        hint="Required for Stripe: the endpoint's signing secret from Stripe's dashboard. For Standard Webhooks leave it empty and we generate one."
      />
      <TextField
        label="Timestamp tolerance (seconds)"
        name="tolerance_seconds"
        type="number"
        inputMode="numeric"
        min={30}
        max={3600}
        defaultValue={values.tolerance_seconds || "300"}
        error={fields.tolerance_seconds}
        hint="Events signed longer ago (or further ahead) than this are refused."
      />
      <SubmitButton name="intent" value="create" pendingLabel="Adding source…" pendingWhen={({ formData }) => formData.get("intent") === "create"}>
        Add source
      </SubmitButton>
    </Form>
  );
}
