import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { door } from "../worker/fixtures.ts";
import { launch, signIn } from "./browser.ts";
import { cookieOf, registerCustomer, shopApi, waitFor } from "./shop-api.ts";

/*
 * The bell in the header: the shop sends a buyer a quote; the buyer's header
 * shows one unread notification; the notifications page lists it, and marking
 * it read clears the count.
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-bell-${run}`;
const host = `${slug}.localhost`;
const headers = { "cf-connecting-ip": "203.0.113.170" };
const buyer = { email: `bea@${slug}.test`, name: "Bea Buyer", password: PASSWORD };
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("notifications bell", () => {
  it("shows an unread notification, and marking it read clears it", async () => {
    const port = inject("port");
    const owner = `owner@${slug}.test`;
    const created = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
      json: { name: "E2E Bell", slug, owner_email: owner, owner_password: PASSWORD },
      headers,
    });
    expect(created.status, created.text).toBe(201);
    const shop = cookieOf(await hostRequest(port, host, "POST", "/api/v1/auth/login", { json: { email: owner, password: PASSWORD }, headers }));
    const bea = await registerCustomer(port, host, buyer, headers);
    const api = shopApi(host, headers["cf-connecting-ip"]);
    const product = await api("POST", "/products", shop, { json: { name: "SPW600e door", generator_key: "spw600e-door" } });
    const configuration = await api("POST", "/configurations", bea, { json: { product_id: product.id, config: door } });
    const quote = await api("POST", "/quotes", bea, { json: { items: [{ configuration_id: configuration.id, quantity: 1 }] } });
    await waitFor(
      () => api("GET", `/quotes/${quote.id}`, bea),
      (q) => q.status === "priced",
    );
    await api("POST", `/quotes/${quote.id}/send`, shop);
    // The fan-out runs on the notifications queue.
    const count = await waitFor(
      () => api("GET", "/notifications/unread-count", bea),
      (c) => c.unread_count === 1,
    );
    expect(count.unread_count).toBe(1);

    const { context, page, errors } = await signIn(browser, host, buyer, "198.51.100.170");
    const bell = page.getByRole("banner").getByRole("link", { name: "Notifications, 1 unread" });
    await expect.poll(() => bell.isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId("unread-count").textContent()).toBe("1");
    await bell.click();
    await page.getByRole("heading", { name: "Notifications", level: 1 }).waitFor();
    const list = page.getByRole("list", { name: "Notifications" });
    await expect.poll(() => list.getByRole("link", { name: `Quote ${quote.number} from E2E Bell` }).isVisible()).toBe(true);
    await list.getByRole("button", { name: /Mark as read/ }).click();
    // The count is gone from the header; the entry stays, read.
    await expect.poll(() => page.getByRole("banner").getByRole("link", { name: "Notifications", exact: true }).isVisible()).toBe(true);
    expect(await page.getByTestId("unread-count").count()).toBe(0);
    await expect.poll(() => list.getByText("· read").isVisible()).toBe(true);
    expect((await api("GET", "/notifications/unread-count", bea)).unread_count).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
