import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { binaryStl, box } from "../unit/mesh/solids.ts";
import { registerCustomer, shopApi, waitFor } from "./shop-api.ts";
import { launch, signIn, url } from "./browser.ts";

/*
 * What happens to a quote after it is priced, clicked through in Chromium
 * against the built Worker: the customer rejects one; the shop sends another,
 * the customer accepts it and orders it on a purchase order. The quotes are
 * made through the API (the instant-quote test covers making them in the page).
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-decide-${run}`;
const host = `${slug}.localhost`;
const owner = { email: `owner@${slug}.test`, name: "Olga Owner" };
const customer = { email: `buyer@${slug}.test`, name: "Bea Buyer" };
let browser: Browser;
const quotes: string[] = [];

const api = shopApi(host, "203.0.113.91");

const signedIn = (who: { email: string; name: string }, ip: string) => signIn(browser, host, { ...who, password: PASSWORD }, ip);

const status = (page: Page) => page.getByTestId("quote-status");

beforeAll(async () => {
  const port = inject("port");
  const created = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
    json: { name: "E2E Decisions", slug, owner_email: owner.email, owner_password: PASSWORD, owner_name: owner.name },
    headers: { "cf-connecting-ip": "203.0.113.90" },
  });
  expect(created.status, created.text).toBe(201);
  const cookie = await registerCustomer(port, host, { ...customer, password: PASSWORD }, { "cf-connecting-ip": "203.0.113.90" });
  const model = await api("POST", "/models?filename=bracket.stl", cookie, { body: binaryStl(box([40, 30, 20])) });
  await waitFor(
    () => api("GET", `/models/${model.id}`, cookie),
    (m) => m.status === "analyzed",
  );
  for (let i = 0; i < 2; i++) {
    const quote = await api("POST", "/quotes", cookie, { json: { items: [{ model_id: model.id, process: "fff", material: "pla", quantity: 2 + i }] } });
    const priced = await waitFor(
      () => api("GET", `/quotes/${quote.id}`, cookie),
      (q) => q.status === "priced",
    );
    expect(priced.status).toBe("priced");
    quotes.push(quote.id);
  }
  browser = await launch();
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

describe("deciding a quote in the page", () => {
  it("the customer sees the quotes with part pictures and rejects one", async () => {
    const { context, page, errors } = await signedIn(customer, "198.51.100.91");
    await page.goto(url(host, "/quotes"));
    const thumbs = page.locator("img.thumb");
    await expect.poll(() => thumbs.count()).toBe(2);
    // The server drew the pictures at analysis: they load as real images.
    await expect.poll(() => thumbs.first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(256);

    await page.goto(url(host, `/quotes/${quotes[0]}`));
    expect(await status(page).textContent()).toBe("Priced");
    await page.getByRole("button", { name: "Reject" }).click();
    await expect.poll(() => status(page).textContent()).toBe("Rejected");
    expect(await page.getByRole("button", { name: "Accept quote" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Reject" }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the shop sends a quote; the customer accepts it and orders it on a purchase order", async () => {
    const shop = await signedIn(owner, "198.51.100.92");
    await shop.page.goto(url(host, `/quotes/${quotes[1]}`));
    expect(await status(shop.page).textContent()).toBe("Priced");
    await shop.page.getByRole("button", { name: "Send to customer" }).click();
    await expect.poll(() => status(shop.page).textContent()).toBe("Sent");
    expect(shop.errors).toEqual([]);
    await shop.context.close();

    const { context, page, errors } = await signedIn(customer, "198.51.100.93");
    await page.goto(url(host, `/quotes/${quotes[1]}`));
    expect(await status(page).textContent()).toBe("Sent");
    await page.getByRole("button", { name: "Accept quote" }).click();
    await expect.poll(() => status(page).textContent()).toBe("Accepted");
    // This shop has no Stripe account: a purchase order is the way to order.
    expect(await page.getByRole("button", { name: "Pay by card" }).count()).toBe(0);
    await page.getByRole("button", { name: "Order on PO" }).click();
    // The browser's own check: a PO number is required.
    expect(await page.getByLabel("Purchase order number").evaluate((i: HTMLInputElement) => i.validity.valueMissing)).toBe(true);
    await page.getByLabel("Purchase order number").fill("PO-4711");
    await page.getByRole("button", { name: "Order on PO" }).click();
    await expect.poll(() => page.getByTestId("order-status").textContent()).toMatch(/^Ordered on purchase order .+ · PO PO-4711$/);
    expect(await page.getByLabel("Purchase order number").count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
