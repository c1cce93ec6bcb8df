import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { tessellationToStl } from "../../engine/mesh/cad-exchange.ts";
import { analyzeMesh } from "../../engine/mesh/index.ts";
import { compilePriceBook, price, type SellBook } from "../../engine/pricing/index.ts";
import { money } from "../../app/format/money.ts";
import { kernelModule } from "../unit/mesh/solids.ts";
import { launch, url, watchErrors } from "./browser.ts";

/*
 * A STEP file dropped on the instant page in Chromium: OpenCascade (loaded only now)
 * tessellates it in the analysis worker, the part is drawn and priced before the upload
 * ends, the price says the shop confirms it, and the server stores and checks the mesh.
 */

const run = Math.random().toString(36).slice(2, 8);
const shop = `step-${run}.localhost`;
const STEP = readFileSync(new URL("../fixtures/cad/rounded-cube.step", import.meta.url));
let browser: Browser;
let book: SellBook;

/** The price the page should show: the same tessellation (occt-import-js in Node) through the same engine. */
async function expectedTotal(): Promise<string> {
  type Occt = typeof import("occt-import-js").default;
  const occt = await (createRequire(import.meta.url)("occt-import-js") as Occt)();
  const result = occt.ReadStepFile(new Uint8Array(STEP), { linearUnit: "millimeter" });
  const stl = tessellationToStl(result.meshes.map((m) => ({ positions: m.attributes.position.array, indices: m.index.array })));
  const { analysis } = await analyzeMesh(stl, { kernel: kernelModule(), filename: "rounded-cube.step.stl" });
  const material = book.materials.find((m) => m.processes.includes("fff"))!;
  const finish = book.finishes.find((f) => f.processes.includes("fff") && f.materials.includes(material.code));
  const total = price(analysis, compilePriceBook(book), {
    process: "fff",
    material: material.code,
    finish: finish?.code,
    quantity: 1,
    lead_time: book.default_lead_time,
    infill: book.processes.fff!.infill.default,
  }).total;
  return money("en-GB", total, book.currency);
}

beforeAll(async () => {
  const port = inject("port");
  const created = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
    json: { name: `Step ${run}`, slug: `step-${run}`, owner_email: `owner-${run}@e2e.test`, owner_password: "e2e-password-123" },
  });
  expect(created.status).toBe(201);
  book = (await hostRequest(port, shop, "GET", "/api/v1/catalog")).json.data;
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

describe("STEP on the instant page", () => {
  it("draws and prices a dropped .step before its upload ends, says the price is confirmed after review, and the server stores it", async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { "cf-connecting-ip": "203.0.113.69" } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const uploads: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && r.url().includes("/api/v1/models")) uploads.push(new URL(r.url()).pathname);
    });
    await page.goto(url(shop, "/instant"));
    const uploaded = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/api/v1/models/cad");
    await page.getByTestId("part-files").setInputFiles([{ name: "rounded-cube.step", mimeType: "application/octet-stream", buffer: STEP }]);
    const card = page.getByTestId("part").filter({ has: page.getByRole("heading", { name: "rounded-cube.step" }) });

    await expect.poll(() => card.getByTestId("fact-bbox").textContent(), { timeout: 60_000 }).toBe("10 × 10 × 10 mm");
    expect(await card.getByTestId("fact-watertight").textContent()).toBe("Yes");
    await card.locator("canvas.viewer-canvas").waitFor({ timeout: 30_000 });
    expect(await card.getByTestId("part-price").textContent()).toBe(await expectedTotal());
    expect(await card.getByTestId("price-after-review").textContent()).toBe("Priced from your STEP file: confirmed after the shop's review.");

    // The original and its mesh went up as one form, and the server's analysis of the mesh agrees with the page.
    await expect.poll(() => card.getByTestId("server-check").textContent(), { timeout: 30_000 }).toMatch(/^✓ Confirmed by the shop's server/);
    expect(uploads).toEqual(["/api/v1/models/cad"]);

    // On a quote, the part offers its file and the original STEP (the shop downloads what the buyer sent).
    const modelId = ((await (await uploaded).json()) as { data: { id: string } }).data.id;
    const quoteId = await page.evaluate(async (id) => {
      const res = await fetch("/api/v1/quotes", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ items: [{ model_id: id, process: "fff", material: "pla", quantity: 1 }], contact_email: "step-buyer@example.test" }),
      });
      const body = (await res.json()) as { data?: { id: string } };
      if (!body.data) throw new Error(`POST /quotes answered ${res.status}: ${JSON.stringify(body)}`);
      return body.data.id;
    }, modelId);
    await page.goto(url(shop, `/quotes/${quoteId}`));
    const original = page.getByRole("link", { name: "Download the original STEP file" });
    expect(await original.getAttribute("href")).toMatch(/^\/api\/v1\/models\/[\w-]+\/source$/);
    const [download] = await Promise.all([page.waitForEvent("download"), original.click()]);
    expect(new TextDecoder().decode(await readFile((await download.path())!)).slice(0, 13)).toBe("ISO-10303-21;");
    expect(errors).toEqual([]);
    await context.close();
  });
});
