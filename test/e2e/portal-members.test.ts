import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { launch, signIn, url, watchErrors } from "./browser.ts";

/*
 * A customer company's admin invites a colleague on /company/members (on a
 * phone-sized screen), the colleague opens the one-time link, sets a password,
 * and sees only the project assigned to them; the other is a 404. The link
 * opened again says it was used.
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-members-${run}`;
const host = `${slug}.localhost`;
const headers = { "cf-connecting-ip": "203.0.113.96" };
const phone = { viewport: { width: 390, height: 844 }, extraHTTPHeaders: { "cf-connecting-ip": "198.51.100.96" } };
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function signedIn(port: number, email: string) {
  const login = await hostRequest(port, host, "POST", "/api/v1/auth/login", { json: { email, password: PASSWORD }, headers });
  expect(login.status, login.text).toBe(200);
  return { ...headers, cookie: String(login.headers["set-cookie"]).split(";")[0] };
}

describe("company members", () => {
  it("invite → accept → the member sees the assigned project only", async () => {
    const port = inject("port");
    const owner = `owner@${slug}.test`;
    const created = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
      json: { name: "E2E Members", slug, owner_email: owner, owner_password: PASSWORD },
      headers,
    });
    expect(created.status, created.text).toBe(201);
    const adminEmail = `ada@${slug}.test`;
    const registered = await hostRequest(port, host, "POST", "/api/v1/auth/register", {
      json: { email: adminEmail, password: PASSWORD, name: "Ada Admin", company: "Acme Fenster" },
      headers,
    });
    expect(registered.status, registered.text).toBe(202);
    const admin = await signedIn(port, adminEmail);
    const riverside = await hostRequest(port, host, "POST", "/api/v1/projects", { json: { name: "Riverside", reference: "RS-1" }, headers: admin });
    const harbour = await hostRequest(port, host, "POST", "/api/v1/projects", { json: { name: "Harbour" }, headers: admin });
    expect([riverside.status, harbour.status]).toEqual([201, 201]);

    // The admin invites a colleague from the members page, on a phone.
    const {
      context: adminContext,
      page: adminPage,
      errors: adminErrors,
    } = await signIn(browser, host, { email: adminEmail, name: "Ada Admin", password: PASSWORD }, "198.51.100.97");
    await adminPage.setViewportSize(phone.viewport);
    await adminPage.goto(url(host, "/company/members"));
    await adminPage.getByRole("heading", { name: "Colleagues", level: 1 }).waitFor();
    await adminPage.getByLabel("E-mail").fill(`bea@${slug}.test`);
    await adminPage.getByLabel("Role").selectOption("customer_user");
    await adminPage.getByRole("button", { name: "Invite" }).click();
    const link = await adminPage.getByLabel("Invitation link").inputValue();
    expect(link).toMatch(/\/welcome#token=/);
    await adminPage.getByRole("list", { name: "Members" }).getByText(`bea@${slug}.test`).waitFor();
    expect(await adminPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(adminErrors).toEqual([]);

    // The colleague accepts.
    const memberContext = await browser.newContext(phone);
    const page = await memberContext.newPage();
    const errors = watchErrors(page);
    await page.goto(link);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Set password and sign in" }).click();
    await page.waitForURL((u) => u.pathname === "/quotes");

    // The admin assigns Riverside to them.
    const members = await hostRequest(port, host, "GET", "/api/v1/company/members", { headers: admin });
    const bea = (members.json.data as { id: string; email: string; status: string }[]).find((m) => m.email === `bea@${slug}.test`)!;
    expect(bea.status).toBe("active");
    const assigned = await hostRequest(port, host, "PATCH", `/api/v1/projects/${riverside.json.data.id}`, { json: { member_ids: [bea.id] }, headers: admin });
    expect(assigned.status, assigned.text).toBe(200);

    await page.goto(url(host, "/projects"));
    await page.getByRole("link", { name: "Riverside" }).click();
    await page.getByTestId("project-name").getByText("Riverside").waitFor();
    await page.getByRole("heading", { name: "Timeline" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.goto(url(host, "/projects"));
    expect(await page.getByRole("list", { name: "Projects" }).getByRole("link").allTextContents()).toEqual(["Riverside"]);
    const other = await page.goto(url(host, `/projects/${harbour.json.data.id}`));
    expect(other?.status()).toBe(404);
    expect(errors.filter((e) => !e.includes("404"))).toEqual([]);

    // The link works once.
    const again = await browser.newContext(phone);
    const second = await again.newPage();
    await second.goto(link);
    await second.getByLabel("Password").fill("another-password-456");
    await second.getByRole("button", { name: "Set password and sign in" }).click();
    await second.getByText("This invitation link has been used already.").waitFor();
    await Promise.all([adminContext.close(), memberContext.close(), again.close()]);
  });
});
