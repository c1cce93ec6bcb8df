import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { door } from "../worker/fixtures.ts";
import { launch, signIn } from "./browser.ts";
import { cookieOf, registerCustomer, shopApi, waitFor } from "./shop-api.ts";

/*
 * A buyer who saved a second design of a door puts it in place of the first on
 * their quote: a new revision, the change named by the designs' names.
 */

const run = Math.random().toString(36).slice(2, 8);
const slug = `e2e-redesign-${run}`;
const host = `${slug}.localhost`;
const api = shopApi(host, "203.0.113.81");
const buyer = { email: `buyer-${run}@example.test`, name: "Rhea Redesign", password: "e2e-password-123" };
let browser: Browser;
let quoteId = "";

beforeAll(async () => {
  const port = inject("port");
  const headers = { "cf-connecting-ip": "203.0.113.80" };
  const owner = { email: `owner@${slug}.test`, password: "e2e-password-123" };
  const created = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
    json: { name: "E2E Redesign", slug, owner_email: owner.email, owner_password: owner.password, owner_name: "Olga Owner" },
    headers,
  });
  expect(created.status, created.text).toBe(201);
  const shop = cookieOf(await hostRequest(port, host, "POST", "/api/v1/auth/login", { json: owner, headers }));
  const customer = await registerCustomer(port, host, buyer, headers);
  const product = await api("POST", "/products", shop, { json: { name: "SPW600e door", generator_key: "spw600e-door" } });
  const narrow = await api("POST", "/configurations", customer, { json: { product_id: product.id, name: "Narrow door", config: door } });
  await api("POST", "/configurations", customer, { json: { product_id: product.id, name: "Wide door", config: { ...door, frame_width: 1080 } } });
  const quote = await api("POST", "/quotes", customer, { json: { items: [{ configuration_id: narrow.id, quantity: 1 }] } });
  quoteId = quote.id;
  await waitFor(
    () => api("GET", `/quotes/${quote.id}`, customer),
    (q) => q.status === "priced",
  );
  browser = await launch();
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

describe("redesigning a configured product on a quote", () => {
  it("puts another saved design in the item's place as a new revision, and names both designs in the changes", async () => {
    const { context, page, errors } = await signIn(browser, host, buyer, "198.51.100.81");
    await page.goto(`http://${host}:${inject("port")}/quotes/${quoteId}`);
    const form = page.getByRole("form", { name: "Change item 1" });
    expect(await form.getByLabel("Design").locator("option:checked").textContent()).toBe("Narrow door · SPW600e door");
    await form.getByLabel("Design").selectOption({ label: "Wide door · SPW600e door" });
    await form.getByRole("button", { name: "Update" }).click();
    const changes = page.getByTestId("quote-changes");
    await changes.getByRole("heading", { name: "Changed in revision 2" }).waitFor();
    const row = changes.getByRole("row").nth(1);
    expect(await row.getByRole("cell").allTextContents()).toEqual(
      expect.arrayContaining(["1", "Design", "Narrow door · SPW600e door", "Wide door · SPW600e door"]),
    );
    expect(await page.getByRole("form", { name: "Change item 1" }).getByLabel("Design").locator("option:checked").textContent()).toBe(
      "Wide door · SPW600e door",
    );
    expect(errors).toEqual([]);
    await context.close();
  });
});
