import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { door, svgRectangle } from "../worker/fixtures.ts";
import { binaryStl, box } from "../unit/mesh/solids.ts";
import { cookieOf, registerCustomer, shopApi, waitFor } from "./shop-api.ts";
import { launch, url, watchErrors } from "./browser.ts";

/*
 * What a buyer reads on a quote, in Chromium against the built Worker: each
 * line in the shop's words (no process or material codes), a configured door
 * field by field with its U-value, and why a unit price is what it is at its
 * quantity — on the quote page and in the instant page's quantity breaks.
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-present-${run}`;
const host = `${slug}.localhost`;
const owner = { email: `owner@${slug}.test`, name: "Olga Owner" };
const customer = { email: `buyer@${slug}.test`, name: "Bea Buyer" };
let browser: Browser;
let quoteId = "";

const api = shopApi(host, "203.0.113.81");

beforeAll(async () => {
  const port = inject("port");
  const headers = { "cf-connecting-ip": "203.0.113.80" };
  const created = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
    json: { name: "E2E Presentation", slug, owner_email: owner.email, owner_password: PASSWORD, owner_name: owner.name },
    headers,
  });
  expect(created.status, created.text).toBe(201);
  const login = await hostRequest(port, host, "POST", "/api/v1/auth/login", { json: { email: owner.email, password: PASSWORD }, headers });
  expect(login.status, login.text).toBe(200);
  const product = await api("POST", "/products", cookieOf(login), { json: { name: "Entrance door", generator_key: "spw600e-door" } });
  const cookie = await registerCustomer(port, host, { ...customer, password: PASSWORD }, headers);
  const bracket = await api("POST", "/models?filename=bracket.stl", cookie, { body: binaryStl(box([40, 30, 20])) });
  const plate = await api("POST", "/models?filename=plate.svg", cookie, { body: svgRectangle(120, 80) });
  for (const id of [bracket.id, plate.id])
    await waitFor(
      () => api("GET", `/models/${id}`, cookie),
      (m) => m.status === "analyzed",
    );
  const configuration = await api("POST", "/configurations", cookie, { json: { product_id: product.id, config: door, name: "Back door" } });
  const quote = await api("POST", "/quotes", cookie, {
    json: {
      items: [
        { model_id: bracket.id, process: "fff", material: "pla", finish: "as-printed", quantity: 10 },
        { model_id: plate.id, process: "laser", material: "s235", thickness_mm: 3, quantity: 5 },
        { configuration_id: configuration.id, quantity: 1 },
      ],
    },
  });
  const priced = await waitFor(
    () => api("GET", `/quotes/${quote.id}`, cookie),
    (q) => q.status === "priced",
  );
  expect(priced.status).toBe("priced");
  quoteId = quote.id;
  browser = await launch();
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

async function signedIn(ip: string): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ extraHTTPHeaders: { "cf-connecting-ip": ip } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(url(host, "/login"));
  await page.getByLabel("E-mail").fill(customer.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("banner").getByText(customer.name).waitFor();
  return { page, errors, close: () => context.close() };
}

describe("what a buyer reads on a quote", () => {
  it("the quote page describes every line in the shop's words and explains the unit price", async () => {
    const { page, errors, close } = await signedIn("198.51.100.81");
    await page.goto(url(host, `/quotes/${quoteId}`));
    // A shop that has not set its legal details quotes in its own name.
    expect(await page.getByTestId("quote-seller").textContent()).toBe("From E2E Presentation");
    const descriptions = await page.getByTestId("item-description").allTextContents();
    expect(descriptions[0]).toBe("FFF print, PLA, 20 % infill, as printed (supports removed) · quantity 10");
    expect(descriptions[1]).toBe("Laser cut, Mild steel S235, 3 mm thick · quantity 5");
    expect(descriptions[2]).toBe("Entrance door · quantity 1");
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text; textContent would include the scripts' JSON
    const body = await page.locator("body").innerText();
    expect(body).not.toMatch(/\bfff\b|\bpla\b|as-printed|\bs235\b/);

    const details = page.getByTestId("configuration-details");
    expect(await details.getByText("Door type").count()).toBe(1);
    expect(await details.textContent()).toContain("Single");
    expect(await details.textContent()).toContain("RAL 9016");
    expect(await details.textContent()).toMatch(/U-value \(EN ISO 10077-1\)[\d.]+ W\/m²K/);

    const notes = await page.getByTestId("unit-price-note").allTextContents();
    expect(notes[0]).toMatch(
      /^Unit price €[\d.]+ includes €[\d.]+ of the one-off setup \(€[\d.]+, shared by all 10 parts\) and has a 5 % quantity discount\.$/,
    );
    expect(notes[1]).toMatch(/shared by all 5 parts\)\.$/);
    expect(errors).toEqual([]);
    await close();
  });

  it("the instant page's quantity breaks show the setup's share of each unit price and say why it falls", async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { "cf-connecting-ip": "198.51.100.82" } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(url(host, "/instant"));
    await page
      .getByTestId("part-files")
      .setInputFiles([{ name: "box.stl", mimeType: "application/octet-stream", buffer: Buffer.from(binaryStl(box([40, 30, 20]))) }]);
    const table = page.getByRole("table", { name: "Quantity breaks" });
    await table.waitFor();
    expect(await table.getByRole("columnheader").allTextContents()).toEqual(["Quantity", "Unit price", "of which setup", "Discount"]);
    const rows = await table.getByTestId("break-row").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    const euros = (s: string) => Number(s.replace(/[^\d.]/g, ""));
    expect(rows[0][0]).toBe("1+");
    expect(rows[1][0]).toBe("10+");
    // The setup is shared by every part, so its share falls tenfold at 10 (to a cent of rounding)…
    expect(Math.abs(euros(rows[1][2]) - (euros(rows[0][2]) * 0.95) / 10)).toBeLessThanOrEqual(0.01);
    // …and that, with the 5 % discount, is the whole of the fall in the unit price.
    expect(Math.abs(euros(rows[1][1]) - euros(rows[1][2]) - (euros(rows[0][1]) - euros(rows[0][2])) * 0.95)).toBeLessThanOrEqual(0.02);
    expect(rows[1][3]).toBe("−5 %");
    expect(await page.getByText("the one-off setup is shared by every part of the order").count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
