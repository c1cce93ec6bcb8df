import { Link } from "react-router";
import type { Route } from "./+types/drawings";
import { Pager } from "../../components/Pager.tsx";
import { PageTitle } from "../../components/PageTitle.tsx";
import { callApi, errorPage } from "../../api/client.ts";
import type { Schemas } from "../../api/typed-client.ts";
import { useFormat } from "../../format/use-format.ts";
import { requireAdmin } from "../../lib/session.server.ts";

/** Drawing requests, newest first, with their progress and the drawings each made. */
export async function loader({ request, context }: Route.LoaderArgs) {
  requireAdmin({ request, context });
  const cursor = new URL(request.url).searchParams.get("cursor");
  const query = new URLSearchParams({ limit: "50", ...(cursor ? { cursor } : {}) });
  const result = await callApi<Schemas["DrawingRequest"][]>({ request, context }, `/drawings/requests?${query}`);
  if (!result.ok) throw errorPage(result);
  return { requests: result.data, nextCursor: result.pagination?.next_cursor ?? null, paged: cursor !== null };
}

const STATUS: Record<Schemas["DrawingRequest"]["status"], string> = {
  pending: "Waiting",
  processing: "Drawing",
  completed: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
};

export default function DrawingRequests({ loaderData }: Route.ComponentProps) {
  const { day } = useFormat();
  const { requests, nextCursor, paged } = loaderData;
  return (
    <section aria-labelledby="drawings-title">
      <PageTitle>Drawing requests</PageTitle>
      <h2 id="drawings-title">Drawing requests</h2>
      <p className="section-intro">Drawings asked for through the API, the shop or a partner, and how far each has got.</p>
      {requests.length === 0 ? (
        <p className="muted">No drawings have been requested yet.</p>
      ) : (
        <table className="data-table" data-testid="drawing-requests">
          <thead>
            <tr>
              <th scope="col">Request</th>
              <th scope="col">Drawings</th>
              <th scope="col">Status</th>
              <th scope="col">Progress</th>
              <th scope="col">Requested</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((r) => (
              <tr key={r.id}>
                <td>
                  {r.request_number}
                  {r.project_reference ? <div className="muted">{r.project_reference}</div> : null}
                </td>
                <td>
                  {r.drawing_types.join(", ")} · {r.sheet} · {r.formats.map((f) => f.toUpperCase()).join(", ")}
                  {r.drawing_ids.length > 0 && (
                    <div>
                      {r.drawing_ids.map((id, i) => (
                        <Link key={id} to={`/drawings/${id}`}>
                          {i > 0 ? ", " : ""}
                          {r.drawing_types[i] ?? "drawing"}
                        </Link>
                      ))}
                    </div>
                  )}
                </td>
                <td>
                  <span className={`badge badge-status badge-${r.status}`}>{STATUS[r.status]}</span>
                  {r.error_message ? <div className="muted">{r.error_message}</div> : null}
                </td>
                <td>
                  <progress max={100} value={r.progress} aria-label={`${r.request_number} progress`} /> {r.progress} %
                </td>
                <td>{day(r.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager label="Drawing requests" path="/admin/drawings" nextCursor={nextCursor} paged={paged} first="Newest" next="Older" />
    </section>
  );
}
