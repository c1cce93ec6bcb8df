import { data, Form } from "react-router";
import type { Route } from "./+types/domains";
import { CopyButton } from "../../components/CopyButton.tsx";
import { FormAlert } from "../../components/FormAlert.tsx";
import { PageTitle } from "../../components/PageTitle.tsx";
import { SubmitButton } from "../../components/SubmitButton.tsx";
import { TextField } from "../../components/TextField.tsx";
import { callApi, errorPage, sendApi } from "../../api/client.ts";
import { formFailure, text } from "../../lib/forms.ts";
import { requireAdmin } from "../../lib/session.server.ts";
import { useFormat } from "../../format/use-format.ts";

interface Domain {
  id: string;
  hostname: string;
  status: "pending" | "active" | "failed";
  dns_records: { type: string; name: string; value: string }[];
  problem: string | null;
  checked_at: string | null;
  verified_at: string | null;
}

const STATUS_LABELS: Record<Domain["status"], string> = { pending: "Waiting for DNS", active: "Live", failed: "Failed" };

/** Loading the page asks the provider about pending hostnames again, so "Check again" is a reload. */
export async function loader({ request, context }: Route.LoaderArgs) {
  requireAdmin({ request, context });
  const result = await callApi<Domain[]>({ request, context }, "/tenant/domains");
  if (!result.ok) throw errorPage(result);
  return { domains: result.data };
}

export async function action({ request, context }: Route.ActionArgs) {
  const args = { request, context };
  requireAdmin(args);
  const form = await request.formData();
  if (form.get("intent") === "remove") {
    const removed = await sendApi<Domain>(args, `/tenant/domains/${encodeURIComponent(text(form, "id"))}`, undefined, "DELETE");
    return removed.ok ? data({ removed: removed.data.hostname }) : data({ failure: formFailure(removed.error, {}) }, { status: removed.status });
  }
  const values = { hostname: text(form, "hostname") };
  const added = await sendApi<Domain>(args, "/tenant/domains", values);
  return added.ok
    ? data({ added: added.data.hostname })
    : data({ failure: formFailure(added.error, values, { hostname: "Hostname" }) }, { status: added.status });
}

export default function Domains({ loaderData, actionData }: Route.ComponentProps) {
  const { moment } = useFormat();
  const failure = actionData && "failure" in actionData ? actionData.failure : undefined;
  return (
    <section aria-labelledby="domains-title">
      <PageTitle>Custom domains</PageTitle>
      <h2 id="domains-title">Custom domains</h2>
      <p className="section-intro">
        Serve your storefront on your own address, like quotes.your-company.com. Add the hostname, create the DNS records shown at your DNS provider, and the
        storefront goes live on it with its own certificate once the records are found (usually within minutes, at most a day).
      </p>
      <FormAlert tone="success" message={actionData && "added" in actionData ? `${actionData.added} added: create the records below.` : undefined} />
      <FormAlert tone="success" message={actionData && "removed" in actionData ? `${actionData.removed} removed.` : undefined} />
      <FormAlert message={failure && !failure.fields.hostname ? failure.message : undefined} />
      <Form method="post" className="card form" noValidate key={actionData && "added" in actionData ? actionData.added : "form"}>
        <TextField
          label="Hostname"
          name="hostname"
          placeholder="quotes.your-company.com"
          defaultValue={failure?.values.hostname}
          error={failure?.fields.hostname}
          hint="A subdomain of a domain you own. Your shop's own address keeps working."
          autoComplete="off"
          spellCheck={false}
          required
        />
        <SubmitButton name="intent" value="add" pendingLabel="Adding…">
          Add hostname
        </SubmitButton>
      </Form>
      {loaderData.domains.length === 0 ? (
        <p className="muted">No custom domains yet.</p>
      ) : (
        loaderData.domains.map((d) => (
          <article key={d.id} className="card domain" aria-label={d.hostname} data-status={d.status}>
            <header className="domain-head">
              <h3>{d.hostname}</h3>
              <span className={`badge badge-${d.status === "active" ? "active" : d.status === "failed" ? "revoked" : "neutral"}`} data-testid="domain-status">
                {STATUS_LABELS[d.status]}
              </span>
            </header>
            {d.status === "active" ? (
              <p>
                Your storefront is live at{" "}
                <a href={`https://${d.hostname}/`} target="_blank" rel="noreferrer">
                  https://{d.hostname}/
                </a>
                {d.verified_at ? ` since ${moment(d.verified_at)}` : ""}. Keep the records in place.
              </p>
            ) : (
              <>
                {d.problem && <p className={d.status === "failed" ? "field-error" : "muted"}>{d.problem}</p>}
                <p>Create these records at your DNS provider:</p>
              </>
            )}
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Type</th>
                    <th scope="col">Name</th>
                    <th scope="col">Value</th>
                  </tr>
                </thead>
                <tbody>
                  {d.dns_records.map((r) => (
                    <tr key={`${r.type} ${r.name}`}>
                      <td>{r.type}</td>
                      <td>
                        <code>{r.name}</code> <CopyButton value={r.name} />
                      </td>
                      <td>
                        <code>{r.value}</code> <CopyButton value={r.value} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="actions">
              {d.status === "pending" && (
                <Form method="get">
                  <SubmitButton variant="secondary" pendingLabel="Checking…">
                    Check again
                  </SubmitButton>
                </Form>
              )}
              <Form method="post">
                <input type="hidden" name="id" value={d.id} />
                <SubmitButton name="intent" value="remove" variant="ghost" pendingLabel="Removing…">
                  Remove {d.hostname}
                </SubmitButton>
              </Form>
            </div>
            {d.checked_at && d.status !== "active" && <p className="field-hint">Last checked {moment(d.checked_at)}.</p>}
          </article>
        ))
      )}
    </section>
  );
}
