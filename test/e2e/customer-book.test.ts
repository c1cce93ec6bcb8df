import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { binaryStl, box } from "../unit/mesh/solids.ts";
import { PRIVATE_KEYS, privatePatterns, sentinelBook } from "../worker/sentinel-book.ts";
import { cookieOf, registerCustomer, shopApi, waitFor } from "./shop-api.ts";
import { launch, url, watchErrors } from "./browser.ts";

/*
 * The pages a customer or a visitor loads, server-rendered by the built
 * Worker, carry none of the shop's costs, rates, margin, floor or review
 * thresholds (the price book's sentinels), and the instant page's finish
 * select offers only what the chosen material takes.
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-book-${run}`;
const host = `${slug}.localhost`;
const { book, values } = sentinelBook();
let customerCookie = "";
let quoteId = "";
let browser: Browser;

const api = shopApi(host, "203.0.113.95");

beforeAll(async () => {
  const port = inject("port");
  const ownerEmail = `owner@${slug}.test`;
  const headers = { "cf-connecting-ip": "203.0.113.94" };
  const created = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
    json: { name: "E2E Book", slug, owner_email: ownerEmail, owner_password: PASSWORD },
    headers,
  });
  expect(created.status, created.text).toBe(201);
  const login = await hostRequest(port, host, "POST", "/api/v1/auth/login", { json: { email: ownerEmail, password: PASSWORD }, headers });
  expect(login.status, login.text).toBe(200);
  await api("POST", "/price-books", cookieOf(login), { json: { book } });
  customerCookie = await registerCustomer(port, host, { email: `buyer@${slug}.test`, name: "Bea Buyer", password: PASSWORD }, headers);
  const model = await api("POST", "/models?filename=bracket.stl", customerCookie, { body: binaryStl(box([40, 30, 20])) });
  await waitFor(
    () => api("GET", `/models/${model.id}`, customerCookie),
    (m) => m.status === "analyzed",
  );
  const quote = await api("POST", "/quotes", customerCookie, {
    json: { items: [{ model_id: model.id, process: "cnc", material: "al-6061", finish: "anodized-clear", quantity: 500, lead_time: "economy" }] },
  });
  quoteId = quote.id;
  await waitFor(
    () => api("GET", `/quotes/${quoteId}`, customerCookie),
    (q) => q.status === "priced",
  );
  browser = await launch();
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

/** The leaks in a server-rendered page: private figures anywhere, private names as quoted strings in its data. */
function leaksIn(html: string): string[] {
  const found = privatePatterns(values)
    .filter((p) => p.test(html))
    .map(String);
  for (const key of PRIVATE_KEYS) if (html.includes(`"${key}"`)) found.push(`"${key}"`);
  if (/>\s*Margin\s*</.test(html)) found.push("Margin label");
  return found;
}

describe("server-rendered pages carry nothing private", () => {
  it("the instant page (a visitor) and the quote page (its customer)", async () => {
    const port = inject("port");
    const instant = await hostRequest(port, host, "GET", "/instant", { headers: { "cf-connecting-ip": "203.0.113.96" } });
    expect(instant.status).toBe(200);
    expect(instant.text).toContain("Instant quote");
    expect(instant.text).toContain("pmma-cast"); // the catalogue is in the page
    expect(leaksIn(instant.text)).toEqual([]);

    const quotePage = await hostRequest(port, host, "GET", `/quotes/${quoteId}`, { headers: { cookie: customerCookie, "cf-connecting-ip": "203.0.113.96" } });
    expect(quotePage.status).toBe(200);
    expect(quotePage.text).toContain("Anodized, clear");
    expect(leaksIn(quotePage.text)).toEqual([]);
  });
});

describe("the finish select", () => {
  it("offers only the finishes of the chosen process and material", async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { "cf-connecting-ip": "203.0.113.97" } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(url(host, "/instant"));
    await page
      .getByTestId("part-files")
      .setInputFiles([{ name: "box.stl", mimeType: "application/octet-stream", buffer: Buffer.from(binaryStl(box([40, 30, 20]))) }]);
    const card = page.getByTestId("part").filter({ has: page.getByRole("heading", { name: "box.stl" }) });
    await card.getByTestId("part-price").waitFor();
    const finishes = () =>
      card
        .getByLabel("Finish")
        .locator("option")
        .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));

    await card.getByLabel("Process").selectOption("cnc");
    await card.getByLabel("Material").selectOption("pom-c");
    await expect.poll(finishes).toEqual(["as-machined"]);
    await card.getByLabel("Material").selectOption("al-6061");
    await expect.poll(finishes).toEqual(["as-machined", "bead-blasted", "anodized-clear"]);
    await card.getByLabel("Finish").selectOption("anodized-clear");
    // Back to POM: the anodising it cannot take is dropped for a finish it can.
    await card.getByLabel("Material").selectOption("pom-c");
    await expect.poll(() => card.getByLabel("Finish").inputValue()).toBe("as-machined");
    await card.getByTestId("part-price").waitFor();
    expect(errors.filter((e) => !e.includes("status of 4"))).toEqual([]);
    await context.close();
  });
});
