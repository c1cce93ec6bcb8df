import { Form, Link } from "react-router";
import type { Route } from "./+types/drawing-compare";
import { PageTitle } from "../components/PageTitle.tsx";
import drawingsCss from "../drawings/drawings.css?url";
import { callApi, errorPage } from "../api/client.ts";
import type { Schemas } from "../api/typed-client.ts";
import { requireTenantSite } from "../lib/session.server.ts";
import { useFormat } from "../format/use-format.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: drawingsCss }];

/** Two revisions of a drawing side by side: `?a=` and `?b=` name them (by default the one before the current, and the current). */
export async function loader(args: Route.LoaderArgs) {
  requireTenantSite(args.context);
  const id = encodeURIComponent(args.params.id);
  const [drawing, revisions] = await Promise.all([
    callApi<Schemas["Drawing"]>(args, `/drawings/${id}`),
    callApi<Schemas["DrawingRevision"][]>(args, `/drawings/${id}/revisions`),
  ]);
  if (!drawing.ok) throw errorPage(drawing);
  if (!revisions.ok) throw errorPage(revisions);
  const letters = revisions.data.map((r) => r.revision);
  const query = new URL(args.request.url).searchParams;
  const pick = (name: string, fallback: string | undefined) => {
    const asked = query.get(name);
    return asked !== null && letters.includes(asked) ? asked : fallback;
  };
  const a = pick("a", letters.at(-2) ?? letters[0]);
  const b = pick("b", letters.at(-1));
  const unknown = ["a", "b"].filter((n) => query.get(n) !== null && !letters.includes(query.get(n)!)).map((n) => query.get(n)!);
  return { drawing: drawing.data, revisions: revisions.data, a, b, unknown };
}

export default function DrawingComparePage({ loaderData }: Route.ComponentProps) {
  const { drawing, revisions, a, b, unknown } = loaderData;
  const { day } = useFormat();
  const side = (letter: string | undefined, name: "a" | "b") => {
    const r = revisions.find((x) => x.revision === letter);
    if (!r) return null;
    return (
      <figure className="compare-sheet" data-testid={`compare-${name}`} data-revision={r.revision}>
        <img
          src={`/api/v1/drawings/${drawing.id}/preview?revision=${encodeURIComponent(r.revision)}`}
          alt={`${drawing.drawing_number} revision ${r.revision}`}
        />
        <figcaption>
          <strong>Revision {r.revision}</strong> · {day(r.created_at)} · {r.status === "superseded" ? "superseded" : "current"}
          <br />
          {r.reason}
          {r.changes.length > 0 && (
            <ul>
              {r.changes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          )}
        </figcaption>
      </figure>
    );
  };
  return (
    <div className="container drawing-page">
      <PageTitle>{`Compare ${drawing.drawing_number}`}</PageTitle>
      <header className="instant-head">
        <p className="eyebrow">
          <Link to={`/drawings/${drawing.id}`}>Drawing {drawing.drawing_number}</Link>
        </p>
        <h1>
          Compare revisions {a} and {b}
        </h1>
        {unknown.length > 0 && (
          <p className="alert alert-warning" role="status">
            This drawing has no revision {unknown.join(" or ")}; showing {a} and {b}.
          </p>
        )}
        <Form method="get" className="compare-pick">
          {(["a", "b"] as const).map((name) => (
            <label key={name}>
              {name === "a" ? "Left" : "Right"}{" "}
              <select name={name} defaultValue={name === "a" ? a : b}>
                {revisions.map((r) => (
                  <option key={r.revision} value={r.revision}>
                    {r.revision}
                    {r.status === "superseded" ? " (superseded)" : " (current)"}
                  </option>
                ))}
              </select>
            </label>
          ))}{" "}
          <button type="submit" className="button button-secondary">
            Compare
          </button>
        </Form>
      </header>
      {revisions.length < 2 ? (
        <p className="empty">This drawing has one revision so far: there is nothing to compare it with.</p>
      ) : (
        <div className="compare-sheets">
          {side(a, "a")}
          {side(b, "b")}
        </div>
      )}
    </div>
  );
}
