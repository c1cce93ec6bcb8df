import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { launch, url, watchErrors } from "./browser.ts";

/*
 * The shop's admin end to end, in Chromium against the built Worker: the owner
 * publishes price-book versions and sets up webhooks in and out. One sign-in
 * for the whole file, from its own client IP (sign-ins are rate limited per IP).
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-admin-${run}`;
const host = `${slug}.localhost`;
const owner = { email: `owner@${slug}.test`, name: "Ada Admin" };

let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];

/** No page errors since the last check, other than the refusals a test provokes (Chromium logs every 4xx response it receives). */
function expectNoErrors(...provoked: number[]) {
  const seen = errors.splice(0);
  expect(seen.filter((e) => !provoked.some((status) => e.includes(`status of ${status} `)))).toEqual([]);
}

const adminNav = () => page.getByRole("navigation", { name: "Admin" });
const webhooksNav = () => page.getByRole("navigation", { name: "Webhooks" });

beforeAll(async () => {
  const created = await hostRequest(inject("port"), "localhost", "POST", "/api/v1/tenants", {
    json: { name: "E2E Admin Works", slug, owner_email: owner.email, owner_password: PASSWORD, owner_name: owner.name },
    headers: { "cf-connecting-ip": "203.0.113.77" },
  });
  expect(created.status, created.text).toBe(201);

  browser = await launch();
  context = await browser.newContext({ extraHTTPHeaders: { "cf-connecting-ip": "198.51.100.177" } });
  page = await context.newPage();
  errors = watchErrors(page);
  await page.goto(url(host, "/login"));
  await page.getByLabel("E-mail").fill(owner.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("banner").getByText(owner.name).waitFor();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe("the price book in admin", () => {
  it("refuses invalid JSON and an invalid value with its path, then publishes version 2", async () => {
    await page.goto(url(host, "/admin"));
    await adminNav().getByRole("link", { name: "Catalogue" }).click();
    await page.getByRole("heading", { name: "Catalogue and price book" }).waitFor();
    expect(await page.locator(".book-status").textContent()).toContain("Version 1");
    // The readable summary of the published book.
    await page.getByRole("heading", { name: "Processes and machines" }).waitFor();
    expect(await page.getByRole("table", { name: "Materials" }).getByRole("row").count()).toBeGreaterThan(1);
    expect(await page.getByText("A quote keeps the version it was priced with").count()).toBe(1);

    const editor = page.getByLabel("Price book (JSON)");
    const book = JSON.parse(await editor.inputValue());
    expect(book.version).toBeUndefined();
    const material = book.materials[0];

    // Not JSON at all: said so, nothing sent.
    await editor.fill('{ "currency": ');
    await page.getByRole("button", { name: "Publish new version" }).click();
    await page.getByText("The price book is not valid JSON").waitFor();

    // A negative density: the API's field path, named after the material, and the typed JSON is kept.
    const density = material.density_g_cm3;
    material.density_g_cm3 = -1;
    await editor.fill(JSON.stringify(book, null, 2));
    await page.getByRole("button", { name: "Publish new version" }).click();
    const problems = page.getByRole("list", { name: "Problems in the price book" });
    await problems.waitFor();
    expect(await problems.textContent()).toContain("materials.0.density_g_cm3");
    expect(await problems.textContent()).toContain(`material “${material.name}”`);
    expect(await page.getByText("Nothing has changed.").count()).toBe(1);
    expect(JSON.parse(await editor.inputValue()).materials[0].density_g_cm3).toBe(-1);

    // A valid change publishes version 2, which the history lists as current with its note.
    material.density_g_cm3 = density;
    book.minimum_order_value += 500;
    await editor.fill(JSON.stringify(book, null, 2));
    await page.getByRole("textbox", { name: "Note (optional)", exact: true }).fill("E2E: higher minimum order");
    await page.getByRole("button", { name: "Publish new version" }).click();
    await page.getByText("Published version 2").waitFor();
    const history = page.locator(".version-history");
    const v2 = history.getByRole("row", { name: /Version 2/ });
    expect(await v2.textContent()).toContain("E2E: higher minimum order");
    expect(await v2.textContent()).toContain("current");
    expect(await history.getByRole("row", { name: /Version 1/ }).textContent()).not.toContain("current");
    expect(await page.locator(".book-status").textContent()).toContain("Version 2");
    expect(JSON.parse(await editor.inputValue()).minimum_order_value).toBe(book.minimum_order_value);

    // The old version stays readable exactly as it was.
    await history.getByRole("link", { name: "View version 1" }).click();
    await page.getByText("Viewing version").waitFor();
    expect(await page.locator(".book-status").textContent()).toContain("superseded");

    expectNoErrors(400, 422);
  });
});

describe("business details in admin", () => {
  it("refuses a bad VAT ID by its field, keeps what was typed, then saves what every quote prints", async () => {
    await adminNav().getByRole("link", { name: "Business details" }).click();
    await page.getByRole("heading", { name: "Business details" }).waitFor();
    await page.getByLabel("Legal name").fill("Admin Works Fabrication Ltd");
    await page.getByLabel("Address").fill("1 Foundry Lane\nSheffield S1 2AB");
    await page.getByLabel("VAT ID").fill("GB<123>");
    await page.getByRole("button", { name: "Save details" }).click();
    await page.locator("#field-vat_id-error").waitFor();
    expect(await page.locator("#field-vat_id-error").textContent()).toMatch(/^VAT ID /);
    expect(await page.getByLabel("Legal name").inputValue()).toBe("Admin Works Fabrication Ltd");

    await page.getByLabel("VAT ID").fill("GB123456789");
    await page.getByRole("button", { name: "Save details" }).click();
    await page.getByText("Saved. New quote PDFs use these details.").waitFor();
    await page.reload();
    expect(await page.getByLabel("Address").inputValue()).toBe("1 Foundry Lane\nSheffield S1 2AB");
    expect(await page.getByLabel("VAT ID").inputValue()).toBe("GB123456789");
    expectNoErrors(400);
  });

  it("sets how many files one customer may upload a day, refused by its field below 1", async () => {
    const uploads = page.getByLabel("Uploads per customer per day");
    expect(await uploads.inputValue()).toBe("200");
    await uploads.fill("0");
    await page.getByRole("button", { name: "Save details" }).click();
    await page.locator("#field-customer_daily_uploads-error").waitFor();
    expect(await page.locator("#field-customer_daily_uploads-error").textContent()).toMatch(/^Uploads per customer per day /);
    await uploads.fill("40");
    await page.getByRole("button", { name: "Save details" }).click();
    await page.getByText("Saved. New quote PDFs use these details.").waitFor();
    await page.reload();
    expect(await page.getByLabel("Uploads per customer per day").inputValue()).toBe("40");
    expectNoErrors(400);
  });

  it("sets the shop's language and region: refused by its field when Intl cannot use it, stored canonical, empty for en-GB", async () => {
    const locale = page.getByLabel("Language and region");
    expect(await locale.inputValue()).toBe("en-GB");
    await locale.fill("en_GB");
    await page.getByRole("button", { name: "Save details" }).click();
    await page.locator("#field-locale-error").waitFor();
    expect(await page.locator("#field-locale-error").textContent()).toMatch(/^Language and region must be a language and region such as en-GB/);
    await locale.fill("de-de");
    await page.getByRole("button", { name: "Save details" }).click();
    await page.getByText("Saved. New quote PDFs use these details.").waitFor();
    await page.reload();
    expect(await page.getByLabel("Language and region").inputValue()).toBe("de-DE");
    await page.getByLabel("Language and region").fill("");
    await page.getByRole("button", { name: "Save details" }).click();
    await page.getByText("Saved. New quote PDFs use these details.").waitFor();
    await page.reload();
    expect(await page.getByLabel("Language and region").inputValue()).toBe("en-GB");
    expectNoErrors(400);
  });
});

describe("products in admin", () => {
  it("creates a door from its generator, refuses a bad schema and a negative price by field, then saves schema version 2", async () => {
    await page.goto(url(host, "/admin"));
    await adminNav().getByRole("link", { name: "Products" }).click();
    await page.getByRole("heading", { name: "Configured products" }).waitFor();
    await page.getByText("No products yet.").waitFor();
    await page.getByRole("link", { name: "Add a product" }).click();
    await page.getByLabel("Generator", { exact: true }).selectOption("spw600e-door");
    await page.getByRole("button", { name: "Continue" }).click();

    // Prefilled from the generator: its schema and the starter price table.
    const schemaBox = page.getByLabel("Configuration schema (JSON Schema 2020-12)");
    const schema = JSON.parse(await schemaBox.inputValue());
    expect(schema.properties.frame_width).toMatchObject({ minimum: 600, maximum: 2000 });
    const profiles = page.getByRole("table", { name: "Profiles, per metre" });
    const frame = profiles.getByLabel("SPW600e-FRAME-75", { exact: true });
    expect(await frame.inputValue()).toBe("2450");
    expect(await profiles.getByRole("row", { name: /SPW600e-FRAME-75/ }).textContent()).toContain("€24.50");

    await page.getByLabel("Name", { exact: true }).fill("Entrance door");
    await page.getByLabel("U-value limit (W/m²K) (optional)").fill("1.6");
    await frame.fill("2600");
    await page.getByRole("button", { name: "Create product" }).click();
    await page.getByText("Created Entrance door.").waitFor();
    expect(await page.locator(".product-facts").textContent()).toContain("Version 1");
    expect(await page.getByRole("table", { name: "Profiles, per metre" }).getByLabel("SPW600e-FRAME-75", { exact: true }).inputValue()).toBe("2600");

    // A schema that is not JSON Schema: the API's path into it, and the typed text is kept.
    const bad = structuredClone(schema);
    bad.properties.frame_width.type = "length";
    await schemaBox.fill(JSON.stringify(bad, null, 2));
    await page.getByRole("button", { name: "Save product" }).click();
    const problems = page.getByRole("list", { name: "Problems in the schema" });
    await problems.waitFor();
    expect(await problems.textContent()).toContain("config_schema/properties/frame_width/type");
    expect(JSON.parse(await schemaBox.inputValue()).properties.frame_width.type).toBe("length");

    // A narrower schema with a negative price: the price is refused at its row, nothing is saved.
    const narrower = structuredClone(schema);
    narrower.properties.frame_width.maximum = 1800;
    await schemaBox.fill(JSON.stringify(narrower, null, 2));
    const leaf = page.getByLabel("SPW600e-LEAF-75", { exact: true });
    await leaf.fill("-5");
    await page.getByRole("button", { name: "Save product" }).click();
    await page.locator("#field-prices\\.profile_per_m\\.SPW600e-LEAF-75-error").getByText("Must not be negative.").waitFor();
    expect(await page.getByRole("list", { name: "Problems in the product" }).textContent()).toContain("prices.profile_per_m.SPW600e-LEAF-75");
    expect(await page.locator(".product-facts").textContent()).toContain("Version 1");

    await leaf.fill("2300");
    await page.getByRole("button", { name: "Save product" }).click();
    await page.getByText("Saved. The schema is at version 2.").waitFor();
    const history = page.locator(".version-history");
    expect(await history.getByRole("row", { name: /Version 2/ }).textContent()).toContain("current");
    expect(await history.getByRole("row", { name: /Version 1/ }).textContent()).not.toContain("current");
    expect(JSON.parse(await schemaBox.inputValue()).properties.frame_width.maximum).toBe(1800);
    expect(await page.getByLabel("SPW600e-LEAF-75", { exact: true }).inputValue()).toBe("2300");

    // Saving again without changing the schema makes no new version.
    await page.getByRole("button", { name: "Save product" }).click();
    await page.waitForLoadState("networkidle");
    expect(await history.getByRole("row").count()).toBe(3);

    await page.getByRole("link", { name: "All products" }).click();
    const row = page.getByRole("row", { name: /Entrance door/ });
    expect(await row.textContent()).toContain("Version 2");
    expect(await row.textContent()).toContain("offered");

    expectNoErrors(400, 422);
  });
});

describe("webhooks in admin", () => {
  it("creates a source and shows its secret once", async () => {
    await adminNav().getByRole("link", { name: "Webhooks" }).click();
    await page.getByText("Dead letters waiting").waitFor();
    await webhooksNav().getByRole("link", { name: "Sources" }).click();
    await page.getByText("No sources yet.").waitFor();

    await page.getByLabel("Name", { exact: true }).fill("erp-nexus");
    await page.getByRole("button", { name: "Add source" }).click();
    const secretBox = page.getByLabel("Source signing secret");
    await secretBox.waitFor();
    const secret = await secretBox.inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{24,}$/);
    expect(await page.getByText("it will not be shown again").count()).toBe(1);
    const row = page.getByRole("row", { name: /erp-nexus/ });
    expect(await row.textContent()).toContain(`${host}:${inject("port")}/webhooks/erp-nexus`);
    expect(await row.textContent()).toContain("Standard Webhooks");

    await page.reload();
    await page.getByRole("row", { name: /erp-nexus/ }).waitFor();
    expect(await page.getByLabel("Source signing secret").count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    expectNoErrors();
  });

  it("adds an endpoint, sends it a test event and lists the attempt in its delivery log", async () => {
    await webhooksNav().getByRole("link", { name: "Endpoints" }).click();
    await page.getByText("No endpoints yet.").waitFor();

    await page.getByLabel("URL", { exact: true }).fill("https://example.com/hook");
    await page.getByLabel("quote.priced").check();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const secretBox = page.getByLabel("Endpoint signing secret");
    await secretBox.waitFor();
    expect(await secretBox.inputValue()).toMatch(/^whsec_/);
    const row = page.getByRole("row", { name: /example\.com\/hook/ });
    expect(await row.textContent()).toContain("quote.priced");
    expect(await row.textContent()).toContain("enabled");

    await row.getByRole("button", { name: "Send test event" }).click();
    await page.getByText(/Test event evt_\w+ is on its way/).waitFor();
    await page.getByRole("link", { name: "Open its delivery log" }).click();
    await page.getByRole("heading", { name: "Delivery log" }).waitFor();
    await page.getByText("Circuit breaker").waitFor();

    // Delivery runs on the queue; offline it fails, which is still an attempt with its latency and error.
    const log = page.locator(".delivery-log");
    await expect
      .poll(
        async () => {
          await page.getByRole("link", { name: "Refresh" }).click();
          await page.waitForLoadState("networkidle");
          return log.count();
        },
        { timeout: 45_000, interval: 1_500 },
      )
      .toBe(1);
    const attempt = log.getByRole("row").nth(1);
    expect(await attempt.textContent()).toContain("webhook.test");
    expect(await attempt.textContent()).toContain("#1");
    expect(await attempt.textContent()).toMatch(/\d+ ms/);

    expectNoErrors();
  });
});

describe("getting started in admin", () => {
  it("lists the new shop's first steps, each ticked by what the shop has done above", async () => {
    await adminNav().getByRole("link", { name: "Getting started" }).click();
    await page.getByRole("heading", { name: "Getting started" }).waitFor();
    // Saved in the tests above: business details (legal name, address, VAT ID) and price book version 2.
    expect(await page.getByTestId("step-business_details").getAttribute("data-done")).toBe("true");
    expect(await page.getByTestId("step-price_book").getAttribute("data-done")).toBe("true");
    expect(await page.getByTestId("step-payments").getAttribute("data-done")).toBe("false");
    expect(await page.getByText(/^\d of 8 done/).count()).toBe(1);
    expectNoErrors();
  });
});
