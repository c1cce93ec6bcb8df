import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { standardHeaders } from "../../worker/webhooks/standard-signature.ts";
import { launch, url, watchErrors } from "./browser.ts";

/*
 * A partner's sales hub asks for portal access for its customer; the shop's
 * outbound webhook carries the invitation; the customer opens the link in
 * Chromium, chooses a password and is signed in. Everything real but the
 * partner, played by a local HTTP server (allowed in development only).
 */

const run = Math.random().toString(36).slice(2, 8);
const PASSWORD = "e2e-password-123";
const slug = `e2e-invite-${run}`;
const host = `${slug}.localhost`;
const headers = { "cf-connecting-ip": "203.0.113.95" };
let browser: Browser;
let partner: Server;
const received: { type: string; data: Record<string, unknown> }[] = [];

beforeAll(async () => {
  partner = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => partner.listen(0, "127.0.0.1", resolve));
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => partner?.close(resolve));
});

describe("a partner's invitation", () => {
  it("reaches the partner's endpoint and lets the customer set a password and sign in from the link", async () => {
    const port = inject("port");
    const owner = { email: `owner@${slug}.test`, password: PASSWORD };
    expect(
      (
        await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
          json: { name: "E2E Invites", slug, owner_email: owner.email, owner_password: PASSWORD },
          headers,
        })
      ).status,
    ).toBe(201);
    const login = await hostRequest(port, host, "POST", "/api/v1/auth/login", { json: owner, headers });
    const cookie = String(login.headers["set-cookie"]).split(";")[0];
    const source = await hostRequest(port, host, "POST", "/api/v1/webhooks/sources", { json: { name: "mcp-sales" }, headers: { ...headers, cookie } });
    expect(source.status, source.text).toBe(201);
    const endpoint = await hostRequest(port, host, "POST", "/api/v1/webhooks/endpoints", {
      json: { url: `http://127.0.0.1:${(partner.address() as AddressInfo).port}/hooks`, event_types: ["customer.portal_access_granted"] },
      headers: { ...headers, cookie },
    });
    expect(endpoint.status, endpoint.text).toBe(201);

    const body = JSON.stringify({
      type: "customer.portal_access_requested",
      data: { customer_id: "CUST-77", email: `bea@${slug}.test`, name: "Bea Invited", customer_name: "Acme Fenster" },
    });
    const signed = await standardHeaders(source.json.data.secret, `msg_${run}`, Math.floor(Date.now() / 1000), body);
    const sent = await hostRequest(port, host, "POST", "/webhooks/mcp-sales", {
      body: Buffer.from(body),
      headers: { ...headers, ...signed, "content-type": "application/json" },
    });
    expect(sent.status, sent.text).toBe(202);

    const deadline = Date.now() + 30_000;
    while (!received.some((e) => e.type === "customer.portal_access_granted") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const granted = received.find((e) => e.type === "customer.portal_access_granted");
    const invitation = granted?.data.invitation as { page_path: string } | undefined;
    expect(invitation?.page_path).toMatch(/^\/welcome#token=/);

    const context = await browser.newContext({ extraHTTPHeaders: { "cf-connecting-ip": "198.51.100.95" } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(url(host, invitation!.page_path));
    await page.getByRole("heading", { name: "Welcome to E2E Invites" }).waitFor();
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Set password and sign in" }).click();
    await page.waitForURL((u) => u.pathname === "/quotes");
    await page.getByRole("banner").getByText("Bea Invited").waitFor();
    expect(errors).toEqual([]);

    // The link works once: opened again, the token is refused with the reason.
    await page.goto(url(host, invitation!.page_path));
    await page.getByLabel("Password").fill("another-password-456");
    await page.getByRole("button", { name: "Set password and sign in" }).click();
    await page.getByText("This invitation link has been used already. Sign in with your e-mail and password.").waitFor();
    expect(new URL(page.url()).pathname).toBe("/welcome");
    await context.close();
  });
});
