import { execFileSync } from "node:child_process";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { shardBindingOf } from "../../scripts/lib/dev-server.mjs";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { binaryStl, box } from "../unit/mesh/solids.ts";
import { cookieOf, shopApi, waitFor } from "./shop-api.ts";
import { demoCatalog } from "../../engine/pricing/demo-catalog.ts";
import { launch, url, watchErrors } from "./browser.ts";

/*
 * A guest saves a quote with an e-mail in one browser and opens it in
 * another (a fresh context: no cookies) with the quote's share link, changes
 * a quantity and sees the difference; once revoked, the old link says so in a
 * sentence.
 */

const run = Math.random().toString(36).slice(2, 8);
const slug = `e2e-share-${run}`;
const host = `${slug}.localhost`;
const api = shopApi(host, "203.0.113.71");
let browser: Browser;
let quoteId = "";
let sharePath = "";
let latestToken = "";

const pathOf = (shareUrl: string) => {
  const u = new URL(shareUrl);
  return `${u.pathname}${u.hash}`;
};

beforeAll(async () => {
  const port = inject("port");
  const created = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
    json: { name: "E2E Share", slug, owner_email: `owner@${slug}.test`, owner_password: "e2e-password-123", owner_name: "Olga Owner" },
    headers: { "cf-connecting-ip": "203.0.113.70" },
  });
  expect(created.status, created.text).toBe(201);
  const upload = await hostRequest(port, host, "POST", "/api/v1/models?filename=bracket.stl", {
    body: binaryStl(box([30, 20, 10])),
    headers: { "cf-connecting-ip": "203.0.113.71" },
  });
  expect(upload.status, upload.text).toBe(202);
  const guest = cookieOf(upload);
  const model = upload.json.data;
  await waitFor(
    () => api("GET", `/models/${model.id}`, guest),
    (m) => m.status === "analyzed",
  );
  const quote = await api("POST", "/quotes", guest, {
    json: { items: [{ model_id: model.id, process: "fff", material: "pla", quantity: 3 }], contact_email: "guest@example.test" },
  });
  quoteId = quote.id;
  sharePath = pathOf((await api("GET", `/quotes/${quote.id}`, guest)).share_url);
  browser = await launch();
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

/** Sets a quote past its validity in the dev server's local D1 (no API backdates a quote). */
const expire = (id: string) =>
  execFileSync(
    "npx",
    [
      "wrangler",
      "d1",
      "execute",
      shardBindingOf(slug, inject("persistTo")),
      "--local",
      "--persist-to",
      inject("persistTo"),
      "--command",
      `update quotes set valid_until = 1 where id = '${id}'`,
    ],
    { stdio: "pipe", timeout: 60_000 },
  );

describe("a guest's share link", () => {
  it("another browser without it is asked to sign in; with it, it opens the quote, and a revoked link says so", async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { "cf-connecting-ip": "198.51.100.71" } });
    const signedOut = await context.newPage();
    const direct = await signedOut.goto(url(host, `/quotes/${quoteId}`));
    expect(direct?.status()).toBe(401);
    await signedOut.getByRole("heading", { name: "Sign in to see this page" }).waitFor();
    await signedOut.getByRole("link", { name: "Sign in" }).first().waitFor();

    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(url(host, sharePath));
    await page.waitForURL(url(host, `/quotes/${quoteId}`));
    await page.getByTestId("quote-number").waitFor();
    const shown = page.getByTestId("share-url");
    expect(pathOf(await shown.inputValue())).toBe(sharePath);

    // Editing a quantity makes revision 2 on today's prices, and the page shows what changed.
    await page.getByLabel("Quantity of item 1").fill("5");
    await page.getByRole("button", { name: "Update" }).click();
    const changes = page.getByTestId("quote-changes");
    await changes.getByRole("heading", { name: "Changed in revision 2" }).waitFor();
    // Only what was changed is sent: one row, not the untouched material, finish or lead time.
    expect(await changes.getByRole("row").count()).toBe(2);
    const row = changes.getByRole("row").nth(1);
    expect(await row.getByRole("cell").allTextContents()).toEqual(expect.arrayContaining(["1", "Quantity", "3", "5"]));
    await expect.poll(() => row.getByRole("cell").nth(5).textContent()).not.toBe("—");
    expect(await row.getByRole("cell").nth(5).textContent()).not.toBe(await row.getByRole("cell").nth(4).textContent());

    // Adding one of the guest's uploaded parts, made another way, makes revision 3 with the new line priced.
    const add = page.getByRole("form", { name: "Add an item" });
    await add.getByLabel("Design or part").selectOption({ label: "bracket.stl" });
    await add.getByLabel("Made by (parts only)").selectOption("sla:resin-standard");
    await add.getByLabel("Quantity").fill("2");
    await add.getByRole("button", { name: "Add to quote" }).click();
    await changes.getByRole("heading", { name: "Changed in revision 3" }).waitFor();
    expect(await changes.getByRole("row").nth(1).getByRole("cell").allTextContents()).toEqual(expect.arrayContaining(["2", "Item"]));
    await expect.poll(() => page.getByTestId("quote-item").count()).toBe(2);
    await expect.poll(() => page.getByTestId("item-total").count(), { timeout: 30_000 }).toBe(2);

    await page.getByRole("button", { name: "Revoke link" }).click();
    await expect.poll(async () => pathOf(await shown.inputValue())).not.toBe(sharePath);
    latestToken = new URL(await shown.inputValue()).hash.replace(/^#share=/, "");
    expect(errors).toEqual([]);
    await context.close();

    const other = await browser.newContext({ extraHTTPHeaders: { "cf-connecting-ip": "198.51.100.72" } });
    const late = await other.newPage();
    await late.goto(url(host, sharePath));
    await late.getByRole("heading", { name: "This link does not open the quote" }).waitFor();
    expect(await late.getByRole("alert").textContent()).toMatch(/no longer valid/);
    await other.close();
  });

  it("an expired quote is requoted at today's prices in one click, and the page shows the new prices", async () => {
    expire(quoteId);
    // The shop has raised its prices since.
    const port = inject("port");
    const login = await hostRequest(port, host, "POST", "/api/v1/auth/login", {
      json: { email: `owner@${slug}.test`, password: "e2e-password-123" },
      headers: { "cf-connecting-ip": "203.0.113.70" },
    });
    const dearer = { ...demoCatalog, margin: { ...demoCatalog.margin, target: Math.min(0.9, demoCatalog.margin.target + 0.2) } };
    await api("POST", "/price-books", cookieOf(login), { json: { book: dearer } });
    const context = await browser.newContext({ extraHTTPHeaders: { "cf-connecting-ip": "198.51.100.73" } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(url(host, sharePath.replace(/#share=.*/, `#share=${latestToken}`)));
    await page.waitForURL(url(host, `/quotes/${quoteId}`));
    expect(await page.getByTestId("quote-status").textContent()).toBe("Expired");
    await page.getByRole("button", { name: "Requote at today's prices" }).click();
    await expect.poll(() => page.getByTestId("quote-status").textContent()).toBe("Priced");
    const changes = page.getByTestId("quote-changes");
    await changes.getByRole("heading", { name: "Changed in revision 4" }).waitFor();
    const cells = await changes.getByRole("row").nth(1).getByRole("cell").allTextContents();
    expect(cells.slice(0, 2)).toEqual(["1", "Price"]);
    expect(cells[4]).not.toBe(cells[5]);
    expect(await page.getByRole("button", { name: "Requote at today's prices" }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
