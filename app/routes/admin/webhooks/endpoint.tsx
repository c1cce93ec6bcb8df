import { Form, Link } from "react-router";
import type { Route } from "./+types/endpoint";
import { Pager } from "../../../components/Pager.tsx";
import { EndpointActionNotice, EndpointActions } from "../../../components/EndpointActions.tsx";
import { OneTimeSecret } from "../../../components/OneTimeSecret.tsx";
import { PageTitle } from "../../../components/PageTitle.tsx";
import { StatusBadge } from "../../../components/StatusBadge.tsx";
import { SubmitButton } from "../../../components/SubmitButton.tsx";
import { errorPage, callApi } from "../../../api/client.ts";
import { useFormat } from "../../../format/use-format.ts";
import { endpointAction } from "../../../lib/webhook-endpoints.server.ts";
import type { DeliveryAttempt, WebhookEndpoint } from "../../../lib/webhooks.ts";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const args = { request, context };
  const search = new URL(request.url).searchParams;
  const cursor = search.get("cursor");
  const id = encodeURIComponent(params.id);
  const query = new URLSearchParams({ limit: "25", ...(cursor ? { cursor } : {}) });
  const [endpoint, attempts] = await Promise.all([
    callApi<WebhookEndpoint>(args, `/webhooks/endpoints/${id}`),
    callApi<DeliveryAttempt[]>(args, `/webhooks/endpoints/${id}/deliveries?${query}`),
  ]);
  if (!endpoint.ok) throw errorPage(endpoint);
  if (!attempts.ok) throw errorPage(attempts);
  return { endpoint: endpoint.data, attempts: attempts.data, nextCursor: attempts.pagination?.next_cursor ?? null, paged: cursor !== null };
}

export async function action({ request, context }: Route.ActionArgs) {
  return endpointAction({ request, context }, await request.formData());
}

const BREAKER_TEXT = {
  closed: "Closed: deliveries flow normally.",
  open: "Open: deliveries are paused after repeated failures; a probe is sent after 60 seconds.",
  half_open: "Half open: the next delivery is a probe; success closes the breaker.",
};

export default function EndpointLog({ loaderData, actionData }: Route.ComponentProps) {
  const { moment } = useFormat();
  const { endpoint, attempts, nextCursor, paged } = loaderData;
  const breaker = endpoint.breaker;
  const here = `/admin/webhooks/endpoints/${endpoint.id}`;
  return (
    <>
      <PageTitle>Endpoint delivery log</PageTitle>
      <p className="breadcrumb">
        <Link to="/admin/webhooks/endpoints">All endpoints</Link>
      </p>
      <h3 className="endpoint-title mono break">{endpoint.url}</h3>
      {actionData && "secret" in actionData && actionData.secret ? (
        <OneTimeSecret title="New signing secret" label="Endpoint signing secret" secret={actionData.secret}>
          Update the partner's verification with it: deliveries are signed with it from now on.
        </OneTimeSecret>
      ) : (
        actionData && <EndpointActionNotice result={actionData} />
      )}
      <div className="card endpoint-facts">
        <dl className="facts facts-grid">
          <div>
            <dt>Status</dt>
            <dd>
              <StatusBadge status={endpoint.enabled ? "enabled" : "disabled"} />
              {endpoint.disabled_reason && <span className="cell-note">{endpoint.disabled_reason}</span>}
            </dd>
          </div>
          <div>
            <dt>Circuit breaker</dt>
            <dd>
              {breaker ? (
                <>
                  <StatusBadge status={breaker.state} />
                  <span className="cell-note">
                    {BREAKER_TEXT[breaker.state]} {breaker.consecutive_failures} failure{breaker.consecutive_failures === 1 ? "" : "s"} in a row
                    {breaker.opened_at && `; opened ${moment(breaker.opened_at)}`}.
                  </span>
                </>
              ) : (
                "—"
              )}
            </dd>
          </div>
          <div>
            <dt>Events</dt>
            <dd>{endpoint.event_types.includes("*") ? "All events" : endpoint.event_types.join(", ")}</dd>
          </div>
          {endpoint.description && (
            <div>
              <dt>Description</dt>
              <dd>{endpoint.description}</dd>
            </div>
          )}
        </dl>
        <div className="endpoint-actions">
          <EndpointActions endpoint={endpoint} onListPage={false} />
          <Form method="post" className="inline-form">
            <input type="hidden" name="id" value={endpoint.id} />
            <SubmitButton
              name="intent"
              value="rotate"
              variant="secondary"
              pendingLabel="Rotating…"
              pendingWhen={({ formData }) => formData.get("intent") === "rotate"}
            >
              Rotate signing secret
            </SubmitButton>
          </Form>
        </div>
      </div>

      <div className="log-head">
        <h3 id="log-title">Delivery log</h3>
        <Link to={here} className="button button-ghost">
          Refresh
        </Link>
      </div>
      {attempts.length === 0 ? (
        <p className="empty-inline">No delivery attempts yet. Send a test event, then refresh.</p>
      ) : (
        <table className="data-table delivery-log" aria-labelledby="log-title">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">Attempt</th>
              <th scope="col">Answer</th>
              <th scope="col">Latency</th>
              <th scope="col">Delivery</th>
              <th scope="col">Response</th>
            </tr>
          </thead>
          <tbody>
            {attempts.map((a) => (
              <tr key={a.id}>
                <th scope="row" data-label="When" className="nowrap">
                  {moment(a.created_at)}
                </th>
                <td data-label="Event">
                  <code>{a.event_type}</code>
                  <span className="cell-note mono">{a.event_id}</span>
                </td>
                <td data-label="Attempt">#{a.attempt}</td>
                <td data-label="Answer">
                  {a.status_code === null ? (
                    <StatusBadge status="failed" label="No answer" />
                  ) : (
                    <StatusBadge status={a.status_code >= 200 && a.status_code < 300 ? "succeeded" : "failed"} label={`HTTP ${a.status_code}`} />
                  )}
                </td>
                <td data-label="Latency" className="nowrap">
                  {a.latency_ms} ms
                </td>
                <td data-label="Delivery">
                  <StatusBadge status={a.delivery_status} />
                </td>
                <td data-label="Response" className="response-cell">
                  {a.error && <span className="cell-error">{a.error}</span>}
                  {a.response_snippet ? <pre className="snippet">{a.response_snippet}</pre> : !a.error && <span className="muted">Empty</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager label="Pages of the delivery log" path={here} nextCursor={nextCursor} paged={paged} first="Newest attempts" next="Older attempts" />
    </>
  );
}
