import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { launch, signIn, url, watchErrors } from "./browser.ts";

/*
 * The owner invites a colleague from onboarding's "Invite a colleague" step on
 * /admin/staff (a wrong e-mail is refused at its field), the colleague opens the
 * one-time link and is signed in with the role; then, with JavaScript off, the
 * owner changes the colleague's role and removes them after confirming — the
 * colleague's session ends at once.
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-staff-${run}`;
const host = `${slug}.localhost`;
const owner = { email: `owner@${slug}.test`, name: "Olive Owner", password: PASSWORD };
const colleague = `sam@${slug}.test`;
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const row = (page: import("playwright-core").Page, email: string) => page.locator(`tr[data-member="${email}"]`);

describe("staff", () => {
  it("invite → accept → role change and removal without JavaScript", async () => {
    const port = inject("port");
    const created = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
      json: { name: "E2E Staff", slug, owner_email: owner.email, owner_password: PASSWORD, owner_name: owner.name },
      headers: { "cf-connecting-ip": "203.0.113.161" },
    });
    expect(created.status, created.text).toBe(201);

    const { context, page, errors } = await signIn(browser, host, owner, "198.51.100.161");
    await page.goto(url(host, "/admin/start"));
    await page.getByRole("link", { name: "Invite a colleague" }).click();
    await page.getByRole("heading", { name: "Staff", level: 2 }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/admin/staff");

    // A wrong e-mail is refused at its field, the rest of the form kept.
    await page.getByLabel("E-mail").fill("sam at the shop");
    await page.getByLabel("Name (optional)").fill("Sam Staff");
    await page.getByLabel("Role", { exact: true }).selectOption("admin");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await page
      .locator("#field-email-error")
      .getByText(/e-mail address/)
      .waitFor();
    expect(await page.getByLabel("E-mail").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("Role", { exact: true }).inputValue()).toBe("admin");

    await page.getByLabel("E-mail").fill(colleague);
    await page.getByRole("button", { name: "Send invitation" }).click();
    const link = await page.getByLabel("Invitation link").inputValue();
    expect(link).toMatch(/\/welcome#token=/);
    await row(page, colleague).getByText("Invited").waitFor();
    expect(await row(page, colleague).getByLabel("Role of Sam Staff").inputValue()).toBe("admin");
    expect(errors.filter((e) => !e.includes("status of 422"))).toEqual([]);

    // The colleague accepts and is signed in as an admin of the shop.
    const samContext = await browser.newContext({ extraHTTPHeaders: { "cf-connecting-ip": "198.51.100.162" } });
    const samPage = await samContext.newPage();
    const samErrors = watchErrors(samPage);
    await samPage.goto(link);
    await samPage.getByLabel("Password").fill(PASSWORD);
    await samPage.getByRole("button", { name: "Set password and sign in" }).click();
    await samPage.waitForURL((u) => u.pathname === "/quotes");
    await samPage.goto(url(host, "/admin/staff"));
    await samPage.getByRole("heading", { name: "Staff", level: 2 }).waitFor();
    expect(samErrors).toEqual([]);

    // With JavaScript off: forms and actions alone.
    const cookies = await context.cookies();
    const plain = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { "cf-connecting-ip": "198.51.100.163" } });
    await plain.addCookies(cookies);
    const plainPage = await plain.newPage();
    await plainPage.goto(url(host, "/admin/staff"));
    await row(plainPage, colleague).getByText("Active").waitFor();
    await row(plainPage, colleague).getByLabel("Role of Sam Staff").selectOption("staff");
    await row(plainPage, colleague).getByRole("button", { name: "Change role of Sam Staff" }).click();
    await plainPage.getByText(`${colleague} is now Staff.`).waitFor();
    expect(await row(plainPage, colleague).getByLabel("Role of Sam Staff").inputValue()).toBe("staff");

    // Removing asks first; confirmed, the colleague is signed out at once.
    const confirm = row(plainPage, colleague).getByRole("button", { name: "Yes, remove Sam Staff" });
    expect(await confirm.isVisible()).toBe(false);
    await row(plainPage, colleague).locator("summary").click();
    await confirm.click();
    await plainPage.getByText(`${colleague} is removed`).waitFor();
    expect(await row(plainPage, colleague).count()).toBe(0);
    const samCookie = (await samContext.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const me = await hostRequest(port, host, "GET", "/api/v1/me", { headers: { cookie: samCookie, "cf-connecting-ip": "198.51.100.162" } });
    expect(me.status).toBe(401);

    await Promise.all([context.close(), samContext.close(), plain.close()]);
  });
});
