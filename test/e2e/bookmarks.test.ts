import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { launch, signIn, url } from "./browser.ts";

/*
 * Read your writes through pages (decision 0062): a save made by a page's action leaves the D1
 * bookmark in a cookie on the shop's host, and the next page the browser asks for carries it to
 * the API's in-process calls. Locally D1 has no replicas; the workerd test checks that the cookie's
 * bookmark is the one the session starts from (test/worker/bookmarks.test.ts).
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-bookmarks-${run}`;
const host = `${slug}.localhost`;
const owner = { email: `owner@${slug}.test`, name: "Bo Bookmark", password: PASSWORD };

let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];

const bookmarkCookie = async () => (await context.cookies(url(host))).find((c) => c.name === "fq_d1");

beforeAll(async () => {
  const created = await hostRequest(inject("port"), "localhost", "POST", "/api/v1/tenants", {
    json: { name: "E2E Bookmarks", slug, owner_email: owner.email, owner_password: PASSWORD, owner_name: owner.name },
    headers: { "cf-connecting-ip": "203.0.113.62" },
  });
  expect(created.status, created.text).toBe(201);
  browser = await launch();
  ({ context, page, errors } = await signIn(browser, host, owner, "198.51.100.62"));
});

afterAll(async () => {
  await browser?.close();
});

/** One entry per database the requests touched: the control plane (c) and the shop's shard (s{n}), in either order. */
const ENTRIES = /^(c|s\d):[0-9a-f-]+(\|(c|s\d):[0-9a-f-]+)*$/;

describe("D1 bookmark through pages", () => {
  it("signing in leaves the bookmark in a host-only, HttpOnly, SameSite=Lax cookie keyed by database", async () => {
    const cookie = await bookmarkCookie();
    expect(cookie).toBeDefined();
    expect(decodeURIComponent(cookie?.value ?? "")).toMatch(ENTRIES);
    expect(cookie).toMatchObject({ domain: host, path: "/", httpOnly: true, sameSite: "Lax", secure: false });
    // Short-lived: it expires within the two minutes the API gives it.
    expect((cookie?.expires ?? 0) - Date.now() / 1000).toBeGreaterThan(0);
    expect((cookie?.expires ?? 0) - Date.now() / 1000).toBeLessThanOrEqual(120);
  });

  it("a save through a page's action moves the cookie on, and the next page carries it and shows the save", async () => {
    await page.goto(url(host, "/admin/business"));
    await page.getByRole("heading", { name: "Business details" }).waitFor();
    const before = (await bookmarkCookie())?.value;
    const legalName = `Bookmarked Fabrication ${run} Ltd`;
    await page.getByLabel("Legal name").fill(legalName);
    await page.getByRole("button", { name: "Save details" }).click();
    await page.getByText("Saved. New quote PDFs use these details.").waitFor();
    const after = (await bookmarkCookie())?.value;
    expect(decodeURIComponent(after ?? "")).toMatch(ENTRIES);
    expect(after).not.toBe(before);

    const documents: Request[] = [];
    page.on("request", (r) => r.isNavigationRequest() && documents.push(r));
    await page.goto(url(host, "/admin/business"));
    expect(await page.getByLabel("Legal name").inputValue()).toBe(legalName);
    expect(documents).toHaveLength(1);
    expect(await documents[0].headerValue("cookie")).toContain(`fq_d1=${after}`);
    expect(errors).toEqual([]);
  });
});
