import { redirect } from "react-router";
import { cookiesFrom } from "../api/client.ts";

/**
 * Where a right password (or sign-in link) leads: on to `next` signed in, or,
 * for an account with two-step sign-in, to the code page with the waiting
 * sign-in's cookie.
 */
export function afterSignIn(result: { data: unknown; response: Response | null }, next: string) {
  const headers = cookiesFrom(result.response);
  const waiting = typeof result.data === "object" && result.data !== null && "mfa_required" in result.data && result.data.mfa_required === true;
  return waiting ? redirect(`/login/code?${new URLSearchParams({ next })}`, { headers }) : redirect(next, { headers });
}
