import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Client, createTenant, data, expectError, PASSWORD, registerCustomer } from "./helpers.ts";
import worker from "../../worker/index.ts";
import type { Env } from "../../worker/env.ts";
import { openDb } from "../../worker/db/client.ts";
import { recheckPendingDomains, SCHEDULED_RECHECKS } from "../../worker/domains/recheck.ts";
import { ProviderError, type HostnameProvider } from "../../worker/domains/provider.ts";
import getActive from "../unit/domains/recorded/get-active.json";
import getCertificatePending from "../unit/domains/recorded/get-certificate-pending.json";

type Domain = { id: string; hostname: string; status: string; dns_records: { type: string; name: string; value: string }[]; problem: string | null };

/** Lets the next GET ask the provider again at once (it waits 15 s between checks of one hostname). */
const dueForCheck = (id: string) => env.DB.prepare("update tenant_domains set checked_at = 0 where id = ?").bind(id).run();

describe("custom hostnames (POST/GET/DELETE /api/v1/tenant/domains)", () => {
  it("answers the DNS records to create, serves the storefront only once verified, and stops when removed", async () => {
    const t = await createTenant();
    const hostname = `quotes.${t.slug}.example`;
    const added = await data<Domain>(t.owner.post("/api/v1/tenant/domains", { hostname: `https://Quotes.${t.slug}.example/` }), 201);
    expect(added).toMatchObject({ hostname, status: "pending", problem: expect.any(String) });
    expect(added.dns_records).toEqual([
      { type: "CNAME", name: hostname, value: "shops.localhost" },
      { type: "TXT", name: `_cf-custom-hostname.${hostname}`, value: expect.any(String) },
    ]);
    // Pending: nobody is served on it yet.
    const visitor = new Client(hostname);
    await expectError(visitor.get("/api/v1/catalog"), 404, "NOT_FOUND");

    // Checked again (the local provider verifies on its first check): active, and the shop answers on it.
    await dueForCheck(added.id);
    const [listed] = await data<Domain[]>(t.owner.get("/api/v1/tenant/domains"));
    expect(listed).toMatchObject({ id: added.id, status: "active", problem: null });
    await data(visitor.post("/api/v1/auth/login", { email: t.ownerEmail, password: PASSWORD }));
    expect((await data<{ tenant: { slug: string } }>(visitor.get("/api/v1/me"))).tenant.slug).toBe(t.slug);

    expect(await data<Domain>(t.owner.delete(`/api/v1/tenant/domains/${added.id}`))).toMatchObject({ hostname });
    await expectError(new Client(hostname).get("/api/v1/catalog"), 404, "NOT_FOUND");
    expect(await data<Domain[]>(t.owner.get("/api/v1/tenant/domains"))).toEqual([]);
  });

  it("refuses a hostname another shop holds, the platform's own, one already added and one that is not a hostname", async () => {
    const [a, b] = await Promise.all([createTenant(), createTenant()]);
    const hostname = `shop.${a.slug}.example`;
    await data(a.owner.post("/api/v1/tenant/domains", { hostname }), 201);
    await expectError(b.owner.post("/api/v1/tenant/domains", { hostname }), 409, "CONFLICT", "hostname");
    await expectError(a.owner.post("/api/v1/tenant/domains", { hostname: hostname.toUpperCase() }), 409, "CONFLICT", "hostname");
    await expectError(b.owner.post("/api/v1/tenant/domains", { hostname: "localhost" }), 422, "UNPROCESSABLE_ENTITY", "hostname");
    await expectError(b.owner.post("/api/v1/tenant/domains", { hostname: `${a.slug}.localhost` }), 409, "CONFLICT", "hostname");
    await expectError(b.owner.post("/api/v1/tenant/domains", { hostname: "203.0.113.9" }), 422, "UNPROCESSABLE_ENTITY", "hostname");
    await expectError(b.owner.post("/api/v1/tenant/domains", { hostname: "shop.example.com:8443" }), 422, "UNPROCESSABLE_ENTITY", "hostname");
    // Nothing was stored for the refusals.
    expect(await data<Domain[]>(b.owner.get("/api/v1/tenant/domains"))).toEqual([]);
  });

  it("lets a claim nobody verified within a week give way to the shop that asks next", async () => {
    const [a, b] = await Promise.all([createTenant(), createTenant()]);
    const hostname = `stale.${a.slug}.example`;
    const squatted = await data<Domain>(a.owner.post("/api/v1/tenant/domains", { hostname }), 201);
    await env.DB.prepare("update tenant_domains set created_at = ? where id = ?")
      .bind(Date.now() - 8 * 24 * 3600 * 1000, squatted.id)
      .run();
    expect(await data<Domain>(b.owner.post("/api/v1/tenant/domains", { hostname }), 201)).toMatchObject({ hostname, status: "pending" });
    expect(await data<Domain[]>(a.owner.get("/api/v1/tenant/domains"))).toEqual([]);
  });

  it("is the owner's and admins' (a customer is refused), and another shop's id is a 404", async () => {
    const [a, b] = await Promise.all([createTenant(), createTenant()]);
    const added = await data<Domain>(a.owner.post("/api/v1/tenant/domains", { hostname: `x.${a.slug}.example` }), 201);
    const { client: customer } = await registerCustomer(a.host);
    await expectError(customer.get("/api/v1/tenant/domains"), 403, "FORBIDDEN");
    await expectError(customer.post("/api/v1/tenant/domains", { hostname: `y.${a.slug}.example` }), 403, "FORBIDDEN");
    await expectError(b.owner.delete(`/api/v1/tenant/domains/${added.id}`), 404, "NOT_FOUND");
    expect(await data<Domain[]>(a.owner.get("/api/v1/tenant/domains"))).toHaveLength(1);
  });
});

/** A pending hostname row as the API writes it (hostnames are on the control plane, `env.DB`). */
const pendingRow = (tenantId: string, hostname: string, ref: string, checkedAt: number) =>
  env.DB.prepare(
    "insert into tenant_domains (hostname, tenant_id, id, status, provider_ref, dns_records, problem, checked_at, created_at) values (?, ?, ?, 'pending', ?, '[]', 'not yet', ?, ?)",
  )
    .bind(hostname, tenantId, crypto.randomUUID(), ref, checkedAt, checkedAt)
    .run();
const rowOf = (hostname: string) =>
  env.DB.prepare("select status, problem, checked_at, verified_at from tenant_domains where hostname = ?")
    .bind(hostname)
    .first<{ status: string; problem: string | null; checked_at: number; verified_at: number | null }>();

describe("the scheduled re-check of pending custom hostnames", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("makes a pending hostname active once Cloudflare says so, without the shop opening the domains page (recorded answers)", async () => {
    const t = await createTenant();
    const hostname = "quotes.acme-fab.com";
    const ref = "3537a672-e4d8-4d89-aab9-26cb622918a1";
    await pendingRow(t.id, hostname, ref, Date.now() - 3600_000);
    // Cloudflare's API answers from the recordings; every other request goes where it was going.
    const cloudflare: string[] = [];
    let answer: unknown = getCertificatePending;
    const passThrough = globalThis.fetch;
    vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      if (!url.startsWith("https://api.cloudflare.com/")) return passThrough(input, init);
      cloudflare.push(`${init?.method ?? "GET"} ${url} ${new Headers(init?.headers).get("authorization")}`);
      return Response.json(answer);
    });
    const cfEnv = { ...(env as unknown as Env), CF_API_TOKEN: "cf-test-token", CF_ZONE_ID: "023e105f4ecef8ad9ca31a8372d0c353" };

    // The certificate is still being issued: pending, with Cloudflare's reason, and not served.
    await worker.scheduled(createScheduledController(), cfEnv);
    // (Earlier tests' pending hostnames, if due by now, are asked about too: only this one's call is pinned.)
    const call = `GET https://api.cloudflare.com/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/custom_hostnames/${ref} Bearer cf-test-token`;
    expect(cloudflare.filter((c) => c === call)).toHaveLength(1);
    const issuing = await rowOf(hostname);
    expect(issuing).toMatchObject({ status: "pending", problem: "The certificate is being issued (pending deployment).", verified_at: null });
    expect(issuing!.checked_at).toBeGreaterThan(Date.now() - 60_000);
    await expectError(new Client(hostname).get("/api/v1/catalog"), 404, "NOT_FOUND");

    // Checked again on a later run: active and served.
    await env.DB.prepare("update tenant_domains set checked_at = 0 where hostname = ?").bind(hostname).run();
    answer = getActive;
    await worker.scheduled(createScheduledController(), cfEnv);
    expect(await rowOf(hostname)).toMatchObject({ status: "active", problem: null, verified_at: expect.any(Number) });
    expect((await new Client(hostname).get("/api/v1/catalog")).status).toBe(200);
    expect(cloudflare.filter((c) => c === call)).toHaveLength(2);
  });

  it("asks about a bounded batch per run, the longest unchecked first, and leaves a hostname the provider could not answer as it was", async () => {
    const t = await createTenant();
    const names = Array.from({ length: SCHEDULED_RECHECKS + 3 }, (_, i) => `h${String(i).padStart(2, "0")}.${t.slug}.example`);
    for (const [i, name] of names.entries()) await pendingRow(t.id, name, `ref:${name}`, 1000 + i);
    const recent = `recent.${t.slug}.example`;
    await pendingRow(t.id, recent, `ref:${recent}`, Date.now());
    const asked: string[] = [];
    const provider: HostnameProvider = {
      create: () => Promise.reject(new Error("not used")),
      remove: () => Promise.reject(new Error("not used")),
      async check(ref) {
        asked.push(ref);
        if (ref === `ref:${names[0]}`) throw new ProviderError("Cloudflare could not be reached");
        return { ref, status: "active", dns_records: [], problem: null };
      },
    };
    await recheckPendingDomains(env as unknown as Env, openDb(env.DB), Date.now(), provider);
    expect(asked.sort()).toEqual(names.slice(0, SCHEDULED_RECHECKS).map((n) => `ref:${n}`));
    expect(await rowOf(names[0])).toMatchObject({ status: "pending", problem: "not yet", checked_at: 1000 });
    expect(await rowOf(names[1])).toMatchObject({ status: "active", verified_at: expect.any(Number) });
    for (const name of [...names.slice(SCHEDULED_RECHECKS), recent]) expect((await rowOf(name))!.status).toBe("pending");
  });
});
