import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { door } from "../worker/fixtures.ts";
import { cookieOf, registerCustomer, shopApi, waitFor } from "./shop-api.ts";
import { launch, signIn, url } from "./browser.ts";

/* The quote page offers a configured quote's technical package once the background build is ready; the link downloads the PDF. */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-package-${run}`;
const host = `${slug}.localhost`;
const customer = { email: `buyer@${slug}.test`, name: "Pia Package", password: PASSWORD };
let browser: Browser;
let quoteId = "";
const api = shopApi(host, "203.0.113.91");

beforeAll(async () => {
  const port = inject("port");
  const headers = { "cf-connecting-ip": "203.0.113.90" };
  const owner = `owner@${slug}.test`;
  const created = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
    json: { name: "E2E Package", slug, owner_email: owner, owner_password: PASSWORD, owner_name: "Oli Owner" },
    headers,
  });
  expect(created.status, created.text).toBe(201);
  const login = await hostRequest(port, host, "POST", "/api/v1/auth/login", { json: { email: owner, password: PASSWORD }, headers });
  const product = await api("POST", "/products", cookieOf(login), { json: { name: "Entrance door", generator_key: "spw600e-door" } });
  const cookie = await registerCustomer(port, host, customer, headers);
  const configuration = await api("POST", "/configurations", cookie, { json: { product_id: product.id, config: door } });
  const quote = await api("POST", "/quotes", cookie, { json: { title: "Riverside Lofts", items: [{ configuration_id: configuration.id, quantity: 1 }] } });
  quoteId = quote.id;
  await waitFor(
    () => api("GET", `/quotes/${quoteId}/technical-package`, cookie),
    (p) => p.status === "ready",
  );
  browser = await launch();
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

describe("technical package on the quote page", () => {
  it("shows the download once ready, and the link gives the PDF", async () => {
    const { context, page, errors } = await signIn(browser, host, customer, "198.51.100.91");
    await page.goto(url(host, `/quotes/${quoteId}`));
    const link = page.getByTestId("technical-package-pdf");
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^Q-\d{4}-\d{4}-technical-package\.pdf$/);
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");
    expect(await page.getByTestId("technical-package-zip").count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
