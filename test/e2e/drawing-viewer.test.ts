import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { door } from "../worker/fixtures.ts";
import { launch, signIn, url } from "./browser.ts";
import { cookieOf, shopApi, waitFor } from "./shop-api.ts";

/*
 * The drawing viewer in Chromium against the built Worker: the shop's owner
 * has drawings of a door drawn through the API, opens one, zooms, hides a
 * layer, requests a revision and sees it in the history; the quote page shows
 * the drawings as thumbnails; the admin lists the request.
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-drw-${run}`;
const host = `${slug}.localhost`;
const owner = { email: `owner@${slug}.test`, name: "Dora Drafter" };
const api = shopApi(host, "203.0.113.131");
let browser: Browser;
let quoteId: string;
let productId: string;
let configurationId: string;
let requestNumber: string;
let elevation: { id: string; drawing_number: string };

beforeAll(async () => {
  const port = inject("port");
  const headers = { "cf-connecting-ip": "203.0.113.130" };
  const created = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
    json: { name: "E2E Drawing Office", slug, owner_email: owner.email, owner_password: PASSWORD, owner_name: owner.name },
    headers,
  });
  expect(created.status, created.text).toBe(201);
  const login = await hostRequest(port, host, "POST", "/api/v1/auth/login", { json: { email: owner.email, password: PASSWORD }, headers });
  expect(login.status, login.text).toBe(200);
  const shop = cookieOf(login);
  const product = await api("POST", "/products", shop, { json: { name: "SPW600e door", generator_key: "spw600e-door" } });
  const configuration = await api("POST", "/configurations", shop, { json: { product_id: product.id, config: door } });
  productId = product.id;
  configurationId = configuration.id;
  quoteId = (await api("POST", "/quotes", shop, { json: { items: [{ configuration_id: configuration.id, quantity: 1 }] } })).id;
  const request = await api("POST", "/drawings/requests", shop, {
    json: { configuration_id: configuration.id, drawing_types: ["elevation", "plan"], scale: "auto", sheet: "A3", formats: ["svg", "pdf", "dxf"] },
  });
  requestNumber = request.request_number;
  const done = await waitFor(
    () => api("GET", `/drawings/requests/${request.id}`, shop),
    (r) => r.status === "completed",
  );
  expect(done.status).toBe("completed");
  const drawings = await api("GET", `/drawings?configuration_id=${configuration.id}&drawing_type=elevation`, shop);
  elevation = drawings[0];
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe("the drawing viewer", () => {
  it("shows the sheet, zooms, hides a layer, lists revisions and issues the revision staff ask for", async () => {
    const { context, page, errors } = await signIn(browser, host, { ...owner, password: PASSWORD }, "198.51.100.131");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(url(host, `/drawings/${elevation.id}`));
    expect(await page.getByTestId("drawing-number").textContent()).toBe(`${elevation.drawing_number} rev. A`);
    const sheet = page.getByTestId("sheet").locator("svg");
    await sheet.waitFor();
    // The sheet list names both sheets of the configuration.
    expect(await page.getByTestId("sheets").getByRole("listitem").count()).toBe(2);

    // Zoom by the button and by the keyboard on the focused sheet.
    await page.getByRole("button", { name: "Zoom in" }).click();
    expect(await page.getByTestId("zoom-level").textContent()).toBe("125 %");
    await page.getByRole("application").focus();
    await page.keyboard.press("+");
    expect(await page.getByTestId("zoom-level").textContent()).toBe("156 %");
    expect(await page.getByTestId("sheet").evaluate((el) => (el as HTMLElement).style.transform)).toContain("scale(1.5625)");
    await page.keyboard.press("0");
    expect(await page.getByTestId("zoom-level").textContent()).toBe("100 %");
    // The wheel over the sheet zooms it, and the page does not scroll under it.
    const frame = await page.getByRole("application").boundingBox();
    await page.mouse.move(frame!.x + frame!.width / 2, frame!.y + frame!.height / 2);
    const scrolled = await page.evaluate(() => window.scrollY);
    await page.mouse.wheel(0, -100);
    await expect.poll(() => page.getByTestId("zoom-level").textContent()).toBe("125 %");
    expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
    await page.keyboard.press("0");
    // A view fills the frame: the outside elevation is zoomed in on, and sits in the middle.
    await page
      .getByRole("group", { name: "Views" })
      .getByRole("button", { name: /outside/i })
      .click();
    expect(Number((await page.getByTestId("zoom-level").textContent())?.replace(/\D/g, ""))).toBeGreaterThan(150);
    const frameBox = (await page.getByRole("application").boundingBox())!;
    const viewBox = (await page.locator("rect[data-view]").first().boundingBox())!;
    expect(Math.abs(viewBox.x + viewBox.width / 2 - (frameBox.x + frameBox.width / 2))).toBeLessThan(5);
    await page.screenshot({ path: `/tmp/drawing-view-${run}.png` });
    await page.getByRole("button", { name: "Fit" }).click();

    // Hiding the dimensions layer hides its group, and only it.
    const display = (id: string) => page.locator(`#${id}`).evaluate((g) => getComputedStyle(g).display);
    expect(await display("layer-DIMENSIONS")).not.toBe("none");
    await page.getByLabel("dimensions").uncheck();
    expect(await display("layer-DIMENSIONS")).toBe("none");
    expect(await display("layer-OUTLINE")).not.toBe("none");
    await page.screenshot({ path: `/tmp/drawing-viewer-${run}.png` });

    // Revision A, current; staff ask for B.
    const revisions = page.getByTestId("revisions").getByRole("listitem");
    expect(await revisions.count()).toBe(1);
    expect(await revisions.first().getAttribute("data-status")).toBe("current");
    await page.getByLabel("Request a revision").fill("Lock height moved to 1050 mm");
    await page.getByRole("button", { name: "Revise" }).click();
    await page.getByText("Revision B issued.").waitFor();
    await expect.poll(() => page.getByTestId("drawing-number").textContent()).toBe(`${elevation.drawing_number} rev. B`);
    await expect.poll(() => revisions.count()).toBe(2);
    expect(await revisions.first().textContent()).toContain("Lock height moved to 1050 mm");
    expect(await revisions.first().getAttribute("data-status")).toBe("current");
    expect(await revisions.nth(1).getAttribute("class")).toBe("superseded");
    await sheet.waitFor();

    // Downloads go through the signed link.
    const pdf = await page.getByRole("link", { name: "PDF" }).getAttribute("href");
    expect(
      await page.evaluate(async (link) => {
        const res = await fetch(link);
        return [res.status, res.headers.get("content-type")];
      }, pdf!),
    ).toEqual([200, "application/pdf"]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows the drawings as thumbnails on the quote page, opening the viewer; the admin lists the request", async () => {
    const { context, page, errors } = await signIn(browser, host, { ...owner, password: PASSWORD }, "198.51.100.132");
    await page.goto(url(host, `/quotes/${quoteId}`));
    const thumbs = page.getByTestId("drawing-thumbs").getByRole("img");
    expect(await thumbs.count()).toBe(2);
    // Each picture is a PNG the browser drew (loaded, with the sheet's proportions).
    await expect.poll(() => thumbs.evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth)), { timeout: 20_000 }).toEqual([1400, 1400]);
    await page.screenshot({ path: `/tmp/drawing-thumbs-${run}.png`, fullPage: true });
    await page.getByRole("link", { name: new RegExp(elevation.drawing_number) }).click();
    await page.waitForURL(url(host, `/drawings/${elevation.id}`));

    // The configurator, opened on the saved configuration, shows them too.
    await page.goto(url(host, `/configure/${productId}?configuration=${configurationId}`));
    await expect.poll(() => page.getByTestId("drawing-thumbs").getByRole("img").count(), { timeout: 20_000 }).toBe(2);

    await page.goto(url(host, "/admin/drawings"));
    const row = page.getByTestId("drawing-requests").getByRole("row", { name: new RegExp(requestNumber) });
    expect(await row.textContent()).toContain("Done");
    expect(await row.getByRole("progressbar").getAttribute("value")).toBe("100");
    expect(errors).toEqual([]);
    await context.close();
  });
});
