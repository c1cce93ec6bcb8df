import { data, Form } from "react-router";
import type { Route } from "./+types/api-keys";
import { Pager } from "../../components/Pager.tsx";
import { CopyButton } from "../../components/CopyButton.tsx";
import { FormAlert } from "../../components/FormAlert.tsx";
import { PageTitle } from "../../components/PageTitle.tsx";
import { SubmitButton } from "../../components/SubmitButton.tsx";
import { TextField } from "../../components/TextField.tsx";
import { errorPage, callApi, sendApi } from "../../api/client.ts";
import { useFormat } from "../../format/use-format.ts";
import { formFailure, text, type FormFailure } from "../../lib/forms.ts";
import { requireAdmin } from "../../lib/session.server.ts";
import { SCOPE_LABELS } from "../../../shared/access.ts";

interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  tier: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  created_at: string | null;
}

/** The scopes the form offers, in the order the shared list gives them. */
const SCOPES = Object.entries(SCOPE_LABELS).map(([value, label]) => ({ value, label }));

/** Rate-limit tiers, as the API enforces them (worker/rate-limits/tiers.ts). */
const TIERS = [
  { value: "standard", label: "Standard: 100 a minute, 5,000 an hour, 100,000 a day" },
  { value: "premium", label: "Premium: 500 a minute, 20,000 an hour, 500,000 a day" },
  { value: "internal", label: "Internal: 1,000 a minute, no hourly or daily limit" },
] as const;

const EXPIRY_DAYS = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "", label: "Never" },
];

type KeyStatus = "active" | "expired" | "revoked";

export async function loader({ request, context }: Route.LoaderArgs) {
  requireAdmin({ request, context });
  const cursor = new URL(request.url).searchParams.get("cursor");
  const query = new URLSearchParams({ limit: "50", ...(cursor ? { cursor } : {}) });
  const result = await callApi<ApiKey[]>({ request, context }, `/api-keys?${query}`);
  if (!result.ok) throw errorPage(result);
  const now = Date.now();
  // The status is decided here, once, so server and browser render the same thing.
  const status = (k: ApiKey): KeyStatus => (k.revoked_at ? "revoked" : k.expires_at && Date.parse(k.expires_at) <= now ? "expired" : "active");
  return { keys: result.data.map((k) => ({ ...k, status: status(k) })), nextCursor: result.pagination?.next_cursor ?? null, paged: cursor !== null };
}

type ActionResult =
  | { issued: { id: string; name: string; key: string; rotated: boolean } }
  | { revoked: string }
  | { tiered: { name: string; tier: string } }
  | { failure: FormFailure; intent: string };

export async function action({ request, context }: Route.ActionArgs) {
  const args = { request, context };
  requireAdmin(args);
  const form = await request.formData();
  const intent = text(form, "intent");
  const id = encodeURIComponent(text(form, "id"));
  if (intent === "create") {
    const values = {
      name: text(form, "name"),
      tier: text(form, "tier"),
      expires_in_days: text(form, "expires_in_days"),
      scopes: form.getAll("scopes").join(","),
    };
    const result = await sendApi<ApiKey & { key: string }>(args, "/api-keys", {
      name: values.name,
      scopes: form.getAll("scopes"),
      tier: values.tier || "standard",
      ...(values.expires_in_days ? { expires_in_days: Number(values.expires_in_days) } : {}),
    });
    if (!result.ok)
      return data<ActionResult>(
        { failure: formFailure(result.error, values, { name: "Name", scopes: "Scopes:", tier: "Rate limit", expires_in_days: "Expiry" }), intent },
        { status: result.status },
      );
    return data<ActionResult>({ issued: { id: result.data.id, name: result.data.name, key: result.data.key, rotated: false } }, { status: 201 });
  }
  if (intent === "rotate") {
    const result = await sendApi<ApiKey & { key: string }>(args, `/api-keys/${id}/rotate`);
    if (!result.ok) return data<ActionResult>({ failure: formFailure(result.error, {}), intent }, { status: result.status });
    return data<ActionResult>({ issued: { id: result.data.id, name: result.data.name, key: result.data.key, rotated: true } }, { status: 201 });
  }
  if (intent === "tier") {
    const result = await sendApi<ApiKey>(args, `/api-keys/${id}`, { tier: text(form, "tier") }, "PATCH");
    if (!result.ok) return data<ActionResult>({ failure: formFailure(result.error, {}), intent }, { status: result.status });
    return data<ActionResult>({ tiered: { name: result.data.name, tier: result.data.tier } });
  }
  if (intent === "revoke") {
    const result = await sendApi<ApiKey>(args, `/api-keys/${id}`, undefined, "DELETE");
    if (!result.ok) return data<ActionResult>({ failure: formFailure(result.error, {}), intent }, { status: result.status });
    return data<ActionResult>({ revoked: result.data.name });
  }
  throw data("Unknown action", { status: 400 });
}

export default function ApiKeys({ loaderData, actionData }: Route.ComponentProps) {
  const result = actionData as ActionResult | undefined;
  const failed = result && "failure" in result ? result : undefined;
  const notice =
    result && "revoked" in result
      ? `Revoked “${result.revoked}”. It no longer works.`
      : result && "tiered" in result
        ? `“${result.tiered.name}” is now on the ${result.tiered.tier} rate limit.`
        : undefined;
  return (
    <section aria-labelledby="keys-title">
      <PageTitle>API keys</PageTitle>
      <h2 id="keys-title">API keys</h2>
      <p className="section-intro">
        Keys let your own systems (an ERP, a sales hub) use this shop's API. Give each system its own key with only the scopes it needs.
      </p>
      {result && "issued" in result && <NewKeyNotice name={result.issued.name} secret={result.issued.key} rotated={result.issued.rotated} />}
      <FormAlert tone="success" message={notice} />
      <FormAlert message={failed && failed.intent !== "create" ? failed.failure.message : undefined} />
      <KeyList keys={loaderData.keys} />
      <Pager
        label="Pages of API keys"
        path="/admin/api-keys"
        nextCursor={loaderData.nextCursor}
        paged={loaderData.paged}
        first="Newest keys"
        next="Older keys"
      />
      <CreateKeyForm key={result && "issued" in result ? result.issued.id : "create"} failure={failed?.intent === "create" ? failed.failure : undefined} />
    </section>
  );
}

/** The secret exists only in this response: the server keeps a hash of it. */
function NewKeyNotice({ name, secret, rotated }: { name: string; secret: string; rotated: boolean }) {
  return (
    <div className="new-key" role="status">
      <h3>{rotated ? `New key for “${name}”` : `Your new key “${name}”`}</h3>
      <p className="warning">
        <strong>Copy it now: it will not be shown again.</strong> Store it in your system's secret store; anyone holding it can act for this shop.
        {rotated && " The old key keeps working for 24 hours, so you can switch over."}
      </p>
      <div className="key-box">
        <label htmlFor="new-key-value" className="visually-hidden">
          New API key
        </label>
        <input id="new-key-value" readOnly value={secret} className="mono" onFocus={(e) => e.currentTarget.select()} />
        <CopyButton value={secret} label="Copy key" />
      </div>
    </div>
  );
}

function KeyList({ keys }: { keys: Awaited<ReturnType<typeof loader>>["keys"] }) {
  const { day } = useFormat();
  if (keys.length === 0) return <p className="empty-inline">No API keys yet.</p>;
  return (
    <table className="data-table">
      <caption className="visually-hidden">API keys</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Key</th>
          <th scope="col">Scopes</th>
          <th scope="col">Rate limit</th>
          <th scope="col">Created</th>
          <th scope="col">Expires</th>
          <th scope="col">Last used</th>
          <th scope="col">Status</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {keys.map((k) => (
          <tr key={k.id} data-key-id={k.id}>
            <th scope="row" data-label="Name">
              {k.name}
            </th>
            <td data-label="Key" className="mono">
              fq_{k.prefix}_…
            </td>
            <td data-label="Scopes">{k.scopes.join(", ")}</td>
            <td data-label="Rate limit">{k.status === "revoked" ? k.tier : <TierForm id={k.id} name={k.name} tier={k.tier} />}</td>
            <td data-label="Created" className="nowrap">
              {day(k.created_at)}
            </td>
            <td data-label="Expires" className="nowrap">
              {k.expires_at ? day(k.expires_at) : "Never"}
            </td>
            <td data-label="Last used" className="nowrap">
              {k.last_used_at ? day(k.last_used_at) : "Never"}
            </td>
            <td data-label="Status">
              <span className={`badge badge-${k.status}`}>{k.status}</span>
            </td>
            <td data-label="Actions" className="row-actions">
              {k.status !== "revoked" && <KeyActions id={k.id} name={k.name} />}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The tier takes effect on the key's next request. */
function TierForm({ id, name, tier }: { id: string; name: string; tier: string }) {
  return (
    <Form method="post" className="inline-form" aria-label={`Rate limit of key ${name}`}>
      <input type="hidden" name="id" value={id} />
      <label htmlFor={`tier-${id}`} className="visually-hidden">
        Rate limit of {name}
      </label>
      <select id={`tier-${id}`} name="tier" defaultValue={tier}>
        {TIERS.map((t) => (
          <option key={t.value} value={t.value} title={t.label}>
            {t.value}
          </option>
        ))}
      </select>
      <SubmitButton
        name="intent"
        value="tier"
        variant="secondary"
        pendingLabel="Saving…"
        pendingWhen={({ formData }) => formData.get("intent") === "tier" && formData.get("id") === id}
      >
        Save<span className="visually-hidden"> rate limit of {name}</span>
      </SubmitButton>
    </Form>
  );
}

function KeyActions({ id, name }: { id: string; name: string }) {
  const mine =
    (intent: string) =>
    ({ formData }: { formData: FormData }) =>
      formData.get("intent") === intent && formData.get("id") === id;
  return (
    <Form method="post" className="inline-form" aria-label={`Actions for key ${name}`}>
      <input type="hidden" name="id" value={id} />
      <SubmitButton name="intent" value="rotate" variant="secondary" pendingLabel="Rotating…" pendingWhen={mine("rotate")}>
        Rotate<span className="visually-hidden"> {name}</span>
      </SubmitButton>
      <SubmitButton name="intent" value="revoke" variant="danger" pendingLabel="Revoking…" pendingWhen={mine("revoke")}>
        Revoke<span className="visually-hidden"> {name}</span>
      </SubmitButton>
    </Form>
  );
}

function CreateKeyForm({ failure }: { failure?: FormFailure }) {
  const values = failure?.values ?? {};
  const checked = new Set((values.scopes ?? "").split(","));
  return (
    <Form method="post" className="card form create-key" aria-labelledby="create-key-title" noValidate>
      <h3 id="create-key-title">Create a key</h3>
      <FormAlert message={failure?.message} />
      <TextField label="Name" name="name" required placeholder="e.g. ERP integration" defaultValue={values.name} error={failure?.fields.name} />
      <fieldset aria-describedby={failure?.fields.scopes ? "scopes-error" : undefined}>
        <legend>Scopes</legend>
        <div className="checkbox-grid">
          {SCOPES.map((s) => (
            <label key={s.value} className="checkbox">
              <input type="checkbox" name="scopes" value={s.value} defaultChecked={checked.has(s.value)} />
              <span>
                {s.label} <code>{s.value}</code>
              </span>
            </label>
          ))}
        </div>
        {failure?.fields.scopes && (
          <p id="scopes-error" className="field-error">
            {failure.fields.scopes}
          </p>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor="field-tier">Rate limit</label>
        <select id="field-tier" name="tier" defaultValue={values.tier ?? "standard"}>
          {TIERS.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="field-expires_in_days">Expires after</label>
        <select id="field-expires_in_days" name="expires_in_days" defaultValue={values.expires_in_days ?? "90"}>
          {EXPIRY_DAYS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <SubmitButton name="intent" value="create" pendingLabel="Creating key…" pendingWhen={({ formData }) => formData.get("intent") === "create"}>
        Create key
      </SubmitButton>
    </Form>
  );
}
