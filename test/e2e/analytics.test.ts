import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { cookieOf, placedDoorOrder, registerCustomer, shopApi } from "./shop-api.ts";
import { launch, signIn, url } from "./browser.ts";

/*
 * The shop's analytics page in Chromium at a tablet's 768 px: one order for
 * two doors placed through the API (the one quote of the period, ordered), then
 * the owner opens the page from the production board, finds each chart by its
 * title and the conversion figure, and switches the period. A customer gets the 403 page.
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-analytics-${run}`;
const host = `${slug}.localhost`;
const owner = { email: `owner@${slug}.test`, name: "Olga Owner" };
const customer = { email: `buyer@${slug}.test`, name: "Ben Buyer" };
const api = shopApi(host, "203.0.113.131");
let browser: Browser;
let profiles: string[];

beforeAll(async () => {
  const port = inject("port");
  const headers = { "cf-connecting-ip": "203.0.113.130" };
  const created = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
    json: { name: "E2E Analytics", slug, owner_email: owner.email, owner_password: PASSWORD, owner_name: owner.name },
    headers,
  });
  expect(created.status, created.text).toBe(201);
  const login = await hostRequest(port, host, "POST", "/api/v1/auth/login", { json: { email: owner.email, password: PASSWORD }, headers });
  expect(login.status, login.text).toBe(200);
  const shop = cookieOf(login);
  const buyer = await registerCustomer(port, host, { ...customer, password: PASSWORD }, headers);
  const placed = await placedDoorOrder(api, shop, buyer, "PO-AN");
  profiles = (await api("GET", `/orders/${placed.order.id}/cutting-list`, shop)).profiles.map((p: { profile: string }) => p.profile);
  expect(profiles.length).toBeGreaterThan(0);
  browser = await launch();
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

describe("the shop analytics page", () => {
  it("draws the period's charts with their titles and figures, and switches the period in the query string", async () => {
    const { context, page, errors } = await signIn(browser, host, { ...owner, password: PASSWORD }, "198.51.100.131");
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto(url(host, "/production"));
    await page.getByRole("link", { name: "Shop analytics" }).click();
    await page.waitForURL(url(host, "/production/analytics"));
    // The router moves the URL before it renders the page: wait for the page itself.
    await page.getByRole("heading", { level: 1, name: "Shop analytics" }).waitFor();

    for (const title of ["Quotes per day", "First-pass yield by stage", "Material waste by profile"])
      expect(await page.getByRole("img", { name: title }).count()).toBe(1);
    // The one quote of the period was ordered.
    const conversion = page.locator(".analytics-figures div", { has: page.getByText("Quote-to-order conversion") });
    expect(await conversion.locator("dd").textContent()).toBe("100 % 1 of 1 quote");
    // Today's bar has its count in its tooltip; each profile of the order's cutting list has its waste bar.
    expect(await page.getByRole("img", { name: "Quotes per day" }).locator("rect title").last().textContent()).toMatch(/: 1 quote$/);
    const waste = page.getByRole("img", { name: "Material waste by profile" });
    for (const profile of profiles) expect(await waste.locator("title", { hasText: `${profile}:` }).count()).toBe(1);
    // The figures are there as a table too.
    await page.getByRole("region", { name: "Material waste by profile" }).getByText("The figures as a table").click();
    expect(await page.getByRole("region", { name: "Material waste by profile" }).getByRole("row").count()).toBe(profiles.length + 1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);

    await page.getByRole("link", { name: "Last 7 days" }).click();
    await page.waitForURL(/\?days=7$/);
    await expect.poll(() => page.getByRole("img", { name: "Quotes per day" }).locator("rect").count()).toBe(7);
    expect(await page.getByRole("link", { name: "Last 7 days" }).getAttribute("aria-current")).toBe("page");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a customer gets the 403 page", async () => {
    const { context, page } = await signIn(browser, host, { ...customer, password: PASSWORD }, "198.51.100.132");
    const response = await page.goto(url(host, "/production/analytics"));
    expect(response?.status()).toBe(403);
    await context.close();
  });
});
