import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { encode } from "fast-png";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { cookieOf, placedDoorOrder, registerCustomer, shopApi } from "./shop-api.ts";
import { launch, signIn, url } from "./browser.ts";

/*
 * QC entry on a tablet (768 px): the owner inspects the frame assembly under
 * way on the MO page — a measurement the API refuses is shown at its field,
 * then a squareness measured outside tolerance with its corrective action
 * becomes the checkpoint in the QC records, and a photo taken with the file
 * input is linked from its check. With JavaScript off the form still posts.
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-qc-${run}`;
const host = `${slug}.localhost`;
const owner = { email: `owner@${slug}.test`, name: "Ines Inspector" };
const api = shopApi(host, "203.0.113.151");
let browser: Browser;
let mo: { id: string; number: string };
let shop: string;

beforeAll(async () => {
  const port = inject("port");
  const headers = { "cf-connecting-ip": "203.0.113.150" };
  const created = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
    json: { name: "E2E QC Floor", slug, owner_email: owner.email, owner_password: PASSWORD, owner_name: owner.name },
    headers,
  });
  expect(created.status, created.text).toBe(201);
  shop = cookieOf(await hostRequest(port, host, "POST", "/api/v1/auth/login", { json: { email: owner.email, password: PASSWORD }, headers }));
  const buyer = await registerCustomer(port, host, { email: `buyer@${slug}.test`, name: "Carl Customer", password: PASSWORD }, headers);
  mo = (await placedDoorOrder(api, shop, buyer, "PO-QC")).mo;
  // The frame assembly under way: its QC stage is the one the form opens on.
  for (const [code, move] of [
    ["cut", "start"],
    ["cut", "finish"],
    ["machine", "start"],
    ["machine", "finish"],
    ["frame_assembly", "start"],
  ]) {
    await api("POST", `/manufacturing-orders/${mo.id}/operations/${code}/${move}`, shop);
  }
  browser = await launch();
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

const check = (page: Page, id: string) => page.getByTestId(`qc-check-${id}`);
const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe("QC entry on the MO page", () => {
  it("at 768 px: a bad measurement is refused at its field; a squareness out of tolerance with its corrective action is recorded; a photo is linked", async () => {
    const { context, page, errors } = await signIn(browser, host, { ...owner, password: PASSWORD }, "198.51.100.151");
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto(url(host, `/production/${mo.id}`));
    const form = page.getByTestId("qc-form");
    expect(await form.getByRole("button", { name: "Record Frame Assembly checkpoint" }).count()).toBe(1);
    expect(await page.getByLabel("Stage").inputValue()).toBe("Frame Assembly");
    expect(await form.getByLabel("Inspector").inputValue()).toBe(owner.name);
    // Touch-sized: every toggle at least 44 px high, and nothing runs off the side of the page.
    const heights = await form.locator(".qc-toggle").evaluateAll((labels) => labels.map((l) => l.getBoundingClientRect().height));
    // Five checks of the checklist and a row for one of the inspector's own.
    expect(heights).toHaveLength(12);
    for (const h of heights) expect(h).toBeGreaterThanOrEqual(44);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(768);

    for (const id of ["frame.squareness", "frame.size", "frame.corners", "frame.thermal_break", "frame.drainage"]) {
      await check(page, id).getByText("Pass", { exact: true }).click();
    }
    // The measured checks show their unit and tolerance; the hint warns of a reading outside it before anything is sent.
    const squareness = check(page, "frame.squareness");
    expect(await squareness.textContent()).toContain("Tolerance max 2 mm");
    expect(await squareness.getByRole("textbox", { name: "Corrective action" }).isVisible()).toBe(false);
    await squareness.getByLabel("Measurement (mm)").fill("3.5");
    await squareness.getByText("outside tolerance: it will be recorded as a fail").waitFor();
    await squareness.getByRole("textbox", { name: "Corrective action" }).fill("Re-square the frame");
    // Not a number: the API's 422 lands on that check's measurement, and nothing is recorded.
    await check(page, "frame.size").getByLabel("Measurement (mm)").fill("abc");
    await form.getByRole("button", { name: "Record Frame Assembly checkpoint" }).click();
    const sizeField = check(page, "frame.size").locator(".field-invalid");
    await sizeField.waitFor();
    expect(await sizeField.locator(".field-error").textContent()).toBe("Must be a number with its unit, like 1.5 mm.");
    expect(await sizeField.getByRole("textbox").getAttribute("aria-invalid")).toBe("true");
    expect(await form.locator(".alert-error").textContent()).toBe("Please correct the highlighted fields.");
    expect((await api("GET", `/manufacturing-orders/${mo.id}`, shop)).qc_records).toEqual([]);
    // What was typed is still there: mend the one field and send again.
    expect(await squareness.getByLabel("Measurement (mm)").inputValue()).toBe("3.5");
    await check(page, "frame.size").getByLabel("Measurement (mm)").fill("0.4");
    await form.getByRole("button", { name: "Record Frame Assembly checkpoint" }).click();

    // Recorded: out of tolerance failed what was ticked pass; with its corrective action named that is a conditional pass.
    const panel = page.getByTestId("qc-photo-panel");
    await panel.waitFor();
    expect(await panel.getByRole("heading").textContent()).toBe("Frame Assembly checkpoint recorded: conditional pass");
    const qc = page.getByRole("region", { name: "Quality control" });
    const row = qc.getByRole("row", { name: /Frame Assembly/ });
    expect(await row.textContent()).toContain("conditional pass");
    expect(await row.textContent()).toMatch(/Frame diagonals .* \(3\.5 mm, tolerance max 2 mm\)/);
    expect(await qc.getByRole("listitem").filter({ hasText: "Re-square the frame" }).locator(".badge").first().textContent()).toBe("open");
    const [recorded] = (await api("GET", `/manufacturing-orders/${mo.id}`, shop)).qc_records;
    expect(recorded.checks.find((c: { check_id: string }) => c.check_id === "frame.size")).toMatchObject({
      status: "pass",
      measurement: "0.4 mm",
      tolerance: "±1 mm",
    });

    // A photo of the frame's diagonals, from the camera input (a file here), linked from its check.
    const photoRow = panel.getByTestId("qc-photo-frame.squareness");
    const camera = photoRow.getByLabel(/^Photo of Frame diagonals/);
    expect(await camera.getAttribute("capture")).toBe("environment");
    expect(await camera.getAttribute("accept")).toBe("image/*");
    expect((await camera.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    const png = Buffer.from(encode({ width: 2, height: 2, data: new Uint8Array(12).fill(90), channels: 3 }));
    await camera.setInputFiles({ name: "frame.png", mimeType: "image/png", buffer: png });
    await photoRow.getByRole("button", { name: "Upload photo" }).click();
    const thumb = photoRow.locator(".qc-thumb");
    await thumb.waitFor();
    const href = await thumb.getAttribute("href");
    expect(href).toMatch(new RegExp(`^/api/v1/manufacturing-orders/${mo.id}/qc-checkpoints/${recorded.id}/photos/[\\w-]+$`));
    expect(
      await page.evaluate(async (link) => {
        const res = await fetch(link);
        return [res.status, res.headers.get("content-type"), (await res.arrayBuffer()).byteLength];
      }, href!),
    ).toEqual([200, "image/png", png.byteLength]);
    expect(await thumb.locator("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(2);
    expect(await qc.getByTestId("qc-photos").getByRole("link", { name: "Photo 1" }).getAttribute("href")).toBe(href);
    expect((await api("GET", `/manufacturing-orders/${mo.id}`, shop)).qc_records[0].photos).toMatchObject([{ check_id: "frame.squareness", url: href }]);
    // No other check got the photo.
    expect(await panel.locator(".qc-thumb").count()).toBe(1);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(768);
    // A phone's width: the form still fits.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.getByTestId("qc-form").evaluate((f) => f.scrollWidth <= f.clientWidth)).toBe(true);
    // The one failed request was the refused checkpoint.
    expect(errors).toEqual(["console: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"]);
    await context.close();
  });

  it("with JavaScript off: a photo that is not an image or too large is refused next to its check; another stage opens on request and its checkpoint posts", async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 768, height: 1024 },
      extraHTTPHeaders: { "cf-connecting-ip": "198.51.100.152" },
    });
    await context.addCookies([{ name: shop.slice(0, shop.indexOf("=")), value: shop.slice(shop.indexOf("=") + 1), url: url(host) }]);
    const page = await context.newPage();
    await page.goto(url(host, `/production/${mo.id}`));
    await page.getByRole("link", { name: "Add photos" }).click();
    const photoRow = page.getByTestId("qc-photo-panel").getByTestId("qc-photo-frame.corners");
    await photoRow.getByLabel(/^Photo of Head mitres/).setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a photo") });
    await photoRow.getByRole("button", { name: "Upload photo" }).click();
    expect(await page.getByTestId("qc-photo-panel").getByTestId("qc-photo-frame.corners").getByRole("alert").textContent()).toMatch(/image/i);
    // Past the 10 MB cap: the API's 413, passed on as it streamed in.
    await photoRow
      .getByLabel(/^Photo of Head mitres/)
      .setInputFiles({ name: "big.jpg", mimeType: "image/jpeg", buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 0xff) });
    await photoRow.getByRole("button", { name: "Upload photo" }).click();
    expect(await page.getByTestId("qc-photo-panel").getByTestId("qc-photo-frame.corners").getByRole("alert").textContent()).toBe(
      "The photo is larger than 10 MB",
    );
    // Far past it: refused before the form is read, with the message on the checkpoint's photos.
    await photoRow
      .getByLabel(/^Photo of Head mitres/)
      .setInputFiles({ name: "huge.jpg", mimeType: "image/jpeg", buffer: Buffer.alloc(11 * 1024 * 1024, 0xff) });
    await photoRow.getByRole("button", { name: "Upload photo" }).click();
    expect(await page.getByTestId("qc-photo-panel").getByRole("alert").textContent()).toBe("The photo is larger than 10 MB");
    expect((await api("GET", `/manufacturing-orders/${mo.id}`, shop)).qc_records[0].photos).toHaveLength(1);

    // Another stage on request (a plain GET form), every check ticked; an unticked pass/fail is refused by the browser first.
    await page.getByLabel("Stage").selectOption("Glazing");
    await page.getByRole("button", { name: "Open stage" }).click();
    const form = page.getByTestId("qc-form");
    const toggles = form.locator('.qc-check:not([data-testid^="qc-check-own"])');
    for (let i = 0; i < (await toggles.count()); i++) await toggles.nth(i).getByText("Pass", { exact: true }).click();
    await check(page, "glazing.gaskets").getByText("Fail", { exact: true }).click();
    // Fail ticked shows the corrective action without any script.
    await check(page, "glazing.gaskets").getByRole("textbox", { name: "Corrective action" }).fill("Replace the gasket");
    await check(page, "glazing.gaskets").getByLabel("Measurement (mm)").fill("1.5");
    // A check of the inspector's own goes with them.
    const own = form.locator('[data-testid^="qc-check-own"]');
    await own.getByRole("textbox", { name: "Check" }).fill("Glass stamp legible from inside");
    await own.getByText("Pass", { exact: true }).click();
    await form.getByRole("button", { name: "Record Glazing checkpoint" }).click();
    expect(await page.getByTestId("qc-photo-panel").getByRole("heading").textContent()).toBe("Glazing checkpoint recorded: conditional pass");
    const glazing = (await api("GET", `/manufacturing-orders/${mo.id}`, shop)).qc_records.find(
      (r: { checkpoint_stage: string }) => r.checkpoint_stage === "Glazing",
    );
    expect(glazing.checks.find((c: { check_id: string }) => c.check_id === "glazing.gaskets")).toMatchObject({
      status: "fail",
      measurement: "1.5 mm",
      corrective_action: "Replace the gasket",
    });
    expect(glazing.checks.at(-1)).toMatchObject({ description: "Glass stamp legible from inside", status: "pass" });
    expect(glazing.checks.at(-1).check_id).toBeUndefined();
    await context.close();
  });
});
