import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { binaryStl, box } from "../unit/mesh/solids.ts";
import { cookieOf, registerCustomer, shopApi, waitFor } from "./shop-api.ts";
import { launch, signIn, url } from "./browser.ts";

/*
 * What happens to a quote after it is priced, clicked through in Chromium
 * against the built Worker: the customer rejects one; the shop sends another,
 * the customer accepts it through the checkout (address, shipping, purchase
 * order, terms, review, confirm) and lands on the order's confirmation. The
 * quotes are made through the API (the instant-quote test covers making them in the page).
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-decide-${run}`;
const host = `${slug}.localhost`;
const owner = { email: `owner@${slug}.test`, name: "Olga Owner" };
const customer = { email: `buyer@${slug}.test`, name: "Bea Buyer" };
let browser: Browser;
const quotes: string[] = [];
let buyerCookie = "";

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
  buyerCookie = cookie;
  const ownerCookie = cookieOf(
    await hostRequest(port, host, "POST", "/api/v1/auth/login", {
      json: { email: owner.email, password: PASSWORD },
      headers: { "cf-connecting-ip": "203.0.113.90" },
    }),
  );
  // Collection, or a courier that serves Germany only.
  await api("PUT", "/tenant/shipping-methods", ownerCookie, {
    json: {
      methods: [
        { kind: "pickup", code: "pickup", name: "Collect from the workshop", days: 0 },
        { kind: "flat", code: "courier", name: "City courier", price: 1500, days: 1, countries: ["DE"] },
      ],
    },
  });
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

  it("the shop sends a quote; the customer checks it out on a purchase order and sees the order confirmed", async () => {
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
    await page.getByRole("heading", { name: "Checkout" }).waitFor();

    // Nothing chosen: the address and the terms are asked for where they are.
    await page.getByRole("button", { name: "Review order" }).click();
    await page.getByText("Is required: a saved address's id or an address.").waitFor();
    expect(await page.getByLabel("I accept the shop's terms").getAttribute("aria-invalid")).toBe("true");

    const field = (name: string) => page.getByRole("textbox", { name, exact: true });
    await field("Name").fill("Bea Buyer");
    await field("Street and number").fill("12 rue de Rivoli");
    await field("Postcode").fill("75001");
    await field("City").fill("Paris");
    await field("Country").fill("FR");
    await page.getByLabel("Save for my company's next orders").check();
    // This shop has no Stripe account: card is offered but cannot be chosen, and says why.
    expect(await page.getByRole("radio", { name: /Card/ }).isDisabled()).toBe(true);
    await page.getByText("This shop does not take card payments yet").waitFor();
    await field("PO number").fill("PO-4711");
    await page.getByLabel("I accept the shop's terms").check();
    await page.getByRole("radio", { name: /City courier/ }).check();
    await page.getByRole("button", { name: "Review order" }).click();
    // The courier does not go to France: said at the shipping choice, and everything typed is kept.
    await page.locator("#shipping-error").getByText("City courier does not deliver to FR.").waitFor();
    expect(await page.getByRole("alert").or(page.locator(".alert-error")).textContent()).toBe("Please correct the highlighted fields.");
    expect(await field("Street and number").inputValue()).toBe("12 rue de Rivoli");
    expect(await field("PO number").inputValue()).toBe("PO-4711");

    await page.getByRole("radio", { name: /Collect from the workshop/ }).check();
    await page.getByRole("button", { name: "Review order" }).click();
    const review = page.getByTestId("checkout-review");
    await review.waitFor();
    expect(await review.getByRole("row").count()).toBe(2);
    expect(await review.getByRole("cell", { name: "bracket.stl" }).count()).toBe(1);
    expect(await page.getByTestId("review-shipping").textContent()).toBe("€0.00");
    expect(await page.getByTestId("review-delivery").textContent()).toMatch(/^Ready to collect by /);
    const total = await page.getByTestId("review-total").textContent();
    await page.getByRole("button", { name: "Confirm order" }).click();

    await page.waitForURL(/\/orders\/[^/]+$/);
    await page.getByTestId("order-confirmed").waitFor();
    expect(await page.getByTestId("order-status").textContent()).toBe("Ordered on purchase order");
    expect(await page.getByTestId("order-number").textContent()).toMatch(/^ORD-\d{4}-\d{4}$/);
    expect(await page.content()).toContain(`${total} · PO PO-4711`);
    await page.getByText("12 rue de Rivoli").first().waitFor();
    await page.getByText("Under the shop's terms, version 1").waitFor();
    // The confirmation document, fetched by the page as the link would.
    const href = (await page.getByRole("link", { name: "Download confirmation (PDF)" }).getAttribute("href"))!;
    expect(await page.evaluate(async (h) => (await fetch(h)).headers.get("content-type"), href)).toBe("application/pdf");
    // The address was kept for the company's next checkout.
    expect((await api("GET", "/company/addresses", buyerCookie)).map((a: { line1: string }) => a.line1)).toEqual(["12 rue de Rivoli"]);

    await page.getByRole("link", { name: "From the quote" }).click();
    await expect.poll(() => status(page).textContent()).toBe("Accepted");
    expect(await page.getByTestId("order-status").textContent()).toMatch(/^Ordered on purchase order .+ · PO PO-4711 · View order$/);
    // The two refused reviews (422 to the form's request) and nothing else.
    expect(errors).toEqual(Array(2).fill("console: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"));
    await context.close();
  });
});
