import { env } from "cloudflare:workers";
import { PDFDocument, PDFName, PDFRawStream } from "pdf-lib";
import { describe, expect, it, vi } from "vitest";
import { binaryStl, boxTriangles, tinyPng } from "./fixtures.ts";
import { Client, createTenant, data, expectError, registerCustomer } from "./helpers.ts";

type Branding = { primary_color: string; logo_url: string | null };

const putLogo = (client: Client, body: Uint8Array<ArrayBuffer> | string, type = "image/png") =>
  client.fetch("/api/v1/tenant/branding/logo", { method: "PUT", body, headers: { "content-type": type } });

describe("the shop's colour and logo (/api/v1/tenant/branding)", () => {
  it("sets the colour and a PNG logo, which the storefront serves to anyone and removes again", async () => {
    const t = await createTenant();
    expect(await data<Branding>(t.owner.fetch("/api/v1/tenant/branding", { method: "PATCH", json: { primary_color: "#0F766E" } }))).toEqual({
      primary_color: "#0f766e",
      logo_url: null,
    });
    const logo = tinyPng(8);
    const set = await data<Branding>(putLogo(t.owner, logo));
    expect(set.logo_url).toMatch(/^\/api\/v1\/logo\/[0-9a-f]{64}$/);
    const served = await new Client(t.host).get(set.logo_url!);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(logo);
    // The storefront's page context carries it (what the header draws).
    expect((await data<{ tenant: { primary_color: string } }>(t.owner.get("/api/v1/me"))).tenant.primary_color).toBe("#0f766e");

    // A replaced logo's old address is a 404 (only the current one is served), as is another shop's.
    const next = await data<Branding>(putLogo(t.owner, tinyPng(9)));
    await expectError(new Client(t.host).get(set.logo_url!), 404, "NOT_FOUND");
    const other = await createTenant();
    await expectError(new Client(other.host).get(next.logo_url!), 404, "NOT_FOUND");

    expect(await data<Branding>(t.owner.delete("/api/v1/tenant/branding/logo"))).toMatchObject({ logo_url: null });
    await expectError(new Client(t.host).get(next.logo_url!), 404, "NOT_FOUND");
  });

  it("refuses a logo that is not PNG or JPEG (415), an empty or oversized one, and a colour that is not #rrggbb, changing nothing", async () => {
    const t = await createTenant();
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>';
    await expectError(putLogo(t.owner, svg, "image/svg+xml"), 415, "UNSUPPORTED_MEDIA_TYPE", "body");
    await expectError(putLogo(t.owner, new Uint8Array(0)), 400, "INVALID_REQUEST", "body");
    await expectError(putLogo(t.owner, new Uint8Array(600 * 1024).fill(7)), 413, "PAYLOAD_TOO_LARGE");
    await expectError(t.owner.fetch("/api/v1/tenant/branding", { method: "PATCH", json: { primary_color: "teal" } }), 400, "VALIDATION_ERROR", "primary_color");
    expect(await data<Branding>(t.owner.get("/api/v1/tenant/branding"))).toEqual({ primary_color: "#1f6feb", logo_url: null });
    const stored = await env.FILES.list({ prefix: `t/${t.id}/branding/` });
    expect(stored.objects).toEqual([]);
  });

  it("is the owner's and admins' to change: a customer is refused", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    await expectError(client.get("/api/v1/tenant/branding"), 403, "FORBIDDEN");
    await expectError(putLogo(client, tinyPng(4)), 403, "FORBIDDEN");
  });

  it("puts the logo in the shop's quote PDF", async () => {
    const t = await createTenant();
    await data(putLogo(t.owner, tinyPng(12)));
    const model = await data<{ id: string }>(
      t.owner.fetch("/api/v1/models?filename=x.stl", { method: "POST", body: binaryStl(boxTriangles([20, 20, 5])) }),
      202,
    );
    await vi.waitFor(async () => expect((await data<{ status: string }>(t.owner.get(`/api/v1/models/${model.id}`))).status).toBe("analyzed"), {
      timeout: 15_000,
      interval: 100,
    });
    const quote = await data<{ id: string }>(
      t.owner.post("/api/v1/quotes", { items: [{ model_id: model.id, process: "fff", material: "pla", quantity: 1 }] }),
      201,
    );
    const pdf = await t.owner.get(`/api/v1/quotes/${quote.id}/pdf`);
    expect(pdf.status).toBe(200);
    const doc = await PDFDocument.load(await pdf.arrayBuffer());
    const images = doc.context
      .enumerateIndirectObjects()
      .flatMap(([, o]) =>
        o instanceof PDFRawStream && o.dict.get(PDFName.of("Subtype")) === PDFName.of("Image") ? [o.dict.get(PDFName.of("Width"))?.toString()] : [],
      );
    expect(images).toContain("12");
  });
});
