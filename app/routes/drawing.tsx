import { data, Form, Link, useNavigation } from "react-router";
import type { Route } from "./+types/drawing";
import { PageTitle } from "../components/PageTitle.tsx";
import { SheetViewer } from "../drawings/SheetViewer.tsx";
import drawingsCss from "../drawings/drawings.css?url";
import { callApi, errorPage, sendApi } from "../api/client.ts";
import type { Schemas } from "../api/typed-client.ts";
import { requireTenantSite, viewerContext } from "../lib/session.server.ts";
import { useFormat } from "../format/use-format.ts";
import { text } from "../lib/forms.ts";
import { isStaff } from "../../shared/access.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: drawingsCss }];

const api = (id: string) => `/api/v1/drawings/${encodeURIComponent(id)}`;

/** The drawing, its revisions, and the other current sheets of the same configuration. */
export async function loader(args: Route.LoaderArgs) {
  requireTenantSite(args.context);
  const id = encodeURIComponent(args.params.id);
  const [drawing, revisions] = await Promise.all([
    callApi<Schemas["Drawing"]>(args, `/drawings/${id}`),
    callApi<Schemas["DrawingRevision"][]>(args, `/drawings/${id}/revisions`),
  ]);
  if (!drawing.ok) throw errorPage(drawing);
  if (!revisions.ok) throw errorPage(revisions);
  const sheets = await callApi<Schemas["Drawing"][]>(args, `/drawings?configuration_id=${drawing.data.configuration_id}&status=current&limit=50`);
  const viewer = args.context.get(viewerContext);
  return {
    drawing: drawing.data,
    revisions: revisions.data,
    sheets: sheets.ok ? sheets.data : [],
    staff: !!viewer && isStaff(viewer.user.role),
  };
}

/** Staff ask for the next revision with a reason; the API draws it at once. */
export async function action(args: Route.ActionArgs) {
  requireTenantSite(args.context);
  const form = await args.request.formData();
  const reason = text(form, "reason");
  if (!reason) return data({ error: "Say why the drawing is revised; the reason goes into its revision table." }, { status: 400 });
  const result = await sendApi<Schemas["DrawingRevision"]>(args, `/drawings/${encodeURIComponent(args.params.id)}/revisions`, { reason });
  if (!result.ok) return data({ error: result.error.message }, { status: result.status });
  return { revised: result.data.revision };
}

const TYPE_TITLES: Record<string, string> = { elevation: "Elevation", plan: "Plan", section: "Section", detail: "Detail" };

export default function DrawingPage({ loaderData, actionData }: Route.ComponentProps) {
  const { drawing, revisions, sheets, staff } = loaderData;
  const { day } = useFormat();
  const busy = useNavigation().state === "submitting";
  const title = `${drawing.drawing_number} rev. ${drawing.revision}`;
  return (
    <div className="container drawing-page">
      <PageTitle>{`Drawing ${title}`}</PageTitle>
      <header className="instant-head">
        <p className="eyebrow">
          {TYPE_TITLES[drawing.drawing_type] ?? drawing.drawing_type} · {drawing.sheet} · scale {drawing.scale}
          {drawing.quote_id ? (
            <>
              {" · "}
              <Link to={`/quotes/${drawing.quote_id}`}>From the quote</Link>
            </>
          ) : null}
        </p>
        <h1 data-testid="drawing-number">{title}</h1>
        {drawing.status === "superseded" && <p className="alert alert-warning">A newer drawing of this view supersedes this one.</p>}
      </header>
      <div className="drawing-layout">
        {drawing.formats.includes("svg") ? (
          <SheetViewer key={`${drawing.id}:${drawing.revision}`} svgUrl={`${api(drawing.id)}/download?format=svg`} title={title} />
        ) : (
          // Drawn without an SVG: the sheet as a picture, without layers.
          <img className="sheet-picture" src={`${api(drawing.id)}/preview`} alt={title} data-testid="sheet-picture" />
        )}
        <aside className="drawing-aside">
          <section aria-labelledby="sheets-title">
            <h2 id="sheets-title">Sheets</h2>
            <ul className="drawing-sheets" data-testid="sheets">
              {sheets.map((s) => (
                <li key={s.id}>
                  {s.id === drawing.id ? (
                    <strong aria-current="page">
                      {TYPE_TITLES[s.drawing_type] ?? s.drawing_type} — {s.drawing_number}
                    </strong>
                  ) : (
                    <Link to={`/drawings/${s.id}`}>
                      {TYPE_TITLES[s.drawing_type] ?? s.drawing_type} — {s.drawing_number}
                    </Link>
                  )}
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="downloads-title">
            <h2 id="downloads-title">Downloads</h2>
            <p className="drawing-downloads">
              {drawing.formats.map((f) => (
                <a key={f} className="button button-secondary" href={`${api(drawing.id)}/download?format=${f}`} download>
                  {f.toUpperCase()}
                </a>
              ))}
            </p>
            <p className="muted">Each link is signed for you and works for a few minutes.</p>
          </section>
          <section aria-labelledby="revisions-title">
            <h2 id="revisions-title">Revisions</h2>
            <ol className="drawing-revisions" data-testid="revisions" reversed>
              {[...revisions].reverse().map((r) => (
                <li key={r.revision} className={r.status === "superseded" ? "superseded" : "current"} data-status={r.status}>
                  <strong>{r.revision}</strong> {day(r.created_at)} — {r.reason}
                  {r.status === "superseded" ? <span className="muted"> (superseded)</span> : null}
                </li>
              ))}
            </ol>
            {staff && drawing.status === "current" && (
              <Form method="post" className="drawing-revise">
                <label htmlFor="reason">Request a revision</label>
                <input id="reason" name="reason" required maxLength={500} placeholder="What changes and why" />
                <button type="submit" className="button button-primary" disabled={busy}>
                  {busy ? "Drawing…" : "Revise"}
                </button>
                {actionData && "error" in actionData && (
                  <p className="alert alert-error" role="alert">
                    {actionData.error}
                  </p>
                )}
                {actionData && "revised" in actionData && (
                  <p className="alert alert-success" role="status">
                    Revision {actionData.revised} issued.
                  </p>
                )}
              </Form>
            )}
          </section>
        </aside>
      </div>
    </div>
  );
}
