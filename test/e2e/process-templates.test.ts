import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { launch, signIn, url } from "./browser.ts";

/*
 * A shop that started with FFF printing adds laser cutting later from the
 * Getting started page: the template lands in a draft of the price book that
 * says what it adds and keeps, and the owner publishes it as usual.
 */

const run = Math.random().toString(36).slice(2, 8);
const slug = `e2e-tpl-add-${run}`;
const host = `${slug}.localhost`;
const owner = { email: `owner@${slug}.test`, name: "Pat Printer", password: "e2e-password-123" };
let browser: Browser;

const catalogue = async () =>
  (await hostRequest(inject("port"), host, "GET", "/api/v1/catalog")).json.data as {
    processes: Record<string, { machines: { name: string }[] }>;
    materials: { code: string; price: unknown }[];
  };

beforeAll(async () => {
  const created = await hostRequest(inject("port"), "localhost", "POST", "/api/v1/tenants", {
    json: { name: "Pat's Prints", slug, owner_email: owner.email, owner_password: owner.password, owner_name: owner.name, processes: ["fff"] },
    headers: { "cf-connecting-ip": "203.0.113.120" },
  });
  expect(created.status, created.text).toBe(201);
  browser = await launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe("process templates from the start page", () => {
  it("adds laser cutting to an FFF shop's draft, shows what is added and kept, and publishes it; applying FFF again adds nothing", async () => {
    const before = await catalogue();
    expect(Object.keys(before.processes)).toEqual(["fff"]);
    const { context, page, errors } = await signIn(browser, host, owner, "203.0.113.121");
    await page.goto(url(host, "/admin/start"));
    expect(await page.getByTestId("process-laser").textContent()).toContain("Laser cutting: not offered yet");
    await page.getByTestId("process-laser").getByRole("link", { name: "Add Laser cutting" }).click();

    const notice = page.getByTestId("template-notice");
    await notice.waitFor();
    expect(await notice.textContent()).toContain("Laser cutting is added to this draft.");
    expect(await page.getByTestId("template-machines").locator("td").allTextContents()).toEqual(["Fibre laser cutter (3 kW)", "—"]);
    expect(await page.getByTestId("template-materials").locator("td").first().textContent()).toMatch(/S235/);
    // Nothing is published yet.
    expect(Object.keys((await catalogue()).processes)).toEqual(["fff"]);

    await page.getByRole("button", { name: "Publish new version" }).click();
    await page.waitForURL((u) => u.pathname === "/admin/catalog" && u.searchParams.get("published") === "2");
    const after = await catalogue();
    expect(Object.keys(after.processes).sort()).toEqual(["fff", "laser"]);
    expect(after.processes.laser.machines.map((m) => m.name)).toEqual(["Fibre laser cutter (3 kW)"]);
    // The shop's FFF entries came through the form unchanged.
    expect(after.processes.fff).toEqual(before.processes.fff);
    expect(after.materials.slice(0, before.materials.length)).toEqual(before.materials);

    await page.goto(url(host, "/admin/start"));
    expect(await page.getByTestId("process-laser").textContent()).toContain("Laser cutting: offered");
    await page.getByTestId("process-fff").getByRole("link", { name: "Apply the 3D printing (FFF) template again" }).click();
    await notice.waitFor();
    expect(await notice.textContent()).toContain("Your book already has everything in it; nothing was added.");
    expect(await page.getByTestId("template-machines").locator("td").allTextContents()).toEqual(["—", "FFF printer (MK4S class)"]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
