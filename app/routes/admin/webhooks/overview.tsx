import { Link } from "react-router";
import type { Route } from "./+types/overview";
import { PageTitle } from "../../../components/PageTitle.tsx";
import { StatusBadge } from "../../../components/StatusBadge.tsx";
import { errorPage, callApi } from "../../../api/client.ts";
import type { WebhookStats } from "../../../lib/webhooks.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const result = await callApi<WebhookStats>({ request, context }, "/webhooks/stats");
  if (!result.ok) throw errorPage(result);
  return { stats: result.data };
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

export default function WebhooksOverview({ loaderData }: Route.ComponentProps) {
  const { inbound, outbound, dead_letters: dead } = loaderData.stats;
  const pending = (dead.inbound.pending ?? 0) + (dead.outbound.pending ?? 0);
  const types = Object.entries(inbound.by_type).sort(([a], [b]) => a.localeCompare(b));
  return (
    <>
      <PageTitle>Webhooks</PageTitle>
      <h3 className="visually-hidden">Overview</h3>
      <div className="stat-grid">
        <StatCard
          title="Inbound events"
          total={total(inbound.by_status)}
          counts={inbound.by_status}
          link="/admin/webhooks/events"
          linkText="See inbound events"
        />
        <StatCard
          title="Outbound deliveries"
          total={total(outbound.deliveries_by_status)}
          counts={outbound.deliveries_by_status}
          link="/admin/webhooks/endpoints"
          linkText="See endpoints and their logs"
        />
        <StatCard
          title="Dead letters waiting"
          total={pending}
          counts={{ inbound: dead.inbound.pending ?? 0, outbound: dead.outbound.pending ?? 0 }}
          link="/admin/webhooks/dead-letters"
          linkText="Review dead letters"
          countsAreDirections
        />
      </div>
      <h3 id="by-type-title">Inbound events by type</h3>
      {types.length === 0 ? (
        <p className="empty-inline">No events received yet. Add a source and give its address and secret to your partner.</p>
      ) : (
        <table className="data-table" aria-labelledby="by-type-title">
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Total</th>
              <th scope="col">By status</th>
            </tr>
          </thead>
          <tbody>
            {types.map(([type, counts]) => (
              <tr key={type}>
                <th scope="row" data-label="Type">
                  <Link to={`/admin/webhooks/events?type=${encodeURIComponent(type)}`}>
                    <code>{type}</code>
                  </Link>
                </th>
                <td data-label="Total">{total(counts)}</td>
                <td data-label="By status">
                  <Counts counts={counts} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function StatCard(props: { title: string; total: number; counts: Record<string, number>; link: string; linkText: string; countsAreDirections?: boolean }) {
  return (
    <article className="card stat-card">
      <h4>{props.title}</h4>
      <p className="stat-total">{props.total}</p>
      {props.countsAreDirections ? (
        <p className="muted">
          {props.counts.inbound} inbound · {props.counts.outbound} outbound
        </p>
      ) : (
        <Counts counts={props.counts} />
      )}
      <Link to={props.link}>{props.linkText}</Link>
    </article>
  );
}

function Counts({ counts }: { counts: Record<string, number> }) {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  if (entries.length === 0) return <p className="muted">None yet</p>;
  return (
    <ul className="badge-list">
      {entries.map(([status, n]) => (
        <li key={status}>
          <StatusBadge status={status} label={`${n} ${status.replaceAll("_", " ")}`} />
        </li>
      ))}
    </ul>
  );
}
