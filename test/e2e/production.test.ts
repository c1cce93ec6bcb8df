import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { encode } from "fast-png";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { cookieOf, placedDoorOrder, registerCustomer, shopApi } from "./shop-api.ts";
import { launch, signIn, url } from "./browser.ts";

/*
 * The shop floor in Chromium against the built Worker: an order for two doors
 * placed through the API (as test/worker/shop-fixture.ts placedDoorOrder
 * does), then the owner works it on the production board and the MO page, at
 * a tablet's 768 px; the buttons also work with JavaScript off; a QC
 * checkpoint's corrective action is closed on the MO page to let its
 * operation finish. A customer gets the 403 page.
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-prod-${run}`;
const host = `${slug}.localhost`;
const owner = { email: `owner@${slug}.test`, name: "Pia Planner" };
const customer = { email: `buyer@${slug}.test`, name: "Carl Customer" };
const api = shopApi(host, "203.0.113.121");
let browser: Browser;
let mo: { id: string; number: string; order_number: string };
let bars: { stock_length: number }[];

beforeAll(async () => {
  const port = inject("port");
  const headers = { "cf-connecting-ip": "203.0.113.120" };
  const created = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
    json: { name: "E2E Shop Floor", slug, owner_email: owner.email, owner_password: PASSWORD, owner_name: owner.name },
    headers,
  });
  expect(created.status, created.text).toBe(201);
  const login = await hostRequest(port, host, "POST", "/api/v1/auth/login", { json: { email: owner.email, password: PASSWORD }, headers });
  expect(login.status, login.text).toBe(200);
  const shop = cookieOf(login);
  const buyer = await registerCustomer(port, host, { ...customer, password: PASSWORD }, headers);
  const placed = await placedDoorOrder(api, shop, buyer, "PO-E2E");
  mo = placed.mo;
  bars = (await api("GET", `/orders/${placed.order.id}/cutting-list`, shop)).bars;
  expect(bars.length).toBeGreaterThan(1);
  browser = await launch();
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

const card = (page: Page, column: string) => page.getByTestId(`column-${column}`).getByTestId(`mo-card-${mo.number}`);
const operationStatus = (page: Page, code: string) => page.getByTestId(`operation-${code}`).locator(".badge").textContent();

describe("the production board and the MO page", () => {
  it("shows the MO on the board, starts its first operation on the MO page, draws the cutting list to scale and refuses a stale move with the API's message", async () => {
    const { context, page, errors } = await signIn(browser, host, { ...owner, password: PASSWORD }, "198.51.100.121");
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.getByRole("banner").getByRole("link", { name: "Production", exact: true }).click();
    await page.waitForURL(url(host, "/production"));
    const scheduled = card(page, "scheduled");
    expect(await scheduled.getByTestId("current-operation").textContent()).toContain("Cut profiles");
    expect(await scheduled.textContent()).toContain(mo.order_number);
    expect(await scheduled.getByRole("button", { name: `Start cut profiles on ${mo.number}` }).count()).toBe(1);
    // At a tablet's width nothing runs off the side of the page.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);

    // The due-by filter is in the query string: due before the order was placed, the MO is off the board.
    await page.getByLabel("Due by").fill("2020-01-01");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/due_by=2020-01-01/);
    await expect.poll(() => page.getByTestId(`mo-card-${mo.number}`).count()).toBe(0);
    expect(await page.getByTestId("column-scheduled").textContent()).toContain("None");
    await page.getByRole("link", { name: "Clear" }).click();
    await scheduled.getByRole("link", { name: mo.number }).click();
    await page.waitForURL(url(host, `/production/${mo.id}`));
    expect(await page.getByTestId("mo-number").textContent()).toBe(mo.number);
    // Its label for the shop floor, with the session of the staff member who asks.
    const label = await page.getByRole("link", { name: "Print label (PDF)" }).getAttribute("href");
    expect(label).toBe(`/api/v1/manufacturing-orders/${mo.id}/label`);
    expect(
      await page.evaluate(async (link) => {
        const res = await fetch(link);
        return [res.status, res.headers.get("content-type")];
      }, label!),
    ).toEqual([200, "application/pdf"]);

    // A second tab, left open on the page as it was.
    const stale = await context.newPage();
    await stale.setViewportSize({ width: 768, height: 1024 });
    await stale.goto(url(host, `/production/${mo.id}`));

    await page.getByRole("button", { name: "Start cut profiles" }).click();
    await expect.poll(() => operationStatus(page, "cut")).toBe("in progress");
    expect(await page.getByTestId("mo-status").textContent()).toBe("in production");
    expect(await page.getByRole("button", { name: "Start machine" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Finish cut profiles" }).count()).toBe(1);
    // The timeline has the start.
    expect(await page.getByTestId("timeline").textContent()).toContain(`Cut profiles started (${mo.number})`);

    // The stale tab still offers the start: the API refuses it and its message is shown.
    await stale.getByRole("button", { name: "Start cut profiles" }).click();
    await expect.poll(() => stale.getByTestId("operation-error").textContent()).toBe("Operation cut is in progress; it cannot start");
    // ...and the page now shows where the MO stands.
    await expect.poll(() => operationStatus(stale, "cut")).toBe("in progress");
    expect(await stale.getByRole("button", { name: "Block machine (drill, drainage, lock pockets)" }).count()).toBe(0);

    // The cutting diagram: one outlined rectangle per stock bar, widths proportional to the bars' lengths.
    const drawn = await page
      .locator("svg.cutting-diagram rect.bar")
      .evaluateAll((rects) =>
        rects.map((r) => ({ width: Number(r.getAttribute("width")), length: Number(r.getAttribute("data-length")), shown: r.getBoundingClientRect().width })),
      );
    expect(drawn).toHaveLength(bars.length);
    expect(drawn.map((d) => d.length).sort()).toEqual(bars.map((b) => b.stock_length).sort());
    const scale = drawn[0].width / drawn[0].length;
    for (const d of drawn) {
      expect(d.width / d.length).toBeCloseTo(scale, 6);
      // As rendered on the page, too (every diagram scales alike).
      expect(d.shown / d.length).toBeCloseTo(drawn[0].shown / drawn[0].length, 3);
    }
    expect(await page.locator("svg.cutting-diagram").first().getAttribute("role")).toBe("img");
    expect(await page.locator("svg.cutting-diagram > title").first().textContent()).toMatch(/^Cutting diagram for .+: bar 1, [\d,.]+ mm, \d+ cuts, offcut/);
    expect(await page.locator("svg.cutting-diagram .segment-cut").count()).toBeGreaterThan(bars.length);
    expect(await page.locator("svg.cutting-diagram .segment-kerf").count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);

    // Back on the board: the card has moved to "In production" with its finish button.
    await page.getByRole("link", { name: "Production board" }).click();
    await card(page, "in_production")
      .getByRole("button", { name: `Finish cut profiles on ${mo.number}` })
      .waitFor();
    expect(await card(page, "in_production").getByTestId("current-operation").textContent()).toContain("in progress");
    expect(errors).toEqual([]);

    // With JavaScript off the buttons are plain form posts: finish the cut on the board, start machining.
    const plain = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { "cf-connecting-ip": "198.51.100.122" } });
    await plain.addCookies(await context.cookies());
    const noJs = await plain.newPage();
    await noJs.goto(url(host, "/production"));
    await card(noJs, "in_production")
      .getByRole("button", { name: `Finish cut profiles on ${mo.number}` })
      .click();
    await card(noJs, "in_production")
      .getByRole("button", { name: `Start machine (drill, drainage, lock pockets) on ${mo.number}` })
      .click();
    expect(await card(noJs, "in_production").getByTestId("current-operation").textContent()).toMatch(/^Machine.*in progress$/);
    expect(noJs.url()).toBe(url(host, "/production"));
    await plain.close();
    await context.close();
  });

  it("with JavaScript off: shows a failed QC checkpoint, holds its operation until the corrective action is closed on the page, and lists consumed lots", async () => {
    const shop = cookieOf(
      await hostRequest(inject("port"), host, "POST", "/api/v1/auth/login", {
        json: { email: owner.email, password: PASSWORD },
        headers: { "cf-connecting-ip": "203.0.113.121" },
      }),
    );
    // Where the first test left it: machining under way.
    await api("POST", `/manufacturing-orders/${mo.id}/operations/machine/finish`, shop);
    await api("POST", `/manufacturing-orders/${mo.id}/operations/frame_assembly/start`, shop);
    const squareness = "Frame diagonals within 2 mm";
    const checkpoint = await api("POST", `/manufacturing-orders/${mo.id}/qc-checkpoints`, shop, {
      json: {
        checkpoint_stage: "Frame Assembly",
        inspector_name: "Ines Inspector",
        checks: [
          {
            description: squareness,
            status: "pass",
            measurement: "3.5 mm",
            tolerance: "max 2 mm",
            corrective_action: "Re-square the frame",
            corrective_action_owner: "Sam",
          },
        ],
      },
    });
    // The inspector's photo of the frame, as the tablet uploads it.
    const photo = await hostRequest(inject("port"), host, "POST", `/api/v1/manufacturing-orders/${mo.id}/qc-checkpoints/${checkpoint.id}/photos`, {
      body: encode({ width: 2, height: 2, data: new Uint8Array(12).fill(200), channels: 3 }),
      headers: { cookie: shop, "cf-connecting-ip": "203.0.113.121", "content-type": "image/png" },
    });
    expect(photo.status, photo.text).toBe(201);
    const lot = await api("POST", "/lots", shop, {
      json: { material: "SPW600e frame profile", supplier: "Alu AG", supplier_lot: "H-4711", quantity: 12, unit: "bar" },
    });
    await api("POST", `/manufacturing-orders/${mo.id}/consumptions`, shop, { json: { lot_number: lot.lot_number, quantity: 2 } });

    // With JavaScript off throughout: refusals and the closing form are plain document posts too.
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 768, height: 1024 },
      extraHTTPHeaders: { "cf-connecting-ip": "198.51.100.124" },
    });
    await context.addCookies([{ name: shop.slice(0, shop.indexOf("=")), value: shop.slice(shop.indexOf("=") + 1), url: url(host) }]);
    const page = await context.newPage();
    await page.goto(url(host, `/production/${mo.id}`));
    // Out of tolerance fails whatever was ticked; with its corrective action named the checkpoint is a conditional pass.
    const qc = page.getByRole("region", { name: "Quality control" });
    expect(await qc.getByRole("row", { name: /Frame Assembly/ }).textContent()).toContain("conditional pass");
    expect(await qc.getByRole("row", { name: /Frame Assembly/ }).textContent()).toContain(`${squareness} (3.5 mm, tolerance max 2 mm)`);
    expect(await qc.getByTestId("qc-photos").getByRole("link", { name: "Photo 1" }).getAttribute("href")).toBe(photo.json.data.url);
    const refused = page.waitForResponse((r) => r.request().method() === "POST");
    await page.getByRole("button", { name: "Finish frame assembly" }).click();
    expect((await refused).status()).toBe(409);
    expect(await page.getByTestId("operation-error").textContent()).toBe("The Frame Assembly QC checkpoint has 1 open corrective action; close it first");
    expect(await operationStatus(page, "frame_assembly")).toBe("in progress");

    const action = qc.getByRole("listitem").filter({ hasText: "Re-square the frame" });
    expect(await action.textContent()).toContain("Sam");
    await action.getByLabel("What was done").fill("Frame re-squared, diagonals 1 mm");
    await action.getByRole("button", { name: "Close action" }).click();
    expect(await action.locator(".badge").first().textContent()).toBe("closed");
    expect(await action.textContent()).toContain("Frame re-squared, diagonals 1 mm");
    await page.getByRole("button", { name: "Finish frame assembly" }).click();
    expect(await operationStatus(page, "frame_assembly")).toBe("done");
    // Each post came back to the page's own address (a reload posts nothing).
    expect(page.url()).toBe(url(host, `/production/${mo.id}`));

    const lots = page.getByRole("region", { name: "Consumed lots" });
    expect(await lots.getByRole("row", { name: new RegExp(lot.lot_number) }).textContent()).toContain("2 bar");
    await context.close();
  });

  it("a customer gets the 403 page and no Production link", async () => {
    const { context, page } = await signIn(browser, host, { ...customer, password: PASSWORD }, "198.51.100.123");
    expect(await page.getByRole("banner").getByRole("link", { name: "Production", exact: true }).count()).toBe(0);
    for (const path of ["/production", `/production/${mo.id}`]) {
      const response = await page.goto(url(host, path));
      expect(response?.status()).toBe(403);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("You don't have access");
    }
    await context.close();
  });
});
