import { data, Form, Link } from "react-router";
import type { Route } from "./+types/notifications";
import { FormAlert } from "../components/FormAlert.tsx";
import { PageTitle } from "../components/PageTitle.tsx";
import { Pager } from "../components/Pager.tsx";
import { SubmitButton } from "../components/SubmitButton.tsx";
import portalCss from "../styles/portal.css?url";
import { callApi, errorPage, sendApi } from "../api/client.ts";
import type { Schemas } from "../api/typed-client.ts";
import { useFormat } from "../format/use-format.ts";
import { text } from "../lib/forms.ts";
import { requireViewer } from "../lib/session.server.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: portalCss }];

/** The signed-in person's notifications (newest first, or only unread) and their choice of what they get, by e-mail and here. */
export async function loader(args: Route.LoaderArgs) {
  requireViewer(args);
  const url = new URL(args.request.url);
  const filters = new URLSearchParams();
  if (url.searchParams.get("unread") === "1") filters.set("unread", "1");
  const query = new URLSearchParams({ limit: "25", ...(filters.has("unread") ? { unread_only: "true" } : {}) });
  const cursor = url.searchParams.get("cursor");
  if (cursor) query.set("cursor", cursor);
  const [list, preferences] = await Promise.all([
    callApi<Schemas["Notification"][]>(args, `/notifications?${query}`),
    callApi<Schemas["NotificationPreferences"]>(args, "/me/notification-preferences"),
  ]);
  if (!list.ok) throw errorPage(list);
  if (!preferences.ok) throw errorPage(preferences);
  return {
    notifications: list.data,
    nextCursor: list.pagination?.next_cursor ?? null,
    paged: !!cursor,
    unreadOnly: filters.has("unread"),
    preferences: preferences.data.preferences,
  };
}

export async function action(args: Route.ActionArgs) {
  requireViewer(args);
  const form = await args.request.formData();
  const intent = text(form, "intent");
  if (intent === "read") {
    const read = await sendApi(args, `/notifications/${encodeURIComponent(text(form, "id"))}/read`);
    return read.ok ? data({ failure: null, saved: false }) : data({ failure: read.error.message, saved: false }, { status: read.status });
  }
  if (intent === "preferences") {
    const types = form.getAll("type").map(String);
    const preferences = types.map((type) => ({ type, email: form.has(`email:${type}`), in_app: form.has(`in_app:${type}`) }));
    const saved = await sendApi(args, "/me/notification-preferences", { preferences }, "PATCH");
    return saved.ok ? data({ failure: null, saved: true }) : data({ failure: saved.error.message, saved: false }, { status: saved.status });
  }
  return data({ failure: "This form was not understood. Reload the page and try again.", saved: false }, { status: 400 });
}

export default function Notifications({ loaderData, actionData }: Route.ComponentProps) {
  const format = useFormat();
  const { notifications, nextCursor, paged, unreadOnly, preferences } = loaderData;
  return (
    <div className="container portal-page">
      <PageTitle>Notifications</PageTitle>
      <h1>Notifications</h1>
      <FormAlert message={actionData?.failure ?? undefined} />
      <p>{unreadOnly ? <Link to="/notifications">Show all</Link> : <Link to="/notifications?unread=1">Show only unread</Link>}</p>
      {notifications.length === 0 ? (
        <p className="empty">{unreadOnly ? "Nothing unread." : "No notifications yet."}</p>
      ) : (
        <ul className="portal-list notification-list" aria-label="Notifications">
          {notifications.map((n) => (
            <li key={n.id} className={`card${n.read ? "" : " unread"}`}>
              <Link to={n.path}>
                <strong>{n.title}</strong>
              </Link>
              <span className="portal-meta">
                {format.moment(n.created_at)}
                {n.read ? " · read" : ""}
              </span>
              <p>{n.body}</p>
              {!n.read && (
                <Form method="post">
                  <input type="hidden" name="intent" value="read" />
                  <input type="hidden" name="id" value={n.id} />
                  <SubmitButton variant="ghost" pendingLabel="Marking…">
                    Mark as read<span className="visually-hidden">: {n.title}</span>
                  </SubmitButton>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      <Pager
        label="More notifications"
        path="/notifications"
        filters={new URLSearchParams(unreadOnly ? { unread: "1" } : {})}
        nextCursor={nextCursor}
        paged={paged}
        first="Newest"
        next="Older"
      />
      <Form method="post" className="card form" aria-labelledby="notification-settings">
        <h2 id="notification-settings">What you are told about</h2>
        <input type="hidden" name="intent" value="preferences" />
        <table className="notification-settings">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">E-mail</th>
              <th scope="col">Here</th>
            </tr>
          </thead>
          <tbody>
            {preferences.map((p) => (
              <tr key={p.type}>
                <th scope="row">
                  <input type="hidden" name="type" value={p.type} />
                  {p.label}
                </th>
                <td>
                  <input type="checkbox" name={`email:${p.type}`} defaultChecked={p.email} aria-label={`${p.label}: by e-mail`} />
                </td>
                <td>
                  <input type="checkbox" name={`in_app:${p.type}`} defaultChecked={p.in_app} aria-label={`${p.label}: here`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {actionData?.saved && <p role="status">Saved.</p>}
        <SubmitButton pendingLabel="Saving…">Save choices</SubmitButton>
      </Form>
    </div>
  );
}
