import { Link, data } from "react-router";
import type { Route } from "./+types/inbox";
import { PageTitle } from "../components/PageTitle.tsx";
import { Pager } from "../components/Pager.tsx";
import portalCss from "../styles/portal.css?url";
import messagesCss from "../styles/messages.css?url";
import { callApi, errorPage } from "../api/client.ts";
import type { Schemas } from "../api/typed-client.ts";
import { requireViewer } from "../lib/session.server.ts";
import { useFormat } from "../format/use-format.ts";
import { isStaff } from "../../shared/access.ts";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: portalCss },
  { rel: "stylesheet", href: messagesCss },
];

/** Message threads, the most recently active first, with the visitor's unread counts: the shop's staff see every thread of the shop. */
export async function loader(args: Route.LoaderArgs) {
  const viewer = requireViewer(args);
  if (!viewer.permissions.includes("messages:read")) throw data("Forbidden", { status: 403 });
  const cursor = new URL(args.request.url).searchParams.get("cursor");
  const threads = await callApi<Schemas["MessageThread"][]>(args, `/messages/threads?${new URLSearchParams({ limit: "25", ...(cursor ? { cursor } : {}) })}`);
  if (!threads.ok) throw errorPage(threads);
  return { threads: threads.data, nextCursor: threads.pagination?.next_cursor ?? null, paged: !!cursor, staff: isStaff(viewer.user.role) };
}

const SUBJECT = { project: "Project", quote: "Quote" } as const;
const pathOf = (s: Schemas["MessageThread"]["subject"]) => `/${s.type === "project" ? "projects" : "quotes"}/${s.id}#messages`;

export default function Inbox({ loaderData }: Route.ComponentProps) {
  const { threads, nextCursor, paged, staff } = loaderData;
  const { moment } = useFormat();
  return (
    <div className="container portal-page">
      <PageTitle>Messages</PageTitle>
      <h1>Messages</h1>
      <p className="muted">
        {staff ? "Every conversation with your customers, about a project or a quote." : "Your conversations with the shop, about your projects and quotes."}
      </p>
      {threads.length === 0 ? (
        <p className="empty">No messages yet.</p>
      ) : (
        <ul className="inbox-list" aria-label="Conversations">
          {threads.map((th) => (
            <li key={th.id} className={`card inbox-thread${th.unread > 0 ? " inbox-unread" : ""}`} data-testid="inbox-thread">
              <Link to={pathOf(th.subject)}>
                <span className="inbox-thread-head">
                  <strong>
                    {SUBJECT[th.subject.type]} {th.subject.number}
                    {th.subject.title ? ` · ${th.subject.title}` : ""}
                  </strong>
                  {th.unread > 0 && (
                    <span className="unread-count" data-testid="unread-count" title={`${th.unread} unread`}>
                      {th.unread}
                      <span className="visually-hidden"> unread</span>
                    </span>
                  )}
                </span>
                {th.last_message && (
                  <span className="muted">
                    {th.last_message.author_name}
                    {th.last_message.author_side === "shop" ? " (shop)" : ""}: {th.last_message.excerpt}
                  </span>
                )}
                <time className="portal-meta" dateTime={th.last_message_at}>
                  {moment(th.last_message_at)}
                </time>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Pager label="More conversations" path="/inbox" nextCursor={nextCursor} paged={paged} first="Newest" next="Older" />
    </div>
  );
}
