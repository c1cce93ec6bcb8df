import { Link, data } from "react-router";
import type { Route } from "./+types/project";
import { PageTitle } from "../components/PageTitle.tsx";
import portalCss from "../styles/portal.css?url";
import messagesCss from "../styles/messages.css?url";
import { callApi, errorPage } from "../api/client.ts";
import type { Schemas } from "../api/typed-client.ts";
import { requireViewer } from "../lib/session.server.ts";
import { useFormat } from "../format/use-format.ts";
import { DocumentList, documentsQuery, type DocumentRow } from "../documents/DocumentList.tsx";
import { MessageThread } from "../messages/MessageThread.tsx";
import { loadThread, messageTooLarge, postMessage, tooLarge } from "../messages/thread.server.ts";
import { isStaff } from "../../shared/access.ts";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: portalCss },
  { rel: "stylesheet", href: messagesCss },
];

/** One project: its status, what has happened (quotes sent and accepted, drawings issued, production, shipping), its quotes, orders, documents and messages. */
export async function loader(args: Route.LoaderArgs) {
  const viewer = requireViewer(args);
  const id = encodeURIComponent(args.params.id);
  const { query, type, paged } = documentsQuery(new URL(args.request.url), { project_id: args.params.id });
  const [project, documents] = await Promise.all([
    callApi<Schemas["ProjectDetail"]>(args, `/projects/${id}`),
    callApi<DocumentRow[]>(args, `/documents?${query}`),
  ]);
  if (!project.ok) throw errorPage(project);
  if (!documents.ok) throw errorPage(documents);
  return {
    project: project.data,
    documents: { rows: documents.data, type, paged, nextCursor: documents.pagination?.next_cursor ?? null },
    thread: await loadThread(args, "projects", project.data.id),
    canWrite: viewer.permissions.includes("messages:write"),
    side: isStaff(viewer.user.role) ? ("shop" as const) : ("customer" as const),
  };
}

/** The thread's form: a message, with an image or PDF attached. */
export async function action(args: Route.ActionArgs) {
  requireViewer(args);
  const page = `/projects/${encodeURIComponent(args.params.id)}`;
  // The page's one form; success redirects back to the thread.
  const { status, failure } = (await messageTooLarge(args.request))
    ? tooLarge()
    : await postMessage(args, "projects", args.params.id, await args.request.formData(), page);
  return data({ message: failure }, { status });
}

const STATUS_TEXT = { active: "Active", completed: "Completed", archived: "Archived" } as const;

export default function ProjectPage({ loaderData, actionData }: Route.ComponentProps) {
  const { project, documents, thread, canWrite, side } = loaderData;
  const { money, day } = useFormat();
  const latest = project.timeline.at(-1);
  return (
    <div className="container portal-page">
      <PageTitle>{project.name}</PageTitle>
      <header>
        <p className="eyebrow">
          <Link to="/projects">Projects</Link>
        </p>
        <h1 data-testid="project-name">{project.name}</h1>
        <p className="portal-meta">
          {project.number}
          {project.reference ? ` · ${project.reference}` : ""} ·{" "}
          <span className={`badge badge-status badge-${project.status}`} data-testid="project-status">
            {STATUS_TEXT[project.status]}
          </span>
          {latest ? ` · ${latest.summary}` : ""}
        </p>
      </header>
      <div className="portal-columns">
        <section className="card" aria-labelledby="project-quotes">
          <h2 id="project-quotes">Quotes</h2>
          {project.quotes.length === 0 ? (
            <p className="empty">No quotes in this project yet.</p>
          ) : (
            <ul className="portal-list">
              {project.quotes.map((q) => (
                <li key={q.id}>
                  <Link to={`/quotes/${q.id}`}>{q.number}</Link> {q.title ?? ""} <span className={`badge badge-status badge-${q.status}`}>{q.status}</span>{" "}
                  {q.gross_total !== null ? money(q.gross_total, q.currency) : ""}
                </li>
              ))}
            </ul>
          )}
          {project.orders.length > 0 && (
            <>
              <h2>Orders</h2>
              <ul className="portal-list">
                {project.orders.map((o) => (
                  <li key={o.id}>
                    <Link to={`/orders/${o.id}`}>{o.number ?? "Order"}</Link>{" "}
                    <span className={`badge badge-status badge-${o.status}`}>{o.status.replace(/_/g, " ")}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
        <section className="card" aria-labelledby="project-documents">
          <h2 id="project-documents">Documents</h2>
          <DocumentList
            documents={documents.rows}
            type={documents.type}
            path={`/projects/${project.id}`}
            nextCursor={documents.nextCursor}
            paged={documents.paged}
          />
        </section>
      </div>
      <section className="card" aria-labelledby="project-timeline">
        <h2 id="project-timeline">Timeline</h2>
        <ol className="portal-timeline">
          {project.timeline.map((e) => (
            <li key={`${e.at}-${e.event}-${e.subject.id}`}>
              <time dateTime={e.at}>{day(e.at)}</time> {e.summary}
            </li>
          ))}
        </ol>
      </section>
      {thread && <MessageThread messages={thread.messages} more={thread.more} canWrite={canWrite} failure={actionData?.message} side={side} />}
    </div>
  );
}
