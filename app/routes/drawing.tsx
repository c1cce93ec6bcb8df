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

/** The drawing, its revisions and approvals, and the other current sheets of the same configuration. */
export async function loader(args: Route.LoaderArgs) {
  requireTenantSite(args.context);
  const id = encodeURIComponent(args.params.id);
  const [drawing, revisions, approvals] = await Promise.all([
    callApi<Schemas["Drawing"]>(args, `/drawings/${id}`),
    callApi<Schemas["DrawingRevision"][]>(args, `/drawings/${id}/revisions`),
    callApi<Schemas["DrawingApproval"][]>(args, `/drawings/${id}/approvals`),
  ]);
  if (!drawing.ok) throw errorPage(drawing);
  if (!revisions.ok) throw errorPage(revisions);
  if (!approvals.ok) throw errorPage(approvals);
  const sheets = await callApi<Schemas["Drawing"][]>(args, `/drawings?configuration_id=${drawing.data.configuration_id}&status=current&limit=50`);
  const viewer = args.context.get(viewerContext);
  return {
    drawing: drawing.data,
    revisions: revisions.data,
    approvals: approvals.data,
    sheets: sheets.ok ? sheets.data : [],
    staff: !!viewer && isStaff(viewer.user.role),
    approver: !!viewer?.permissions.includes("drawings:approve"),
  };
}

/** The approver approves or rejects the revision they saw; staff ask for the next revision with a reason (the API draws it at once). */
export async function action(args: Route.ActionArgs) {
  requireTenantSite(args.context);
  const form = await args.request.formData();
  const decision = text(form, "decision");
  if (decision === "approved" || decision === "rejected") {
    const comments = text(form, "comments");
    const sheetComment = text(form, "sheet_comment");
    const result = await sendApi<Schemas["DrawingApproval"]>(args, `/drawings/${encodeURIComponent(args.params.id)}/approvals`, {
      decision,
      revision: text(form, "revision"),
      ...(comments ? { comments } : {}),
      sheet_comments: sheetComment ? [{ sheet: text(form, "sheet") ?? "1", comment: sheetComment }] : [],
    });
    if (!result.ok) return data({ approvalError: result.error.message }, { status: result.status });
    return { decided: result.data };
  }
  const reason = text(form, "reason");
  if (!reason) return data({ error: "Say why the drawing is revised; the reason goes into its revision table." }, { status: 400 });
  const result = await sendApi<Schemas["DrawingRevision"]>(args, `/drawings/${encodeURIComponent(args.params.id)}/revisions`, { reason });
  if (!result.ok) return data({ error: result.error.message }, { status: result.status });
  return { revised: result.data.revision };
}

const TYPE_TITLES: Record<string, string> = { elevation: "Elevation", plan: "Plan", section: "Section", detail: "Detail" };

export default function DrawingPage({ loaderData, actionData }: Route.ComponentProps) {
  const { drawing, revisions, approvals, sheets, staff, approver } = loaderData;
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
          <ApprovalPanel drawing={drawing} approvals={approvals} approver={approver} actionData={actionData} busy={busy} />
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
                {actionData && "error" in actionData && actionData.error && (
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

type Approval = Schemas["DrawingApproval"];
type ActionData = Route.ComponentProps["actionData"];

/** Who decided, as the reader may know it: the shop recording a customer's sign-off stays "the shop" to the customer. */
const deciderOf = (a: Approval) => (a.decided_by.name ? a.decided_by.name : "the shop") + (a.decided_by.on_behalf ? " (for the customer)" : "");

/** The current revision's approval state, the approver's decision form, and the history, newest first. */
function ApprovalPanel({
  drawing,
  approvals,
  approver,
  actionData,
  busy,
}: {
  drawing: Schemas["Drawing"];
  approvals: Approval[];
  approver: boolean;
  actionData: ActionData;
  busy: boolean;
}) {
  const { day } = useFormat();
  const latest = approvals.filter((a) => a.revision === drawing.revision).at(-1);
  const state =
    latest?.decision === "approved"
      ? `Revision ${drawing.revision} approved by ${deciderOf(latest)}, ${day(latest.created_at)}.`
      : latest?.decision === "rejected"
        ? `Revision ${drawing.revision} rejected; revision ${latest.requested_revision ?? "—"} was asked for.`
        : `Revision ${drawing.revision} is awaiting approval.`;
  return (
    <section aria-labelledby="approval-title" className="drawing-approval">
      <h2 id="approval-title">Approval</h2>
      <p data-testid="approval-state" className={latest?.decision === "approved" ? "alert alert-success" : "muted"}>
        {state}
      </p>
      {approver && drawing.status === "current" && latest?.decision !== "approved" && (
        // Keyed by the revision: a new revision starts with empty comments.
        <Form method="post" className="drawing-approve" key={drawing.revision}>
          <input type="hidden" name="revision" value={drawing.revision} />
          <input type="hidden" name="sheet" value={drawing.drawing_number} />
          <div className="field">
            <label htmlFor="comments">Comments</label>
            <textarea id="comments" name="comments" rows={3} maxLength={2000} placeholder="Required to reject: what should change" />
          </div>
          <div className="field">
            <label htmlFor="sheet_comment">Comment on this sheet ({drawing.drawing_number})</label>
            <input id="sheet_comment" name="sheet_comment" maxLength={1000} />
          </div>
          <p className="drawing-approve-actions">
            <button type="submit" name="decision" value="approved" className="button button-primary" disabled={busy}>
              Approve revision {drawing.revision}
            </button>
            <button type="submit" name="decision" value="rejected" className="button button-secondary" disabled={busy}>
              Reject
            </button>
          </p>
          {actionData && "approvalError" in actionData && (
            <p className="alert alert-error" role="alert">
              {actionData.approvalError}
            </p>
          )}
        </Form>
      )}
      {actionData && "decided" in actionData && actionData.decided && (
        <p className="alert alert-success" role="status">
          {actionData.decided.decision === "approved"
            ? `You approved revision ${actionData.decided.revision}.`
            : `You rejected revision ${actionData.decided.revision}; the shop was asked for revision ${actionData.decided.requested_revision}.`}
        </p>
      )}
      {approvals.length > 0 && (
        <ol className="drawing-approvals" data-testid="approvals" reversed>
          {[...approvals].reverse().map((a) => (
            <li key={a.id} data-decision={a.decision}>
              <strong>
                {a.decision === "approved" ? "Approved" : "Rejected"} rev {a.revision}
              </strong>{" "}
              — {deciderOf(a)}, {day(a.created_at)}
              {a.comments ? <q>{a.comments}</q> : null}
              {a.sheet_comments.map((s) => (
                <span key={s.sheet} className="muted">
                  {" "}
                  {s.sheet}: {s.comment}
                </span>
              ))}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
