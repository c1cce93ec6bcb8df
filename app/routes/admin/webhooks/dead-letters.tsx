import { data, Form, Link } from "react-router";
import type { Route } from "./+types/dead-letters";
import { Pager } from "../../../components/Pager.tsx";
import { FormAlert } from "../../../components/FormAlert.tsx";
import { PageTitle } from "../../../components/PageTitle.tsx";
import { StatusBadge } from "../../../components/StatusBadge.tsx";
import { SubmitButton } from "../../../components/SubmitButton.tsx";
import { errorPage, callApi, sendApi } from "../../../api/client.ts";
import { useFormat } from "../../../format/use-format.ts";
import { formFailure, text, type FormFailure } from "../../../lib/forms.ts";
import { DEAD_LETTER_STATUSES, type DeadLetter } from "../../../lib/webhooks.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const args = { request, context };
  const search = new URL(request.url).searchParams;
  // Pending letters are the ones needing a decision, so they are the default view.
  const status = search.get("status") ?? "pending";
  const cursor = search.get("cursor");
  const query = new URLSearchParams({ limit: "25" });
  if (status) query.set("status", status);
  if (cursor) query.set("cursor", cursor);
  const [letters, pendingPage] = await Promise.all([
    callApi<DeadLetter[]>(args, `/webhooks/dlq?${query}`),
    // The types that bulk retry can target: those of pending letters, from a wider page of them.
    callApi<DeadLetter[]>(args, "/webhooks/dlq?status=pending&limit=100"),
  ]);
  if (!letters.ok) throw errorPage(letters);
  if (!pendingPage.ok) throw errorPage(pendingPage);
  const pendingTypes = [...new Set(pendingPage.data.map((d) => d.event_type))].sort();
  return { letters: letters.data, status, pendingTypes, nextCursor: letters.pagination?.next_cursor ?? null, paged: cursor !== null };
}

type ActionResult = { notice: string } | { failure: FormFailure; intent: string; id?: string };

export async function action({ request, context }: Route.ActionArgs) {
  const args = { request, context };
  const form = await request.formData();
  const intent = text(form, "intent");
  const id = text(form, "id");
  const path = `/webhooks/dlq/${encodeURIComponent(id)}`;
  if (intent === "retry") {
    const result = await sendApi<DeadLetter>(args, `${path}/retry`);
    if (!result.ok) return data<ActionResult>({ failure: formFailure(result.error, {}), intent, id }, { status: result.status });
    return data<ActionResult>({ notice: `Retrying ${result.data.event_type} from its first attempt.` }, { status: 202 });
  }
  if (intent === "retry-type") {
    const eventType = text(form, "event_type");
    const result = await sendApi<{ retried: number; has_more: boolean }>(args, "/webhooks/dlq/retry", { event_type: eventType });
    if (!result.ok)
      return data<ActionResult>(
        { failure: formFailure(result.error, { event_type: eventType }, { event_type: "Event type" }), intent },
        { status: result.status },
      );
    const { retried, has_more } = result.data;
    return data<ActionResult>(
      { notice: `Retrying ${retried} ${eventType} dead letter${retried === 1 ? "" : "s"}.${has_more ? " More are waiting: retry this type again." : ""}` },
      { status: 202 },
    );
  }
  if (intent === "discard") {
    const note = text(form, "note");
    const result = await sendApi<DeadLetter>(args, `${path}/discard`, { note });
    if (!result.ok) return data<ActionResult>({ failure: formFailure(result.error, { note }, { note: "The note" }), intent, id }, { status: result.status });
    return data<ActionResult>({ notice: `Discarded the ${result.data.event_type} dead letter.` });
  }
  throw data("Unknown action", { status: 400 });
}

export default function DeadLetters({ loaderData, actionData }: Route.ComponentProps) {
  const { moment } = useFormat();
  const { letters, status, pendingTypes, nextCursor, paged } = loaderData;
  const result = actionData as ActionResult | undefined;
  const failed = result && "failure" in result ? result : undefined;
  const here = "/admin/webhooks/dead-letters";
  const filterParams = new URLSearchParams({ status });
  return (
    <>
      <PageTitle>Webhook dead letters</PageTitle>
      <h3>Dead letters</h3>
      <p className="section-intro">
        Inbound events and outbound deliveries that failed every attempt. Retry them once the cause is fixed, or discard them with a note saying why.
      </p>
      <FormAlert tone="success" message={result && "notice" in result ? result.notice : undefined} />
      <FormAlert message={failed && !failed.id && failed.intent !== "retry-type" ? failed.failure.message : undefined} />

      <div className="dlq-tools">
        <Form method="get" className="filter-bar" aria-label="Filter dead letters">
          <div className="field">
            <label htmlFor="filter-dlq-status">Show</label>
            <select id="filter-dlq-status" name="status" defaultValue={status}>
              {DEAD_LETTER_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
              <option value="">all</option>
            </select>
          </div>
          <button type="submit" className="button button-secondary">
            Show
          </button>
        </Form>
        {pendingTypes.length > 0 && (
          <Form method="post" className="filter-bar" aria-labelledby="bulk-title">
            <p id="bulk-title" className="visually-hidden">
              Retry every pending dead letter of one type
            </p>
            <div className="field">
              <label htmlFor="bulk-type">Retry all pending of type</label>
              <select id="bulk-type" name="event_type" defaultValue={failed?.intent === "retry-type" ? failed.failure.values.event_type : pendingTypes[0]}>
                {pendingTypes.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </div>
            <SubmitButton
              name="intent"
              value="retry-type"
              variant="secondary"
              pendingLabel="Retrying…"
              pendingWhen={({ formData }) => formData.get("intent") === "retry-type"}
            >
              Retry all
            </SubmitButton>
            {failed?.intent === "retry-type" && <p className="field-error">{failed.failure.message}</p>}
          </Form>
        )}
      </div>

      {letters.length === 0 ? (
        <p className="empty-inline">{status === "pending" ? "No dead letters waiting. Everything was delivered or processed." : "No dead letters here."}</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">Dead letters</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Direction</th>
              <th scope="col">Failed</th>
              <th scope="col">Reason</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {letters.map((d) => (
              <tr key={d.id}>
                <th scope="row" data-label="Event">
                  <code>{d.event_type}</code>
                  {d.direction === "inbound" ? (
                    <Link to={`/admin/webhooks/events/${d.ref_id}`} className="cell-note">
                      View the event
                    </Link>
                  ) : (
                    <span className="cell-note mono">delivery {d.ref_id}</span>
                  )}
                </th>
                <td data-label="Direction">{d.direction}</td>
                <td data-label="Failed" className="nowrap">
                  {moment(d.created_at)}
                  <span className="cell-note">after {d.attempts} attempts</span>
                </td>
                <td data-label="Reason" className="response-cell">
                  <span className="cell-error">{d.failure_reason}</span>
                </td>
                <td data-label="Status">
                  <StatusBadge status={d.resolution_status} />
                  {d.resolution_note && <span className="cell-note">“{d.resolution_note}”</span>}
                </td>
                <td data-label="Actions" className="row-actions">
                  {d.resolution_status === "pending" && <LetterActions letter={d} failure={failed?.id === d.id ? failed : undefined} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager label="Pages of dead letters" path={here} filters={filterParams} nextCursor={nextCursor} paged={paged} first="Newest" next="Older" />
    </>
  );
}

function LetterActions({ letter, failure }: { letter: DeadLetter; failure?: { failure: FormFailure; intent: string } }) {
  const mine =
    (intent: string) =>
    ({ formData }: { formData: FormData }) =>
      formData.get("intent") === intent && formData.get("id") === letter.id;
  const noteError = failure?.intent === "discard" ? (failure.failure.fields.note ?? failure.failure.message) : undefined;
  const noteId = `note-${letter.id}`;
  return (
    <div className="action-stack">
      <Form method="post" className="inline-form">
        <input type="hidden" name="id" value={letter.id} />
        <SubmitButton name="intent" value="retry" variant="secondary" pendingLabel="Retrying…" pendingWhen={mine("retry")}>
          Retry<span className="visually-hidden"> {letter.event_type}</span>
        </SubmitButton>
      </Form>
      {failure?.intent === "retry" && <p className="field-error">{failure.failure.message}</p>}
      <details className="disclosure" open={noteError ? true : undefined}>
        <summary>
          Discard…<span className="visually-hidden"> {letter.event_type}</span>
        </summary>
        <Form method="post" className="disclosure-body">
          <input type="hidden" name="id" value={letter.id} />
          <div className={noteError ? "field field-invalid" : "field"}>
            <label htmlFor={noteId}>Why discard it?</label>
            <textarea
              id={noteId}
              name="note"
              rows={2}
              maxLength={1000}
              required
              defaultValue={failure?.failure.values.note}
              aria-invalid={noteError ? true : undefined}
              aria-describedby={noteError ? `${noteId}-error` : undefined}
            />
            {noteError && (
              <p id={`${noteId}-error`} className="field-error">
                {noteError}
              </p>
            )}
          </div>
          <SubmitButton name="intent" value="discard" variant="danger" pendingLabel="Discarding…" pendingWhen={mine("discard")}>
            Discard
          </SubmitButton>
        </Form>
      </details>
    </div>
  );
}
