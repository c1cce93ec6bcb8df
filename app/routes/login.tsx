import { data, Form, Link, redirect } from "react-router";
import type { Route } from "./+types/login";
import { FormAlert } from "../components/FormAlert.tsx";
import { PageTitle } from "../components/PageTitle.tsx";
import { SubmitButton } from "../components/SubmitButton.tsx";
import { PasswordField } from "../components/PasswordField.tsx";
import { TextField } from "../components/TextField.tsx";
import { sendApi } from "../api/client.ts";
import { afterSignIn } from "../lib/sign-in.server.ts";
import { formFailure, HOME_AFTER_SIGN_IN, safeNext, text } from "../lib/forms.ts";
import { requireTenantSite, viewerContext } from "../lib/session.server.ts";

export function loader({ request, context }: Route.LoaderArgs) {
  requireTenantSite(context);
  const params = new URL(request.url).searchParams;
  const next = safeNext(params.get("next"), request.url, HOME_AFTER_SIGN_IN);
  if (context.get(viewerContext)) throw redirect(next);
  return { email: params.get("email") ?? "", registered: params.get("registered") === "1", next };
}

export async function action({ request, context }: Route.ActionArgs) {
  requireTenantSite(context);
  const form = await request.formData();
  const email = text(form, "email");
  const result = await sendApi({ request, context }, "/auth/login", { email, password: String(form.get("password") ?? "") });
  if (!result.ok) return data({ failure: formFailure(result.error, { email }, { email: "E-mail", password: "Password" }) }, { status: result.status });
  return afterSignIn(result, safeNext(text(form, "next"), request.url, HOME_AFTER_SIGN_IN));
}

export default function Login({ loaderData, actionData }: Route.ComponentProps) {
  const failure = actionData?.failure;
  return (
    <div className="container page-narrow">
      <PageTitle>Sign in</PageTitle>
      {loaderData.registered && !failure && (
        <p className="alert" role="status">
          This e-mail may already have an account here. Sign in with that account's password.
        </p>
      )}
      <Form method="post" className="card form" aria-labelledby="login-title" noValidate>
        <h1 id="login-title">Sign in</h1>
        <FormAlert message={failure?.message} />
        <input type="hidden" name="next" value={loaderData.next} />
        <TextField
          label="E-mail"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={failure?.values.email ?? loaderData.email}
          error={failure?.fields.email}
        />
        <PasswordField clearOn={failure} label="Password" name="password" autoComplete="current-password" required error={failure?.fields.password} />
        <SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
        <p className="form-footer">
          New here?{" "}
          <Link to={{ pathname: "/register", search: loaderData.next === HOME_AFTER_SIGN_IN ? "" : `?next=${encodeURIComponent(loaderData.next)}` }}>
            Create an account
          </Link>
        </p>
      </Form>
    </div>
  );
}
