import { useEffect, useState } from "react";
import { data, Form, Link, useSubmit } from "react-router";
import type { Route } from "./+types/start";
import { FormAlert } from "../components/FormAlert.tsx";
import { PageTitle } from "../components/PageTitle.tsx";
import { SubmitButton } from "../components/SubmitButton.tsx";
import { sendApi } from "../api/client.ts";
import { afterSignIn } from "../lib/sign-in.server.ts";
import { requireTenantSite } from "../lib/session.server.ts";

/**
 * Where a new shop's owner lands after signing up on the platform's site: the
 * one-use link in the fragment (`/start#token=…`, never sent to a server or
 * its logs) signs them in on the shop's own host, then on to the onboarding checklist.
 */
export function loader({ context }: Route.LoaderArgs) {
  return { shopName: requireTenantSite(context).tenant.name };
}

export const headers: Route.HeadersFunction = () => ({ "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" });

export async function action({ request, context }: Route.ActionArgs) {
  requireTenantSite(context);
  const form = await request.formData();
  const result = await sendApi({ request, context }, "/auth/sign-in-link", { token: String(form.get("token") ?? "") });
  if (!result.ok) return data({ refused: result.error.message }, { status: result.status });
  return afterSignIn(result, "/admin/start");
}

export default function Start({ loaderData, actionData }: Route.ComponentProps) {
  const submit = useSubmit();
  const [token, setToken] = useState<string | null>(null);
  useEffect(() => {
    const fromFragment = new URLSearchParams(window.location.hash.slice(1)).get("token") ?? "";
    setToken(fromFragment);
    // The link is spent by the first sign-in: drop it from the address bar and history.
    history.replaceState(null, "", window.location.pathname);
    if (fromFragment) submit({ token: fromFragment }, { method: "post" });
  }, [submit]);
  const refused = actionData?.refused ?? (token === "" ? "This link has no sign-in in it." : undefined);
  return (
    <div className="container page-narrow">
      <PageTitle>Opening your shop</PageTitle>
      <Form method="post" className="card form" aria-labelledby="start-title">
        <h1 id="start-title">Welcome to {loaderData.shopName}</h1>
        <input type="hidden" name="token" value={token ?? ""} />
        {refused ? (
          <>
            <FormAlert message={refused} />
            <p>
              <Link to="/login">Sign in with your e-mail and password</Link>
            </p>
          </>
        ) : (
          <>
            <p className="form-intro" role="status">
              Signing you in to your new shop…
            </p>
            <SubmitButton pendingLabel="Signing you in…">Continue to my shop</SubmitButton>
          </>
        )}
      </Form>
    </div>
  );
}
