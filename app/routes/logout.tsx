import { redirect } from "react-router";
import type { Route } from "./+types/logout";
import { errorPage, cookiesFrom, sendApi } from "../api/client.ts";
import { requireTenantSite } from "../lib/session.server.ts";

/** Signing out changes state, so only a POST does it; a visit to /logout just goes home. */
export function loader() {
  return redirect("/");
}

export async function action({ request, context }: Route.ActionArgs) {
  requireTenantSite(context);
  const result = await sendApi({ request, context }, "/auth/logout");
  if (!result.ok) throw errorPage(result);
  return redirect("/", { headers: cookiesFrom(result.response) });
}
