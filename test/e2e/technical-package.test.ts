import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { shardBindingOf } from "../../scripts/lib/dev-server.mjs";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { door } from "../worker/fixtures.ts";
import { cookieOf, registerCustomer, shopApi, waitFor } from "./shop-api.ts";
import { launch, signIn, url } from "./browser.ts";

/*
 * The quote page offers a configured quote's technical package once the background build is ready; the link downloads the
 * PDF. A failed build shows what to do ("Try again" when another build may cure it), not a spinner. The configurator shows
 * a configuration that is on a quote with that quote's package and its drawings' thumbnails.
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-package-${run}`;
const host = `${slug}.localhost`;
const customer = { email: `buyer@${slug}.test`, name: "Pia Package", password: PASSWORD };
let browser: Browser;
let quoteId = "";
let quoteNumber = "";
let productId = "";
let configurationId = "";
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
  quoteNumber = quote.number;
  productId = product.id;
  configurationId = configuration.id;
  const request = await api("POST", "/drawings/requests", cookie, {
    json: { configuration_id: configuration.id, drawing_types: ["elevation"], scale: "auto", sheet: "A3", formats: ["svg", "pdf"] },
  });
  await waitFor(
    () => api("GET", `/drawings/requests/${request.id}`, cookie),
    (r) => r.status === "completed",
  );
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

  it("a build that never finished shows a notice with Try again instead of a spinner; trying again builds it", async () => {
    // What the sweep leaves after a build's last attempt stranded (no API fails a package on purpose).
    execFileSync(
      "npx",
      [
        "wrangler",
        "d1",
        "execute",
        // The shop's rows are on its data shard (docs/decisions/0061-sharding.md).
        shardBindingOf(slug, inject("persistTo")),
        "--local",
        "--persist-to",
        inject("persistTo"),
        "--command",
        `update technical_packages set status = 'failed', error_code = 'TIMED_OUT', attempts = 3 where quote_id = '${quoteId}'`,
      ],
      { stdio: "pipe", timeout: 60_000 },
    );
    const { context, page, errors } = await signIn(browser, host, customer, "198.51.100.92");
    await page.goto(url(host, `/quotes/${quoteId}`));
    const notice = page.getByTestId("technical-package-failed");
    await notice.waitFor();
    expect(await notice.textContent()).toContain("could not be built this time");
    expect(await page.getByTestId("technical-package-building").count()).toBe(0);
    expect(await page.getByTestId("technical-package-pdf").count()).toBe(0);
    await page.getByRole("button", { name: "Try again" }).click();
    // Queued again, then ready: the page looks again on its own while it builds.
    await page.getByTestId("technical-package-pdf").waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("technical-package-failed").count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the configurator shows a configuration that is on a quote with the quote's package and its drawings' thumbnails", async () => {
    const { context, page, errors } = await signIn(browser, host, customer, "198.51.100.93");
    await page.goto(url(host, `/configure/${productId}?configuration=${configurationId}`));
    const onQuote = page.getByTestId("configuration-on-quote");
    await onQuote.waitFor();
    const quoteLink = onQuote.getByRole("link", { name: quoteNumber });
    expect(await quoteLink.getAttribute("href")).toBe(`/quotes/${quoteId}`);
    const pdf = onQuote.getByTestId("technical-package-pdf");
    await pdf.waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), pdf.click()]);
    expect(download.suggestedFilename()).toBe(`${quoteNumber}-technical-package.pdf`);
    expect(
      readFileSync(await download.path())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    expect(await onQuote.getByTestId("technical-package-zip").count()).toBe(1);
    const thumb = page.getByTestId("drawing-thumbs").getByRole("img", { name: /^elevation drawing / });
    await thumb.waitFor();
    const src = (await thumb.getAttribute("src"))!;
    const preview = await page.evaluate(async (u) => {
      const res = await fetch(u);
      return { status: res.status, type: res.headers.get("content-type") };
    }, src);
    expect(preview).toEqual({ status: 200, type: "image/png" });
    expect(errors).toEqual([]);
    await context.close();
  });
});
