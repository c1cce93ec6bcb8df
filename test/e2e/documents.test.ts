import { readFile } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { launch, signIn, url } from "./browser.ts";
import { cookieOf, placedDoorOrder, registerCustomer, shopApi, waitFor } from "./shop-api.ts";

/*
 * The document centre in Chromium against the built Worker: a buyer with an
 * order of doors whose drawing the shop revised opens /documents, filters to
 * quotes and downloads the quote PDF through its signed link, compares the
 * drawing's two revisions side by side, and orders again from the order page;
 * the shop issues the order's invoice there and the buyer downloads it.
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-doc-${run}`;
const host = `${slug}.localhost`;
const owner = { email: `owner@${slug}.test`, name: "Olga Owner" };
const buyer = { email: `buyer@${slug}.test`, name: "Bruno Buyer", password: PASSWORD };
const api = shopApi(host, "203.0.113.141");
let browser: Browser;
let orderId: string;
let quoteNumber: string;
let drawingId: string;
let project: { id: string; name: string };
let projectQuote: { id: string; number: string };

beforeAll(async () => {
  const port = inject("port");
  const headers = { "cf-connecting-ip": "203.0.113.140" };
  const created = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
    json: { name: "E2E Document Office", slug, owner_email: owner.email, owner_password: PASSWORD, owner_name: owner.name },
    headers,
  });
  expect(created.status, created.text).toBe(201);
  const login = await hostRequest(port, host, "POST", "/api/v1/auth/login", { json: { email: owner.email, password: PASSWORD }, headers });
  expect(login.status, login.text).toBe(200);
  const shop = cookieOf(login);
  const customer = await registerCustomer(port, host, buyer, headers);
  const { order } = await placedDoorOrder(api, shop, customer, "PO-DOCS");
  orderId = order.id;
  quoteNumber = (await api("GET", `/quotes/${order.quote_id}`, customer)).number;
  const request = await api("POST", "/drawings/requests", customer, { json: { quote_id: order.quote_id, drawing_types: ["elevation"], formats: ["pdf"] } });
  const done = await waitFor(
    () => api("GET", `/drawings/requests/${request.id}`, customer),
    (r) => r.status === "completed",
  );
  expect(done.status).toBe("completed");
  drawingId = done.drawing_ids[0];
  await api("POST", `/drawings/${drawingId}/revisions`, shop, { json: { reason: "Lock height moved to 1050 mm" } });
  project = await api("POST", "/projects", customer, { json: { name: "Riverside" } });
  const items = (await api("GET", `/quotes/${order.quote_id}`, customer)).items.map((i: { configuration_id: string }) => ({
    configuration_id: i.configuration_id,
    quantity: 1,
  }));
  projectQuote = await api("POST", "/quotes", customer, { json: { items, project_id: project.id } });
  await waitFor(
    () => api("GET", `/quotes/${projectQuote.id}`, customer),
    (q) => q.status === "priced",
  );
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe("documents", () => {
  it("lists the buyer's documents, filters to quotes and downloads the quote PDF", async () => {
    const { context, page, errors } = await signIn(browser, host, buyer, "198.51.100.141");
    await page.getByRole("navigation").getByRole("link", { name: "Documents" }).click();
    await page.getByRole("heading", { name: "Documents" }).waitFor();
    const rows = page.getByTestId("documents").locator("tbody tr");
    const texts = await rows.allTextContents();
    expect(texts.some((t) => t.includes(`Quote ${quoteNumber}`))).toBe(true);
    expect(texts.some((t) => t.includes("Order confirmation"))).toBe(true);
    // Revision A is marked superseded, B is not.
    const drawingRows = page.locator(`tr[data-document^="drawing.${drawingId}."]`);
    expect(await drawingRows.count()).toBe(2);
    expect(await page.locator(`tr[data-document="drawing.${drawingId}.A"]`).getAttribute("class")).toBe("superseded");
    expect(await page.locator(`tr[data-document="drawing.${drawingId}.A"]`).textContent()).toContain("superseded");

    await page.getByTestId("document-type").selectOption("quote");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/type=quote/);
    // The ordered quote and the one in the project.
    await expect.poll(() => rows.count()).toBe(2);
    const ordered = rows.filter({ hasText: `Quote ${quoteNumber}` });
    const [download] = await Promise.all([page.waitForEvent("download"), ordered.getByTestId("document-download").click()]);
    expect(download.suggestedFilename()).toBe(`${quoteNumber}.pdf`);
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows a project's documents on its page, with the type filter", async () => {
    const { context, page, errors } = await signIn(browser, host, buyer, "198.51.100.144");
    await page.goto(url(host, `/projects/${project.id}`));
    const section = page.getByRole("region", { name: "Documents" });
    const rows = section.getByTestId("documents").locator("tbody tr");
    // Only the project's quote and what hangs from it (its technical package, once built): not the order's documents.
    await rows
      .filter({ hasText: `Quote ${projectQuote.number}` })
      .first()
      .waitFor();
    const texts = await rows.allTextContents();
    expect(texts.every((t) => t.includes(projectQuote.number))).toBe(true);
    expect(await section.locator(`tr[data-document="quote.${projectQuote.id}"]`).getByTestId("document-download").getAttribute("href")).toMatch(
      /^\/api\/v1\/documents\/quote\.[0-9a-f-]+\/file\?expires=\d+&signature=/,
    );
    await section.getByTestId("document-type").selectOption("drawing");
    await section.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/type=drawing/);
    await section.getByText("No documents of this type yet.").waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("compares two revisions of a drawing side by side", async () => {
    const { context, page, errors } = await signIn(browser, host, buyer, "198.51.100.142");
    await page.goto(url(host, "/documents?type=drawing"));
    await page.locator(`tr[data-document="drawing.${drawingId}.B"]`).getByRole("link", { name: "compare with A" }).click();
    await page.waitForURL(new RegExp(`/drawings/${drawingId}/compare\\?a=A&b=B`));
    await page.getByRole("heading", { name: "Compare revisions A and B" }).waitFor();
    for (const [side, revision] of [
      ["a", "A"],
      ["b", "B"],
    ]) {
      const figure = page.getByTestId(`compare-${side}`);
      expect(await figure.getAttribute("data-revision")).toBe(revision);
      const img = figure.getByRole("img");
      await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(1000);
    }
    expect(await page.getByTestId("compare-a").textContent()).toContain("superseded");
    expect(await page.getByTestId("compare-b").textContent()).toContain("Lock height moved to 1050 mm");
    const [a, b] = await Promise.all(["a", "b"].map((s) => page.getByTestId(`compare-${s}`).boundingBox()));
    // Side by side on a desktop-width window.
    expect(Math.abs(a!.y - b!.y)).toBeLessThan(2);
    expect(b!.x).toBeGreaterThan(a!.x + a!.width - 1);
    await page.screenshot({ path: `/tmp/drawing-compare-${run}.png` });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("orders again from the order page: a new quote at today's prices", async () => {
    const { context, page, errors } = await signIn(browser, host, buyer, "198.51.100.143");
    await page.goto(url(host, `/orders/${orderId}`));
    await page.getByTestId("reorder").click();
    const result = page.getByTestId("reorder-result");
    await result.waitFor();
    expect(await result.textContent()).toContain("Every price is the same as on this order.");
    await result.getByRole("link").click();
    await page.waitForURL(/\/quotes\/[0-9a-f-]+$/);
    expect(page.url()).not.toContain(orderId);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the shop issues the invoice on the order page; the buyer downloads it from the documents page", async () => {
    const shop = await signIn(browser, host, { ...owner, password: PASSWORD }, "198.51.100.145");
    await shop.page.goto(url(host, `/orders/${orderId}`));
    await shop.page.getByTestId("issue-invoice").click();
    const issued = shop.page.getByTestId("order-documents").locator('tr[data-document^="invoice."]');
    await issued.waitFor();
    expect(await issued.textContent()).toMatch(/Invoice INV-\d{4}-0001/);
    // One invoice per order: the button is gone.
    expect(await shop.page.getByTestId("issue-invoice").count()).toBe(0);
    expect(shop.errors).toEqual([]);
    await shop.context.close();

    const { context, page, errors } = await signIn(browser, host, buyer, "198.51.100.146");
    await page.goto(url(host, "/documents"));
    await page.getByTestId("document-type").selectOption("invoice");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/type=invoice/);
    const rows = page.getByTestId("documents").locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain("Invoice");
    const [download] = await Promise.all([page.waitForEvent("download"), rows.first().getByTestId("document-download").click()]);
    expect(download.suggestedFilename()).toMatch(/^INV-\d{4}-0001\.pdf$/);
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(errors).toEqual([]);
    await context.close();
  });
});
