import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { door } from "./fixtures.ts";
import { createTenant, data, expectError, registerCustomer } from "./helpers.ts";

const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

describe("GET /api/v1/configurations/:id/thumbnail", () => {
  it("draws the configured door once, keeps it beside the GLB, and shows it to its owner only", async () => {
    const t = await createTenant();
    const product = await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "Door", generator_key: "spw600e-door" }), 201);
    const customer = await registerCustomer(t.host);
    const conf = await data<{ id: string; schema_version: number; config_hash: string }>(
      customer.client.post("/api/v1/configurations", { product_id: product.id, config: door }),
      201,
    );

    const res = await customer.client.get(`/api/v1/configurations/${conf.id}/thumbnail`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    const first = new Uint8Array(await res.arrayBuffer());
    expect(Array.from(first.subarray(0, 8))).toEqual(PNG_SIGNATURE);
    const key = `t/${t.id}/products/${product.id}/v${conf.schema_version}/${conf.config_hash}.thumb.png`;
    expect((await env.FILES.head(key))?.size).toBe(first.length);
    const again = new Uint8Array(await (await customer.client.get(`/api/v1/configurations/${conf.id}/thumbnail`)).arrayBuffer());
    expect(again).toEqual(first);

    const stranger = await registerCustomer(t.host, "Stranger");
    await expectError(stranger.client.get(`/api/v1/configurations/${conf.id}/thumbnail`), 404, "NOT_FOUND");
  });
});
