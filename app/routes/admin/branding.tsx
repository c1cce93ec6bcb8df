import { data, Form } from "react-router";
import type { Route } from "./+types/branding";
import { FormAlert } from "../../components/FormAlert.tsx";
import { PageTitle } from "../../components/PageTitle.tsx";
import { SubmitButton } from "../../components/SubmitButton.tsx";
import { TextField } from "../../components/TextField.tsx";
import { callApi, errorPage, sendApi } from "../../api/client.ts";
import { formFailure, text, type FormFailure } from "../../lib/forms.ts";
import { requireAdmin } from "../../lib/session.server.ts";

interface Branding {
  primary_color: string;
  logo_url: string | null;
}

export async function loader({ request, context }: Route.LoaderArgs) {
  requireAdmin({ request, context });
  const result = await callApi<Branding>({ request, context }, "/tenant/branding");
  if (!result.ok) throw errorPage(result);
  return result.data;
}

/** The colour as JSON; the logo's file as its raw bytes (the API reads the type from them). */
export async function action({ request, context }: Route.ActionArgs) {
  const args = { request, context };
  requireAdmin(args);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "remove-logo") {
    const removed = await sendApi<Branding>(args, "/tenant/branding/logo", undefined, "DELETE");
    return removed.ok ? data({ saved: "Logo removed." }) : data({ failure: formFailure(removed.error, {}) }, { status: removed.status });
  }
  if (intent === "logo") {
    const file = form.get("logo");
    if (!(file instanceof File) || file.size === 0) {
      const failure: FormFailure = { message: "Choose a PNG or JPEG file first.", fields: {}, values: {} };
      return data({ failure }, { status: 400 });
    }
    const set = await callApi<Branding>(args, "/tenant/branding/logo", {
      method: "PUT",
      body: await file.arrayBuffer(),
      headers: { "content-type": file.type || "application/octet-stream" },
    });
    return set.ok
      ? data({ saved: "Logo saved: your storefront and documents show it now." })
      : data({ failure: formFailure(set.error, {}) }, { status: set.status });
  }
  const values = { primary_color: text(form, "primary_color") };
  const saved = await sendApi<Branding>(args, "/tenant/branding", values, "PATCH");
  return saved.ok
    ? data({ saved: "Colour saved." })
    : data({ failure: formFailure(saved.error, values, { primary_color: "Colour" }) }, { status: saved.status });
}

export default function BrandingPage({ loaderData, actionData }: Route.ComponentProps) {
  const failure = actionData && "failure" in actionData ? actionData.failure : undefined;
  return (
    <section aria-labelledby="branding-title">
      <PageTitle>Logo and colours</PageTitle>
      <h2 id="branding-title">Logo and colours</h2>
      <p className="section-intro">
        Your logo and colour appear on your storefront's header and buttons and at the top of every quote, order and shipping document.
      </p>
      <FormAlert tone="success" message={actionData && "saved" in actionData ? actionData.saved : undefined} />
      <FormAlert message={failure && !failure.fields.primary_color ? failure.message : undefined} />
      <Form method="post" className="card form" noValidate>
        <h3>Colour</h3>
        <TextField
          label="Colour"
          name="primary_color"
          type="color"
          defaultValue={failure?.values.primary_color ?? loaderData.primary_color}
          error={failure?.fields.primary_color}
          hint="Choose a colour that white text reads well on: it fills your buttons."
        />
        <SubmitButton name="intent" value="colour" pendingLabel="Saving…">
          Save colour
        </SubmitButton>
      </Form>
      <Form method="post" encType="multipart/form-data" className="card form">
        <h3>Logo</h3>
        {loaderData.logo_url ? (
          <p>
            <img className="branding-logo" src={loaderData.logo_url} alt="Your current logo" />
          </p>
        ) : (
          <p className="muted">No logo yet: your storefront shows your shop's initial.</p>
        )}
        <div className="field">
          <label htmlFor="field-logo">Logo file</label>
          <input id="field-logo" type="file" name="logo" accept="image/png,image/jpeg" aria-describedby="field-logo-hint" />
          <p id="field-logo-hint" className="field-hint">
            PNG or JPEG, at most 512 KB; a wide logo on a transparent or white background works best. Export an SVG logo as PNG.
          </p>
        </div>
        <SubmitButton name="intent" value="logo" pendingLabel="Uploading…">
          Upload logo
        </SubmitButton>{" "}
        {loaderData.logo_url && (
          <SubmitButton name="intent" value="remove-logo" variant="ghost" pendingLabel="Removing…">
            Remove logo
          </SubmitButton>
        )}
      </Form>
    </section>
  );
}
