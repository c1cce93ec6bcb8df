import { describe, expect, it } from "vitest";
import { Client } from "./helpers.ts";

describe("OpenAPI", () => {
  it("serves an OpenAPI 3.1 document generated from the zod schemas", async () => {
    const res = await new Client("localhost").get("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = await res.json<{ openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>>; components: { schemas: Record<string, unknown> } }>();
    expect(doc.openapi).toBe("3.1.0");
    for (const path of ["/tenants", "/auth/register", "/auth/login", "/auth/logout", "/me", "/api-keys", "/api-keys/{id}", "/customers/{id}", "/health"]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.paths["/tenants"].post.requestBody).toBeDefined();
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["CreateTenant", "Error", "Metadata"]));
    // Every outbound event's payload is documented; the new producers' with the fields partners act on.
    const events = doc.components.schemas as Record<string, { properties: Record<string, unknown> }>;
    expect(Object.keys(events.WebhookEventQuoteTechnicalDataReady.properties)).toEqual(expect.arrayContaining(["quote_id", "revision", "items", "documents"]));
    expect(Object.keys(events.WebhookEventSpecificationGenerated.properties)).toEqual(expect.arrayContaining(["specification_id", "specification_path", "sections"]));
    expect(Object.keys(events.WebhookEventManufacturingCuttingListReady.properties)).toEqual(expect.arrayContaining(["order_id", "summary", "profiles", "cutting_list_path"]));
    expect(Object.keys(events.WebhookEventCustomerPortalAccessGranted.properties)).toEqual(expect.arrayContaining(["portal_customer_id", "user_id", "invitation"]));
    expect((events.WebhookEventCustomerPortalAccessGranted as { description?: string }).description).toContain("never those on *");
    for (const path of ["/specifications/{id}", "/orders/{id}/cutting-list", "/auth/set-password"]) expect(Object.keys(doc.paths)).toContain(path);
  });

  it("serves a self-contained docs page", async () => {
    const res = await new Client("localhost").get("/api/v1/docs");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("/api/v1/auth/login");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="https?:/);
  });
});
