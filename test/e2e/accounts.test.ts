import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { launch, url, watchErrors } from "./browser.ts";

/*
 * Accounts end to end, in Chromium against the built Worker. The API allows 10
 * sign-in/registration attempts a minute per IP, so every browser context
 * presents its own client IP (the local Worker trusts CF-Connecting-IP, as
 * Cloudflare sets it in production).
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
let browser: Browser;
let ipCounter = 0;

async function visitor(options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    extraHTTPHeaders: { "cf-connecting-ip": `198.51.100.${++ipCounter}` },
    ...options,
  });
  const page = await context.newPage();
  return { context, page, errors: watchErrors(page) };
}

async function signIn(page: Page, host: string, email: string, password: string) {
  await page.goto(url(host, "/login"));
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

const header = (page: Page) => page.getByRole("banner");

/** Page errors other than the refusals a test provokes (Chromium logs every 4xx response it receives). */
const unexpected = (errors: string[], ...provoked: number[]) => errors.filter((e) => !provoked.some((status) => e.includes(`status of ${status} `)));

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

describe("a new shop and its first customer", () => {
  it("signs a shop up on the root site, registers a customer on the shop, signs out and in again", async () => {
    const { context, page, errors } = await visitor();
    const slug = `e2e-${run}`;
    const shopHost = `${slug}.localhost`;

    await page.goto(url("localhost"));
    await page.getByLabel("Shop name").fill("E2E Laser Works");
    // The address follows the name until edited, with a live preview of the storefront's host.
    await expect.poll(() => page.getByLabel("Shop address").inputValue()).toBe("e2e-laser-works");
    await page.getByLabel("Your e-mail").fill(`owner-${run}@e2e.test`);

    // A refused sign-up: the API's field errors sit next to their inputs; typed values stay, the password does not.
    await page.getByLabel("Shop address").fill("www");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create my shop" }).click();
    await page.getByText("Shop address is reserved.").waitFor();
    expect(await page.getByLabel("Shop address").getAttribute("aria-describedby")).toContain("field-slug-error");
    expect(await page.locator("#field-owner_password-error").textContent()).toBe("Password must be at least 10 characters.");
    expect(await page.getByLabel("Shop name").inputValue()).toBe("E2E Laser Works");
    expect(await page.getByLabel("Your e-mail").inputValue()).toBe(`owner-${run}@e2e.test`);
    expect(await page.getByLabel("Password").inputValue()).toBe("");

    await page.getByLabel("Shop address").fill(slug);
    await expect.poll(() => page.getByTestId("slug-preview").textContent()).toBe(`${slug}.localhost`);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create my shop" }).click();

    // Signed in on the new shop's host at once (a one-use link), on the onboarding checklist with nothing done yet.
    await page.waitForURL((u) => u.host === `${shopHost}:${inject("port")}` && u.pathname === "/admin/start");
    expect(new URL(page.url()).hash).toBe("");
    await page.getByRole("heading", { name: "Getting started" }).waitFor();
    expect(await page.getByTestId("step-business_details").getAttribute("data-done")).toBe("false");
    await page.getByTestId("step-business_details").getByRole("link").click();
    await page.getByRole("heading", { name: "Business details" }).waitFor();
    expect(await header(page).textContent()).toContain("E2E Laser Works");
    await header(page).getByText(`owner-${run}`).waitFor();
    await header(page).getByRole("button", { name: "Sign out" }).click();

    // A link that is spent or made up signs nobody in, and says where to go instead.
    await page.goto(url(shopHost, "/start#token=not-a-real-link"));
    await page.getByText("This sign-in link is used or expired; sign in with your e-mail and password").waitFor();
    await page.getByRole("link", { name: "Sign in with your e-mail and password" }).click();

    await page.getByRole("link", { name: "Create an account" }).click();
    await page.getByLabel("Your name").fill("Robin Buyer");
    await page.getByLabel("Company").fill("Buyer Robotics");
    await page.getByLabel("E-mail").fill(`robin-${run}@e2e.test`);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await header(page).getByText("Robin Buyer").waitFor();

    await header(page).getByRole("link", { name: "My quotes" }).click();
    await page.getByRole("heading", { name: /No quotes yet — drop a part on the storefront/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/quotes");

    await header(page).getByRole("button", { name: "Sign out" }).click();
    await header(page).getByRole("link", { name: "Sign in" }).waitFor();
    expect(await header(page).textContent()).not.toContain("Robin Buyer");

    await signIn(page, shopHost, `robin-${run}@e2e.test`, PASSWORD);
    await header(page).getByText("Robin Buyer").waitFor();

    expect(unexpected(errors, 400)).toEqual([]);
    await context.close();
  });
});

describe("an existing shop", () => {
  const slug = `e2e-shop-${run}`;
  const host = `${slug}.localhost`;
  const owner = { email: `owner@${slug}.test`, name: "Olga Owner" };
  const customer = { email: `casey@${slug}.test`, name: "Casey Customer" };

  beforeAll(async () => {
    const port = inject("port");
    const created = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
      json: { name: "E2E Print Farm", slug, owner_email: owner.email, owner_password: PASSWORD, owner_name: owner.name },
      headers: { "cf-connecting-ip": "203.0.113.1" },
    });
    expect(created.status, created.text).toBe(201);
    const registered = await hostRequest(port, host, "POST", "/api/v1/auth/register", {
      json: { email: customer.email, password: PASSWORD, name: customer.name },
      headers: { "cf-connecting-ip": "203.0.113.1" },
    });
    expect(registered.status, registered.text).toBe(202);
  });

  it("sends a signed-out visit of My quotes to sign-in, refuses a wrong password, then returns to My quotes", async () => {
    const { context, page, errors } = await visitor();
    await page.goto(url(host, "/quotes"));
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(new URL(page.url()).searchParams.get("next")).toBe("/quotes");

    await page.getByLabel("E-mail").fill(customer.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("E-mail or password is wrong").waitFor();
    // The e-mail is kept, the password is not.
    expect(await page.getByLabel("E-mail").inputValue()).toBe(customer.email);
    expect(await page.getByLabel("Password").inputValue()).toBe("");

    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => u.pathname === "/quotes");
    await page.getByRole("heading", { name: /No quotes yet/ }).waitFor();

    expect(unexpected(errors, 401)).toEqual([]);
    await context.close();
  });

  it("lets the owner create an API key in admin, shows it once, rotates and revokes it", async () => {
    const { context, page, errors } = await visitor();
    await signIn(page, host, owner.email, PASSWORD);
    await header(page).getByText(owner.name).waitFor();

    await header(page).getByRole("link", { name: "Admin" }).click();
    const users = page.getByRole("table");
    await users.getByText(customer.email).waitFor();
    expect(await users.textContent()).toContain(owner.email);

    await page.getByRole("link", { name: "API keys" }).click();
    await page.getByText("No API keys yet.").waitFor();
    await page.getByLabel("Name", { exact: true }).fill("ERP integration");
    await page.getByLabel("Read quotes").check();
    await page.getByLabel("Expires after").selectOption("30");
    await page.getByLabel("Rate limit", { exact: true }).selectOption("premium");
    await page.getByRole("button", { name: "Create key" }).click();

    const secret = page.getByLabel("New API key");
    await secret.waitFor();
    const key = await secret.inputValue();
    expect(key).toMatch(/^fq_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(await page.getByText("it will not be shown again").count()).toBe(1);
    expect(await page.getByRole("button", { name: "Copy key" }).isVisible()).toBe(true);
    expect(await bearerStatus(host, key)).toBe(200);

    const row = page.getByRole("row", { name: /ERP integration/ });
    expect(await row.textContent()).toContain("quotes:read");
    expect(await row.textContent()).toContain("active");
    // The tier is shown and editable in the row; the key's next request counts against the new one.
    const tier = row.getByLabel("Rate limit of ERP integration");
    expect(await tier.inputValue()).toBe("premium");
    expect(await burstOf(host, key)).toBe("50");
    await tier.selectOption("internal");
    await row.getByRole("button", { name: "Save rate limit of ERP integration" }).click();
    await page.getByText("“ERP integration” is now on the internal rate limit.").waitFor();
    expect(await burstOf(host, key)).toBe("100");

    // Shown once: a fresh visit of the page lists the key without its secret.
    await page.reload();
    expect(await page.getByLabel("New API key").count()).toBe(0);
    expect(await page.content()).not.toContain(key);

    await row.getByRole("button", { name: "Rotate" }).click();
    await page.getByText("The old key keeps working for 24 hours").waitFor();
    const successor = await page.getByLabel("New API key").inputValue();
    expect(successor).not.toBe(key);
    await expect.poll(() => page.getByRole("row", { name: /ERP integration/ }).count()).toBe(2);

    const original = page.locator(`tr[data-key-id]`).filter({ hasText: `fq_${key.slice(3, 15)}_` });
    await original.getByRole("button", { name: "Revoke" }).click();
    await page.getByText("Revoked “ERP integration”").waitFor();
    await original.getByText("revoked").waitFor();
    expect(await bearerStatus(host, key)).toBe(401);
    expect(await bearerStatus(host, successor)).toBe(200);

    expect(errors).toEqual([]);
    await context.close();
  });

  it("answers a customer's visit of admin with 403 and an unknown page with 404, in the shop's shell, without JavaScript", async () => {
    const { context, page, errors } = await visitor({ javaScriptEnabled: false });
    await signIn(page, host, customer.email, PASSWORD);
    await header(page).getByText(customer.name).waitFor();
    expect(await header(page).getByRole("link", { name: "Admin" }).count()).toBe(0);

    const response = await page.goto(url(host, "/admin/api-keys"));
    expect(response?.status()).toBe(403);
    await page.getByRole("heading", { name: "You don't have access" }).waitFor();
    expect(await header(page).textContent()).toContain("E2E Print Farm");

    const missing = await page.goto(url(host, "/no-such-page"));
    expect(missing?.status()).toBe(404);
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    expect(await header(page).textContent()).toContain(customer.name);

    expect(unexpected(errors, 403, 404)).toEqual([]);
    await context.close();
  });
});

/** The burst a key's answers report (RateLimit-Limit of a fresh bucket is its size). */
async function burstOf(host: string, key: string) {
  const res = await hostRequest(inject("port"), host, "GET", "/api/v1/me", { headers: { authorization: `Bearer ${key}` } });
  return res.headers["ratelimit-limit"];
}

async function bearerStatus(host: string, key: string) {
  const res = await hostRequest(inject("port"), host, "GET", "/api/v1/me", { headers: { authorization: `Bearer ${key}` } });
  return res.status;
}
