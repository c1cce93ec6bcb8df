import { describe, expect, it } from "vitest";
import { CloudflareHostnames } from "../../../worker/domains/cloudflare.ts";
import { ProviderError } from "../../../worker/domains/provider.ts";
import createPending from "./recorded/create-pending.json";
import createDuplicate from "./recorded/create-duplicate.json";
import getActive from "./recorded/get-active.json";
import getBlocked from "./recorded/get-blocked.json";
import getCertificatePending from "./recorded/get-certificate-pending.json";

const config = { token: "cf-test-token", zoneId: "023e105f4ecef8ad9ca31a8372d0c353", target: "shops.fabquote.app" };

/** A fetch that answers one recorded body and remembers the request it was given. */
function replay(body: unknown, status = 200) {
  const seen: { url: string; method: string; headers: Headers; body: unknown }[] = [];
  const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push({
      url: String(input),
      method: init?.method ?? "GET",
      headers: new Headers(init?.headers),
      body: init?.body ? JSON.parse(String(init.body)) : null,
    });
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  }) as typeof fetch;
  return { fetcher, seen };
}

describe("Cloudflare for SaaS custom hostnames (recorded answers)", () => {
  it("creates with TXT validation and shows the CNAME, the ownership TXT and the certificate TXT", async () => {
    const { fetcher, seen } = replay(createPending);
    const created = await new CloudflareHostnames(config, fetcher).create("quotes.acme-fab.com");
    expect(seen).toEqual([
      {
        url: "https://api.cloudflare.com/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/custom_hostnames",
        method: "POST",
        headers: expect.any(Headers),
        body: { hostname: "quotes.acme-fab.com", ssl: { method: "txt", type: "dv" } },
      },
    ]);
    expect(seen[0].headers.get("authorization")).toBe("Bearer cf-test-token");
    expect(created).toEqual({
      ref: "3537a672-e4d8-4d89-aab9-26cb622918a1",
      status: "pending",
      problem: "custom hostname does not CNAME to this zone.",
      dns_records: [
        { type: "CNAME", name: "quotes.acme-fab.com", value: "shops.fabquote.app" },
        { type: "TXT", name: "_cf-custom-hostname.quotes.acme-fab.com", value: "0e2d5a7f-1548-4f27-8c05-b577cb14f4ec" },
        { type: "TXT", name: "_acme-challenge.quotes.acme-fab.com", value: "810b7d5f01154524b961ba0cd578acc2" },
      ],
    });
  });

  it("is active only when both the hostname and its certificate are", async () => {
    const active = await new CloudflareHostnames(config, replay(getActive).fetcher).check("3537a672-e4d8-4d89-aab9-26cb622918a1");
    expect(active).toMatchObject({ status: "active", problem: null });
    const issuing = await new CloudflareHostnames(config, replay(getCertificatePending).fetcher).check("3537a672-e4d8-4d89-aab9-26cb622918a1");
    expect(issuing).toMatchObject({ status: "pending", problem: "The certificate is being issued (pending deployment)." });
  });

  it("reports a blocked hostname as failed, with Cloudflare's reason", async () => {
    const blocked = await new CloudflareHostnames(config, replay(getBlocked).fetcher).check("3537a672-e4d8-4d89-aab9-26cb622918a1");
    expect(blocked).toMatchObject({ status: "failed", problem: "The hostname is blocked by Cloudflare." });
  });

  it("turns a refusal or an unreachable API into a ProviderError naming the reason", async () => {
    const duplicate = new CloudflareHostnames(config, replay(createDuplicate, 409).fetcher).create("quotes.acme-fab.com");
    await expect(duplicate).rejects.toThrow(ProviderError);
    await expect(duplicate).rejects.toThrow("Duplicate custom hostname found. (1406)");
    const down = new CloudflareHostnames(config, (async () => {
      throw new TypeError("network connection lost");
    }) as typeof fetch).remove("3537a672-e4d8-4d89-aab9-26cb622918a1");
    await expect(down).rejects.toThrow("Cloudflare could not be reached: network connection lost");
  });
});
