import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { launch, url, watchErrors } from "./browser.ts";
import { cookieOf, registerCustomer, shopApi, waitFor } from "./shop-api.ts";
import { door } from "../worker/fixtures.ts";

/*
 * The customer's dashboard (/portal, decision 56) on a phone: signing in
 * lands there; it shows the quote waiting for a decision with its expiry, the
 * order in production with its stage, the project and what happened, the
 * buyer's unread notifications, each linking to its page, and nothing runs off the 390 px screen. The shop's
 * owner signing in goes where they went before.
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-dash-${run}`;
const host = `${slug}.localhost`;
const ip = "203.0.113.71";
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("the customer's dashboard", () => {
  it("is the customer's home after signing in, readable on a phone, linking to each item", async () => {
    const port = inject("port");
    const owner = { email: `owner@${slug}.test`, password: PASSWORD };
    const created = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
      json: { name: "E2E Dashboard", slug, owner_email: owner.email, owner_password: PASSWORD },
      headers: { "cf-connecting-ip": ip },
    });
    expect(created.status, created.text).toBe(201);
    const shop = cookieOf(await hostRequest(port, host, "POST", "/api/v1/auth/login", { json: owner, headers: { "cf-connecting-ip": ip } }));
    const buyerLogin = { email: `bea@${slug}.test`, name: "Bea Buyer", password: PASSWORD };
    const buyer = await registerCustomer(port, host, buyerLogin, { "cf-connecting-ip": ip });
    const api = shopApi(host, ip);

    const project = await api("POST", "/projects", buyer, { json: { name: "Riverside school", reference: "RS-14" } });
    const product = await api("POST", "/products", shop, { json: { name: "SPW600e door", generator_key: "spw600e-door" } });
    const pricedQuote = async () => {
      const configuration = await api("POST", "/configurations", buyer, { json: { product_id: product.id, config: door } });
      const quote = await api("POST", "/quotes", buyer, { json: { items: [{ configuration_id: configuration.id, quantity: 1 }], project_id: project.id } });
      await waitFor(
        () => api("GET", `/quotes/${quote.id}`, buyer),
        (q) => q.status === "priced",
      );
      await api("POST", `/quotes/${quote.id}/send`, shop);
      return quote;
    };
    const waiting = await pricedQuote();
    const ordered = await pricedQuote();
    await api("POST", `/quotes/${ordered.id}/accept`, buyer);
    const order = await api("POST", `/quotes/${ordered.id}/purchase-order`, buyer, { json: { po_number: "PO-77" } });
    await waitFor(
      () => api("GET", `/manufacturing-orders?order_id=${order.id}`, shop),
      (list) => list.length === 1,
    );

    // Told of both quotes and the order (the fan-out is queued): the dashboard lists them unread.
    const unread = await waitFor(
      () => api("GET", "/notifications/unread-count", buyer),
      (n) => n.unread_count === 3,
    );
    expect(unread.unread_count).toBe(3);

    // The buyer signs in on a phone and lands on the dashboard.
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, extraHTTPHeaders: { "cf-connecting-ip": "198.51.100.71" } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(url(host, "/login"));
    await page.getByLabel("E-mail").fill(buyerLogin.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => u.pathname === "/portal");
    await page.getByRole("heading", { name: "Welcome, Bea Buyer", level: 1 }).waitFor();

    const quotes = page.getByRole("list", { name: "Quotes to decide" });
    await quotes.getByRole("link", { name: waiting.number }).waitFor();
    await quotes.getByText(/valid until/).waitFor();
    await quotes.getByText(project.number).waitFor();
    const orders = page.getByRole("list", { name: "Orders in progress" });
    await orders.getByRole("link", { name: order.number }).waitFor();
    await orders.getByText("Scheduled", { exact: true }).waitFor();
    await page.getByRole("list", { name: "Active projects" }).getByRole("link", { name: "Riverside school" }).waitFor();
    await page
      .getByRole("list", { name: "Recent activity" })
      .getByRole("link", { name: `Quote ${waiting.number} sent to you` })
      .waitFor();
    await page.getByText("Nothing is waiting for your approval.").waitFor();
    const told = page.getByRole("list", { name: "Notifications" });
    await told.getByRole("link", { name: `Quote ${waiting.number} from E2E Dashboard` }).waitFor();
    await told.getByRole("link", { name: `Order ${order.number} is confirmed` }).waitFor();
    expect(await told.getByRole("listitem").count()).toBe(3);
    await page.getByRole("link", { name: "All notifications" }).waitFor();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard", exact: true }).waitFor();

    // Nothing runs off a 390 px screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll("main *")].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5).map((e) => e.outerHTML.slice(0, 80)),
    );
    expect(wide).toEqual([]);

    // Each item opens its page.
    await orders.getByRole("link", { name: order.number }).click();
    await page.waitForURL((u) => u.pathname === `/orders/${order.id}`);
    await page.goBack();
    await quotes.getByRole("link", { name: waiting.number }).click();
    await page.waitForURL((u) => u.pathname === `/quotes/${waiting.id}`);
    await page.goBack();
    await told.getByRole("link", { name: `Order ${order.number} is confirmed` }).click();
    await page.waitForURL((u) => u.pathname === `/orders/${order.id}`);
    await page.goBack();
    await page.getByRole("link", { name: "All notifications" }).click();
    await page.waitForURL((u) => u.pathname === "/notifications" && u.searchParams.get("unread") === "1");
    expect(errors).toEqual([]);
    await context.close();

    // The shop's owner signing in goes where they went before: the storefront home.
    const staff = await browser.newContext({ extraHTTPHeaders: { "cf-connecting-ip": "198.51.100.72" } });
    const staffPage = await staff.newPage();
    await staffPage.goto(url(host, "/login"));
    await staffPage.getByLabel("E-mail").fill(owner.email);
    await staffPage.getByLabel("Password").fill(PASSWORD);
    await staffPage.getByRole("button", { name: "Sign in" }).click();
    await staffPage.waitForURL((u) => u.pathname === "/");
    await staffPage.getByRole("link", { name: "Production" }).waitFor();
    expect(await staffPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard", exact: true }).count()).toBe(0);
    await staff.close();
  }, 180_000);
});
