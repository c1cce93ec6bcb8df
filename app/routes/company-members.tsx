import { Form, data } from "react-router";
import type { Route } from "./+types/company-members";
import { FormAlert } from "../components/FormAlert.tsx";
import { PageTitle } from "../components/PageTitle.tsx";
import { SubmitButton } from "../components/SubmitButton.tsx";
import portalCss from "../styles/portal.css?url";
import { callApi, errorPage, sendApi } from "../api/client.ts";
import type { Schemas } from "../api/typed-client.ts";
import { formFailure, text } from "../lib/forms.ts";
import { requireViewer } from "../lib/session.server.ts";
import { roleLabel } from "../../shared/access.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: portalCss }];

const ROLES = ["customer_admin", "customer_user", "customer_viewer"] as const;

const roleOptions = ROLES.map((r) => (
  <option key={r} value={r}>
    {roleLabel(r)}
  </option>
));
const ROLE_HINT: Record<(typeof ROLES)[number], string> = {
  customer_admin: "all projects, quotes, orders and colleagues",
  customer_user: "assigned projects; requests quotes",
  customer_viewer: "assigned projects; read and download only",
};

/** A company admin's colleagues: invite by e-mail (a one-time link to pass on), change a role, remove. */
export async function loader(args: Route.LoaderArgs) {
  const viewer = requireViewer(args);
  if (!viewer.permissions.includes("members:manage") || !viewer.user.customer_id) throw data("Forbidden", { status: 403 });
  const [members, company] = await Promise.all([callApi<Schemas["CompanyMember"][]>(args, "/company/members"), callApi<Schemas["Company"]>(args, "/company")]);
  if (!members.ok) throw errorPage(members);
  if (!company.ok) throw errorPage(company);
  return { members: members.data, company: company.data, me: viewer.user.id };
}

export async function action(args: Route.ActionArgs) {
  requireViewer(args);
  const form = await args.request.formData();
  const intent = text(form, "intent");
  const id = encodeURIComponent(text(form, "id"));
  if (intent === "settings") {
    const saved = await sendApi(args, "/company", { order_approval_required: form.get("order_approval_required") === "on" }, "PATCH");
    if (!saved.ok) return data({ failure: formFailure(saved.error, {}), link: null }, { status: saved.status });
    return { failure: null, link: null };
  }
  if (intent === "invite") {
    const values = { email: text(form, "email"), role: text(form, "role") };
    const invited = await sendApi<Schemas["MemberInvited"]>(args, "/company/members", values);
    if (!invited.ok) return data({ failure: formFailure(invited.error, values, { email: "E-mail", role: "Role" }), link: null }, { status: invited.status });
    const link = new URL(invited.data.invitation.page_path, args.request.url).toString();
    return { failure: null, link: { email: invited.data.member.email, url: link, expires_at: invited.data.invitation.expires_at } };
  }
  const result =
    intent === "remove"
      ? await callApi(args, `/company/members/${id}`, { method: "DELETE" })
      : await sendApi(args, `/company/members/${id}`, { role: text(form, "role") }, "PATCH");
  if (!result.ok) return data({ failure: formFailure(result.error, {}), link: null }, { status: result.status });
  return { failure: null, link: null };
}

export default function CompanyMembers({ loaderData, actionData }: Route.ComponentProps) {
  const failure = actionData?.failure;
  const link = actionData?.link;
  return (
    <div className="container portal-page">
      <PageTitle>Colleagues</PageTitle>
      <h1>Colleagues</h1>
      <FormAlert message={failure?.message} />
      {link && (
        <div className="alert alert-success" role="status" data-testid="invitation">
          <p>
            Send this link to {link.email}; it works once, until {new Date(link.expires_at).toUTCString()}:
          </p>
          <input readOnly value={link.url} aria-label="Invitation link" className="invitation-link" />
        </div>
      )}
      <ul className="portal-list" aria-label="Members">
        {loaderData.members.map((m) => (
          <li key={m.id} className="card member">
            <div>
              <strong>{m.name}</strong> <span className="portal-meta">{m.email}</span>
              {m.status === "invited" && <span className="badge">Invited</span>}
            </div>
            {m.id === loaderData.me ? (
              <span className="portal-meta">{roleLabel(m.role)} (you)</span>
            ) : (
              <div className="member-actions">
                <Form method="post">
                  <input type="hidden" name="intent" value="role" />
                  <input type="hidden" name="id" value={m.id} />
                  <label>
                    <span className="visually-hidden">Role of {m.name}</span>
                    <select name="role" defaultValue={m.role}>
                      {roleOptions}
                    </select>
                  </label>
                  <SubmitButton variant="secondary" pendingLabel="Saving…">
                    Change role
                  </SubmitButton>
                </Form>
                <Form method="post">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="id" value={m.id} />
                  <SubmitButton variant="danger" pendingLabel="Removing…">
                    Remove
                  </SubmitButton>
                </Form>
              </div>
            )}
          </li>
        ))}
      </ul>
      <Form method="post" className="card form" aria-labelledby="approval-title">
        <h2 id="approval-title">Order approval</h2>
        <input type="hidden" name="intent" value="settings" />
        <label className="checkbox">
          <input type="checkbox" name="order_approval_required" defaultChecked={loaderData.company.order_approval_required} />
          <span>Orders placed by customers (not admins) wait for an admin's approval before they go to the shop</span>
        </label>
        <SubmitButton variant="secondary" pendingLabel="Saving…">
          Save
        </SubmitButton>
      </Form>
      <Form method="post" className="card form" aria-labelledby="invite-title">
        <h2 id="invite-title">Invite a colleague</h2>
        <input type="hidden" name="intent" value="invite" />
        <label>
          E-mail
          <input name="email" type="email" required defaultValue={failure?.values?.email} aria-invalid={!!failure?.fields?.email} />
        </label>
        {failure?.fields?.email && <p className="field-error">{failure.fields.email}</p>}
        <label>
          Role
          <select name="role" defaultValue={failure?.values?.role || "customer_user"}>
            {roleOptions}
          </select>
        </label>
        <ul className="portal-meta">
          {ROLES.map((r) => (
            <li key={r}>
              {roleLabel(r)}: {ROLE_HINT[r]}
            </li>
          ))}
        </ul>
        <SubmitButton pendingLabel="Inviting…">Invite</SubmitButton>
      </Form>
    </div>
  );
}
