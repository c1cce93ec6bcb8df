import { data, Form, Link, redirect } from "react-router";
import type { Route } from "./+types/register";
import { FormAlert } from "../components/FormAlert.tsx";
import { PageTitle } from "../components/PageTitle.tsx";
import { SubmitButton } from "../components/SubmitButton.tsx";
import { PasswordField } from "../components/PasswordField.tsx";
import { TextField } from "../components/TextField.tsx";
import { cookiesFrom, sendApi } from "../api/client.ts";
import { formFailure, safeNext, text } from "../lib/forms.ts";
import { requireTenantSite, viewerContext } from "../lib/session.server.ts";

export function loader({ request, context }: Route.LoaderArgs) {
  const site = requireTenantSite(context);
  const next = safeNext(new URL(request.url).searchParams.get("next"), request.url);
  if (context.get(viewerContext)) throw redirect(next);
  return { shopName: site.tenant.name, next };
}

export async function action({ request, context }: Route.ActionArgs) {
  requireTenantSite(context);
  const form = await request.formData();
  const values = { name: text(form, "name"), company: text(form, "company"), email: text(form, "email") };
  const body = { ...values, company: values.company || undefined, password: String(form.get("password") ?? "") };
  const result = await sendApi({ request, context }, "/auth/register", body);
  if (!result.ok)
    return data(
      { failure: formFailure(result.error, values, { name: "Your name", company: "Company", email: "E-mail", password: "Password" }) },
      { status: result.status },
    );
  // Registration answers alike for new and known e-mails; signing in with what was just typed
  // tells this visitor (who knows the password) whether they are in.
  const next = safeNext(text(form, "next"), request.url);
  const signedIn = await sendApi({ request, context }, "/auth/login", { email: values.email, password: body.password });
  if (signedIn.ok) return redirect(next, { headers: cookiesFrom(signedIn.response) });
  return redirect(`/login?${new URLSearchParams({ email: values.email, registered: "1", next })}`);
}

export default function Register({ loaderData, actionData }: Route.ComponentProps) {
  const failure = actionData?.failure;
  const values = failure?.values ?? {};
  const fields = failure?.fields ?? {};
  return (
    <div className="container page-narrow">
      <PageTitle>Create an account</PageTitle>
      <Form method="post" className="card form" aria-labelledby="register-title" noValidate>
        <h1 id="register-title">Create an account</h1>
        <p className="form-intro">Get quotes from {loaderData.shopName} and keep them in one place.</p>
        <FormAlert message={failure?.message} />
        <input type="hidden" name="next" value={loaderData.next} />
        <TextField label="Your name" name="name" autoComplete="name" required defaultValue={values.name} error={fields.name} />
        <TextField label="Company" name="company" optional autoComplete="organization" defaultValue={values.company} error={fields.company} />
        <TextField label="E-mail" name="email" type="email" autoComplete="email" required defaultValue={values.email} error={fields.email} />
        <PasswordField
          clearOn={failure}
          label="Password"
          name="password"
          autoComplete="new-password"
          required
          minLength={10}
          hint="At least 10 characters."
          error={fields.password}
        />
        <SubmitButton pendingLabel="Creating your account…">Create account</SubmitButton>
        <p className="form-footer">
          Already have an account? <Link to="/login">Sign in</Link>
        </p>
      </Form>
    </div>
  );
}
