import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { cookieOf, placedDoorOrder, registerCustomer, shopApi } from "./shop-api.ts";
import { launch, signIn, url } from "./browser.ts";

/*
 * A recall in Chromium against the built Worker: a received lot, split into a
 * child lot that an order's MO consumed (built through the API as
 * test/worker/lots.test.ts does). The owner opens the received lot from the
 * board's lot search, sees its genealogy and the customer and order it
 * reached, follows the tree to the child lot and back, and downloads the
 * recall as CSV. A customer gets 403 for both.
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-recall-${run}`;
const host = `${slug}.localhost`;
const owner = { email: `owner@${slug}.test`, name: "Rita Recall" };
const customer = { email: `buyer@${slug}.test`, name: "Carla Customer" };
const api = shopApi(host, "203.0.113.131");
let browser: Browser;
let buyer: string;
let mo: { id: string; number: string; order_number: string };
let received: { lot_number: string };
let child: { lot_number: string };

beforeAll(async () => {
  const port = inject("port");
  const headers = { "cf-connecting-ip": "203.0.113.130" };
  const created = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
    json: { name: "E2E Recall Shop", slug, owner_email: owner.email, owner_password: PASSWORD, owner_name: owner.name },
    headers,
  });
  expect(created.status, created.text).toBe(201);
  const login = await hostRequest(port, host, "POST", "/api/v1/auth/login", { json: { email: owner.email, password: PASSWORD }, headers });
  expect(login.status, login.text).toBe(200);
  const shop = cookieOf(login);
  buyer = await registerCustomer(port, host, { ...customer, password: PASSWORD }, headers);
  const placed = await placedDoorOrder(api, shop, buyer, "PO-RECALL");
  mo = placed.mo;
  received = await api("POST", "/lots", shop, {
    json: {
      material: "SPW600e frame profile 6060-T66",
      supplier: "Alu Nord",
      supplier_lot: "AN-4411",
      quantity: 60,
      unit: "m",
      quality: { certificate_number: "3.1-7781" },
    },
  });
  child = await api("POST", `/lots/${received.lot_number}/split`, shop, { json: { quantity: 20 } });
  await api("POST", `/manufacturing-orders/${mo.id}/consumptions`, shop, { json: { lot_number: child.lot_number, quantity: 12.5 } });
  browser = await launch();
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

describe("the lot page and its recall view", () => {
  it("opens a lot from the board, draws its genealogy, lists the customer and order it reached and downloads them as CSV", async () => {
    const { context, page, errors } = await signIn(browser, host, { ...owner, password: PASSWORD }, "198.51.100.131");
    await page.goto(url(host, "/production"));
    await page.getByLabel("Lot number").fill(received.lot_number);
    await page.getByRole("button", { name: "Open lot" }).click();
    await page.waitForURL(url(host, `/production/lots/${received.lot_number}`));
    expect(await page.getByTestId("lot-number").textContent()).toBe(received.lot_number);
    const head = await page.locator("header dl.facts").textContent();
    for (const fact of ["SPW600e frame profile 6060-T66", "40 m", "Alu Nord (lot AN-4411)", "3.1-7781"]) expect(head).toContain(fact);

    // The tree: the child lot below the received one, with the MO that consumed it.
    const tree = page.getByTestId("genealogy");
    const childItem = tree.locator(".genealogy-tree > li").filter({ hasText: child.lot_number });
    expect(await childItem.textContent()).toContain("split · SPW600e frame profile 6060-T66 · 20 m");
    expect(await childItem.getByRole("link", { name: mo.number }).getAttribute("href")).toBe(`/production/${mo.id}`);
    expect(await childItem.textContent()).toContain(`used by ${mo.number} 12.5 m`);

    // The recall: one customer, one order, the MO's two units, none shipped yet.
    expect(await page.getByTestId("recall-counts").textContent()).toBe("1 customer · 1 order · 1 manufacturing order · 2 units, 0 shipped or delivered");
    const rows = page.getByTestId("recall-table").locator("tbody tr");
    expect(await rows.count()).toBe(1);
    const cells = await rows.first().locator("td").allTextContents();
    expect(cells).toEqual([customer.name, mo.order_number, mo.number, "2", "scheduled", `${child.lot_number}: 12.5 m`]);

    // The CSV, fetched with the owner's session: a header and the same row
    const href = await page.getByRole("link", { name: "Download CSV" }).getAttribute("href");
    expect(href).toBe(`/production/lots/${received.lot_number}/recall.csv`);
    // (fetched from the page: Node does not resolve the shop's *.localhost host, Chromium does)
    const csv = await page.evaluate(async (path) => {
      const res = await fetch(path);
      return { status: res.status, type: res.headers.get("content-type"), disposition: res.headers.get("content-disposition"), text: await res.text() };
    }, href!);
    expect(csv.status).toBe(200);
    expect(csv.type).toBe("text/csv; charset=utf-8");
    expect(csv.disposition).toBe(`attachment; filename="recall-${received.lot_number}.csv"`);
    expect(csv.text.split("\r\n")).toEqual([
      "Customer,Order,Manufacturing order,Units,Status,Lots used,Serial numbers",
      `${customer.name},${mo.order_number},${mo.number},2,scheduled,${child.lot_number}: 12.5 m,`,
      "",
    ]);

    // Following the tree: the child lot's page shows the received lot above it and the same recall.
    await childItem.getByRole("link", { name: child.lot_number }).click();
    await page.waitForURL(url(host, `/production/lots/${child.lot_number}`));
    await expect.poll(() => page.getByTestId("lot-number").textContent()).toBe(child.lot_number);
    expect(await page.getByTestId("genealogy").locator(".genealogy-parents").getByRole("link", { name: received.lot_number }).count()).toBe(1);
    expect(await page.getByTestId("recall-table").locator("tbody tr").count()).toBe(1);
    await page.getByTestId("recall-table").getByRole("link", { name: mo.number }).click();
    await page.waitForURL(url(host, `/production/${mo.id}`));
    // ...whose consumed lots link back to the lot page.
    await page.getByRole("region", { name: "Consumed lots" }).getByRole("link", { name: child.lot_number }).click();
    await page.waitForURL(url(host, `/production/lots/${child.lot_number}`));

    expect(errors).toEqual([]);
    // A lot the shop does not have is the 404 page.
    expect((await page.goto(url(host, "/production/lots/LOT-1999-99999")))?.status()).toBe(404);
    await context.close();
  });

  it("a customer gets 403 for the lot page and its CSV", async () => {
    for (const path of [
      `/production/lots/${received.lot_number}`,
      `/production/lots/${received.lot_number}/recall.csv`,
      `/production/lots?number=${received.lot_number}`,
    ]) {
      const res = await hostRequest(inject("port"), host, "GET", path, { headers: { cookie: buyer, "cf-connecting-ip": "198.51.100.132" } });
      expect(res.status, path).toBe(403);
    }
  });
});
