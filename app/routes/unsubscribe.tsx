import { data, Form } from "react-router";
import type { Route } from "./+types/unsubscribe";
import { PageTitle } from "../components/PageTitle.tsx";
import { SubmitButton } from "../components/SubmitButton.tsx";
import portalCss from "../styles/portal.css?url";
import { callApi } from "../api/client.ts";
import type { Schemas } from "../api/typed-client.ts";
import { text } from "../lib/forms.ts";
import { requireTenantSite } from "../lib/session.server.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: portalCss }];

const INVALID = "This unsubscribe link is not valid. Open the link from the e-mail again, or sign in and change your notification settings.";

/**
 * An e-mail's unsubscribe link, without signing in. Opening it changes
 * nothing (mail scanners open links); the button does.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  requireTenantSite(context);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const found = await callApi<Schemas["Unsubscription"]>({ request, context }, `/notifications/unsubscribe?token=${encodeURIComponent(token)}`);
  return { token, subscription: found.ok ? found.data : null, done: false };
}

export async function action({ request, context }: Route.ActionArgs) {
  requireTenantSite(context);
  const token = text(await request.formData(), "token");
  const done = await callApi<Schemas["Unsubscription"]>({ request, context }, `/notifications/unsubscribe?token=${encodeURIComponent(token)}`, {
    method: "POST",
  });
  return done.ok ? data({ subscription: done.data, failure: null }) : data({ subscription: null, failure: INVALID }, { status: done.status });
}

export default function Unsubscribe({ loaderData, actionData }: Route.ComponentProps) {
  const subscription = actionData?.subscription ?? loaderData.subscription;
  const failure = actionData?.failure ?? (subscription ? null : INVALID);
  return (
    <div className="container portal-page">
      <PageTitle>Unsubscribe</PageTitle>
      <h1>Unsubscribe</h1>
      {failure ? (
        <p role="alert">{failure}</p>
      ) : subscription && !subscription.email ? (
        <p role="status">You will no longer get e-mails for: {subscription.label}. You can turn them on again in your notification settings.</p>
      ) : (
        <Form method="post" className="card form">
          <p>Stop e-mails for: {subscription?.label}?</p>
          <input type="hidden" name="token" value={loaderData.token} />
          <SubmitButton pendingLabel="Unsubscribing…">Stop these e-mails</SubmitButton>
        </Form>
      )}
    </div>
  );
}
