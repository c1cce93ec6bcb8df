import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { launch, signIn, url } from "./browser.ts";

/*
 * A customer writes to the shop on their project's page (on a phone), with a
 * PDF attached; a text file is refused in words. The shop's owner finds the
 * thread in the inbox with one unread message, opens it, downloads the PDF
 * and answers; the inbox then has nothing unread, and the customer sees the
 * answer.
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-messages-${run}`;
const host = `${slug}.localhost`;
const headers = { "cf-connecting-ip": "203.0.113.71" };
const PHONE = { width: 390, height: 844 };
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("messages", () => {
  it("a customer posts with a PDF; the shop sees it in the inbox, unread, and answers", async () => {
    const port = inject("port");
    const owner = { email: `owner@${slug}.test`, name: "Olga Owner", password: PASSWORD };
    const created = await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
      json: { name: "E2E Messages", slug, owner_email: owner.email, owner_password: PASSWORD, owner_name: owner.name },
      headers,
    });
    expect(created.status, created.text).toBe(201);
    const customer = { email: `ada@${slug}.test`, name: "Ada Buyer", password: PASSWORD };
    const registered = await hostRequest(port, host, "POST", "/api/v1/auth/register", {
      json: { email: customer.email, password: PASSWORD, name: customer.name, company: "Acme Fenster" },
      headers,
    });
    expect(registered.status, registered.text).toBe(202);

    // The customer writes on the project's page, on a phone.
    const { context: buyerContext, page: buyer, errors: buyerErrors } = await signIn(browser, host, customer, "198.51.100.71");
    await buyer.setViewportSize(PHONE);
    const login = await hostRequest(port, host, "POST", "/api/v1/auth/login", { json: { email: customer.email, password: PASSWORD }, headers });
    expect(login.status, login.text).toBe(200);
    const opened = await hostRequest(port, host, "POST", "/api/v1/projects", {
      json: { name: "Riverside" },
      headers: { ...headers, cookie: String(login.headers["set-cookie"]).split(";")[0] },
    });
    expect(opened.status, opened.text).toBe(201);
    const project = opened.json.data as { id: string; number: string };
    await buyer.goto(url(host, `/projects/${project.id}`));
    const thread = buyer.getByTestId("message-thread");
    await thread.getByText("No messages yet.").waitFor();

    // A text file is refused, in words, and the message typed is kept.
    await thread.getByLabel("Your message").fill("Here are our notes.");
    await thread.getByLabel(/Attach an image or PDF/).setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("plain notes") });
    await thread.getByRole("button", { name: "Send message" }).click();
    await expect.poll(() => buyer.getByTestId("message-error").textContent()).toContain("only images (PNG, JPEG, WebP) and PDF documents");
    expect(await thread.getByLabel("Your message").inputValue()).toBe("Here are our notes.");

    await thread.getByLabel("Your message").fill("Can the sill be lowered by 20 mm? Sketch attached.");
    await thread.getByLabel(/Attach an image or PDF/).setInputFiles({ name: "sill-sketch.pdf", mimeType: "application/pdf", buffer: PDF });
    await thread.getByRole("button", { name: "Send message" }).click();
    await thread.getByTestId("message").getByText("Can the sill be lowered by 20 mm? Sketch attached.").waitFor();
    await thread.getByTestId("message-attachment").getByText("sill-sketch.pdf").waitFor();
    expect(await buyer.getByTestId("message-error").count()).toBe(0);
    expect(await buyer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    // The refused text file's form post answered 415, as it should; nothing else went wrong.
    expect(buyerErrors.filter((e) => !e.includes("status of 415"))).toEqual([]);

    // The shop's owner: the inbox has the thread with one unread message.
    const { context: shopContext, page: shop, errors: shopErrors } = await signIn(browser, host, owner, "198.51.100.72");
    await shop.setViewportSize(PHONE);
    await shop.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Messages" }).click();
    await shop.getByRole("heading", { name: "Messages", level: 1 }).waitFor();
    const entry = shop.getByTestId("inbox-thread").filter({ hasText: project.number });
    await entry.getByText("Ada Buyer: Can the sill be lowered").waitFor();
    expect(await entry.getByTestId("unread-count").textContent()).toBe("1 unread");
    expect(await shop.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    // Opening it shows the message and its file, which downloads as the PDF sent.
    await entry.getByRole("link").click();
    const shopThread = shop.getByTestId("message-thread");
    await shopThread.getByText("Can the sill be lowered by 20 mm? Sketch attached.").waitFor();
    const href = (await shopThread.getByTestId("message-attachment").getAttribute("href"))!;
    const download = await shop.evaluate(async (path) => {
      const res = await fetch(path);
      return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
    }, href);
    expect(download).toEqual({ status: 200, type: "application/pdf", text: PDF.toString() });

    await shopThread.getByLabel("Your message").fill("Yes, 20 mm is fine. A revised drawing follows.");
    await shopThread.getByRole("button", { name: "Send message" }).click();
    await shopThread.getByText("Yes, 20 mm is fine. A revised drawing follows.").waitFor();
    await shop.goto(url(host, "/inbox"));
    await entry.getByText("Olga Owner (shop): Yes, 20 mm is fine.").waitFor();
    expect(await entry.getByTestId("unread-count").count()).toBe(0);
    expect(shopErrors).toEqual([]);

    // The customer sees the answer; it is unread in their inbox until they open the thread.
    await buyer.goto(url(host, "/inbox"));
    const mine = buyer.getByTestId("inbox-thread").filter({ hasText: project.number });
    expect(await mine.getByTestId("unread-count").textContent()).toBe("1 unread");
    await mine.getByRole("link").click();
    await buyer.getByTestId("message-thread").getByText("Yes, 20 mm is fine. A revised drawing follows.").waitFor();
    expect(buyerErrors.filter((e) => !e.includes("status of 415"))).toHaveLength(0);
    await Promise.all([buyerContext.close(), shopContext.close()]);
  });
});
