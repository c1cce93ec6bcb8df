import { Form, Link, data, redirect } from "react-router";
import type { Route } from "./+types/projects";
import { FormAlert } from "../components/FormAlert.tsx";
import { PageTitle } from "../components/PageTitle.tsx";
import { SubmitButton } from "../components/SubmitButton.tsx";
import portalCss from "../styles/portal.css?url";
import { callApi, errorPage, sendApi } from "../api/client.ts";
import type { Schemas } from "../api/typed-client.ts";
import { formFailure, text } from "../lib/forms.ts";
import { requireViewer } from "../lib/session.server.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: portalCss }];

/** The caller's projects: a company admin sees the company's all (and opens new ones), other members those assigned to them. */
export async function loader(args: Route.LoaderArgs) {
  const viewer = requireViewer(args);
  const projects = await callApi<Schemas["Project"][]>(args, "/projects?limit=100");
  if (!projects.ok) throw errorPage(projects);
  return { projects: projects.data, canOpen: viewer.permissions.includes("projects:write") && !!viewer.user.customer_id };
}

export async function action(args: Route.ActionArgs) {
  requireViewer(args);
  const form = await args.request.formData();
  const values = { name: text(form, "name"), reference: text(form, "reference") };
  const created = await sendApi<Schemas["Project"]>(args, "/projects", { name: values.name, ...(values.reference ? { reference: values.reference } : {}) });
  if (!created.ok) return data({ failure: formFailure(created.error, values, { name: "Name", reference: "Your reference" }) }, { status: created.status });
  return redirect(`/projects/${created.data.id}`);
}

const STATUS_TEXT: Record<Schemas["Project"]["status"], string> = { active: "Active", completed: "Completed", archived: "Archived" };

export default function Projects({ loaderData, actionData }: Route.ComponentProps) {
  const failure = actionData?.failure;
  return (
    <div className="container portal-page">
      <PageTitle>Projects</PageTitle>
      <h1>Projects</h1>
      {loaderData.projects.length === 0 ? (
        <p className="empty">No projects yet.</p>
      ) : (
        <ul className="portal-list" aria-label="Projects">
          {loaderData.projects.map((p) => (
            <li key={p.id} className="card">
              <Link to={`/projects/${p.id}`}>
                <strong>{p.name}</strong>
              </Link>
              <span className="portal-meta">
                {p.number}
                {p.reference ? ` · ${p.reference}` : ""} · <span className={`badge badge-status badge-${p.status}`}>{STATUS_TEXT[p.status]}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
      {loaderData.canOpen && (
        <Form method="post" className="card form" aria-labelledby="new-project">
          <h2 id="new-project">Open a project</h2>
          <FormAlert message={failure?.message} />
          <label>
            Name
            <input name="name" required maxLength={120} defaultValue={failure?.values?.name} aria-invalid={!!failure?.fields?.name} />
          </label>
          {failure?.fields?.name && <p className="field-error">{failure.fields.name}</p>}
          <label>
            Your reference (optional)
            <input name="reference" maxLength={120} defaultValue={failure?.values?.reference} />
          </label>
          <SubmitButton pendingLabel="Opening…">Open project</SubmitButton>
        </Form>
      )}
    </div>
  );
}
