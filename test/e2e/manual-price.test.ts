import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { binaryStl, box } from "../unit/mesh/solids.ts";
import { registerCustomer, shopApi, waitFor } from "./shop-api.ts";
import { launch, signIn, url } from "./browser.ts";

/*
 * The shop's side of a quote that cannot be priced instantly, clicked through
 * in Chromium against the built Worker: a part too large for every printer
 * waits in the shop's quote inbox; the shop prices it by hand (a wrong entry
 * is refused at its field); the customer then sees the shop's price and opens the checkout.
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-manual-${run}`;
const host = `${slug}.localhost`;
const owner = { email: `owner@${slug}.test`, name: "Olga Owner" };
const customer = { email: `buyer@${slug}.test`, name: "Bea Buyer", company: "Buyer Robotics" };
let browser: Browser;
let quote: { id: string; number: string };

const api = shopApi(host, "203.0.113.81");

const signedIn = (who: { email: string; name: string }, ip: string) => signIn(browser, host, { ...who, password: PASSWORD }, ip);

const status = (page: Page) => page.getByTestId("quote-status");

beforeAll(async () => {
  const port = inject("port");
  const created = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
    json: { name: "E2E Manual", slug, owner_email: owner.email, owner_password: PASSWORD, owner_name: owner.name },
    headers: { "cf-connecting-ip": "203.0.113.80" },
  });
  expect(created.status, created.text).toBe(201);
  const cookie = await registerCustomer(port, host, { ...customer, password: PASSWORD }, { "cf-connecting-ip": "203.0.113.80" });
  // 1,095 mm long: no FFF printer takes it, so it has no instant price.
  const model = await api("POST", "/models?filename=beam.stl", cookie, { body: binaryStl(box([1095, 60, 40])) });
  await waitFor(
    () => api("GET", `/models/${model.id}`, cookie),
    (m) => m.status === "analyzed",
  );
  const made = await api("POST", "/quotes", cookie, { json: { items: [{ model_id: model.id, process: "fff", material: "pla", quantity: 2 }] } });
  const held = await waitFor(
    () => api("GET", `/quotes/${made.id}`, cookie),
    (q) => q.status === "priced",
  );
  expect(held).toMatchObject({ review_required: true, items: [{ blocked: true }] });
  quote = { id: made.id, number: made.number };
  browser = await launch();
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

describe("a manual price", () => {
  it("the shop finds the blocked quote in its inbox and prices it by hand; the customer sees the price and goes to checkout", async () => {
    const shop = await signedIn(owner, "198.51.100.81");
    await shop.page.getByRole("banner").getByRole("link", { name: "Quote inbox" }).click();
    const queue = shop.page.getByTestId("review-queue");
    const row = queue.getByRole("row", { name: new RegExp(quote.number) });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Bea Buyer.*Buyer Robotics.*1 item to price.*Needs review/);
    // Search narrows the inbox.
    await shop.page.getByLabel("Search").fill("no such customer");
    await shop.page.getByRole("button", { name: "Filter" }).click();
    await shop.page.getByText("No quote is waiting for the shop's review.").waitFor();
    await shop.page.getByLabel("Search").fill("robotics");
    await shop.page.getByRole("button", { name: "Filter" }).click();
    await row.getByRole("link", { name: quote.number }).click();

    // Nothing to send while the item has no price: the page says to price it by hand.
    expect(await shop.page.getByTestId("quote-blocked").textContent()).toMatch(/1 item has no price: price it by hand below/);
    expect(await shop.page.getByRole("button", { name: "Send to customer" }).count()).toBe(0);
    const form = shop.page.getByTestId("manual-price-form");
    await form.getByLabel("Unit price").fill("12,5.x");
    await form.getByLabel("Lead time (working days)").fill("9");
    await form.getByRole("button", { name: "Set this price" }).click();
    await form.getByText("Enter the price per piece in EUR, like 42.50.").waitFor();
    expect(await form.getByLabel("Unit price").getAttribute("aria-invalid")).toBe("true");
    await form.getByText("Say why you set this price; only the shop sees it.").waitFor();

    await form.getByLabel("Unit price").fill("1,250.00");
    await form.getByLabel("Reason (for the shop only)").fill("Printed in two halves on the large-format printer");
    await form.getByLabel("Note to the customer").fill("We print this beam in two halves and bond them.");
    await form.getByRole("button", { name: "Set this price" }).click();
    await shop.page
      .getByTestId("manual-price-saved")
      .getByText(/the quote has been sent to the customer/)
      .waitFor();
    await expect.poll(() => status(shop.page).textContent(), { timeout: 15_000 }).toBe("Sent");
    expect(await shop.page.getByTestId("manual-price-form").count()).toBe(0);
    // The refused entry (a 400 to the form's request) and nothing else.
    expect(shop.errors).toEqual(["console: Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
    await shop.context.close();

    const { context, page, errors } = await signedIn(customer, "198.51.100.82");
    await page.goto(url(host, `/quotes/${quote.id}`));
    expect(await status(page).textContent()).toBe("Sent");
    await page.getByTestId("manual-price").getByText("Price set by the shop.").waitFor();
    expect(await page.getByTestId("manual-price-note").textContent()).toBe("We print this beam in two halves and bond them.");
    expect(await page.getByTestId("item-total").textContent()).toBe("€2,500.00");
    expect(await page.getByTestId("blocked").count()).toBe(0);
    expect(await page.content()).not.toContain("large-format printer");
    // Accepting opens the checkout (its steps are the quote-decisions test's).
    await page.getByRole("button", { name: "Accept quote" }).click();
    await page.getByRole("heading", { name: "Checkout" }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
