import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { cookieOf, placedDoorOrder, registerCustomer, shopApi } from "./shop-api.ts";
import { launch, signIn, url } from "./browser.ts";

/*
 * A shipment's staff page in Chromium, where a package label's QR code leads:
 * an order for two doors made and shipped in two packages through the API,
 * then the owner opens the second package's link, finds its papers and labels,
 * and records the delivery on the page. A customer gets the 403 page.
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-ship-${run}`;
const host = `${slug}.localhost`;
const owner = { email: `owner@${slug}.test`, name: "Sam Shipper" };
const customer = { email: `buyer@${slug}.test`, name: "Cleo Customer" };
const api = shopApi(host, "203.0.113.141");
let browser: Browser;
let shipment: { id: string; number: string };
let moNumber: string;

beforeAll(async () => {
  const port = inject("port");
  const headers = { "cf-connecting-ip": "203.0.113.140" };
  const created = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
    json: { name: "E2E Dispatch", slug, owner_email: owner.email, owner_password: PASSWORD, owner_name: owner.name },
    headers,
  });
  expect(created.status, created.text).toBe(201);
  const login = await hostRequest(port, host, "POST", "/api/v1/auth/login", { json: { email: owner.email, password: PASSWORD }, headers });
  const shop = cookieOf(login);
  const buyer = await registerCustomer(port, host, { ...customer, password: PASSWORD }, headers);
  const { order, mo } = await placedDoorOrder(api, shop, buyer, "PO-SHIP");
  moNumber = mo.number;
  // Made: every operation started, then finished or passed at its QC checkpoint.
  for (const op of mo.operations as { code: string; qc_stage: string | null }[]) {
    await api("POST", `/manufacturing-orders/${mo.id}/operations/${op.code}/start`, shop);
    if (op.qc_stage)
      await api("POST", `/manufacturing-orders/${mo.id}/qc-checkpoints`, shop, {
        json: { checkpoint_stage: op.qc_stage, inspector_name: "Ann", checks: [{ description: "As drawn", status: "pass" }] },
      });
    else await api("POST", `/manufacturing-orders/${mo.id}/operations/${op.code}/finish`, shop);
  }
  const box = { length_mm: 2400, width_mm: 1100, height_mm: 200, weight_kg: 95 };
  shipment = await api("POST", `/orders/${order.id}/shipments`, shop, {
    json: {
      carrier: "DHL Freight",
      tracking_number: "JD0146",
      packages: [1, 1].map((quantity) => ({ contents: [{ manufacturing_order_id: mo.id, quantity }], ...box })),
    },
  });
  browser = await launch();
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

describe("a shipment's staff page", () => {
  it("opens at the package a label links to, offers the papers and labels, and records the delivery", async () => {
    const { context, page, errors } = await signIn(browser, host, { ...owner, password: PASSWORD }, "198.51.100.141");
    await page.goto(url(host, `/production/shipments/${shipment.id}#package-2`));
    expect(await page.getByTestId("shipment-number").textContent()).toBe(shipment.number);
    const packages = page.getByTestId("package");
    expect(await packages.count()).toBe(2);
    expect(await page.locator("#package-2").textContent()).toContain(`2 of 2${moNumber} × 1`);
    for (const [name, path] of [
      ["Packing list (PDF)", "documents/packing-list"],
      ["Package labels (PDF)", "labels"],
    ]) {
      const href = await page.getByRole("link", { name }).getAttribute("href");
      expect(href).toBe(`/api/v1/shipments/${shipment.id}/${path}`);
      // Fetched from the page, with the signed-in staff member's session.
      const [status, type] = await page.evaluate(async (link) => {
        const res = await fetch(link);
        return [res.status, res.headers.get("content-type")];
      }, href!);
      expect([status, type]).toEqual([200, "application/pdf"]);
    }
    await page.getByLabel("Received by").fill("Site manager Jo");
    await page.getByRole("button", { name: "Mark delivered" }).click();
    await page.getByText("received by Site manager Jo").waitFor();
    expect(await page.getByRole("button", { name: "Mark delivered" }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("is the shop's: a customer gets the 403 page", async () => {
    const { context, page } = await signIn(browser, host, { ...customer, password: PASSWORD }, "198.51.100.142");
    const response = await page.goto(url(host, `/production/shipments/${shipment.id}`));
    expect(response?.status()).toBe(403);
    await context.close();
  });
});
