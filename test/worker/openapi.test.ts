import { describe, expect, it } from "vitest";
import { Client } from "./helpers.ts";
import { responseProblems } from "./response-contract.ts";

describe("OpenAPI", () => {
  it("serves an OpenAPI 3.1 document generated from the zod schemas", async () => {
    const res = await new Client("localhost").get("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = await res.json<{
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
      components: { schemas: Record<string, unknown> };
    }>();
    expect(doc.openapi).toBe("3.1.0");
    for (const path of ["/tenants", "/auth/register", "/auth/login", "/auth/logout", "/me", "/api-keys", "/api-keys/{id}", "/customers/{id}", "/health"]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.paths["/tenants"].post.requestBody).toBeDefined();
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["CreateTenant", "Error", "Metadata"]));
    // Every outbound event's payload is documented; the new producers' with the fields partners act on.
    const events = doc.components.schemas as Record<string, { properties: Record<string, unknown> }>;
    expect(Object.keys(events.WebhookEventQuoteTechnicalDataReady.properties)).toEqual(expect.arrayContaining(["quote_id", "revision", "items", "documents"]));
    expect(Object.keys(events.WebhookEventSpecificationGenerated.properties)).toEqual(
      expect.arrayContaining(["specification_id", "specification_path", "sections"]),
    );
    expect(Object.keys(events.WebhookEventManufacturingCuttingListReady.properties)).toEqual(
      expect.arrayContaining(["order_id", "summary", "profiles", "cutting_list_path"]),
    );
    expect(Object.keys(events.WebhookEventCustomerPortalAccessGranted.properties)).toEqual(
      expect.arrayContaining(["portal_customer_id", "user_id", "invitation"]),
    );
    expect((events.WebhookEventCustomerPortalAccessGranted as { description?: string }).description).toContain("never those on *");
    for (const path of ["/specifications/{id}", "/orders/{id}/cutting-list", "/auth/set-password"]) expect(Object.keys(doc.paths)).toContain(path);
  });

  it("states its server, so generated clients call /api/v1/…, and names every JSON answer's data", async () => {
    const doc = await (await new Client("localhost").get("/api/v1/openapi.json")).json<{
      servers: unknown;
      paths: Record<
        string,
        Record<
          string,
          {
            responses: Record<
              string,
              { content?: Record<string, { schema: { properties?: { data?: { type?: string; properties?: unknown; additionalProperties?: unknown } } } }> }
            >;
          }
        >
      >;
    }>();
    expect(doc.servers).toEqual([{ url: "/api/v1" }]);
    // No answer is an open record any more: `data` is a named schema, an array, or spelled-out properties.
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        for (const [status, res] of Object.entries(op.responses)) {
          const data = res.content?.["application/json"]?.schema.properties?.data;
          if (data?.type === "object") expect(data.properties, `${method} ${path} ${status}`).toBeDefined();
        }
      }
    }
  });

  it("the test client's contract check catches a body, a status or a content type the document does not declare", async () => {
    const url = new URL("http://localhost/api/v1/health");
    const ok = { success: true, data: { status: "ok", d1_ms: 1 }, metadata: { request_id: "r", timestamp: "t", version: "v1" } };
    expect(await responseProblems("GET", url, Response.json(ok))).toEqual([]);
    expect((await responseProblems("GET", url, Response.json({ ...ok, data: { status: "fine" } })))[0]).toContain("does not match");
    expect((await responseProblems("GET", url, Response.json(ok, { status: 418 })))[0]).toContain("status 418 is not declared");
    expect((await responseProblems("GET", url, new Response("ok", { headers: { "content-type": "text/plain" } })))[0]).toContain("content type text/plain");
    expect((await responseProblems("GET", new URL("http://localhost/api/v1/nowhere"), Response.json(ok)))[0]).toContain("no operation");
  });

  it("serves a self-contained docs page", async () => {
    const res = await new Client("localhost").get("/api/v1/docs");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("/api/v1/auth/login");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="https?:/);
  });
});
