/** Setting a shop up from Node for an end-to-end test: its API on its host, as one client IP. */
import { expect, inject } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { door } from "../worker/fixtures.ts";

export const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers["set-cookie"]).split(";")[0];

/** Calls the shop's API and returns the envelope's data, failing the test on any refusal. */
export const shopApi =
  (host: string, ip: string) =>
  async (method: string, path: string, cookie: string, options: { json?: unknown; body?: Uint8Array } = {}) => {
    const res = await hostRequest(inject("port"), host, method, `/api/v1${path}`, { ...options, headers: { cookie, "cf-connecting-ip": ip } });
    expect(res.status, res.text).toBeLessThan(300);
    return res.json.data;
  };

/** Reads until `done` holds, for up to 30 s; the caller's assertion then says what was last seen. */
export async function waitFor<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Registers a customer on a shop and signs them in: registration answers 202
 * whoever asks (it never says whether an e-mail is known), so a session comes
 * from signing in. Returns the session cookie.
 */
export async function registerCustomer(
  port: number,
  host: string,
  customer: { email: string; name: string; password: string },
  headers: Record<string, string>,
): Promise<string> {
  const registered = await hostRequest(port, host, "POST", "/api/v1/auth/register", { json: customer, headers });
  expect(registered.status, registered.text).toBe(202);
  const signedIn = await hostRequest(port, host, "POST", "/api/v1/auth/login", { json: { email: customer.email, password: customer.password }, headers });
  expect(signedIn.status, signedIn.text).toBe(200);
  return cookieOf(signedIn);
}

/**
 * A buyer's order for two SPW600e doors on a purchase order, placed through the
 * API as the storefront would (product, configuration, quote priced, sent,
 * accepted), and the one MO the order's job plans for it.
 */
export async function placedDoorOrder(api: ReturnType<typeof shopApi>, shop: string, buyer: string, poNumber: string) {
  const product = await api("POST", "/products", shop, { json: { name: "SPW600e door", generator_key: "spw600e-door" } });
  const configuration = await api("POST", "/configurations", buyer, { json: { product_id: product.id, config: door } });
  const quote = await api("POST", "/quotes", buyer, { json: { items: [{ configuration_id: configuration.id, quantity: 2 }] } });
  await waitFor(
    () => api("GET", `/quotes/${quote.id}`, buyer),
    (q) => q.status === "priced",
  );
  await api("POST", `/quotes/${quote.id}/send`, shop);
  await api("POST", `/quotes/${quote.id}/accept`, buyer);
  const order = await api("POST", `/quotes/${quote.id}/purchase-order`, buyer, { json: { po_number: poNumber } });
  const mos = await waitFor(
    () => api("GET", `/manufacturing-orders?order_id=${order.id}`, shop),
    (list) => list.length === 1,
  );
  expect(mos).toHaveLength(1);
  return { order, mo: mos[0] };
}
