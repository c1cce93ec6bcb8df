import { data, Form } from "react-router";
import type { Route } from "./+types/production";
import { FormAlert } from "../../components/FormAlert.tsx";
import { PageTitle } from "../../components/PageTitle.tsx";
import { SubmitButton } from "../../components/SubmitButton.tsx";
import { callApi, errorPage, sendApi } from "../../api/client.ts";
import type { Schemas } from "../../api/typed-client.ts";
import { requireAdmin } from "../../lib/session.server.ts";

/** The shop's production settings that change how orders flow: for now, whether production waits for the customer's drawing approval. */
export async function loader({ request, context }: Route.LoaderArgs) {
  requireAdmin({ request, context });
  const result = await callApi<Schemas["ProductionSettings"]>({ request, context }, "/tenant/production");
  if (!result.ok) throw errorPage(result);
  return result.data;
}

export async function action({ request, context }: Route.ActionArgs) {
  const args = { request, context };
  requireAdmin(args);
  const form = await request.formData();
  const result = await sendApi<Schemas["ProductionSettings"]>(
    args,
    "/tenant/production",
    { drawing_approval_required: form.get("drawing_approval_required") === "on" },
    "PATCH",
  );
  return result.ok ? data({ saved: true as const }) : data({ failure: result.error.message }, { status: result.status });
}

export default function ProductionSettingsPage({ loaderData, actionData }: Route.ComponentProps) {
  return (
    <section aria-labelledby="production-title">
      <PageTitle>Production settings</PageTitle>
      <h2 id="production-title">Production settings</h2>
      <FormAlert tone="success" message={actionData && "saved" in actionData ? "Saved." : undefined} />
      <FormAlert message={actionData && "failure" in actionData ? actionData.failure : undefined} />
      <Form method="post" className="card form" noValidate>
        <label className="checkbox">
          <input type="checkbox" name="drawing_approval_required" defaultChecked={loaderData.drawing_approval_required} />
          <span>
            Production waits for the customer's drawing approval
            <span className="field-hint">
              {" "}
              An order's manufacturing orders cannot start until the customer's admin has approved the current revision of each of its drawings. The production
              board shows which wait.
            </span>
          </span>
        </label>
        <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
      </Form>
    </section>
  );
}
