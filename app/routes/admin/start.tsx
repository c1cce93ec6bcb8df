import { Link } from "react-router";
import type { Route } from "./+types/start";
import { PageTitle } from "../../components/PageTitle.tsx";
import { errorPage, callApi } from "../../api/client.ts";
import type { Schemas } from "../../api/typed-client.ts";
import { requireAdmin } from "../../lib/session.server.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  requireAdmin({ request, context });
  const result = await callApi<Schemas["Onboarding"]>({ request, context }, "/tenant/onboarding");
  if (!result.ok) throw errorPage(result);
  return { steps: result.data.steps };
}

/** The new shop's checklist: what is left to do before customers meet the shop, each ticked by the shop's own data. */
export default function Start({ loaderData }: Route.ComponentProps) {
  const { steps } = loaderData;
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
    </section>
  );
}
