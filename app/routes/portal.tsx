import { Link, redirect } from "react-router";
import type { Route } from "./+types/portal";
import { PageTitle } from "../components/PageTitle.tsx";
import portalCss from "../styles/portal.css?url";
import { callApi, errorPage } from "../api/client.ts";
import type { Schemas } from "../api/typed-client.ts";
import { requireViewer } from "../lib/session.server.ts";
import { useFormat } from "../format/use-format.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: portalCss }];

/** A customer's home after signing in (decision 56). The shop's staff have their own views: they go on to the storefront home, as before. */
export async function loader(args: Route.LoaderArgs) {
  const viewer = requireViewer(args);
  if (!viewer.permissions.includes("portal:read")) throw redirect("/");
  const dashboard = await callApi<Schemas["PortalDashboard"]>(args, "/portal/dashboard");
  if (!dashboard.ok) throw errorPage(dashboard);
  return { dashboard: dashboard.data, name: viewer.user.name, servedAt: Date.now() };
}

type Dashboard = Schemas["PortalDashboard"];

const STAGE_TEXT: Record<Dashboard["orders_in_progress"]["items"][number]["stage"], string> = {
  awaiting_payment: "Awaiting payment",
  planning: "Being planned",
  scheduled: "Scheduled",
  in_production: "In production",
  on_hold: "On hold",
  ready: "Ready to ship",
  shipped: "Shipped",
  delivered: "Delivered",
};

const SUBJECT_PATH = { quote: "/quotes", order: "/orders", drawing: "/drawings" } as const;
const DAY_MS = 86_400_000;

/** "10 of 42 shown" when a section lists fewer than it holds, with where to see them all. */
function More({ total, shown, all }: { total: number; shown: number; all?: { to: string; label: string } }) {
  if (total <= shown) return null;
  return (
    <p className="portal-meta">
      {shown} of {total} shown
      {all && (
        <>
          {" · "}
          <Link to={all.to}>{all.label}</Link>
        </>
      )}
    </p>
  );
}

export default function Portal({ loaderData }: Route.ComponentProps) {
  const { dashboard: d, name, servedAt } = loaderData;
  const { money, day, plural } = useFormat();
  // Counted from when the page was served, so the server's HTML and the browser's render agree; "soon" is within three days.
  const expiresSoon = (iso: string | null) => iso !== null && Date.parse(iso) - servedAt < 3 * DAY_MS;
  return (
    <div className="container portal-page portal-dashboard">
      <PageTitle>Your dashboard</PageTitle>
      <header>
        <h1>Welcome{name ? `, ${name}` : ""}</h1>
        <p className="portal-meta">
          {plural(d.projects.total, "active project")} · {plural(d.outstanding_quotes.total, "quote")} to decide · {plural(d.orders_in_progress.total, "order")}{" "}
          in progress
        </p>
      </header>
      <div className="portal-columns">
        <section className="card" aria-labelledby="dash-approvals">
          <h2 id="dash-approvals">Waiting for your approval</h2>
          {d.awaiting_approval.length === 0 ? (
            <p className="empty">Nothing is waiting for your approval.</p>
          ) : (
            <ul className="portal-list" aria-labelledby="dash-approvals">
              {d.awaiting_approval.map((a) => (
                <li key={`${a.kind}-${a.id}`}>
                  <Link to={`${SUBJECT_PATH[a.kind]}/${a.id}`}>{a.title}</Link>
                  <span className="portal-meta">since {day(a.since)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="dash-quotes">
          <h2 id="dash-quotes">Quotes to decide</h2>
          {d.outstanding_quotes.items.length === 0 ? (
            <p className="empty">No quotes are waiting for your decision.</p>
          ) : (
            <ul className="portal-list" aria-labelledby="dash-quotes">
              {d.outstanding_quotes.items.map((q) => (
                <li key={q.id}>
                  <Link to={`/quotes/${q.id}`}>{q.number}</Link>
                  {q.title && <span>{q.title}</span>}
                  {q.gross_total !== null && <strong>{money(q.gross_total, q.currency)}</strong>}
                  <span className={`portal-meta${expiresSoon(q.valid_until) ? " portal-soon" : ""}`}>
                    {q.valid_until ? `valid until ${day(q.valid_until)}` : "no expiry date"}
                    {q.project ? ` · ${q.project.number}` : ""}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <More total={d.outstanding_quotes.total} shown={d.outstanding_quotes.items.length} all={{ to: "/quotes", label: "All quotes" }} />
        </section>
        <section className="card" aria-labelledby="dash-orders">
          <h2 id="dash-orders">Orders in progress</h2>
          {d.orders_in_progress.items.length === 0 ? (
            <p className="empty">No orders in progress.</p>
          ) : (
            <ul className="portal-list" aria-labelledby="dash-orders">
              {d.orders_in_progress.items.map((o) => (
                <li key={o.id}>
                  <Link to={`/orders/${o.id}`}>{o.number ?? "Order"}</Link>
                  <span className={`badge badge-status badge-${o.stage}`}>{STAGE_TEXT[o.stage]}</span>
                  {o.operation && <span>{o.operation}</span>}
                  <span className="portal-meta">
                    {o.operations_total > 0 ? `${o.operations_done} of ${o.operations_total} steps done` : `placed ${day(o.placed_at)}`}
                    {o.due_at ? ` · due ${day(o.due_at)}` : ""}
                    {o.project ? ` · ${o.project.number}` : ""}
                  </span>
                  {o.operations_total > 0 && (
                    <progress className="portal-progress" max={o.operations_total} value={o.operations_done} aria-label={`${o.number ?? "Order"} progress`} />
                  )}
                </li>
              ))}
            </ul>
          )}
          <More total={d.orders_in_progress.total} shown={d.orders_in_progress.items.length} />
        </section>
        <section className="card" aria-labelledby="dash-deliveries">
          <h2 id="dash-deliveries">Deliveries</h2>
          {d.upcoming_deliveries.length === 0 ? (
            <p className="empty">Nothing on its way yet.</p>
          ) : (
            <ul className="portal-list" aria-labelledby="dash-deliveries">
              {d.upcoming_deliveries.map((u) =>
                u.shipment ? (
                  <li key={`shipment-${u.shipment.id}`}>
                    <Link to={`/orders/${u.order.id}`}>{u.order.number ?? "Order"}</Link>
                    <span>
                      {u.shipment.number} on its way with {u.shipment.carrier} since {day(u.date)}
                    </span>
                    {u.shipment.tracking_url && (
                      <a href={u.shipment.tracking_url} rel="noopener noreferrer" target="_blank">
                        Track
                      </a>
                    )}
                  </li>
                ) : (
                  <li key={`due-${u.order.id}`}>
                    <Link to={`/orders/${u.order.id}`}>{u.order.number ?? "Order"}</Link>
                    <span>due {day(u.date)}</span>
                  </li>
                ),
              )}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="dash-projects">
          <h2 id="dash-projects">Active projects</h2>
          {d.projects.items.length === 0 ? (
            <p className="empty">No active projects.</p>
          ) : (
            <ul className="portal-list" aria-labelledby="dash-projects">
              {d.projects.items.map((p) => (
                <li key={p.id}>
                  <Link to={`/projects/${p.id}`}>{p.name}</Link>
                  <span className="portal-meta">
                    {p.number}
                    {p.reference ? ` · ${p.reference}` : ""}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <More total={d.projects.total} shown={d.projects.items.length} all={{ to: "/projects", label: "All projects" }} />
        </section>
        <section className="card" aria-labelledby="dash-messages">
          <h2 id="dash-messages">Messages</h2>
          <p className={d.unread_messages.count === 0 ? "empty" : undefined}>
            {d.unread_messages.count === 0 ? "No unread messages." : `${plural(d.unread_messages.count, "unread message")}`}
          </p>
          {d.unread_messages.latest.length > 0 && (
            <ul className="portal-list">
              {d.unread_messages.latest.map((m) => (
                <li key={m.id}>
                  {m.subject} <span className="portal-meta">{day(m.at)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="dash-notifications">
          <h2 id="dash-notifications">Notifications</h2>
          {d.unread_notifications.items.length === 0 ? (
            <p className="empty">No unread notifications.</p>
          ) : (
            <ul className="portal-list" aria-labelledby="dash-notifications">
              {d.unread_notifications.items.map((n) => (
                <li key={n.id}>
                  <Link to={n.path}>{n.title}</Link>
                  <span className="portal-meta">{day(n.created_at)}</span>
                </li>
              ))}
            </ul>
          )}
          <p className="portal-meta">
            {d.unread_notifications.total > d.unread_notifications.items.length &&
              `${d.unread_notifications.items.length} of ${plural(d.unread_notifications.total, "unread notification")} shown · `}
            <Link to={d.unread_notifications.total > 0 ? "/notifications?unread=1" : "/notifications"}>All notifications</Link>
          </p>
        </section>
      </div>
      <section className="card" aria-labelledby="dash-activity">
        <h2 id="dash-activity">Recent activity</h2>
        {d.recent_activity.length === 0 ? (
          <p className="empty">Nothing has happened yet.</p>
        ) : (
          <ol className="portal-timeline" aria-labelledby="dash-activity">
            {d.recent_activity.map((e) => (
              <li key={`${e.at}-${e.event}-${e.subject.id}`}>
                <time dateTime={e.at}>{day(e.at)}</time> <Link to={`${SUBJECT_PATH[e.subject.type]}/${e.subject.id}`}>{e.summary}</Link>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
