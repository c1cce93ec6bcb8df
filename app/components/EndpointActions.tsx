import { Form, Link } from "react-router";
import type { EndpointActionResult } from "../lib/webhook-endpoints.server.ts";
import type { WebhookEndpoint } from "../lib/webhooks.ts";
import { FormAlert } from "./FormAlert.tsx";
import { SubmitButton } from "./SubmitButton.tsx";

/** What an enable, disable, test or delete said, with a link to the log after a test. */
export function EndpointActionNotice({ result }: { result: EndpointActionResult }) {
  if ("failure" in result) return <FormAlert message={result.failure.message} />;
  return (
    <div aria-live="polite" className="alert-slot">
      <p className="alert alert-success">
        {result.notice}
        {result.tested && (
          <>
            {" "}
            <Link to={`/admin/webhooks/endpoints/${result.tested}`}>Open its delivery log</Link>
          </>
        )}
      </p>
    </div>
  );
}

/** Test, enable or disable, open the log and delete: the list shows them all, the endpoint's own page the first two. */
export function EndpointActions({ endpoint, onListPage = true }: { endpoint: WebhookEndpoint; onListPage?: boolean }) {
  const mine =
    (intent: string) =>
    ({ formData }: { formData: FormData }) =>
      formData.get("intent") === intent && formData.get("id") === endpoint.id;
  return (
    <div className="action-stack">
      <Form method="post" className="inline-form">
        <input type="hidden" name="id" value={endpoint.id} />
        {endpoint.enabled && (
          <SubmitButton name="intent" value="test" variant="secondary" pendingLabel="Sending…" pendingWhen={mine("test")}>
            Send test event<span className="visually-hidden"> to {endpoint.url}</span>
          </SubmitButton>
        )}
        <SubmitButton
          name="intent"
          value={endpoint.enabled ? "disable" : "enable"}
          variant="secondary"
          pendingLabel={endpoint.enabled ? "Disabling…" : "Enabling…"}
          pendingWhen={mine(endpoint.enabled ? "disable" : "enable")}
        >
          {endpoint.enabled ? "Disable" : "Enable"}
          <span className="visually-hidden"> {endpoint.url}</span>
        </SubmitButton>
        {onListPage && (
          <Link to={`/admin/webhooks/endpoints/${endpoint.id}`} className="button button-ghost">
            Delivery log<span className="visually-hidden"> of {endpoint.url}</span>
          </Link>
        )}
      </Form>
      {onListPage && (
        <details className="disclosure">
          <summary>
            Delete…<span className="visually-hidden"> {endpoint.url}</span>
          </summary>
          <Form method="post" className="disclosure-body">
            <input type="hidden" name="id" value={endpoint.id} />
            <p>Pending deliveries to this endpoint stop.</p>
            <SubmitButton name="intent" value="delete" variant="danger" pendingLabel="Deleting…" pendingWhen={mine("delete")}>
              Delete endpoint
            </SubmitButton>
          </Form>
        </details>
      )}
    </div>
  );
}
