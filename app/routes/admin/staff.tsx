import { data, Form } from "react-router";
import type { Route } from "./+types/staff";
import { CopyButton } from "../../components/CopyButton.tsx";
import { FormAlert } from "../../components/FormAlert.tsx";
import { PageTitle } from "../../components/PageTitle.tsx";
import { SubmitButton } from "../../components/SubmitButton.tsx";
import { TextField } from "../../components/TextField.tsx";
import { callApi, errorPage, sendApi } from "../../api/client.ts";
import type { Schemas } from "../../api/typed-client.ts";
import { useFormat } from "../../format/use-format.ts";
import { formFailure, text, type FormFailure } from "../../lib/forms.ts";
import { requireAdmin } from "../../lib/session.server.ts";
import { STAFF_ROLES, roleLabel } from "../../../shared/access.ts";

type Member = Schemas["StaffMember"] & { expired?: boolean };

const ROLE_HINTS: Record<(typeof STAFF_ROLES)[number], string> = {
  owner: "everything, including other owners",
  admin: "everything but owners: settings, price book, colleagues, API keys",
  staff: "quotes, orders and production; no settings",
};

/** The roles this person may give: only an owner makes an owner. */
const rolesFor = (isOwner: boolean) => STAFF_ROLES.filter((r) => isOwner || r !== "owner");

/** The shop's own people: invite a colleague by e-mail (a one-time link, e-mailed and shown once), change a role, remove. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const viewer = requireAdmin({ request, context });
  const result = await callApi<Member[]>({ request, context }, "/staff");
  if (!result.ok) throw errorPage(result);
  const now = Date.now();
  // Decided here, once, so server and browser render the same thing.
  const staff = result.data.map((m) => ({ ...m, expired: m.invitation_expires_at !== null && Date.parse(m.invitation_expires_at) <= now }));
  return { staff, me: viewer.user.id, isOwner: viewer.user.role === "owner" };
}

type ActionResult =
  | { invited: { email: string; url: string; expires_at: string } }
  | { changed: { email: string; role: string } }
  | { removed: string }
  | { failure: FormFailure; intent: string };

export async function action({ request, context }: Route.ActionArgs) {
  const args = { request, context };
  requireAdmin(args);
  const form = await request.formData();
  const intent = text(form, "intent");
  const id = encodeURIComponent(text(form, "id"));
  if (intent === "invite") {
    const values = { email: text(form, "email"), name: text(form, "name"), role: text(form, "role") };
    const invited = await sendApi<Schemas["StaffInvited"]>(args, "/staff", {
      email: values.email,
      role: values.role,
      ...(values.name ? { name: values.name } : {}),
    });
    if (!invited.ok)
      return data<ActionResult>(
        { failure: formFailure(invited.error, values, { email: "E-mail", name: "Name", role: "Role" }), intent },
        { status: invited.status },
      );
    const url = new URL(invited.data.invitation.page_path, request.url).toString();
    return data<ActionResult>({ invited: { email: invited.data.member.email, url, expires_at: invited.data.invitation.expires_at } }, { status: 201 });
  }
  if (intent === "role") {
    const changed = await sendApi<Member>(args, `/staff/${id}`, { role: text(form, "role") }, "PATCH");
    if (!changed.ok) return data<ActionResult>({ failure: formFailure(changed.error, {}), intent }, { status: changed.status });
    return data<ActionResult>({ changed: { email: changed.data.email, role: changed.data.role } });
  }
  if (intent === "remove") {
    const removed = await callApi(args, `/staff/${id}`, { method: "DELETE" });
    if (!removed.ok) return data<ActionResult>({ failure: formFailure(removed.error, {}), intent }, { status: removed.status });
    return data<ActionResult>({ removed: text(form, "email") });
  }
  throw data("Unknown action", { status: 400 });
}

export default function Staff({ loaderData, actionData }: Route.ComponentProps) {
  const result = actionData as ActionResult | undefined;
  const failed = result && "failure" in result ? result : undefined;
  const notice =
    result && "removed" in result
      ? `${result.removed} is removed: their sessions and API keys have ended.`
      : result && "changed" in result
        ? `${result.changed.email} is now ${roleLabel(result.changed.role)}.`
        : undefined;
  return (
    <section aria-labelledby="staff-title">
      <PageTitle>Staff</PageTitle>
      <h2 id="staff-title">Staff</h2>
      <p className="section-intro">Your colleagues at the shop. Invite someone by e-mail: they choose their own password with the link they receive.</p>
      {result && "invited" in result && <InvitationNotice {...result.invited} />}
      <FormAlert tone="success" message={notice} />
      <FormAlert message={failed && failed.intent !== "invite" ? failed.failure.message : undefined} />
      <StaffList staff={loaderData.staff} me={loaderData.me} isOwner={loaderData.isOwner} />
      <InviteForm
        key={result && "invited" in result ? result.invited.url : "invite"}
        failure={failed?.intent === "invite" ? failed.failure : undefined}
        isOwner={loaderData.isOwner}
      />
    </section>
  );
}

/** The link is e-mailed; it is shown once here too, for when the e-mail does not arrive. */
function InvitationNotice({ email, url, expires_at }: { email: string; url: string; expires_at: string }) {
  const { moment } = useFormat();
  return (
    <div className="new-key" role="status" data-testid="invitation">
      <h3>Invitation sent to {email}</h3>
      <p>If the e-mail does not arrive, send them this link yourself. It works once, until {moment(expires_at)}, and is not shown again.</p>
      <div className="key-box">
        <label htmlFor="invitation-link" className="visually-hidden">
          Invitation link
        </label>
        <input id="invitation-link" readOnly value={url} className="mono" onFocus={(e) => e.currentTarget.select()} />
        <CopyButton value={url} label="Copy link" />
      </div>
    </div>
  );
}

function StaffList({ staff, me, isOwner }: { staff: Member[]; me: string; isOwner: boolean }) {
  const { day } = useFormat();
  return (
    <table className="data-table">
      <caption className="visually-hidden">Staff</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">E-mail</th>
          <th scope="col">Role</th>
          <th scope="col">Status</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {staff.map((m) => {
          // Owners are for owners to change or remove.
          const manageable = isOwner || m.role !== "owner";
          return (
            <tr key={m.id} data-member={m.email}>
              <th scope="row" data-label="Name">
                {m.name}
                {m.id === me && " (you)"}
              </th>
              <td data-label="E-mail">{m.email}</td>
              <td data-label="Role">{manageable ? <RoleForm member={m} isOwner={isOwner} /> : roleLabel(m.role)}</td>
              <td data-label="Status">
                {m.status === "active" ? (
                  <span className="badge badge-active">Active</span>
                ) : m.expired ? (
                  <>
                    <span className="badge badge-revoked">Link expired</span> <span className="muted">invite them again</span>
                  </>
                ) : (
                  <>
                    <span className="badge badge-neutral">Invited</span> <span className="muted">until {day(m.invitation_expires_at)}</span>
                  </>
                )}
              </td>
              <td data-label="Actions" className="row-actions">
                {manageable && <RemoveForm member={m} />}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function RoleForm({ member, isOwner }: { member: Member; isOwner: boolean }) {
  const id = `role-${member.id}`;
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="id" value={member.id} />
      <label htmlFor={id} className="visually-hidden">
        Role of {member.name}
      </label>
      <select id={id} name="role" defaultValue={member.role}>
        {rolesFor(isOwner).map((r) => (
          <option key={r} value={r}>
            {roleLabel(r)}
          </option>
        ))}
      </select>
      <SubmitButton
        name="intent"
        value="role"
        variant="secondary"
        pendingLabel="Saving…"
        pendingWhen={({ formData }) => formData.get("intent") === "role" && formData.get("id") === member.id}
      >
        Change role<span className="visually-hidden"> of {member.name}</span>
      </SubmitButton>
    </Form>
  );
}

/** Removing asks once more (a <details>, so it works without JavaScript): it signs the person out everywhere. */
function RemoveForm({ member }: { member: Member }) {
  return (
    <details className="disclosure confirm-remove">
      <summary>
        Remove<span className="visually-hidden"> {member.name}</span>
      </summary>
      <Form method="post" className="disclosure-body">
        <input type="hidden" name="id" value={member.id} />
        <input type="hidden" name="email" value={member.email} />
        <p>
          Remove {member.name}? They are signed out at once and their API keys stop working.
          {member.status === "invited" && " Their invitation link stops working."}
        </p>
        <SubmitButton
          name="intent"
          value="remove"
          variant="danger"
          pendingLabel="Removing…"
          pendingWhen={({ formData }) => formData.get("intent") === "remove" && formData.get("id") === member.id}
        >
          Yes, remove {member.name}
        </SubmitButton>
      </Form>
    </details>
  );
}

function InviteForm({ failure, isOwner }: { failure: FormFailure | undefined; isOwner: boolean }) {
  const roles = rolesFor(isOwner);
  const roleError = failure?.fields.role;
  return (
    <Form method="post" className="card form" aria-labelledby="invite-title" noValidate>
      <h3 id="invite-title">Invite a colleague</h3>
      <FormAlert message={failure && Object.keys(failure.fields).length === 0 ? failure.message : undefined} />
      <TextField label="E-mail" name="email" type="email" autoComplete="off" required defaultValue={failure?.values.email} error={failure?.fields.email} />
      <TextField label="Name" name="name" optional autoComplete="off" defaultValue={failure?.values.name} error={failure?.fields.name} />
      <div className={roleError ? "field field-invalid" : "field"}>
        <label htmlFor="field-role">Role</label>
        <select
          id="field-role"
          name="role"
          defaultValue={failure?.values.role || "staff"}
          aria-invalid={roleError ? true : undefined}
          aria-describedby={roleError ? "field-role-hint field-role-error" : "field-role-hint"}
        >
          {roles.map((r) => (
            <option key={r} value={r}>
              {roleLabel(r)}
            </option>
          ))}
        </select>
        <ul id="field-role-hint" className="field-hint">
          {roles.map((r) => (
            <li key={r}>
              {roleLabel(r)}: {ROLE_HINTS[r]}
            </li>
          ))}
        </ul>
        {roleError && (
          <p id="field-role-error" className="field-error">
            {roleError}
          </p>
        )}
      </div>
      <SubmitButton name="intent" value="invite" pendingLabel="Inviting…">
        Send invitation
      </SubmitButton>
    </Form>
  );
}
