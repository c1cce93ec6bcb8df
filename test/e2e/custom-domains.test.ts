import { execFileSync } from "node:child_process";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { launch, signIn, url } from "./browser.ts";

/*
 * The owner adds quotes.<shop>.example.test on the admin page, sees the DNS
 * records to create, checks again (the local provider verifies on its check)
 * and the storefront answers on that hostname — Chromium maps the name to
 * loopback, as the shop's DNS would point it at us.
 */

const run = Math.random().toString(36).slice(2, 8);
const slug = `e2e-domain-${run}`;
const host = `${slug}.localhost`;
const custom = `quotes.${slug}.example.test`;
const owner = { email: `owner@${slug}.test`, name: "Dora Owner", password: "e2e-password-123" };
let browser: Browser;

beforeAll(async () => {
  const created = await hostRequest(inject("port"), "localhost", "POST", "/api/v1/tenants", {
    json: { name: "Dora's Fab", slug, owner_email: owner.email, owner_password: owner.password, owner_name: owner.name },
    headers: { "cf-connecting-ip": "203.0.113.80" },
  });
  expect(created.status, created.text).toBe(201);
  browser = await launch([`--host-resolver-rules=MAP ${custom} 127.0.0.1`]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** Lets the page's next load ask the provider again at once (it waits 15 s between checks of one hostname). */
const dueForCheck = () =>
  execFileSync(
    "npx",
    [
      "wrangler",
      "d1",
      "execute",
      "DB",
      "--local",
      "--persist-to",
      inject("persistTo"),
      "--command",
      `update tenant_domains set checked_at = 0 where hostname = '${custom}'`,
    ],
    { stdio: "pipe", timeout: 60_000 },
  );

describe("custom domains", () => {
  it("the owner adds a hostname, sees the records to create, and the storefront goes live on it once verified", async () => {
    const { context, page, errors } = await signIn(browser, host, owner, "203.0.113.81");
    await page.goto(url(host, "/admin/domains"));
    await page.getByRole("heading", { name: "Custom domains" }).waitFor();
    await page.getByLabel("Hostname").fill(`https://${custom.toUpperCase()}/`);
    await page.getByRole("button", { name: "Add hostname" }).click();
    const card = page.getByRole("article", { name: custom });
    await card.waitFor();
    expect(await card.getByTestId("domain-status").textContent()).toBe("Waiting for DNS");
    const cells = await card.getByRole("row").nth(1).getByRole("cell").allTextContents();
    expect(cells[0]).toBe("CNAME");
    expect(cells[1]).toContain(custom);
    expect(cells[2]).toContain("shops.localhost");

    // The platform's own address is refused at the field.
    await page.getByLabel("Hostname").fill(`other.${slug}.localhost`);
    await page.getByRole("button", { name: "Add hostname" }).click();
    await page.getByText("Hostname is the platform's own.").waitFor();

    dueForCheck();
    await card.getByRole("button", { name: "Check again" }).click();
    await expect.poll(() => card.getByTestId("domain-status").textContent()).toBe("Live");
    expect(await card.getByRole("link", { name: `https://${custom}/` }).count()).toBe(1);
    // The refusal above is the one failed request the console may show.
    expect(errors.filter((e) => !e.includes("status of 409"))).toEqual([]);
    await context.close();

    const visitor = await browser.newContext({ extraHTTPHeaders: { "cf-connecting-ip": "203.0.113.82" } });
    const storefront = await visitor.newPage();
    const answer = await storefront.goto(url(custom, "/"));
    expect(answer?.status()).toBe(200);
    await storefront.getByRole("banner").getByText("Dora's Fab").waitFor();
    await visitor.close();
  });
});
