import { Link } from "react-router";
import type { Route } from "./+types/start";
import { PageTitle } from "../../components/PageTitle.tsx";
import { errorPage, callApi } from "../../api/client.ts";
import type { Schemas } from "../../api/typed-client.ts";
import { requireAdmin } from "../../lib/session.server.ts";
import { PROCESSES, type ProcessCode } from "../../../engine/pricing/price-book.ts";
import { PROCESS_LABELS } from "../../quoting/catalog.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  requireAdmin({ request, context });
  const [result, book] = await Promise.all([
    callApi<Schemas["Onboarding"]>({ request, context }, "/tenant/onboarding"),
    callApi<{ processes: Partial<Record<ProcessCode, unknown>> }>({ request, context }, "/price-books/current"),
  ]);
  if (!result.ok) throw errorPage(result);
  if (!book.ok) throw errorPage(book);
  return { steps: result.data.steps, offered: PROCESSES.filter((p) => book.data.processes[p]) };
}

/** The new shop's checklist: what is left to do before customers meet the shop, each ticked by the shop's own data. */
export default function Start({ loaderData }: Route.ComponentProps) {
  const { steps, offered } = loaderData;
  const left = steps.filter((s) => !s.done).length;
  return (
    <section aria-labelledby="start-title">
      <PageTitle>Getting started</PageTitle>
      <h2 id="start-title">Getting started</h2>
      <p className="lead">
        {left === 0 ? "Your shop is ready for customers." : `${steps.length - left} of ${steps.length} done. Each step ticks itself once your shop has it.`}
      </p>
      <ol className="checklist">
        {steps.map((s) => (
          <li key={s.code} data-done={s.done} data-testid={`step-${s.code}`}>
            <span aria-hidden="true">{s.done ? "✓" : "○"}</span> <span className="visually-hidden">{s.done ? "Done: " : "To do: "}</span>
            {s.path && !s.done ? <Link to={s.path}>{s.label}</Link> : s.label}
            {!s.path && !s.done && <span className="muted"> — through the API for now (see the API reference)</span>}
          </li>
        ))}
      </ol>
      <section aria-labelledby="processes-title" className="card">
        <h3 id="processes-title">What your shop makes</h3>
        <p className="muted">
          Add a process from its template, or apply a template again to get its machine, materials and finishes back. The template goes into a draft of your
          price book: you see what it adds and what of yours it keeps as it is, and nothing changes until you publish.
        </p>
        <ul className="template-list">
          {PROCESSES.map((p) => {
            const label = PROCESS_LABELS[p];
            const has = offered.includes(p);
            return (
              <li key={p} data-testid={`process-${p}`}>
                {label}: {has ? "offered" : "not offered yet"} ·{" "}
                <Link to={`/admin/catalog/edit?template=${p}`}>{has ? `Apply the ${label} template again` : `Add ${label}`}</Link>
              </li>
            );
          })}
        </ul>
      </section>
    </section>
  );
}
