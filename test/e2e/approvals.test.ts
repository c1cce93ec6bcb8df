import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { door } from "../worker/fixtures.ts";
import { launch, signIn, url } from "./browser.ts";
import { cookieOf, registerCustomer, shopApi, waitFor } from "./shop-api.ts";

/*
 * Drawing approval in Chromium at phone width (decision 53): a company's
 * admin opens a drawing of their door in the viewer, rejects revision A with
 * a comment (the shop is asked for B, which the viewer then shows), and
 * approves B; the history lists both decisions.
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-apr-${run}`;
const host = `${slug}.localhost`;
const owner = { email: `owner@${slug}.test`, name: "Olga Owner" };
const buyer = { email: `buyer@${slug}.test`, name: "Ada Approver", password: PASSWORD };
const api = shopApi(host, "203.0.113.141");
const colleague = { email: `user@${slug}.test`, name: "Uma User", password: PASSWORD };
let browser: Browser;
let drawing: { id: string; drawing_number: string };
let shop: string;
let customer: string;
let configurationId: string;

beforeAll(async () => {
  const port = inject("port");
  const headers = { "cf-connecting-ip": "203.0.113.140" };
  const created = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
    json: { name: "E2E Approvals", slug, owner_email: owner.email, owner_password: PASSWORD, owner_name: owner.name },
    headers,
  });
  expect(created.status, created.text).toBe(201);
  const login = await hostRequest(port, host, "POST", "/api/v1/auth/login", { json: { email: owner.email, password: PASSWORD }, headers });
  expect(login.status, login.text).toBe(200);
  shop = cookieOf(login);
  await api("PATCH", "/tenant/production", shop, { json: { drawing_approval_required: true } });
  customer = await registerCustomer(port, host, buyer, headers);
  const product = await api("POST", "/products", shop, { json: { name: "SPW600e door", generator_key: "spw600e-door" } });
  const configuration = await api("POST", "/configurations", customer, { json: { product_id: product.id, config: door } });
  configurationId = configuration.id;
  const request = await api("POST", "/drawings/requests", customer, {
    json: { configuration_id: configuration.id, drawing_types: ["elevation"], scale: "auto", sheet: "A3", formats: ["svg", "pdf"] },
  });
  const done = await waitFor(
    () => api("GET", `/drawings/requests/${request.id}`, customer),
    (r) => r.status === "completed",
  );
  expect(done.status).toBe("completed");
  [drawing] = await api("GET", `/drawings?configuration_id=${configuration.id}`, customer);
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe("drawing approval in the viewer", () => {
  it("the company admin rejects revision A with a comment, then approves revision B, on a phone", async () => {
    const { context, page, errors } = await signIn(browser, host, buyer, "198.51.100.141");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(url(host, `/drawings/${drawing.id}`));
    expect(await page.getByTestId("drawing-number").textContent()).toBe(`${drawing.drawing_number} rev. A`);
    expect(await page.getByTestId("approval-state").textContent()).toBe("Revision A is awaiting approval.");

    await page.getByLabel("Comments").fill("Handle on the left, please");
    await page.getByRole("button", { name: "Reject" }).click();
    await page.getByText("You rejected revision A; the shop was asked for revision B.").waitFor();
    await expect.poll(() => page.getByTestId("drawing-number").textContent()).toBe(`${drawing.drawing_number} rev. B`);
    expect(await page.getByTestId("revisions").getByRole("listitem").first().textContent()).toContain("Handle on the left, please");

    // Revision B's decision starts afresh: the comment on A is not carried over.
    expect(await page.getByLabel("Comments").inputValue()).toBe("");
    await page.getByRole("button", { name: "Approve revision B" }).click();
    await page.getByText("You approved revision B.").waitFor();
    await expect.poll(() => page.getByTestId("approval-state").textContent()).toMatch(/^Revision B approved by Ada Approver, /);
    // Approved: no decision to take any more.
    expect(await page.getByRole("button", { name: /Approve revision/ }).count()).toBe(0);
    const history = page.getByTestId("approvals").getByRole("listitem");
    expect(await history.evaluateAll((items) => items.map((i) => i.getAttribute("data-decision")))).toEqual(["approved", "rejected"]);
    expect(await history.nth(1).textContent()).toContain("Handle on the left, please");
    expect(await history.first().textContent()).not.toContain("Handle on the left");
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `/tmp/drawing-approval-${run}.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("order approval on the order page", () => {
  it("a colleague's order waits 'for approval'; the admin approves it on a phone and it is placed", async () => {
    const port = inject("port");
    const headers = { "cf-connecting-ip": "203.0.113.142" };
    await api("PATCH", "/company", customer, { json: { order_approval_required: true } });
    const invited = await api("POST", "/company/members", customer, { json: { email: colleague.email, name: colleague.name, role: "customer_user" } });
    const token = decodeURIComponent(invited.invitation.page_path.split("#token=")[1]);
    const set = await hostRequest(port, host, "POST", "/api/v1/auth/set-password", { json: { token, password: PASSWORD }, headers });
    expect(set.status, set.text).toBe(200);
    const login = await hostRequest(port, host, "POST", "/api/v1/auth/login", { json: { email: colleague.email, password: PASSWORD }, headers });
    const user = cookieOf(login);
    const quote = await api("POST", "/quotes", user, { json: { items: [{ configuration_id: configurationId, quantity: 1 }] } });
    await waitFor(
      () => api("GET", `/quotes/${quote.id}`, user),
      (q) => q.status === "priced",
    );
    await api("POST", `/quotes/${quote.id}/send`, shop);
    const address = { name: "Uma User", line1: "Hafenstraße 12", city: "Hamburg", postcode: "20457", country: "DE" };
    const checkout = await api("POST", "/checkouts", user, {
      json: {
        quote_id: quote.id,
        billing_address: address,
        shipping_address: address,
        shipping_method: "pickup",
        payment: "purchase_order",
        po_number: "PO-APPROVE",
        terms_version: 1,
      },
    });
    const order = await api("POST", `/checkouts/${checkout.id}/confirm`, user);
    expect(order.status).toBe("awaiting_approval");

    const placer = await signIn(browser, host, colleague, "198.51.100.143");
    await placer.page.setViewportSize({ width: 390, height: 844 });
    await placer.page.goto(url(host, `/orders/${order.id}`));
    expect(await placer.page.getByTestId("order-status").textContent()).toBe("For approval");
    await placer.page.getByTestId("order-for-approval").waitFor();
    expect(await placer.page.getByRole("button", { name: "Approve and place the order" }).count()).toBe(0);
    expect(placer.errors).toEqual([]);
    await placer.context.close();

    const { context, page, errors } = await signIn(browser, host, buyer, "198.51.100.144");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(url(host, `/orders/${order.id}`));
    await page.getByRole("heading", { name: "Awaiting your approval" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `/tmp/order-approval-${run}.png`, fullPage: true });
    await page.getByRole("button", { name: "Approve and place the order" }).click();
    await expect.poll(() => page.getByTestId("order-status").textContent()).toBe("Ordered on purchase order");
    await page.getByTestId("order-confirmed").waitFor();
    expect(await page.getByRole("heading", { name: "Awaiting your approval" }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("a rejected order resubmitted, and the admin's dashboard", () => {
  it("the admin finds the order on /portal and rejects it; the colleague corrects the purchase order and resubmits it, on a phone", async () => {
    const port = inject("port");
    const headers = { "cf-connecting-ip": "203.0.113.145" };
    const login = await hostRequest(port, host, "POST", "/api/v1/auth/login", { json: { email: colleague.email, password: PASSWORD }, headers });
    expect(login.status, login.text).toBe(200);
    const user = cookieOf(login);
    const quote = await api("POST", "/quotes", user, { json: { items: [{ configuration_id: configurationId, quantity: 2 }] } });
    await waitFor(
      () => api("GET", `/quotes/${quote.id}`, user),
      (q) => q.status === "priced",
    );
    await api("POST", `/quotes/${quote.id}/send`, shop);
    const address = { name: "Uma User", line1: "Hafenstraße 12", city: "Hamburg", postcode: "20457", country: "DE" };
    const checkout = await api("POST", "/checkouts", user, {
      json: {
        quote_id: quote.id,
        billing_address: address,
        shipping_address: address,
        shipping_method: "pickup",
        payment: "purchase_order",
        po_number: "PO-WRONG",
        terms_version: 1,
      },
    });
    const order = await api("POST", `/checkouts/${checkout.id}/confirm`, user);
    expect(order.status).toBe("awaiting_approval");

    const admin = await signIn(browser, host, buyer, "198.51.100.145");
    await admin.page.setViewportSize({ width: 390, height: 844 });
    await admin.page.goto(url(host, "/portal"));
    const waiting = admin.page.getByRole("list", { name: "Waiting for your approval" }).getByRole("link", { name: `Order ${order.number} placed by Uma User` });
    await waiting.waitFor();
    expect(await admin.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await waiting.click();
    await admin.page.getByRole("heading", { name: "Awaiting your approval" }).waitFor();
    await admin.page.getByLabel("Reason to reject").fill("That purchase order is closed");
    await admin.page.getByRole("button", { name: "Reject", exact: true }).click();
    await admin.page.getByTestId("order-rejected").waitFor();
    expect(await admin.page.getByTestId("order-status").textContent()).toBe("Cancelled");

    const placer = await signIn(browser, host, colleague, "198.51.100.146");
    await placer.page.setViewportSize({ width: 390, height: 844 });
    await placer.page.goto(url(host, `/orders/${order.id}`));
    await placer.page.getByRole("heading", { name: "Resubmit for approval" }).waitFor();
    expect(await placer.page.getByLabel("Purchase order number").inputValue()).toBe("PO-WRONG");
    await placer.page.getByLabel("What changed").fill("Raised on the new budget's purchase order");
    await placer.page.getByLabel("Purchase order number").fill("PO-RIGHT");
    expect(await placer.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await placer.page.screenshot({ path: `/tmp/order-resubmit-${run}.png`, fullPage: true });
    await placer.page.getByRole("button", { name: "Resubmit" }).click();
    await expect.poll(() => placer.page.getByTestId("order-status").textContent()).toBe("For approval");
    await placer.page.getByTestId("order-for-approval").waitFor();
    expect(await placer.page.getByRole("heading", { name: "Resubmit for approval" }).count()).toBe(0);

    // Back on the admin's dashboard, with the corrected purchase order.
    await admin.page.goto(url(host, "/portal"));
    await waiting.waitFor();
    expect((await api("GET", `/orders/${order.id}`, customer)).po_number).toBe("PO-RIGHT");
    expect([...admin.errors, ...placer.errors]).toEqual([]);
    await admin.context.close();
    await placer.context.close();
  });
});
