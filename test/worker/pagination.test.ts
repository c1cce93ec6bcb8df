import { beforeAll, describe, expect, it } from "vitest";
import { binaryStl, boxTriangles } from "./fixtures.ts";
import { Client, createTenant, data, expectError, registerCustomer, type TestTenant, tenantDb } from "./helpers.ts";
import { call, operations, seedShop, type Operation, type ShopIds } from "./shop-fixture.ts";

type Page = { data: { id: string }[]; pagination: { next_cursor: string | null; has_next: boolean; limit: number } };

/** Every row of a list, page by page, as the API's cursors lead. */
async function walk(client: Client, path: string, limit: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const body: Page = await (await client.get(`${path}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`)).json();
    expect(body.data.length).toBeLessThanOrEqual(limit);
    ids.push(...body.data.map((r) => r.id));
    cursor = body.pagination.next_cursor;
    expect(body.pagination.has_next).toBe(cursor !== null);
  } while (cursor);
  return ids;
}

describe("one pagination scheme for every list", () => {
  let t: TestTenant;
  let ids: ShopIds;
  let lists: Operation[];
  beforeAll(async () => {
    t = await createTenant();
    ids = await seedShop(t);
    const doc = await (await new Client("localhost").get("/api/v1/openapi.json")).json<{
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: { name: string; in: string }[];
            responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }>;
          }
        >
      >;
    }>();
    // A list is an operation whose answer carries `pagination`.
    const paged = new Set(
      Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([, op]) => op.responses["200"]?.content?.["application/json"]?.schema.properties?.pagination)
          .map(([method, op]) => {
            const query = (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
            expect(query, `${method.toUpperCase()} ${path}`).toEqual(expect.arrayContaining(["limit", "cursor"]));
            return `${method.toUpperCase()} ${path}`;
          }),
      ),
    );
    lists = (await operations()).filter((op) => paged.has(op.name));
  }, 90_000);

  it("every list takes `limit` and `cursor`, and refuses a cursor it did not write (400 naming `cursor`)", async () => {
    expect(lists.length).toBeGreaterThanOrEqual(13);
    for (const op of lists) {
      const caller = { fetch: (path: string, init?: RequestInit) => t.owner.fetch(`${path}?cursor=2024-01-01T00:00:00Z`, init) };
      await expectError(call(caller, op, ids), 400, "VALIDATION_ERROR", "cursor");
    }
  });

  it("rows created in the same millisecond are neither skipped nor repeated at a page boundary", async () => {
    const shop = await createTenant();
    const customer = await registerCustomer(shop.host);
    for (let i = 0; i < 5; i++) {
      const res = await customer.client.fetch(`/api/v1/models?filename=part-${i}.stl`, { method: "POST", body: binaryStl(boxTriangles([10 + i, 10, 10])) });
      expect([200, 202]).toContain(res.status);
    }
    for (let i = 0; i < 4; i++) await data(shop.owner.post("/api/v1/api-keys", { name: `key ${i}`, scopes: ["quotes:read"] }), 201);
    // The same instant for every row: a time-only cursor loses all but the first page.
    await (await tenantDb(shop.id)).prepare("UPDATE models SET created_at = 1700000000000 WHERE tenant_id = ?").bind(shop.id).run();
    await (await tenantDb(shop.id)).prepare("UPDATE api_keys SET created_at = 1700000000000 WHERE tenant_id = ?").bind(shop.id).run();

    const models = await walk(customer.client, "/api/v1/models", 2);
    expect(models).toHaveLength(5);
    expect(new Set(models).size).toBe(5);
    const keys = await walk(shop.owner, "/api/v1/api-keys", 3);
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(4);
  });
});
