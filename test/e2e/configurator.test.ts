import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { launch, url, watchErrors } from "./browser.ts";

/*
 * The door configurator end to end, as a guest of a fresh shop: live results
 * computed in the browser, a field error, saving, the GLB job shown in the
 * viewer, adding to a quote and the saved list. One sign-in in all (the
 * owner, from Node, to create the product), under its own client IP.
 */

const run = Math.random().toString(36).slice(2, 8);
const host = `e2e-cfg-${run}.localhost`;
const ownerIp = "203.0.113.71";
let browser: Browser;
let productId: string;

async function createShopWithDoor() {
  const port = inject("port");
  const owner = { email: `owner-${run}@e2e.test`, password: "e2e-password-123" };
  const headers = { "cf-connecting-ip": ownerIp };
  const tenant = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
    json: { name: "E2E Doors", slug: `e2e-cfg-${run}`, owner_email: owner.email, owner_password: owner.password },
    headers,
  });
  expect(tenant.status).toBe(201);
  const login = await hostRequest(port, host, "POST", "/api/v1/auth/login", { json: owner, headers });
  expect(login.status).toBe(200);
  const cookie = String(login.headers["set-cookie"]).split(";")[0];
  const product = await hostRequest(port, host, "POST", "/api/v1/products", {
    json: { name: "SPW600e door", generator_key: "spw600e-door", description: "Made-to-measure entrance door.", params: { u_value_limit: 2.2 } },
    headers: { ...headers, cookie },
  });
  expect(product.status).toBe(201);
  return product.json.data.id as string;
}

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent())?.trim() ?? "";
const frameWidth = (page: Page) => page.getByLabel("Frame width", { exact: true });
const doorType = (page: Page, name: string) => page.getByRole("group", { name: "Door type" }).getByRole("radio", { name });

beforeAll(async () => {
  browser = await launch();
  productId = await createShopWithDoor();
});

afterAll(async () => {
  await browser?.close();
});

describe("the door configurator", () => {
  it("updates results live, shows field errors, saves, generates the GLB, quotes and lists the configuration", async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { "cf-connecting-ip": "198.51.100.71" } });
    const page = await context.newPage();
    const errors = watchErrors(page);

    // From the storefront's navigation to the product.
    await page.goto(url(host, "/"));
    await page.getByRole("banner").getByRole("link", { name: "Configure" }).click();
    await page.getByRole("link", { name: "SPW600e door" }).click();
    await page.waitForURL(url(host, `/configure/${productId}`));
    await page.locator('.preview-stage[data-state="ready"]').waitFor();
    expect(await frameWidth(page).inputValue()).toBe("1000");

    // Frame width 1000 → 700: a narrower door loses more heat per m² (more frame, less glass) and costs less, computed without a request.
    const before = { u: await text(page, "u-value"), price: await text(page, "price-total") };
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await frameWidth(page).fill("700");
    await expect.poll(() => text(page, "u-value")).not.toBe(before.u);
    expect(await text(page, "price-total")).not.toBe(before.price);
    expect(Number(await text(page, "u-value"))).toBeGreaterThan(Number(before.u));
    expect(requests).toEqual([]);

    // Out of range: the error sits by the field, the figures are marked out of date and saving waits.
    await frameWidth(page).fill("2300");
    const error = page.locator("#cfg-frame_width-error");
    await expect.poll(() => error.textContent()).toBe("Must be between 600 and 1088 mm.");
    expect(await frameWidth(page).getAttribute("aria-invalid")).toBe("true");
    expect(await frameWidth(page).getAttribute("aria-describedby")).toContain("cfg-frame_width-error");
    expect(await page.getByText("Out of date").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Save configuration" }).isDisabled()).toBe(true);
    expect(requests).toEqual([]);

    // The RAL colour only exists for powder coating; anodised offers its shades instead.
    await page.getByRole("radio", { name: "Anodised" }).check();
    expect(await page.getByLabel("Colour").locator("option:checked").textContent()).toBe("Natural");
    await page.getByRole("radio", { name: "Mill" }).check();
    expect(await page.getByLabel("Colour").count()).toBe(0);
    await page.getByRole("radio", { name: "Powder coating" }).check();
    expect(await page.getByLabel("Colour").inputValue()).toBe("RAL 7016");

    // Save: the server's engineering agrees with the live figures.
    await frameWidth(page).fill("900");
    await expect.poll(() => error.count()).toBe(0);
    const livePrice = await text(page, "price-total");
    await page.getByLabel("Name").fill("Back door");
    const [saved] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/api/v1/configurations") && r.request().method() === "POST"),
      page.getByRole("button", { name: "Save configuration" }).click(),
    ]);
    expect(saved.status()).toBe(201);
    const body = (await saved.json()).data;
    expect(body.config.frame_width).toBe(900);
    expect(body.engineering.thermal.overall_u_value.toFixed(2)).toBe(await text(page, "u-value"));
    expect(livePrice).toBe(`€${(body.engineering.price.total / 100).toLocaleString("en-GB", { minimumFractionDigits: 2 })}`);
    expect(await text(page, "saved-status")).toContain("Saved as “Back door”");

    // The GLB job: progress, then the model in the viewer and a download link.
    await page.getByRole("button", { name: "Generate 3D model" }).click();
    await page.locator('[data-testid="job-status"][data-status="COMPLETED"]').waitFor({ timeout: 30_000 });
    await page.locator('.preview-stage[data-showing="model"]').waitFor();
    expect(await page.getByRole("heading", { name: "Generated 3D model" }).isVisible()).toBe(true);
    const download = await page.getByRole("link", { name: /Download GLB/ }).getAttribute("href");
    expect(download).toMatch(/^\/api\/v1\/jobs\/[\w-]+\/result$/);
    // Fetched by the page itself: Node does not resolve *.localhost.
    const glb = await page.evaluate(async (href) => {
      const res = await fetch(href);
      const magic = new Uint8Array(await res.arrayBuffer()).subarray(0, 4);
      return { type: res.headers.get("content-type"), magic: String.fromCharCode(...magic) };
    }, download!);
    expect(glb).toEqual({ type: "model/gltf-binary", magic: "glTF" });

    // An edit makes the model out of date: back to the live preview, and saving again is offered.
    await doorType(page, "Double").check();
    await page.locator('.preview-stage[data-showing="live"]').waitFor();
    expect(await page.getByRole("button", { name: "Save changes as new configuration" }).isVisible()).toBe(true);
    await doorType(page, "Single").check();
    await frameWidth(page).fill("900");

    // The saved list shows it with its key figures; it opens again where it was left.
    await page.goto(url(host, "/saved"));
    const row = page.getByRole("row", { name: /Back door/ });
    expect(await row.getByRole("cell").allTextContents()).toEqual([
      "SPW600e door",
      `${body.engineering.thermal.overall_u_value.toFixed(2)} W/m²K`,
      livePrice,
      expect.any(String),
      expect.any(String),
    ]);
    await row.getByRole("link", { name: "Open Back door" }).click();
    await page.waitForURL((u) => u.pathname === `/configure/${productId}` && u.searchParams.get("configuration") === body.id);
    expect(await frameWidth(page).inputValue()).toBe("900");
    expect(await text(page, "price-total")).toBe(livePrice);

    // Add to quote as a guest: an e-mail is asked for, then the quote page.
    await page.getByLabel("Quantity").fill("2");
    await page.getByLabel("Your e-mail").fill(`guest-${run}@e2e.test`);
    await page.getByRole("button", { name: "Add to quote" }).click();
    await page.waitForURL((u) => /^\/quotes\/[\w-]+$/.test(u.pathname));
    const quotePath = new URL(page.url()).pathname;
    // The quote line shows the door as the server drew it.
    const picture = page.getByRole("img", { name: "Back door, as configured" });
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 15_000 }).toBe(256);

    // A second door joins that open quote rather than starting another.
    await page.goto(url(host, `/configure/${productId}`));
    await page.locator('.preview-stage[data-state="ready"]').waitFor();
    await frameWidth(page).fill("950");
    await page.getByLabel("Name").fill("Side door");
    await page.getByRole("button", { name: "Save configuration" }).click();
    await page.getByTestId("saved-status").waitFor();
    const openQuote = page.getByRole("radio", { name: /^Add to my open quote Q-\d{4}-\d{4}$/ });
    await openQuote.waitFor();
    expect(await openQuote.isChecked()).toBe(true);
    expect(await page.getByRole("radio", { name: "New quote" }).isChecked()).toBe(false);
    await page.getByRole("button", { name: /^Add to Q-\d{4}-\d{4}$/ }).click();
    await page.waitForURL((u) => u.pathname === quotePath);
    await expect.poll(() => page.getByRole("img", { name: /, as configured$/ }).count(), { timeout: 15_000 }).toBe(2);

    // Delete from the saved list.
    await page.goto(url(host, "/saved"));
    await page.getByRole("button", { name: "Delete Back door" }).click();
    await page.getByRole("button", { name: "Delete Side door" }).click();
    await page.getByRole("heading", { name: "Nothing saved yet" }).waitFor();

    expect(errors).toEqual([]);
    await context.close();
  }, 120_000); // the longest walk in the suite (live figures, save, a GLB job, a quote): room for a loaded machine

  it("brings a rule error to the eye: the field is scrolled to and focused, the price card names it, the preview and range follow the door type", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 560 }, extraHTTPHeaders: { "cf-connecting-ip": "198.51.100.73" } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(url(host, `/configure/${productId}`));
    await page.locator('.preview-stage[data-state="ready"]').waitFor();

    // The starter leaves the glazing gas and coating to the product: they are listed, and U_g comes from the make-up.
    expect(await page.getByTestId("defaults-applied").textContent()).toContain("Cavity gas: Argon");
    expect(await page.getByText("U_g 1.20", { exact: true }).first().isVisible()).toBe(true);
    const rangeHint = page.locator("#cfg-frame_width-hint");
    expect(await rangeHint.textContent()).toBe("600–1088 mm");

    // 1000 mm of frame makes two 462 mm leaves: the double door refuses it at the frame width, not at the door type.
    // The door type sits at the top of the form; bring it there so the frame width starts out of sight on a short screen.
    await doorType(page, "Double").evaluate((el) => el.scrollIntoView({ block: "start" }));
    await page.evaluate(() => window.scrollBy(0, 120));
    await doorType(page, "Double").check();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 10_000 }).toBe("cfg-frame_width");
    await expect
      .poll(
        () =>
          frameWidth(page).evaluate((el) => {
            const r = el.getBoundingClientRect();
            return r.top >= 0 && r.bottom <= window.innerHeight;
          }),
        { timeout: 10_000 },
      )
      .toBe(true);
    expect(await page.locator("#cfg-frame_width-error").textContent()).toBe("Must be between 1076 and 2000 mm.");
    expect(await rangeHint.textContent()).toBe("1076–2000 mm");
    const problem = page.getByTestId("price-problem");
    expect(await problem.textContent()).toContain("Frame width: Must be between 1076 and 2000 mm.");
    expect(await page.getByRole("img", { name: /^3D view: SPW600e door, double door, / }).count()).toBe(1);

    // The price card's button brings the field back after the eye has wandered.
    await page.getByRole("radio", { name: "Anodised" }).focus();
    await problem.getByRole("button", { name: "Go to Frame width" }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 10_000 }).toBe("cfg-frame_width");

    // Typing in the field keeps the focus there; a valid width brings the price back.
    await frameWidth(page).fill("1870");
    await expect.poll(() => problem.count(), { timeout: 10_000 }).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("cfg-frame_width");
    expect(await text(page, "price-total")).toMatch(/^€/);

    // A 28 mm triple unit cannot be built: the thickness is named.
    await page.getByRole("group", { name: "Glazing", exact: true }).getByRole("radio", { name: "Triple" }).check();
    await page.getByLabel("Glazing unit thickness", { exact: true }).fill("28");
    await expect.poll(() => page.locator("#cfg-glazing_thickness-error").textContent(), { timeout: 10_000 }).toContain("choose at least 31 mm");
    expect(await problem.textContent()).toContain("Glazing unit thickness:");

    expect(errors).toEqual([]);
    await context.close();
  });

  it("fits a 375 px screen without sideways scrolling", async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, extraHTTPHeaders: { "cf-connecting-ip": "198.51.100.72" } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(url(host, `/configure/${productId}`));
    await page.locator(".preview-stage[data-state]:not([data-state='loading'])").waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(errors).toEqual([]);
    await context.close();
  });
});
