import { data, Form, Link } from "react-router";
import type { Route } from "./+types/event";
import { FormAlert } from "../../../components/FormAlert.tsx";
import { PageTitle } from "../../../components/PageTitle.tsx";
import { StatusBadge } from "../../../components/StatusBadge.tsx";
import { SubmitButton } from "../../../components/SubmitButton.tsx";
import { errorPage, callApi, sendApi } from "../../../api/client.ts";
import { useFormat } from "../../../format/use-format.ts";
import { text } from "../../../lib/forms.ts";
import { REPLAYABLE, type InboundEvent } from "../../../lib/webhooks.ts";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const result = await callApi<InboundEvent & { payload: unknown }>({ request, context }, `/webhooks/events/${encodeURIComponent(params.id)}`);
  if (!result.ok) throw errorPage(result);
  return { event: result.data };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const form = await request.formData();
  if (text(form, "intent") !== "replay") throw data("Unknown action", { status: 400 });
  const result = await sendApi<InboundEvent>({ request, context }, `/webhooks/events/${encodeURIComponent(params.id)}/replay`);
  if (!result.ok) return data({ ok: false as const, message: result.error.message }, { status: result.status });
  return data({ ok: true as const, message: "Queued for processing again. Refresh in a moment to see the outcome." }, { status: 202 });
}

export default function EventDetail({ loaderData, actionData }: Route.ComponentProps) {
  const { moment } = useFormat();
  const { event } = loaderData;
  return (
    <>
      <PageTitle>{`Event ${event.type}`}</PageTitle>
      <p className="breadcrumb">
        <Link to="/admin/webhooks/events">All inbound events</Link>
      </p>
      <h3>
        <code>{event.type}</code> from {event.source}
      </h3>
      <FormAlert tone="success" message={actionData?.ok ? actionData.message : undefined} />
      <FormAlert message={actionData && !actionData.ok ? actionData.message : undefined} />
      <div className="card endpoint-facts">
        <dl className="facts facts-grid">
          <div>
            <dt>Status</dt>
            <dd>
              <StatusBadge status={event.status} />
            </dd>
          </div>
          <div>
            <dt>Partner's event id</dt>
            <dd className="mono break">{event.external_id}</dd>
          </div>
          <div>
            <dt>Received</dt>
            <dd>{moment(event.received_at)}</dd>
          </div>
          <div>
            <dt>Processed</dt>
            <dd>{moment(event.processed_at)}</dd>
          </div>
          <div>
            <dt>Attempts</dt>
            <dd>{event.attempts}</dd>
          </div>
          {event.last_error && (
            <div className="facts-wide">
              <dt>Last error</dt>
              <dd className="cell-error">{event.last_error}</dd>
            </div>
          )}
        </dl>
        {REPLAYABLE.has(event.status) ? (
          <Form method="post" className="inline-form">
            <SubmitButton name="intent" value="replay" pendingLabel="Replaying…">
              Replay event
            </SubmitButton>
          </Form>
        ) : (
          <p className="field-hint">Only failed, dead or discarded events can be replayed.</p>
        )}
      </div>
      <section aria-labelledby="payload-title">
        <h3 id="payload-title">Payload</h3>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling block must take keyboard focus to scroll */}
        <pre className="payload" tabIndex={0}>
          {JSON.stringify(event.payload, null, 2)}
        </pre>
      </section>
    </>
  );
}
