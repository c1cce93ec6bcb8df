import { beforeAll, describe, expect, it, vi } from "vitest";
import { binaryStl, boxTriangles, door } from "./fixtures.ts";
import { Client, createTenant, data, expectError, registerCustomer, type TestTenant, tenantDb } from "./helpers.ts";

/** The audit's reproduced findings (issue 11): each of these answered 200 before routes declared their permission. */
const bearer = (host: string, key: string) => {
  const c = new Client(host);
  return (path: string, init: RequestInit & { json?: unknown } = {}) =>
    c.fetch(path, { ...init, headers: { ...init.headers, authorization: `Bearer ${key}` } });
};

const keyOf = async (t: TestTenant, scopes: string[]) =>
  (await data<{ id: string; key: string }>(t.owner.post("/api/v1/api-keys", { name: scopes.join(","), scopes }), 201)).key;

describe("API-key scopes on reads (High)", () => {
  let t: TestTenant, model: string, quote: string;
  beforeAll(async () => {
    t = await createTenant();
    const { client: customer } = await registerCustomer(t.host);
    model = (await data<{ id: string }>(customer.fetch("/api/v1/models?filename=x.stl", { method: "POST", body: binaryStl(boxTriangles([4, 5, 6])) }), 202)).id;
    await vi.waitFor(async () => expect((await data<{ status: string }>(customer.get(`/api/v1/models/${model}`))).status).toBe("analyzed"), {
      timeout: 15_000,
      interval: 100,
    });
    quote = (await data<{ id: string }>(customer.post("/api/v1/quotes", { items: [{ model_id: model, process: "fff", material: "pla", quantity: 1 }] }), 201))
      .id;
  }, 30_000);

  it.each(["catalog:write", "webhooks:admin", "payments:admin"])(
    "a %s key cannot list quotes, download their PDFs or the customers' CAD files",
    async (scope) => {
      const call = bearer(t.host, await keyOf(t, [scope]));
      for (const path of [
        "/api/v1/quotes",
        `/api/v1/quotes/${quote}`,
        `/api/v1/quotes/${quote}/pdf`,
        "/api/v1/models",
        `/api/v1/models/${model}`,
        `/api/v1/models/${model}/file`,
        `/api/v1/models/${model}/thumbnail`,
      ]) {
        await expectError(call(path), 403, "FORBIDDEN", "scopes");
      }
    },
  );

  it("a quotes:read key reads them (the scope that grants the read)", async () => {
    const call = bearer(t.host, await keyOf(t, ["quotes:read"]));
    expect((await call(`/api/v1/quotes/${quote}/pdf`)).status).toBe(200);
    expect((await call(`/api/v1/models/${model}/file`)).status).toBe(200);
  });

  it("a staff key without quotes:read does not see models as staff through a public route", async () => {
    const call = bearer(t.host, await keyOf(t, ["catalog:write"]));
    await expectError(
      call("/api/v1/price", { method: "POST", json: { model_id: model, process: "fff", material: "pla", quantity: 1 } }),
      404,
      "NOT_FOUND",
      "model_id",
    );
  });
});

describe("writes need a write permission (Medium)", () => {
  let t: TestTenant, colleague: Client, viewer: Client, configuration: string, job: string, upload: string;
  beforeAll(async () => {
    t = await createTenant();
    const product = await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "Door", generator_key: "spw600e-door" }), 201);
    const first = await registerCustomer(t.host);
    colleague = first.client;
    const second = await registerCustomer(t.host, "Viewer");
    await (await tenantDb(t.id)).prepare("update users set role = 'customer_viewer', customer_id = ? where id = ?").bind(first.customerId, second.userId).run();
    viewer = second.client;
    configuration = (await data<{ id: string }>(colleague.post("/api/v1/configurations", { product_id: product.id, config: door }), 201)).id;
    job = (await data<{ id: string }>(colleague.post("/api/v1/jobs", { configuration_id: configuration, kind: "glb" }), 202)).id;
    upload = (await data<{ id: string }>(colleague.post("/api/v1/models/uploads?filename=big.stl", { size_bytes: 100 }), 201)).id;
  }, 30_000);

  it("a customer_viewer sees a colleague's configuration but cannot delete it, start or cancel its GLB jobs", async () => {
    expect((await viewer.get(`/api/v1/configurations/${configuration}`)).status).toBe(200);
    await expectError(viewer.delete(`/api/v1/configurations/${configuration}`), 403, "FORBIDDEN", "role");
    await expectError(viewer.post("/api/v1/jobs", { configuration_id: configuration, kind: "glb" }), 403, "FORBIDDEN", "role");
    await expectError(viewer.post(`/api/v1/jobs/${job}/cancel`), 403, "FORBIDDEN", "role");
  });

  it("a customer_viewer cannot upload parts to, complete or abort a colleague's upload", async () => {
    await expectError(viewer.fetch(`/api/v1/models/uploads/${upload}/parts/1`, { method: "PUT", body: new Uint8Array(100) }), 403, "FORBIDDEN", "role");
    await expectError(viewer.post(`/api/v1/models/uploads/${upload}/complete`), 403, "FORBIDDEN", "role");
    await expectError(viewer.delete(`/api/v1/models/uploads/${upload}`), 403, "FORBIDDEN", "role");
  });

  it("a quotes:read key cannot delete a configuration", async () => {
    const call = bearer(t.host, await keyOf(t, ["quotes:read"]));
    await expectError(call(`/api/v1/configurations/${configuration}`, { method: "DELETE" }), 403, "FORBIDDEN", "scopes");
    expect((await colleague.get(`/api/v1/configurations/${configuration}`)).status).toBe(200);
  });
});

describe("an API key acts for the user who made it (Latent)", () => {
  it("dies with its creator: 401, never admin", async () => {
    const t = await createTenant();
    const admin = await registerCustomer(t.host, "Admin");
    await (await tenantDb(t.id)).prepare("update users set role = 'admin', customer_id = null where id = ?").bind(admin.userId).run();
    const key = (await data<{ key: string }>(admin.client.post("/api/v1/api-keys", { name: "erp", scopes: ["catalog:write"] }), 201)).key;
    const call = bearer(t.host, key);
    expect((await call("/api/v1/price-books")).status).toBe(200);
    await (await tenantDb(t.id)).prepare("delete from sessions where user_id = ?").bind(admin.userId).run();
    await (await tenantDb(t.id)).prepare("delete from users where id = ?").bind(admin.userId).run();
    await expectError(call("/api/v1/price-books"), 401, "UNAUTHORIZED");
  });

  it("acts with the lesser of its scopes and its creator's current role", async () => {
    const t = await createTenant();
    const admin = await registerCustomer(t.host, "Admin");
    await (await tenantDb(t.id)).prepare("update users set role = 'admin', customer_id = null where id = ?").bind(admin.userId).run();
    const call = bearer(
      t.host,
      (await data<{ key: string }>(admin.client.post("/api/v1/api-keys", { name: "erp", scopes: ["catalog:write", "quotes:read"] }), 201)).key,
    );
    expect((await call("/api/v1/price-books")).status).toBe(200);
    await (await tenantDb(t.id)).prepare("update users set role = 'staff' where id = ?").bind(admin.userId).run();
    await expectError(call("/api/v1/price-books"), 403, "FORBIDDEN", "role");
    expect((await call("/api/v1/quotes")).status).toBe(200);
  });
});
