import { Link } from "react-router";
import type { Route } from "./+types/quotes";
import { PageTitle } from "../components/PageTitle.tsx";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { Thumbnail } from "../components/Thumbnail.tsx";
import { errorPage, callApi } from "../api/client.ts";
import { useFormat } from "../format/use-format.ts";
import { requireViewer } from "../lib/session.server.ts";

interface QuoteRow {
  id: string;
  number: string;
  title: string | null;
  status: string;
  currency: string;
  review_required: boolean;
  totals: { gross_total: number } | null;
  items: { model_id: string | null }[];
  created_at: string | null;
  valid_until: string | null;
}

export async function loader(args: Route.LoaderArgs) {
  requireViewer(args);
  const result = await callApi<QuoteRow[]>(args, "/quotes?limit=50");
  if (!result.ok) throw errorPage(result);
  return { quotes: result.data };
}

/** The first part's thumbnail (drawn by the server at analysis), if the quote has an uploaded part. */
function partPicture(items: QuoteRow["items"]) {
  const modelId = items.find((i) => i.model_id)?.model_id;
  return modelId ? <Thumbnail src={`/api/v1/models/${modelId}/thumbnail`} /> : null;
}

export default function MyQuotes({ loaderData }: Route.ComponentProps) {
  const { day, money } = useFormat();
  const { quotes } = loaderData;
  return (
    <div className="container">
      <PageTitle>My quotes</PageTitle>
      <h1>My quotes</h1>
      {quotes.length === 0 ? (
        <section className="empty-state" aria-labelledby="empty-title">
          <h2 id="empty-title">No quotes yet — drop a part on the storefront to get an instant price</h2>
          <p>Quotes you request from this shop will be listed here, with their status and price.</p>
          <Link to="/instant" className="button button-primary">
            Get an instant quote
          </Link>
        </section>
      ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Quote</th>
                <th scope="col">Status</th>
                <th scope="col">Parts</th>
                <th scope="col">Total</th>
                <th scope="col">Created</th>
                <th scope="col">Valid until</th>
              </tr>
            </thead>
            <tbody>
              {quotes.map((q) => (
                <tr key={q.id}>
                  <td>
                    <Link to={`/quotes/${q.id}`}>{q.number}</Link>
                    {q.title ? <div className="muted">{q.title}</div> : null}
                  </td>
                  <td>
                    <StatusBadge status={q.status} label={q.review_required && q.status === "priced" ? "In review" : undefined} />
                  </td>
                  <td>
                    <span className="parts-cell">
                      {partPicture(q.items)}
                      {q.items.length}
                    </span>
                  </td>
                  <td>{q.totals ? money(q.totals.gross_total, q.currency) : "—"}</td>
                  <td>{day(q.created_at)}</td>
                  <td>{day(q.valid_until)}</td>
                </tr>
              ))}
            </tbody>
          </table>
      )}
    </div>
  );
}
