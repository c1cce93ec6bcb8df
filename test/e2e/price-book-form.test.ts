import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { launch, signIn, url } from "./browser.ts";

/*
 * The owner edits the price book as a form in Chromium: a material's price in
 * euros changes the preview's prices next to the published ones; a negative
 * machine rate and an emptied material list are refused at their fields with
 * nothing published; the corrected draft publishes as version 2, the book
 * otherwise exactly as it was.
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-book-form-${run}`;
const host = `${slug}.localhost`;
const owner = { email: `owner@${slug}.test`, name: "Bo Okform" };

let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];

/** No page errors other than the refusals a test provokes (Chromium logs every 4xx response it receives). */
function expectNoErrors(...provoked: number[]) {
  const seen = errors.splice(0);
  expect(seen.filter((e) => !provoked.some((status) => e.includes(`status of ${status} `)))).toEqual([]);
}

beforeAll(async () => {
  const created = await hostRequest(inject("port"), "localhost", "POST", "/api/v1/tenants", {
    json: { name: "E2E Book Form Works", slug, owner_email: owner.email, owner_password: PASSWORD, owner_name: owner.name },
    headers: { "cf-connecting-ip": "203.0.113.159" },
  });
  expect(created.status, created.text).toBe(201);

  browser = await launch();
  ({ context, page, errors } = await signIn(browser, host, { ...owner, password: PASSWORD }, "198.51.100.159"));
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

const preview = () => page.getByRole("region", { name: /^Preview/ });
const previewStatus = () => preview().getByRole("status");
const material = (name: string) => page.getByRole("group", { name, exact: true });
const publish = () => page.getByRole("button", { name: "Publish new version" }).click();
/** The input named by a book path (its id is `field-` and the path). */
const input = (path: string) => page.locator(`[id="field-${path}"]`);
const errorAt = (path: string) => page.locator(`[id="field-${path}-error"]`);

describe("the price book as a form", () => {
  it("previews a changed material price, refuses a negative rate and an empty material list at the field, then publishes", async () => {
    await page.goto(url(host, "/admin/catalog"));
    const published = JSON.parse(await page.getByLabel("Price book (JSON)").inputValue());
    const pla = published.materials.findIndex((m: { code: string }) => m.code === "pla");
    await page.getByRole("link", { name: "Edit the price book as a form" }).click();
    await page.getByRole("heading", { name: "Edit the price book" }).waitFor();
    expect(await previewStatus().textContent()).toContain("The draft prices every sample as the published version does.");

    // Money in euros, not cents.
    const price = material("PLA").getByLabel("Price per kg (EUR)");
    expect(await price.inputValue()).toBe((published.materials[pla].price.amount / 100).toFixed(2));
    await price.fill("40.00");
    await expect.poll(() => previewStatus().textContent()).toMatch(/^\d+ of \d+ prices change with the draft/);
    const changed = preview().locator("tr.preview-changed");
    expect(await changed.count()).toBeGreaterThan(0);
    for (const row of await changed.all()) {
      expect(await row.getByRole("rowheader").textContent()).toMatch(/^PLA /);
      const [was, now] = await Promise.all([row.locator('[data-label="Published"]').textContent(), row.locator('[data-label="Draft"]').textContent()]);
      expect(now).not.toBe(was);
      expect(await row.locator('[data-label="Change"]').textContent()).toMatch(/^\+€/);
    }

    // A negative hourly rate: the book's validation refuses it at the rate, with everything typed kept.
    const rate = material("Prusa MK4S").getByLabel("Hourly rate (EUR)");
    const goodRate = await rate.inputValue();
    await rate.fill("-5");
    await publish();
    const ratePath = "processes.fff.machines.0.hourly_rate";
    await errorAt(ratePath).waitFor();
    expect(await errorAt(ratePath).textContent()).toBe("Must not be negative.");
    expect(await input(ratePath).getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByText("Nothing has changed.").count()).toBe(1);
    expect(await material("Prusa MK4S").getByLabel("Hourly rate (EUR)").inputValue()).toBe("-5");
    expect(await material("PLA").getByLabel("Price per kg (EUR)").inputValue()).toBe("40.00");
    expect(await preview().textContent()).toContain("not valid yet");

    // Every material removed: refused at the material list.
    await material("Prusa MK4S").getByLabel("Hourly rate (EUR)").fill(goodRate);
    const removeMaterial = page.locator('[id="field-materials"] > .book-row > .book-row-head button');
    while ((await removeMaterial.count()) > 0) await removeMaterial.first().click();
    await publish();
    const listError = page.locator('[id="field-materials"] > .field-error');
    await listError.waitFor();
    expect(await listError.textContent()).toBe("Add at least one.");
    expect(await page.getByRole("list", { name: "Problems in the price book" }).textContent()).toContain("materials: Add at least one.");

    // Nothing was published by either.
    await page.goto(url(host, "/admin/catalog"));
    expect(await page.locator(".book-status").textContent()).toContain("Version 1");

    // A fresh draft with only the PLA price changed publishes as version 2, the rest of the book exactly as it was.
    await page.getByRole("link", { name: "Edit the price book as a form" }).click();
    await material("PLA").getByLabel("Price per kg (EUR)").fill("40.00");
    await page.getByRole("textbox", { name: "Note (optional)", exact: true }).fill("PLA at 40 a kg");
    await publish();
    await page.getByText("Published version 2").waitFor();
    const now = JSON.parse(await page.getByLabel("Price book (JSON)").inputValue());
    published.materials[pla].price.amount = 4000;
    expect(now).toEqual(published);
    expect(
      await page
        .locator(".version-history")
        .getByRole("row", { name: /Version 2/ })
        .textContent(),
    ).toContain("PLA at 40 a kg");

    expectNoErrors(422);
  });

  it("loads JSON into the form only when it is a valid book", async () => {
    await page.goto(url(host, "/admin/catalog/edit"));
    const json = page.getByLabel("Price book JSON to load");
    await json.fill('{ "currency": "EUR" }');
    await page.getByRole("button", { name: "Load into the form" }).click();
    const problems = page.getByRole("list", { name: "Problems in the JSON" });
    await problems.waitFor();
    expect(await problems.textContent()).toContain("materials");

    const current = JSON.parse((await hostRequest(inject("port"), host, "GET", "/api/v1/catalog")).text).data;
    expect(current.price_book_version).toBe("2");
    await page.goto(url(host, "/admin/catalog"));
    const book = JSON.parse(await page.getByLabel("Price book (JSON)").inputValue());
    await page.goto(url(host, "/admin/catalog/edit"));
    // The export is the draft as the API takes it: here the published book exactly.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download the draft as JSON" }).click()]);
    expect(download.suggestedFilename()).toBe("price-book.json");
    expect(JSON.parse(readFileSync((await download.path())!, "utf8"))).toEqual(book);

    book.minimum_order_value = 12_345;
    await json.fill(JSON.stringify(book));
    await page.getByRole("button", { name: "Load into the form" }).click();
    await page.getByText("Loaded into the form.").waitFor();
    expect(await page.getByLabel("Minimum order value (EUR)").inputValue()).toBe("123.45");
    expectNoErrors();
  });
});
