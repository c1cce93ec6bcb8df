import { Form, Link } from "react-router";
import type { Route } from "./+types/events";
import { Pager } from "../../../components/Pager.tsx";
import { PageTitle } from "../../../components/PageTitle.tsx";
import { StatusBadge } from "../../../components/StatusBadge.tsx";
import { errorPage, callApi } from "../../../api/client.ts";
import { useFormat } from "../../../format/use-format.ts";
import { INBOUND_STATUSES, type InboundEvent } from "../../../lib/webhooks.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const search = new URL(request.url).searchParams;
  const filters = { status: search.get("status") ?? "", type: (search.get("type") ?? "").trim() };
  const cursor = search.get("cursor");
  const query = new URLSearchParams({ limit: "25" });
  if (filters.status) query.set("status", filters.status);
  if (filters.type) query.set("type", filters.type);
  if (cursor) query.set("cursor", cursor);
  const result = await callApi<InboundEvent[]>({ request, context }, `/webhooks/events?${query}`);
  if (!result.ok) throw errorPage(result);
  return { events: result.data, filters, nextCursor: result.pagination?.next_cursor ?? null, paged: cursor !== null };
}

export default function Events({ loaderData }: Route.ComponentProps) {
  const { moment } = useFormat();
  const { events, filters, nextCursor, paged } = loaderData;
  const filterParams = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  const filtered = filterParams.size > 0;
  return (
    <>
      <PageTitle>Inbound webhook events</PageTitle>
      <h3>Inbound events</h3>
      <p className="section-intro">Events partners sent us, newest first. Failed, dead and discarded events can be replayed from their page.</p>
      <Form method="get" className="filter-bar" aria-label="Filter events">
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" name="status" defaultValue={filters.status}>
            <option value="">Any</option>
            {INBOUND_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-type">Type</label>
          <input id="filter-type" name="type" defaultValue={filters.type} placeholder="e.g. quote.requested" spellCheck={false} autoCapitalize="none" />
        </div>
        <button type="submit" className="button button-secondary">
          Filter
        </button>
        {filtered && (
          <Link to="/admin/webhooks/events" className="button button-ghost">
            Clear
          </Link>
        )}
      </Form>
      {events.length === 0 ? (
        <p className="empty-inline">{filtered ? "No events match these filters." : "No events received yet."}</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">Inbound events</caption>
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Source</th>
              <th scope="col">Received</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <th scope="row" data-label="Type">
                  <Link to={`/admin/webhooks/events/${e.id}`}>
                    <code>{e.type}</code>
                  </Link>
                  <span className="cell-note mono">{e.external_id}</span>
                </th>
                <td data-label="Source">{e.source}</td>
                <td data-label="Received" className="nowrap">
                  {moment(e.received_at)}
                </td>
                <td data-label="Status">
                  <StatusBadge status={e.status} />
                </td>
                <td data-label="Attempts">{e.attempts}</td>
                <td data-label="Last error" className="response-cell">
                  {e.last_error ? <span className="cell-error">{e.last_error}</span> : "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager
        label="Pages of events"
        path="/admin/webhooks/events"
        filters={filterParams}
        nextCursor={nextCursor}
        paged={paged}
        first="Newest events"
        next="Older events"
      />
    </>
  );
}
