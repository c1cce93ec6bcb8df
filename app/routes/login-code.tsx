import { data, Form, Link, redirect } from "react-router";
import type { Route } from "./+types/login-code";
import { FormAlert } from "../components/FormAlert.tsx";
import { PageTitle } from "../components/PageTitle.tsx";
import { SubmitButton } from "../components/SubmitButton.tsx";
import { TextField } from "../components/TextField.tsx";
import { cookiesFrom, sendApi } from "../api/client.ts";
import { HOME_AFTER_SIGN_IN, safeNext, text } from "../lib/forms.ts";
import { requireTenantSite, viewerContext } from "../lib/session.server.ts";

/** The second step of signing in (a right password, an account with two-step sign-in): the code from the app, or a recovery code. */
export function loader({ request, context }: Route.LoaderArgs) {
  requireTenantSite(context);
  const next = safeNext(new URL(request.url).searchParams.get("next"), request.url, HOME_AFTER_SIGN_IN);
  if (context.get(viewerContext)) throw redirect(next);
  return { next };
}

export async function action({ request, context }: Route.ActionArgs) {
  requireTenantSite(context);
  const form = await request.formData();
  const result = await sendApi({ request, context }, "/auth/mfa", { code: text(form, "code") });
  if (result.ok) return redirect(safeNext(text(form, "next"), request.url, HOME_AFTER_SIGN_IN), { headers: cookiesFrom(result.response) });
  // A wrong code can be tried again; a sign-in that ended (expired, too many tries) starts over with the password.
  const wrongCode = result.error.fieldError("code") !== undefined;
  return data(
    {
      code: wrongCode ? "That code is wrong or was used already. Try the code the app shows now." : undefined,
      ended: wrongCode ? undefined : result.error.message,
    },
    { status: result.status, headers: cookiesFrom(result.response) },
  );
}

export default function LoginCode({ loaderData, actionData }: Route.ComponentProps) {
  const login = `/login?${new URLSearchParams({ next: loaderData.next })}`;
  return (
    <div className="container page-narrow">
      <PageTitle>Two-step sign-in</PageTitle>
      <Form method="post" className="card form" aria-labelledby="code-title" noValidate>
        <h1 id="code-title">Enter your code</h1>
        {actionData?.ended ? (
          <>
            <FormAlert message={`${actionData.ended}.`} />
            <Link to={login} className="button">
              Sign in again
            </Link>
          </>
        ) : (
          <>
            <p>Open the authenticator app on your phone and enter the 6-digit code it shows for this shop.</p>
            <input type="hidden" name="next" value={loaderData.next} />
            <TextField
              key={actionData?.code ? "retry" : "first"}
              label="Code"
              name="code"
              autoComplete="one-time-code"
              inputMode="text"
              autoFocus
              required
              className="code-input"
              error={actionData?.code}
              hint="Lost your phone? Enter one of your recovery codes instead (like k7qz-m2xw-p9); each works once."
            />
            <SubmitButton pendingLabel="Checking…">Sign in</SubmitButton>
            <p className="form-footer">
              <Link to={login}>Start again with your password</Link>
            </p>
          </>
        )}
      </Form>
    </div>
  );
}
