import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { binaryStl, box } from "../unit/mesh/solids.ts";
import { cookieOf, registerCustomer, shopApi, waitFor } from "./shop-api.ts";
import { launch, signIn, url } from "./browser.ts";

/*
 * The shop's discounts clicked through in Chromium against the built Worker
 * (decision 71): the owner gives a sent quote's line 10 % (no warning, saved at
 * once), then the whole quote a discount that sells it below cost — the page
 * shows the warning before anything is saved and the owner confirms it. The
 * customer then sees both discounts as lines of the quote, and nothing of the
 * shop's reason or costs.
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-discount-${run}`;
const host = `${slug}.localhost`;
const owner = { email: `owner@${slug}.test`, name: "Olga Owner" };
const customer = { email: `buyer@${slug}.test`, name: "Bea Buyer" };
const REASON = "Repeat order, agreed on the phone";
let browser: Browser;
let quote: { id: string; items: { price: { total: number } }[] };
let buyer: string;

const api = shopApi(host, "203.0.113.91");
const eur = (minor: number) => new Intl.NumberFormat("en-US", { style: "currency", currency: "EUR" }).format(minor / 100);

beforeAll(async () => {
  const port = inject("port");
  const headers = { "cf-connecting-ip": "203.0.113.90" };
  const created = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
    json: { name: "E2E Discounts", slug, owner_email: owner.email, owner_password: PASSWORD, owner_name: owner.name },
    headers,
  });
  expect(created.status, created.text).toBe(201);
  buyer = await registerCustomer(port, host, { ...customer, password: PASSWORD }, headers);
  const shop = cookieOf(await hostRequest(port, host, "POST", "/api/v1/auth/login", { json: { email: owner.email, password: PASSWORD }, headers }));
  const model = await api("POST", "/models?filename=bracket.stl", buyer, { body: binaryStl(box([100, 100, 50])) });
  await waitFor(
    () => api("GET", `/models/${model.id}`, buyer),
    (m) => m.status === "analyzed",
  );
  const made = await api("POST", "/quotes", buyer, { json: { items: [{ model_id: model.id, process: "fff", material: "pla", quantity: 2 }] } });
  await waitFor(
    () => api("GET", `/quotes/${made.id}`, buyer),
    (q) => q.status === "priced",
  );
  quote = await api("POST", `/quotes/${made.id}/send`, shop);
  browser = await launch();
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

describe("discounts on the quote page", () => {
  it("the owner discounts a line, then the quote below cost after its warning; the customer sees both and nothing private", async () => {
    const shop = await signIn(browser, host, { ...owner, password: PASSWORD }, "198.51.100.91");
    const page = shop.page;
    await page.goto(url(host, `/quotes/${quote.id}`));

    // 10 % off the line: above cost, saved at once as a new revision.
    const line = page.getByTestId("discount-form-item");
    await line.getByText("Give item 1 a discount").click();
    await line.getByLabel("Discount as").selectOption("percent");
    await line.getByLabel("Discount", { exact: true }).fill("10");
    await line.getByLabel("Reason (for the shop only)").fill(REASON);
    await line.getByLabel("Note to the customer (optional)").fill("Thank you for ordering again");
    await line.getByRole("button", { name: "Give discount" }).click();
    await page.getByTestId("discount-saved").getByText("Discount saved: the customer sees revision 2.").waitFor();
    const list = quote.items[0].price.total;
    const off = Math.round(list / 10);
    expect(await page.getByTestId("item-discount").textContent()).toBe(`Discount 10 %: ${eur(-off)} off ${eur(list)}`);
    expect(await page.getByTestId("item-total").textContent()).toBe(eur(list - off));

    // 90 % off the quote sells it below cost: the warning comes first, nothing is saved until confirmed.
    const whole = page.getByTestId("discount-form-quote");
    await whole.getByText("Give the quote a discount").click();
    await whole.getByLabel("Discount", { exact: true }).fill("90");
    await whole.getByLabel("Reason (for the shop only)").fill(REASON);
    await whole.getByRole("button", { name: "Give discount" }).click();
    const warning = page.getByTestId("discount-warning");
    await warning.waitFor();
    expect(await warning.textContent()).toMatch(/The quote sells EUR [\d,]+\.\d\d below cost \(it costs the shop EUR [\d,]+\.\d\d\)\./);
    expect(await page.getByTestId("quote-discount").count()).toBe(0);
    const unchanged = await api("GET", `/quotes/${quote.id}`, buyer);
    expect(unchanged.revision).toBe(2);
    await warning.getByRole("button", { name: "Give it anyway" }).click();
    await page
      .getByTestId("discount-saved")
      .getByText(/sells EUR [\d,]+\.\d\d below cost/)
      .waitFor();
    const discounted = await api("GET", `/quotes/${quote.id}`, buyer);
    expect(discounted.revision).toBe(3);
    expect(await page.getByTestId("quote-discount").textContent()).toBe(`Discount 90 %${eur(-discounted.totals.discount.off)}`);
    expect(await page.getByTestId("quote-total").textContent()).toBe(eur(discounted.totals.gross_total));
    expect(shop.errors).toEqual([]);
    await shop.context.close();

    const seen = await signIn(browser, host, { ...customer, password: PASSWORD }, "198.51.100.92");
    await seen.page.goto(url(host, `/quotes/${quote.id}`));
    expect(await seen.page.getByTestId("item-discount").textContent()).toBe(`Discount 10 %: ${eur(-off)} off ${eur(list)}`);
    expect(await seen.page.getByTestId("item-discount-note").textContent()).toBe("Thank you for ordering again");
    expect(await seen.page.getByTestId("quote-discount").textContent()).toBe(`Discount 90 %${eur(-discounted.totals.discount.off)}`);
    expect(await seen.page.getByTestId("quote-total").textContent()).toBe(eur(discounted.totals.gross_total));
    expect(await seen.page.getByTestId("discount-form-item").count()).toBe(0);
    const html = await seen.page.content();
    for (const secret of [REASON, "below cost", "costs the shop"]) expect(html).not.toContain(secret);
    expect(seen.errors).toEqual([]);
    await seen.context.close();
  });
});
