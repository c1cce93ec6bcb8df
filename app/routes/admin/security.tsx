import { data, Form } from "react-router";
import type { Route } from "./+types/security";
import { FormAlert } from "../../components/FormAlert.tsx";
import { PageTitle } from "../../components/PageTitle.tsx";
import { SubmitButton } from "../../components/SubmitButton.tsx";
import { callApi, errorPage, sendApi } from "../../api/client.ts";
import { requireAdmin } from "../../lib/session.server.ts";

interface SecuritySettings {
  mfa_required_for: string[];
}

const GROUPS = [
  { value: "staff", label: "Your staff", hint: "Owner, admins and staff: whoever sees your costs and moves your orders." },
  { value: "customer_admins", label: "Customer admins", hint: "Each customer company's admin, who places orders and manages its people." },
  { value: "customers", label: "Every customer account", hint: "Everyone who signs in to your storefront to buy." },
] as const;

export async function loader({ request, context }: Route.LoaderArgs) {
  requireAdmin({ request, context });
  const result = await callApi<SecuritySettings>({ request, context }, "/tenant/security");
  if (!result.ok) throw errorPage(result);
  return result.data;
}

export async function action({ request, context }: Route.ActionArgs) {
  const args = { request, context };
  requireAdmin(args);
  const form = await request.formData();
  const result = await sendApi<SecuritySettings>(args, "/tenant/security", { mfa_required_for: form.getAll("mfa_required_for") }, "PATCH");
  return result.ok ? data({ saved: true as const }) : data({ failure: result.error.message }, { status: result.status });
}

export default function SecurityPolicy({ loaderData, actionData }: Route.ComponentProps) {
  const required = new Set(loaderData.mfa_required_for);
  return (
    <section aria-labelledby="security-title">
      <PageTitle>Sign-in security</PageTitle>
      <h2 id="security-title">Sign-in security</h2>
      <p className="section-intro">
        Require two-step sign-in (a code from an authenticator app after the password). Someone it applies to who has not set it up is taken to set it up the
        next time they open a page, and can do nothing else until they have. API keys are not affected.
      </p>
      <FormAlert tone="success" message={actionData && "saved" in actionData ? "Saved. It applies from each person's next page." : undefined} />
      <FormAlert message={actionData && "failure" in actionData ? actionData.failure : undefined} />
      <Form method="post" className="card form" noValidate>
        <fieldset>
          <legend>Require two-step sign-in of</legend>
          {GROUPS.map((g) => (
            <label key={g.value} className="checkbox">
              <input type="checkbox" name="mfa_required_for" value={g.value} defaultChecked={required.has(g.value)} />
              <span>
                {g.label}
                <span className="field-hint"> {g.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
      </Form>
    </section>
  );
}
