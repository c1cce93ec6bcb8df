import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateApiTypes, openApiDocument, SCHEMA_FILE } from "../../scripts/api-types.ts";

describe("app/api/schema.d.ts", () => {
  it("is what npm run api:types generates from the API's OpenAPI document now", async () => {
    expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(await generateApiTypes());
  });

  it("is generated from a document whose paths are relative to /api/v1 and whose Quote is a named schema", async () => {
    const doc = (await openApiDocument()) as { servers: { url: string }[]; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
    expect(doc.servers).toEqual([{ url: "/api/v1" }]);
    expect(Object.keys(doc.components.schemas.Quote.properties ?? {})).toEqual(expect.arrayContaining(["id", "number", "status", "totals", "items"]));
  });
});
