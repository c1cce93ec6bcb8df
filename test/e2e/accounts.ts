import { expect } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";

/**
 * Registers a customer on a shop and signs them in: registration answers 202
 * whoever asks (it never says whether an e-mail is known), so a session comes
 * from signing in. Returns the session cookie.
 */
export async function registerCustomer(port: number, host: string, customer: { email: string; name: string; password: string }, headers: Record<string, string>): Promise<string> {
  const registered = await hostRequest(port, host, "POST", "/api/v1/auth/register", { json: customer, headers });
  expect(registered.status, registered.text).toBe(202);
  const signedIn = await hostRequest(port, host, "POST", "/api/v1/auth/login", { json: { email: customer.email, password: customer.password }, headers });
  expect(signedIn.status, signedIn.text).toBe(200);
  return String(signedIn.headers["set-cookie"]).split(";")[0];
}
