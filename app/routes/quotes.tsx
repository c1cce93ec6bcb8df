import { Form, Link } from "react-router";
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
  totals: { gross_total: number; net_total: number } | null;
  items: { model_id: string | null; blocked: boolean }[];
  customer: { name: string | null; email: string | null; company: string | null };
  created_at: string | null;
  valid_until: string | null;
}

const STATUSES = ["draft", "pricing", "priced", "sent", "accepted", "rejected", "expired"] as const;

/** The shop's filters, read from the page's query string. */
function filtersOf(url: URL) {
  const status = url.searchParams.get("status") ?? "";
  return {
    q: url.searchParams.get("q")?.trim() ?? "",
    status: (STATUSES as readonly string[]).includes(status) ? status : "",
    review: url.searchParams.get("review") === "only",
  };
}

export async function loader(args: Route.LoaderArgs) {
  const viewer = requireViewer(args);
  // The shop (who may send quotes) gets its inbox: every customer's quotes, those held for review first.
  if (!viewer.permissions.includes("quotes:send")) {
    const result = await callApi<QuoteRow[]>(args, "/quotes?limit=50");
    if (!result.ok) throw errorPage(result);
    return { inbox: false as const, quotes: result.data, now: Date.now() };
  }
  const filters = filtersOf(new URL(args.request.url));
  const query = (extra: Record<string, string>) => {
    const p = new URLSearchParams({ limit: "50", ...extra });
    if (filters.q) p.set("q", filters.q);
    if (filters.status) p.set("status", filters.status);
    return `/quotes?${p}`;
  };
  const [review, rest] = await Promise.all([
    callApi<QuoteRow[]>(args, query({ needs_review: "true" })),
    filters.review ? null : callApi<QuoteRow[]>(args, query({ needs_review: "false" })),
  ]);
  if (!review.ok) throw errorPage(review);
  if (rest && !rest.ok) throw errorPage(rest);
  return { inbox: true as const, review: review.data, rest: rest?.data ?? [], filters, now: Date.now() };
}

/** The first part's thumbnail (drawn by the server at analysis), if the quote has an uploaded part. */
function partPicture(items: QuoteRow["items"]) {
  const modelId = items.find((i) => i.model_id)?.model_id;
  return modelId ? <Thumbnail src={`/api/v1/models/${modelId}/thumbnail`} /> : null;
}

/** "today", "1 day", "12 days": how long a quote has waited (computed once, in the loader's time). */
function age(created: string | null, now: number) {
  if (!created) return "—";
  const days = Math.floor((now - Date.parse(created)) / 86_400_000);
  return days <= 0 ? "today" : days === 1 ? "1 day" : `${days} days`;
}

export default function Quotes({ loaderData }: Route.ComponentProps) {
  return loaderData.inbox ? <Inbox {...loaderData} /> : <MyQuotes quotes={loaderData.quotes} />;
}

function Inbox({ review, rest, filters, now }: { review: QuoteRow[]; rest: QuoteRow[]; filters: ReturnType<typeof filtersOf>; now: number }) {
  const filtered = !!(filters.q || filters.status || filters.review);
  return (
    <div className="container">
      <PageTitle>Quote inbox</PageTitle>
      <h1>Quote inbox</h1>
      <Form method="get" className="inbox-filters" role="search" aria-label="Find quotes">
        <div className="field">
          <label htmlFor="inbox-q">Search</label>
          <input id="inbox-q" name="q" type="search" defaultValue={filters.q} placeholder="Quote number, customer, e-mail or company" />
        </div>
        <div className="field">
          <label htmlFor="inbox-status">Status</label>
          <select id="inbox-status" name="status" defaultValue={filters.status}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.charAt(0).toUpperCase() + s.slice(1)}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox">
          <input type="checkbox" name="review" value="only" defaultChecked={filters.review} /> Only quotes needing review
        </label>
        <button type="submit" className="button button-primary">
          Filter
        </button>
        {filtered && (
          <Link to="/quotes" className="button button-ghost">
            Clear
          </Link>
        )}
      </Form>
      <section aria-labelledby="review-title">
        <h2 id="review-title">Needs review ({review.length})</h2>
        {review.length === 0 ? (
          <p className="muted">No quote is waiting for the shop's review.</p>
        ) : (
          <InboxTable quotes={review} now={now} label="Quotes needing review, oldest first" testId="review-queue" />
        )}
      </section>
      {!filters.review && (
        <section aria-labelledby="all-title">
          <h2 id="all-title">Other quotes</h2>
          {rest.length === 0 ? (
            <p className="muted">{filtered ? "No other quote matches." : "No other quotes yet."}</p>
          ) : (
            <InboxTable quotes={rest} now={now} label="Other quotes, newest first" testId="other-quotes" />
          )}
        </section>
      )}
    </div>
  );
}

function InboxTable({ quotes, now, label, testId }: { quotes: QuoteRow[]; now: number; label: string; testId: string }) {
  const { money } = useFormat();
  return (
    <table className="data-table" aria-label={label} data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">Quote</th>
          <th scope="col">Customer</th>
          <th scope="col">Company</th>
          <th scope="col">Value</th>
          <th scope="col">Status</th>
          <th scope="col">Age</th>
        </tr>
      </thead>
      <tbody>
        {quotes.map((q) => {
          const blocked = q.items.filter((i) => i.blocked).length;
          return (
            <tr key={q.id}>
              <td>
                <Link to={`/quotes/${q.id}`}>{q.number}</Link>
                {q.title ? <div className="muted">{q.title}</div> : null}
              </td>
              <td>
                {q.customer.name ?? "Guest"}
                {q.customer.email ? <div className="muted">{q.customer.email}</div> : null}
              </td>
              <td>{q.customer.company ?? "—"}</td>
              <td>{q.totals ? money(q.totals.net_total, q.currency) : blocked > 0 ? `${blocked} item${blocked > 1 ? "s" : ""} to price` : "—"}</td>
              <td>
                <StatusBadge status={q.status} label={q.review_required && q.status === "priced" ? "Needs review" : undefined} />
              </td>
              <td className="nowrap" title={q.created_at ?? undefined}>
                {age(q.created_at, now)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function MyQuotes({ quotes }: { quotes: QuoteRow[] }) {
  const { day, money } = useFormat();
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
