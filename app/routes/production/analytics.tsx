import { Link } from "react-router";
import type { Route } from "./+types/analytics";
import { PageTitle } from "../../components/PageTitle.tsx";
import { callApi, errorPage } from "../../api/client.ts";
import type { Schemas } from "../../api/typed-client.ts";
import { useFormat } from "../../format/use-format.ts";
import { requireProduction } from "../../production/actions.server.ts";
import { BarChart, HorizontalBars } from "../../production/charts.tsx";
import { Fact } from "../../production/Fact.tsx";
import productionCss from "../../styles/production.css?url";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: productionCss }];

type Summary = Schemas["AnalyticsSummary"];

const PERIODS = [7, 30, 90] as const;
const DAY = 24 * 3600 * 1000;

/** The period from `?days=` (7, 30 or 90; 30 otherwise): the last that many UTC days, today included. */
function periodOf(url: URL) {
  const asked = Number(url.searchParams.get("days"));
  const days = (PERIODS as readonly number[]).includes(asked) ? asked : 30;
  const now = Date.now();
  return { days, from: new Date(now - (days - 1) * DAY).toISOString().slice(0, 10), to: new Date(now).toISOString().slice(0, 10) };
}

export async function loader(args: Route.LoaderArgs) {
  requireProduction(args);
  const period = periodOf(new URL(args.request.url));
  const summary = await callApi<Summary>(args, `/analytics/summary?${new URLSearchParams({ from: period.from, to: period.to })}`);
  if (!summary.ok) throw errorPage(summary);
  return { summary: summary.data, days: period.days };
}

export default function Analytics({ loaderData }: Route.ComponentProps) {
  const { summary: s, days } = loaderData;
  const f = useFormat();
  const rateText = (rate: number | null) => (rate === null ? "—" : f.percent(rate));
  const fpy = s.first_pass_yield.by_stage.reduce((t, y) => ({ stages: t.stages + y.stages, first: t.first + y.first_pass }), { stages: 0, first: 0 });
  const aov = s.average_order_value;
  return (
    <div className="container production analytics">
      <PageTitle>Shop analytics</PageTitle>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/production">Production board</Link> / Analytics
      </nav>
      <h1>Shop analytics</h1>
      <nav aria-label="Period" className="period-picker">
        {PERIODS.map((d) => (
          <Link
            key={d}
            to={`?days=${d}`}
            className={d === days ? "button button-primary" : "button button-ghost"}
            aria-current={d === days ? "page" : undefined}
          >
            Last {d} days
          </Link>
        ))}
      </nav>
      <p className="muted">
        {f.day(s.period.from)} to {f.day(s.period.to)} (UTC days).
      </p>

      <dl className="facts analytics-figures">
        <Fact term="Quote-to-order conversion">
          <strong>{rateText(s.conversion.rate)}</strong>
          <span className="muted"> {`${s.conversion.ordered} of ${f.plural(s.conversion.quotes, "quote")}`}</span>
        </Fact>
        <Fact term="Average order value">
          <strong>{aov.amount === null ? "—" : f.money(aov.amount, aov.currency)}</strong>
          <span className="muted"> {f.plural(aov.orders, "order")}</span>
        </Fact>
        <Fact term="On-time delivery">
          <strong>{rateText(s.on_time_delivery.rate)}</strong>
          <span className="muted"> {`${s.on_time_delivery.on_time} of ${s.on_time_delivery.delivered} delivered`}</span>
        </Fact>
        <Fact term="First-pass yield">
          <strong>{rateText(fpy.stages > 0 ? fpy.first / fpy.stages : null)}</strong>
          <span className="muted"> {`${fpy.first} of ${f.plural(fpy.stages, "stage")}`}</span>
        </Fact>
        <Fact term="Open corrective actions">
          <strong>{s.qc.open_corrective_actions}</strong>
        </Fact>
        <Fact term="Mean time per checkpoint">
          <strong>{s.qc.mean_minutes_per_checkpoint === null ? "—" : `${f.number(s.qc.mean_minutes_per_checkpoint)} min`}</strong>
        </Fact>
      </dl>

      <section aria-labelledby="quotes-heading">
        <h2 id="quotes-heading">Quotes per day</h2>
        <BarChart title="Quotes per day" valueText={(n) => f.plural(n, "quote")} columns={s.quotes_per_day.map((d) => ({ label: d.date, value: d.count }))} />
        <DataTable head={["Day", "Quotes"]} rows={s.quotes_per_day.map((d) => [d.date, String(d.count)])} />
      </section>

      <section aria-labelledby="fpy-heading">
        <h2 id="fpy-heading">First-pass yield by stage</h2>
        <HorizontalBars
          title="First-pass yield by stage"
          max={1}
          rows={s.first_pass_yield.by_stage.map((y) => ({ label: y.stage, value: y.rate ?? 0, text: rateText(y.rate) }))}
        />
        <DataTable
          head={["Stage", "Stages inspected", "Passed first time", "Yield"]}
          rows={s.first_pass_yield.by_stage.map((y) => [y.stage, String(y.stages), String(y.first_pass), rateText(y.rate)])}
        />
        <h3>By family</h3>
        <DataTable
          open
          head={["Family", "Stages inspected", "Passed first time", "Yield"]}
          rows={s.first_pass_yield.by_family.map((y) => [y.family, String(y.stages), String(y.first_pass), rateText(y.rate)])}
        />
      </section>

      <section aria-labelledby="waste-heading">
        <h2 id="waste-heading">Material waste by profile</h2>
        <HorizontalBars
          title="Material waste by profile"
          max={100}
          rows={s.waste_by_profile.map((w) => ({ label: w.profile, value: w.waste_percent, text: `${f.number(w.waste_percent, 1)} %` }))}
        />
        {s.waste_cutting_lists.counted < s.waste_cutting_lists.total && (
          <p className="muted">{`From the newest ${s.waste_cutting_lists.counted} of the period's ${s.waste_cutting_lists.total} cutting lists.`}</p>
        )}
        <DataTable
          head={["Profile", "Stock (m)", "Cut (m)", "Waste"]}
          rows={s.waste_by_profile.map((w) => [w.profile, f.number(w.stock_m, 2), f.number(w.cut_m, 2), `${f.number(w.waste_percent, 1)} %`])}
        />
      </section>

      <section aria-labelledby="checks-heading">
        <h2 id="checks-heading">Most failed checks</h2>
        <DataTable open head={["Stage", "Check", "Failures"]} rows={s.qc.most_failed_checks.map((c) => [c.stage, c.description, String(c.failures)])} />
      </section>
    </div>
  );
}

/** A chart's figures as a table: folded away under the chart, or open where it is the only view. */
function DataTable({ head, rows, open = false }: { head: string[]; rows: string[][]; open?: boolean }) {
  const table =
    rows.length === 0 ? (
      <p className="muted">Nothing recorded in this period.</p>
    ) : (
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.join("|")}>
                {r.map((cell, i) => (
                  <td key={head[i]}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  if (open) return table;
  return (
    <details>
      <summary>The figures as a table</summary>
      {table}
    </details>
  );
}
