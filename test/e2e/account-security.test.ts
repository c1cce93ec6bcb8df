import { decode } from "fast-png";
import jsQR from "jsqr";
import { Secret, TOTP } from "otpauth";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { launch, signIn, url } from "./browser.ts";

/*
 * Two-step sign-in in Chromium: the owner makes the shop require it of staff,
 * is taken to set it up, scans the QR code (decoded here from a screenshot by
 * jsQR), confirms, keeps the recovery codes; signs in again with a code from
 * the app, on a second device with a recovery code, and signs that device out
 * from the first.
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-mfa-${run}`;
const host = `${slug}.localhost`;
const owner = { email: `owner@${slug}.test`, name: "Mia Owner", password: PASSWORD };
let browser: Browser;

const codeAt = (secret: string, at: number) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: at });

/** The QR code on the page, read back from its pixels. */
async function scanQr(page: Page): Promise<string | null> {
  const png = decode(await page.getByRole("img", { name: "QR code for your authenticator app" }).screenshot());
  const rgba = new Uint8ClampedArray(png.width * png.height * 4);
  for (let i = 0; i < png.width * png.height; i++) {
    for (let k = 0; k < 3; k++) rgba[i * 4 + k] = Number(png.data[i * png.channels + k]);
    rgba[i * 4 + 3] = 255;
  }
  return jsQR(rgba, png.width, png.height)?.data ?? null;
}

async function passwordStep(page: Page) {
  await page.goto(url(host, "/login"));
  await page.getByLabel("E-mail").fill(owner.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Enter your code" }).waitFor();
}

beforeAll(async () => {
  const created = await hostRequest(inject("port"), "localhost", "POST", "/api/v1/tenants", {
    json: { name: "E2E MFA", slug, owner_email: owner.email, owner_password: PASSWORD, owner_name: owner.name },
    headers: { "cf-connecting-ip": "203.0.113.150" },
  });
  expect(created.status, created.text).toBe(201);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

describe("two-step sign-in", () => {
  it("is required by the shop, set up from a scanned QR code, then asked for at sign-in; a lost phone's recovery code works once; a device is signed out elsewhere", async () => {
    const { context, page } = await signIn(browser, host, owner, "198.51.100.150");
    await page.goto(url(host, "/admin/security"));
    await page.getByLabel("Your staff").check();
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved. It applies from each person's next page.").waitFor();

    // Any page now leads to setting it up.
    await page.goto(url(host, "/quotes"));
    await page.waitForURL(/\/account\/security$/);
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/asks everyone in your role to use two-step sign-in/);
    await page.getByRole("button", { name: "Set up two-step sign-in" }).click();
    const key = (await page.locator(".secret-key").textContent())!.replace(/\s/g, "");
    const uri = await scanQr(page);
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(new URL(uri!).searchParams.get("secret")).toBe(key);
    expect(new URL(uri!).searchParams.get("issuer")).toBe("E2E MFA");

    // A wrong code is said at the field, and the same QR code stays to try again.
    await page.getByLabel("Code from the app").fill("000000");
    await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
    await page.getByText("That code is not right. Enter the 6 digits the app shows now.").waitFor();
    expect(await scanQr(page)).toBe(uri);
    await page.getByLabel("Code from the app").fill(codeAt(key, Date.now()));
    await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
    const list = page.getByRole("list", { name: "Recovery codes" });
    await list.waitFor();
    const codes = await list.getByRole("listitem").allTextContents();
    expect(codes).toHaveLength(10);
    expect(codes[0]).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{2}$/);
    await page.getByRole("link", { name: "I have saved them" }).click();
    await page.goto(url(host, "/quotes"));
    await expect.poll(() => new URL(page.url()).pathname).toBe("/quotes");

    // Signing in again: the password, then the app's code.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("banner").getByRole("link", { name: "Sign in" }).waitFor();
    await passwordStep(page);
    await page.getByRole("textbox", { name: "Code", exact: true }).fill("123456");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("That code is wrong or was used already. Try the code the app shows now.").waitFor();
    await page.getByRole("textbox", { name: "Code", exact: true }).fill(codeAt(key, Date.now() + 30_000));
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("banner").getByText(owner.name).waitFor();

    // A second device without the phone: a recovery code, once.
    const other = await browser.newContext({ extraHTTPHeaders: { "cf-connecting-ip": "198.51.100.151" } });
    const laptop = await other.newPage();
    await passwordStep(laptop);
    await laptop.getByRole("textbox", { name: "Code", exact: true }).fill(codes[4].toUpperCase());
    await laptop.getByRole("button", { name: "Sign in" }).click();
    await laptop.getByRole("banner").getByText(owner.name).waitFor();

    // The first device sees both sessions and signs the laptop out.
    await page.goto(url(host, "/account/security"));
    const rows = page.getByRole("table").getByRole("row");
    await expect.poll(() => rows.count()).toBe(3);
    await expect.poll(() => page.getByText("This device").count()).toBe(1);
    await expect.poll(() => page.getByText("9 recovery codes are left.").count()).toBe(1);
    await page.getByRole("button", { name: /^Sign out Chrome on Linux/ }).click();
    await page.getByText("Signed out of Chrome on Linux.").waitFor();
    await expect.poll(() => rows.count()).toBe(2);
    await laptop.goto(url(host, "/quotes"));
    await laptop.waitForURL(/\/login\?/);

    // Required, so it stays on.
    await page.getByText("This shop requires two-step sign-in for your account, so it stays on.").waitFor();
    await other.close();
    await context.close();
  });
});
