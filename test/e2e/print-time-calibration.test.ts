import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { scratch } from "../unit/mesh/exporters.ts";
import { slicedParts } from "../unit/pricing/sliced-parts.ts";
import { launch, url, watchErrors } from "./browser.ts";

/*
 * The owner calibrates the FFF printer's print times on the catalogue page with
 * parts modelled in OpenSCAD and sliced by Debian's PrusaSlicer, reads the fit's
 * error per part, and publishes the calibration as a new price-book version.
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-calib-${run}`;
const host = `${slug}.localhost`;
const owner = { email: `owner@${slug}.test`, name: "Cal Ibrate" };
const PARTS = ["block-20", "slab-60", "thin-cup", "pins-16", "blocks-4"];

let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
const files = { parts: [] as string[], gcode: [] as string[] };

beforeAll(async () => {
  const created = await hostRequest(inject("port"), "localhost", "POST", "/api/v1/tenants", {
    json: { name: "E2E Calibration Prints", slug, owner_email: owner.email, owner_password: PASSWORD, owner_name: owner.name },
    headers: { "cf-connecting-ip": "203.0.113.78" },
  });
  expect(created.status, created.text).toBe(201);

  const dir = scratch();
  for (const p of await slicedParts(PARTS)) {
    files.parts.push(join(dir, `${p.name}.stl`));
    files.gcode.push(join(dir, `${p.name}.gcode`));
    writeFileSync(files.parts.at(-1)!, p.stl);
    writeFileSync(files.gcode.at(-1)!, p.gcode);
  }

  browser = await launch();
  context = await browser.newContext({ extraHTTPHeaders: { "cf-connecting-ip": "198.51.100.178" } });
  page = await context.newPage();
  errors = watchErrors(page);
  await page.goto(url(host, "/login"));
  await page.getByLabel("E-mail").fill(owner.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("banner").getByText(owner.name).waitFor();
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe("print-time calibration in the catalogue admin", () => {
  it("fits the printer to PrusaSlicer's G-code, shows the error before and after per part, and publishes it as a new version", async () => {
    await page.goto(url(host, "/admin/catalog"));
    const panel = page.getByRole("region", { name: "Calibrate FFF print times from your slicer" });
    await panel.waitFor();
    await panel.getByLabel("Printer").selectOption("prusa-mk4s");
    await panel.getByLabel("Parts (STL, OBJ or 3MF)").setInputFiles(files.parts);
    // The G-code in reverse order: paired with its part by name.
    await panel.getByLabel("Their G-code").setInputFiles([...files.gcode].reverse());
    await panel.getByRole("button", { name: "Fit print times" }).click();

    const table = page.getByRole("table", { name: "Fitted for Prusa MK4S" });
    await table.or(panel.locator(".alert-error")).waitFor({ timeout: 30_000 });
    expect(await panel.locator(".alert-error").count(), `${await panel.textContent()} ${errors.join(" ")}`).toBe(0);
    const rows = table.getByRole("row");
    expect(await rows.count()).toBe(PARTS.length + 1);
    for (const name of PARTS) expect(await table.getByRole("row", { name: new RegExp(`^${name}\\.stl \\(${name}\\.gcode\\)`) }).count()).toBe(1);
    const facts = await page.locator(".calibration-result .facts").textContent();
    expect(facts).toMatch(/Error now \(version 1\)\d/);
    expect(facts).toContain("Error after calibrating");
    expect(facts).toContain("Expected on new parts");
    expect(facts).toContain("Minimum layer time5 s");

    // The draft below carries the calibration; publishing makes version 2 with it.
    await page.getByText("The print-time calibration for Prusa MK4S is filled in below").waitFor();
    const draft = JSON.parse(await page.getByLabel("Price book (JSON)").inputValue());
    const calibration = draft.processes.fff.machines.find((m: { code: string }) => m.code === "prusa-mk4s").time_calibration;
    expect(calibration.perimeter_flow_mm3_s).toBeGreaterThan(0);
    expect(calibration.fit_report.samples).toBe(PARTS.length);
    // PrusaSlicer's minimum layer time, read from the G-code, goes onto the printer with it.
    expect(draft.processes.fff.machines.find((m: { code: string }) => m.code === "prusa-mk4s").min_layer_time_s).toBe(5);
    await page.getByRole("textbox", { name: "Note (optional)", exact: true }).fill("Print times from PrusaSlicer");
    await page.getByRole("button", { name: "Publish new version" }).click();
    await page.getByText("Published version 2").waitFor();

    const catalog = await hostRequest(inject("port"), host, "GET", "/api/v1/catalog");
    const machine = JSON.parse(catalog.text).data.processes.fff.machines.find((m: { code: string }) => m.code === "prusa-mk4s");
    const { fit_report: _report, ...numbers } = calibration;
    expect(machine.time_calibration).toEqual(numbers);
    expect(errors.splice(0)).toEqual([]);
  });
});
