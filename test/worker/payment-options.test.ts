import { describe, expect, it } from "vitest";
import { Client, createTenant, data } from "./helpers.ts";

const options = (host: string) => data<{ card: boolean; purchase_order: boolean }>(new Client(host).get("/api/v1/payments/options"));

describe("GET /api/v1/payments/options", () => {
  it("is public on the shop's host and offers cards once the shop has set up Stripe", async () => {
    const t = await createTenant();
    expect(await options(t.host)).toEqual({ card: false, purchase_order: true });
    const res = await t.owner.fetch("/api/v1/payments/stripe", {
      method: "PUT",
      json: { secret_key: "sk_test_abcdefgh123", webhook_secret: "whsec_test0123456789abcdefABCDEF" },
    });
    expect(res.status).toBe(200);
    expect(await options(t.host)).toEqual({ card: true, purchase_order: true });
  });

  it("answers for its own shop only", async () => {
    const [a, b] = [await createTenant(), await createTenant()];
    await a.owner.fetch("/api/v1/payments/stripe", {
      method: "PUT",
      json: { secret_key: "sk_test_abcdefgh123", webhook_secret: "whsec_test0123456789abcdefABCDEF" },
    });
    expect((await options(a.host)).card).toBe(true);
    expect((await options(b.host)).card).toBe(false);
  });

  it("does not exist on the root site", async () => {
    const res = await new Client("localhost").get("/api/v1/payments/options");
    expect(res.status).toBe(404);
  });
});
