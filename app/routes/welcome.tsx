import { useEffect, useState } from "react";
import { data, Form } from "react-router";
import type { Route } from "./+types/welcome";
import { FormAlert } from "../components/FormAlert.tsx";
import { PageTitle } from "../components/PageTitle.tsx";
import { PasswordField } from "../components/PasswordField.tsx";
import { SubmitButton } from "../components/SubmitButton.tsx";
import { sendApi } from "../api/client.ts";
import { afterSignIn } from "../lib/sign-in.server.ts";
import { formFailure } from "../lib/forms.ts";
import { requireTenantSite } from "../lib/session.server.ts";

/**
 * The page an invitation links to (customer.portal_access_granted): choose a
 * password and you are signed in. The link carries the token in its fragment
 * (`/welcome#token=…`), which never reaches a server or its logs; `?token=`
 * works too, for mail clients that drop fragments.
 */
export function loader({ request, context }: Route.LoaderArgs) {
  const site = requireTenantSite(context);
  return { shopName: site.tenant.name, token: new URL(request.url).searchParams.get("token") ?? "" };
}

/** Nothing on this page may tell another site the link it was opened with. */
export const headers: Route.HeadersFunction = () => ({ "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" });

/** The token from the fragment (read in the browser) or the query (read by the server). */
function useInvitationToken(fromQuery: string) {
  const [token, setToken] = useState(fromQuery);
  useEffect(() => {
    const fromFragment = new URLSearchParams(window.location.hash.slice(1)).get("token");
    if (fromFragment) setToken(fromFragment);
  }, []);
  return token;
}

export async function action({ request, context }: Route.ActionArgs) {
  requireTenantSite(context);
  const form = await request.formData();
  const result = await sendApi({ request, context }, "/auth/set-password", {
    token: String(form.get("token") ?? ""),
    password: String(form.get("password") ?? ""),
  });
  if (!result.ok) {
    // The token is no field the visitor can correct: its refusal is said as the API says it.
    const linkRefused = result.error.fieldError("token") !== undefined;
    return data(
      { failure: formFailure(result.error, {}, { password: "Password" }), linkRefused: linkRefused ? result.error.message : undefined },
      { status: result.status },
    );
  }
  return afterSignIn(result, "/quotes");
}

export default function Welcome({ loaderData, actionData }: Route.ComponentProps) {
  const failure = actionData?.failure;
  const token = useInvitationToken(loaderData.token);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return (
    <div className="container page-narrow">
      <PageTitle>Welcome</PageTitle>
      <Form method="post" className="card form" aria-labelledby="welcome-title" noValidate>
        <h1 id="welcome-title">Welcome to {loaderData.shopName}</h1>
        <p className="form-intro">Choose a password for your account; you will be signed in straight away.</p>
        {hydrated && !token && <p className="alert alert-error">This link has no invitation in it. Ask the shop for a new one.</p>}
        <FormAlert message={actionData?.linkRefused ?? failure?.message} />
        <input type="hidden" name="token" value={token} />
        <PasswordField
          clearOn={failure}
          label="Password"
          name="password"
          autoComplete="new-password"
          required
          minLength={10}
          hint="At least 10 characters."
          error={failure?.fields?.password}
        />
        <SubmitButton pendingLabel="Signing you in…">Set password and sign in</SubmitButton>
      </Form>
    </div>
  );
}
