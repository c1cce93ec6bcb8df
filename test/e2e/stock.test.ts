import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { cookieOf, registerCustomer } from "./shop-api.ts";
import { launch, signIn, url } from "./browser.ts";

/*
 * Stock in Chromium against the built Worker: the owner adds a material with
 * a reorder point, sees the board's alert, receives a lot through the form
 * (a field error first), lands on the lot's page, and finds the stock level
 * on the material's page; a customer gets 403.
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-stock-${run}`;
const host = `${slug}.localhost`;
const owner = { email: `owner@${slug}.test`, name: "Sam Stock" };
let browser: Browser;
let buyer: string;

beforeAll(async () => {
  const port = inject("port");
  const headers = { "cf-connecting-ip": "203.0.113.140" };
  const created = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
    json: { name: "E2E Stock Shop", slug, owner_email: owner.email, owner_password: PASSWORD, owner_name: owner.name },
    headers,
  });
  expect(created.status, created.text).toBe(201);
  const login = await hostRequest(port, host, "POST", "/api/v1/auth/login", { json: { email: owner.email, password: PASSWORD }, headers });
  expect(login.status, login.text).toBe(200);
  cookieOf(login);
  buyer = await registerCustomer(port, host, { email: `buyer@${slug}.test`, name: "Bea Buyer", password: PASSWORD }, headers);
  browser = await launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe("stock and receiving", () => {
  it("adds a material, flags it below its reorder point, receives a lot through the form and shows the stock", async () => {
    const { context, page, errors } = await signIn(browser, host, { ...owner, password: PASSWORD }, "198.51.100.140");
    await page.goto(url(host, "/production"));
    await page.getByRole("link", { name: "Stock", exact: true }).click();
    await page.waitForURL(url(host, "/production/stock"));
    await page.getByLabel("Code").fill("SPW600-F01");
    await page.getByLabel("Name").fill("Frame profile 6060-T66");
    await page.getByLabel("Reorder point").fill("50");
    await page.getByRole("button", { name: "Add material" }).click();
    const row = page.getByTestId("material-SPW600-F01");
    await row.waitFor();
    expect(await row.textContent()).toContain("Order more");

    // The board says so.
    await page.goto(url(host, "/production"));
    expect(await page.getByTestId("reorder-alert").textContent()).toContain("1 material is below the reorder point.");

    // Receiving: a missing supplier lot is shown at its field, then the lot is received.
    await page.goto(url(host, "/production/stock"));
    await row.getByRole("link", { name: "Frame profile 6060-T66" }).click();
    await page.waitForURL(/\/production\/stock\/[^/]+$/);
    await page.getByRole("link", { name: "Receive a lot" }).click();
    await page.waitForURL(/\/production\/lots\/receive\?material=SPW600-F01$/);
    expect(await page.getByLabel("Material").inputValue()).toBe("SPW600-F01");
    await page.getByLabel("Quantity").fill("72");
    await page.getByLabel("Supplier", { exact: true }).fill("Alu Nord");
    await page.getByLabel("Certificate number").fill("3.1-7781");
    await page.getByRole("button", { name: "Receive lot" }).click();
    await page.locator("#field-supplier_lot-error").waitFor();
    expect(await page.locator("#field-supplier_lot-error").textContent()).toMatch(/Supplier's lot number/);
    await page.getByLabel("Supplier's lot number").fill("AN-4411");
    await page.getByRole("button", { name: "Receive lot" }).click();
    await page.waitForURL(/\/production\/lots\/LOT-\d{4}-\d{5}$/);
    const head = await page.locator("header dl.facts").textContent();
    for (const fact of ["SPW600-F01", "72 m", "Alu Nord (lot AN-4411)", "3.1-7781"]) expect(head).toContain(fact);
    const lotNumber = (await page.getByTestId("lot-number").textContent())!;

    // The material's page: 72 m in stock, no longer below 50 m, the lot listed.
    await page.goto(url(host, "/production/stock"));
    expect(await row.textContent()).toContain("72 m");
    expect(await row.textContent()).toContain("OK");
    await row.getByRole("link", { name: "Frame profile 6060-T66" }).click();
    await page.waitForURL(/\/production\/stock\/[^/]+$/);
    await expect.poll(() => page.getByRole("region", { name: "Lots in stock" }).getByRole("link", { name: lotNumber }).count()).toBe(1);
    await page.goto(url(host, "/production"));
    expect(await page.getByTestId("reorder-alert").count()).toBe(0);
    // Only the provoked refusal (the missing supplier lot) reached the console.
    expect(errors).toEqual(["console: Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
    await context.close();
  });

  it("is the shop's: a customer gets 403 for the stock pages", async () => {
    for (const path of ["/production/stock", "/production/lots/receive"]) {
      const res = await hostRequest(inject("port"), host, "GET", path, { headers: { cookie: buyer, "cf-connecting-ip": "198.51.100.141" } });
      expect(res.status, path).toBe(403);
    }
  });
});
