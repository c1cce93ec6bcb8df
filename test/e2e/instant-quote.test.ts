import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import type { SellBook } from "../../engine/pricing/index.ts";
import { binaryStl, box } from "../unit/mesh/solids.ts";
import { expectedFffTotal } from "./expected-price.ts";
import { launch, url, watchErrors } from "./browser.ts";

/*
 * The instant quote in Chromium against the built Worker: a generated box is
 * measured and priced in the page before its upload is confirmed, a bad file
 * fails alone, options re-price without a request, and a guest saves a quote.
 */

const run = Math.random().toString(36).slice(2, 8);
const shop = `instant-${run}.localhost`;
/** 40 × 30 × 20 mm: 24 cm³, 52 cm², 12 triangles. */
const BOX = binaryStl(box([40, 30, 20]));
let browser: Browser;
/** The customer book, as GET /catalog serves it to the page. */
let book: SellBook;
let ip = 0;

async function visitor(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  // Each visitor its own client IP: guest uploads are rate-limited per IP.
  const context = await browser.newContext({ extraHTTPHeaders: { "cf-connecting-ip": `203.0.113.${++ip}` } });
  const page = await context.newPage();
  return { context, page, errors: watchErrors(page) };
}

const file = (name: string, bytes: Uint8Array) => ({ name, mimeType: "application/octet-stream", buffer: Buffer.from(bytes) });
const drop = (page: Page, ...files: ReturnType<typeof file>[]) => page.getByTestId("part-files").setInputFiles(files);
const part = (page: Page, name: string) => page.getByTestId("part").filter({ has: page.getByRole("heading", { name }) });

/** What the server's calculator (the same engine) charges for the box with the page's first choices. */
const expectedBoxTotal = (quantity: number) => expectedFffTotal(BOX, "box.stl", book, quantity);

/** Chromium logs every 4xx it receives as a console error; the ones a test provokes are expected. */
const unexpected = (errors: string[], ...provoked: number[]) => errors.filter((e) => !provoked.some((s) => e.includes(`status of ${s} `)));

beforeAll(async () => {
  const port = inject("port");
  const created = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
    json: { name: `Instant ${run}`, slug: `instant-${run}`, owner_email: `owner-${run}@e2e.test`, owner_password: "e2e-password-123" },
  });
  expect(created.status).toBe(201);
  const catalog = await hostRequest(port, shop, "GET", "/api/v1/catalog");
  book = catalog.json.data;
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

describe("instant quote", () => {
  it("is linked from the storefront and measures and prices a dropped STL before the server confirms it", async () => {
    const { context, page, errors } = await visitor();
    await page.goto(url(shop, "/"));
    await page.getByRole("link", { name: "Get an instant quote" }).click();
    await page.waitForURL((u) => u.pathname === "/instant");

    await drop(page, file("box.stl", BOX));
    const card = part(page, "box.stl");
    await expect.poll(() => card.getByTestId("fact-volume").textContent()).toBe("24 cm³");
    expect(await card.getByTestId("fact-area").textContent()).toBe("52 cm²");
    expect(await card.getByTestId("fact-bbox").textContent()).toBe("40 × 30 × 20 mm");
    expect(await card.getByTestId("fact-triangles").textContent()).toBe("12");
    expect(await card.getByTestId("fact-watertight").textContent()).toBe("Yes");
    expect(await card.getByTestId("fact-shells").textContent()).toBe("1");
    expect(await card.getByTestId("part-price").textContent()).toBe(await expectedBoxTotal(1));

    // The upload finishes and the server's own analysis agrees.
    await expect.poll(() => card.getByTestId("server-check").textContent(), { timeout: 30_000 }).toBe("✓ Confirmed by the shop's server (24 cm³).");
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  it("measures an STL drawn in inches again when the visitor says so, and the server agrees", async () => {
    const { context, page, errors } = await visitor();
    await page.goto(url(shop, "/instant"));
    await drop(page, file("inch-block.stl", binaryStl(box([4, 2, 1]))));
    const card = part(page, "inch-block.stl");
    await expect.poll(() => card.getByTestId("fact-bbox").textContent()).toBe("4 × 2 × 1 mm");
    expect(await card.getByText("Only 4.0 mm across — drawn in inches?").count()).toBe(1);
    await expect.poll(() => card.getByTestId("server-check").textContent(), { timeout: 30_000 }).toBe("✓ Confirmed by the shop's server (0.01 cm³).");

    await card.getByRole("radio", { name: "inches" }).check();
    await expect.poll(() => card.getByTestId("fact-bbox").textContent()).toBe("102 × 50.8 × 25.4 mm");
    expect(await card.getByText(/drawn in inches\?/).count()).toBe(0);
    // Stored again in inches: the server's analysis of the new upload agrees with the page.
    await expect.poll(() => card.getByTestId("server-check").textContent(), { timeout: 30_000 }).toBe("✓ Confirmed by the shop's server (131 cm³).");
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  it("re-prices a quantity change in the page, with no request to the server", async () => {
    const { context, page, errors } = await visitor();
    await page.goto(url(shop, "/instant"));
    await drop(page, file("box.stl", BOX));
    const card = part(page, "box.stl");
    await card.getByTestId("part-price").waitFor();
    await expect.poll(() => card.getByTestId("server-check").count(), { timeout: 30_000 }).toBe(1); // uploads and polls are over

    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await card.getByLabel("Quantity").fill("25");
    const expected = await expectedBoxTotal(25);
    await expect.poll(() => card.getByTestId("part-price").textContent()).toBe(expected);
    expect(expected).not.toBe(await expectedBoxTotal(1));
    expect(requests).toEqual([]);
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  it("tells a buyer what is wrong with a truncated STL, an unsupported file and a STEP file (details behind a toggle), while a good file beside them still prices", async () => {
    const { context, page, errors } = await visitor();
    await page.goto(url(shop, "/instant"));
    const step = new TextEncoder().encode("ISO-10303-21;\nHEADER;\nENDSEC;\n");
    await drop(
      page,
      file("broken.stl", BOX.subarray(0, 400)),
      file("notes.txt", new TextEncoder().encode("hello, not a part\n")),
      file("bracket.step", step),
      file("box.stl", BOX),
    );

    const broken = part(page, "broken.stl").getByTestId("analysis-error");
    await expect.poll(() => broken.getByTestId("problem-title").textContent()).toBe("The STL file is incomplete or damaged.");
    expect(await broken.getByTestId("problem-next").textContent()).toMatch(/Export the part again as STL or 3MF/);
    // The technical reason is kept, folded away until asked for.
    const detail = broken.getByTestId("problem-detail");
    expect(await detail.textContent()).toBe("binary STL declares 12 triangles (684 bytes) but the file has 400 bytes");
    expect(await detail.isVisible()).toBe(false);
    await broken.getByText("Details").click();
    expect(await detail.isVisible()).toBe(true);

    const notes = part(page, "notes.txt");
    await expect.poll(() => notes.getByTestId("analysis-error").getByTestId("problem-title").textContent()).toBe("This file is not a format we can read.");
    expect(await notes.getByTestId("analysis-error").getByTestId("problem-detail").textContent()).toContain("notes.txt is not STL, OBJ or 3MF");
    await expect
      .poll(() => notes.getByTestId("upload-error").getByTestId("problem-title").textContent(), { timeout: 30_000 })
      .toBe("This file is not a format we can read.");

    // A STEP header with no model: OpenCascade in the browser cannot read it, and nothing is uploaded.
    const bracket = part(page, "bracket.step");
    await expect
      .poll(() => bracket.getByTestId("analysis-error").getByTestId("problem-title").textContent(), { timeout: 30_000 })
      .toBe("This file is not a STEP or IGES file we can read.");
    expect(await bracket.getByTestId("analysis-error").getByTestId("problem-next").textContent()).toMatch(/Export the part again as STEP/);
    expect(await bracket.getByTestId("upload-error").count()).toBe(0);
    expect(await bracket.getByText("Not sent: the file could not be read").count()).toBe(1);

    const box = part(page, "box.stl");
    expect(await box.getByTestId("part-price").textContent()).toBe(await expectedBoxTotal(1));
    // Three guest uploads at once share one guest session, so the good file's model stays visible to its page.
    await expect.poll(() => box.getByTestId("server-check").textContent(), { timeout: 30_000 }).toBe("✓ Confirmed by the shop's server (24 cm³).");
    expect(unexpected(errors, 415)).toEqual([]);
    await context.close();
  });

  it("saves a guest quote and lands on it with a number and the server's price", async () => {
    const { context, page, errors } = await visitor();
    await page.goto(url(shop, "/instant"));
    await drop(page, file("box.stl", BOX));
    const card = part(page, "box.stl");
    await card.getByLabel("Quantity").fill("3");
    const preview = await expectedBoxTotal(3);
    await expect.poll(() => card.getByTestId("part-price").textContent()).toBe(preview);

    await page.getByLabel("Your e-mail").fill(`guest-${run}@e2e.test`);
    const save = page.getByRole("button", { name: "Save as quote" });
    await expect.poll(() => save.isEnabled(), { timeout: 30_000 }).toBe(true);
    await save.click();

    await page.waitForURL((u) => /^\/quotes\/[0-9a-f-]{36}$/.test(u.pathname));
    expect(await page.getByTestId("quote-number").textContent()).toMatch(/^Q-\d{4}-\d{4}$/);
    // The coordinator prices it and pushes the status; the page follows.
    await expect.poll(() => page.getByTestId("quote-status").textContent(), { timeout: 30_000 }).toBe("Priced");
    expect(await page.getByTestId("item-total").textContent()).toBe(preview);
    expect(await page.getByTestId("price-differs").count()).toBe(0);
    expect(await page.getByTestId("quote-total").textContent()).toMatch(/^€/);
    expect(await page.getByRole("link", { name: "Download PDF" }).getAttribute("href")).toMatch(/\/api\/v1\/quotes\/.+\/pdf$/);
    expect(await page.getByRole("button", { name: "Accept quote" }).isEnabled()).toBe(true);
    // After a reload the tab has no analysis cached: the page downloads the stored file and draws it again.
    await page.reload();
    await page.locator("canvas.viewer-canvas").first().waitFor({ timeout: 30_000 });
    expect(await page.getByText("No 3D preview for this part.").count()).toBe(0);

    // A part dropped later joins that open quote rather than starting another, and no e-mail is asked again.
    const quotePath = new URL(page.url()).pathname;
    const number = await page.getByTestId("quote-number").textContent();
    await page.goto(url(shop, "/instant"));
    await drop(page, file("lid.stl", binaryStl(box([40, 30, 5]))));
    const join = page.getByRole("radio", { name: `Add to my open quote ${number}` });
    await join.waitFor();
    expect(await join.isChecked()).toBe(true);
    expect(await page.getByLabel("Your e-mail").count()).toBe(0);
    const add = page.getByRole("button", { name: `Add to ${number}` });
    await expect.poll(() => add.isEnabled(), { timeout: 30_000 }).toBe(true);
    await add.click();
    await page.waitForURL((u) => u.pathname === quotePath);
    await expect.poll(() => page.getByTestId("quote-item").count(), { timeout: 30_000 }).toBe(2);
    await expect.poll(() => page.getByTestId("quote-status").textContent(), { timeout: 30_000 }).toBe("Priced");
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  it("a part too large for any FFF printer gets no price, lead time or server tick, says how to fix it, and goes to the shop as a manual quote", async () => {
    const { context, page, errors } = await visitor();
    await page.goto(url(shop, "/instant"));
    // 1,095 mm long: larger than every printer in the shop.
    await drop(page, file("beam.stl", binaryStl(box([1095, 60, 40]))));
    const card = part(page, "beam.stl");
    const blocked = card.getByTestId("blocked");
    await blocked.waitFor({ timeout: 30_000 });
    expect(await blocked.textContent()).toContain("No price yet");
    const mustFix = card.locator(".dfm-error");
    expect(await mustFix.textContent()).toMatch(/does not fit any FFF printer.*How to fix: Split the part/);
    expect(await card.getByTestId("part-price").count()).toBe(0);
    expect(await card.getByText(/Ships in/).count()).toBe(0);
    expect(await card.getByText("No manufacturability problems found.").count()).toBe(0);
    // The upload is checked by the server, but nothing is "confirmed" for a part that cannot be made.
    await expect.poll(() => card.getByText("Uploaded and checked").count(), { timeout: 30_000 }).toBe(1);
    expect(await card.getByTestId("server-check").count()).toBe(0);
    expect(await page.getByTestId("quote-estimate").count()).toBe(0);

    await card.getByTestId("request-manual-quote").click();
    await page.getByLabel("Your e-mail").fill(`manual-${run}@e2e.test`);
    const request = page.getByRole("button", { name: "Request a manual quote" });
    await expect.poll(() => request.isEnabled(), { timeout: 30_000 }).toBe(true);
    await request.click();

    await page.waitForURL((u) => /^\/quotes\/[0-9a-f-]{36}$/.test(u.pathname));
    await expect.poll(() => page.getByTestId("quote-status").textContent(), { timeout: 30_000 }).toBe("Priced");
    const item = page.getByTestId("quote-item");
    await item.getByTestId("manual-quote-requested").waitFor();
    expect(await item.getByTestId("item-total").count()).toBe(0);
    expect(await item.getByText(/Ships in/).count()).toBe(0);
    expect(await page.getByTestId("quote-total").count()).toBe(0);
    expect(await page.getByTestId("quote-blocked").textContent()).toContain("1 item cannot be made as designed");
    expect(await page.getByText("No manufacturability problems found.").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Accept quote" }).count()).toBe(0);
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });
});
