import { env } from "cloudflare:workers";
import { expect, vi } from "vitest";
import { binaryStl, boxTriangles, door, tinyPng } from "./fixtures.ts";
import { Client, data, packageSettled, PASSWORD, registerCustomer, scopeFor, tenantDb, tenantRows, type TestTenant } from "./helpers.ts";
import { createSource, postEvent, seedWebhookIds, waitForEvent } from "./webhook-helpers.ts";
import type { Env } from "../../worker/env.ts";
import { notify } from "../../worker/notifications/notify.ts";

/** One of each resource a shop holds, by the name its routes use for it. */
export type ShopIds = Record<(typeof RESOURCE_KEYS)[number], string>;
const RESOURCE_KEYS = [
  "customer",
  "apiKey",
  "model",
  "cadModel",
  "upload",
  "quote",
  "quoteItem",
  "product",
  "configuration",
  "job",
  "drawingRequest",
  "drawing",
  "specification",
  "order",
  "checkout",
  "manufacturingOrder",
  "qcCheckpoint",
  "qcPhoto",
  "correctiveAction",
  "lot",
  "material",
  "unit",
  "shipment",
  "session",
  "webhookSource",
  "webhookEndpoint",
  "webhookEvent",
  "deadLetter",
  "project",
  "member",
  "staffMember",
  "messageAttachment",
  "domain",
  "notification",
  "document",
] as const;

/** Which resource an operation's `{id}` names, by its path (longest prefix first). */
const ID_OF: [prefix: string, key: keyof ShopIds][] = [
  ["/models/uploads/{id}", "upload"],
  ["/models/{id}/source", "cadModel"],
  ["/webhooks/sources/{id}", "webhookSource"],
  ["/webhooks/endpoints/{id}", "webhookEndpoint"],
  ["/webhooks/events/{id}", "webhookEvent"],
  ["/webhooks/dlq/{id}", "deadLetter"],
  ["/customers/{id}", "customer"],
  ["/api-keys/{id}", "apiKey"],
  ["/models/{id}", "model"],
  ["/quotes/{id}", "quote"],
  ["/products/{id}", "product"],
  ["/configurations/{id}", "configuration"],
  ["/jobs/{id}", "job"],
  ["/drawings/requests/{id}", "drawingRequest"],
  ["/drawings/{id}", "drawing"],
  ["/specifications/{id}", "specification"],
  ["/orders/{id}", "order"],
  ["/checkouts/{id}", "checkout"],
  ["/manufacturing-orders/{id}", "manufacturingOrder"],
  ["/shipments/{id}", "shipment"],
  ["/materials/{id}", "material"],
  ["/me/sessions/{id}", "session"],
  ["/projects/{id}", "project"],
  ["/company/members/{id}", "member"],
  ["/staff/{id}", "staffMember"],
  ["/message-attachments/{id}", "messageAttachment"],
  ["/tenant/domains/{id}", "domain"],
  ["/notifications/{id}", "notification"],
  ["/documents/{id}", "document"],
];

export const resourceOf = (path: string): keyof ShopIds | undefined => ID_OF.find(([prefix]) => path.startsWith(prefix))?.[1];

/** Fills an OpenAPI path with a shop's ids; undefined when an `{id}` names a resource the fixture does not hold. */
export function fillPath(path: string, ids: ShopIds): string | undefined {
  const key = resourceOf(path);
  if (path.includes("{id}") && !key) return undefined;
  return path
    .replace("{id}", key ? ids[key] : "")
    .replace("{itemId}", ids.quoteItem)
    .replace("{version}", "1")
    .replace("{part}", "1")
    .replace("{code}", "cut")
    .replace("{action}", "start")
    .replace("{actionId}", ids.correctiveAction)
    .replace("{checkpointId}", ids.qcCheckpoint)
    .replace("{photoId}", ids.qcPhoto)
    .replace("{number}", ids.lot)
    .replace("{serial}", ids.unit)
    .replace("{kind}", "packing-list")
    .replace("{process}", "laser");
}

/** Signs up a shop holding one of each resource (a partner's specification and an ordered door with its cutting list included). */
export async function seedShop(t: TestTenant): Promise<ShopIds> {
  const { customerId } = await registerCustomer(t.host);
  const key = await data<{ id: string }>(t.owner.post("/api/v1/api-keys", { name: "k", scopes: ["quotes:read"] }), 201);
  const model = await data<{ id: string }>(t.owner.fetch("/api/v1/models?filename=x.stl", { method: "POST", body: binaryStl(boxTriangles([4, 5, 6])) }), 202);
  await vi.waitFor(async () => expect((await data<{ status: string }>(t.owner.get(`/api/v1/models/${model.id}`))).status).toBe("analyzed"), {
    timeout: 15_000,
    interval: 100,
  });
  const quote = await data<{ id: string; items: { id: string }[] }>(
    t.owner.post("/api/v1/quotes", { items: [{ model_id: model.id, process: "fff", material: "pla", quantity: 1 }] }),
    201,
  );
  const product = await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "Door", generator_key: "spw600e-door" }), 201);
  const configuration = await data<{ id: string }>(t.owner.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
  const job = await data<{ id: string }>(t.owner.post("/api/v1/jobs", { configuration_id: configuration.id, kind: "glb" }), 202);
  await vi.waitFor(async () => expect((await data<{ status: string }>(t.owner.get(`/api/v1/jobs/${job.id}`))).status).toBe("COMPLETED"), {
    timeout: 15_000,
    interval: 100,
  });
  const upload = await data<{ id: string }>(t.owner.post("/api/v1/models/uploads?filename=big.stl", { size_bytes: 100 }), 201);
  // A STEP upload: the server checks only the original's header, the mesh is the browser's.
  const cadForm = new FormData();
  cadForm.append("original", new Blob(["ISO-10303-21;\nHEADER;\nENDSEC;\nDATA;\nENDSEC;\nEND-ISO-10303-21;\n"]), "x.step");
  cadForm.append("mesh", new Blob([binaryStl(boxTriangles([4, 5, 6]))]), "x.step.stl");
  const cadModel = await data<{ id: string }>(t.owner.fetch("/api/v1/models/cad?filename=x.step", { method: "POST", body: cadForm }), 202);
  const drawings = await data<{ id: string; tracking_url: string }>(
    t.owner.post("/api/v1/drawings/requests", { configuration_id: configuration.id, drawing_types: ["plan"], formats: ["pdf"] }),
    201,
  );
  await vi.waitFor(async () => expect((await data<{ status: string }>(t.owner.get(drawings.tracking_url))).status).toBe("completed"), {
    timeout: 15_000,
    interval: 100,
  });
  const [drawing] = await data<{ id: string }[]>(t.owner.get(`/api/v1/drawings?configuration_id=${configuration.id}`));
  const checkout = await seedCheckout(t, configuration.id);
  const ids = {
    customer: customerId,
    apiKey: key.id,
    model: model.id,
    cadModel: cadModel.id,
    quote: quote.id,
    quoteItem: quote.items[0].id,
    product: product.id,
    configuration: configuration.id,
    job: job.id,
    drawingRequest: drawings.id,
    drawing: drawing.id,
    upload: upload.id,
    session: await spareOwnerSession(t),
    checkout: checkout.id,
    domain: (await data<{ id: string }>(t.owner.post("/api/v1/tenant/domains", { hostname: `www.${t.slug}.example` }), 201)).id,
    staffMember: (
      await data<{ member: { id: string } }>(t.owner.post("/api/v1/staff", { email: `staff-${crypto.randomUUID()}@fixture.test`, role: "staff" }), 201)
    ).member.id,
    ...(await seedPortal(t, customerId)),
    notification: await seedNotification(t),
    ...(await seedProduction(t, configuration.id)),
    ...(await seedWebhookIds(t)),
  };
  // An id missing from the seed would make a 404 prove nothing.
  expect(RESOURCE_KEYS.every((k) => typeof ids[k] === "string" && ids[k].length > 0)).toBe(true);
  return ids;
}

/** A project of the customer company, an invited member of it, and the shop's message in the project with a picture attached. */
async function seedPortal(t: TestTenant, customerId: string) {
  const project = await data<{ id: string }>(t.owner.post("/api/v1/projects", { name: "Riverside", customer_id: customerId }), 201);
  const { member } = await data<{ member: { id: string } }>(
    t.owner.post("/api/v1/company/members", { email: `member-${crypto.randomUUID()}@fixture.test`, role: "customer_user", customer_id: customerId }),
    201,
  );
  const attachment = await data<{ id: string }>(
    t.owner.fetch("/api/v1/message-attachments?filename=site.png", { method: "POST", body: tinyPng(), headers: { "content-type": "image/png" } }),
    201,
  );
  await data(t.owner.post(`/api/v1/projects/${project.id}/messages`, { body: "Site photo", attachment_ids: [attachment.id] }), 201);
  return { project: project.id, member: member.id, messageAttachment: attachment.id };
}

/** A notification of the owner's (a message to them), once its fan-out has written it. */
async function seedNotification(t: TestTenant) {
  const [owner] = await tenantRows<{ id: string }>(t, "select id from users where tenant_id = ? and email = ?", t.id, t.ownerEmail);
  await notify(env as unknown as Env, await scopeFor(t.id), {
    type: "message.new",
    message_id: `fixture-${t.id}`,
    recipient_ids: [owner.id],
    from_name: "Fixture",
    excerpt: "Seeded",
    path: "/",
  });
  let id = "";
  await vi.waitFor(
    async () => {
      [{ id }] = await tenantRows<{ id: string }>(t, "select id from notifications where tenant_id = ? and user_id = ?", t.id, owner.id);
    },
    { timeout: 15_000, interval: 100 },
  );
  return id;
}

/** A sent quote for a configured door, checked out by the owner for collection on a purchase order (not confirmed). */
async function seedCheckout(t: TestTenant, configurationId: string) {
  const quote = await data<{ id: string }>(t.owner.post("/api/v1/quotes", { items: [{ configuration_id: configurationId, quantity: 1 }] }), 201);
  await data(t.owner.post(`/api/v1/quotes/${quote.id}/send`));
  return data<{ id: string }>(t.owner.post("/api/v1/checkouts", checkoutOf(quote.id)), 201);
}

/** A second session of the owner's (another device), which the suites may end without signing the owner out. */
async function spareOwnerSession(t: TestTenant) {
  const device = new Client(t.host);
  await data(device.post("/api/v1/auth/login", { email: t.ownerEmail, password: PASSWORD }));
  const sessions = await data<{ id: string; current: boolean }[]>(t.owner.get("/api/v1/me/sessions"));
  return sessions.filter((s) => !s.current)[0].id;
}

/** A checkout of a quote for collection from the shop, on a purchase order, under the standard terms. */
export const checkoutOf = (quoteId: string) => {
  const address = { name: "Ann Baker", line1: "Hafenstraße 12", city: "Hamburg", postcode: "20457", country: "DE" };
  return {
    quote_id: quoteId,
    billing_address: address,
    shipping_address: address,
    shipping_method: "pickup",
    payment: "purchase_order",
    po_number: "PO-CHECKOUT",
    terms_version: 1,
  };
};

async function seedProduction(t: TestTenant, configurationId: string) {
  const source = await createSource(t, { name: "mcp-sales" });
  const request = await data<{ event_id: string }>(
    postEvent(t, source.name, source.secret, { type: "specification.requested", data: { request_id: "SR-1", configuration_id: configurationId } }),
    202,
  );
  await waitForEvent(t, request.event_id, "processed");
  const [specification] = await tenantRows<{ id: string }>(t, "select id from specifications where tenant_id = ?", t.id);
  const quote = await data<{ id: string }>(t.owner.post("/api/v1/quotes", { items: [{ configuration_id: configurationId, quantity: 2 }] }), 201);
  await data(t.owner.post(`/api/v1/quotes/${quote.id}/send`));
  await data(t.owner.post(`/api/v1/quotes/${quote.id}/accept`));
  const order = await data<{ id: string }>(t.owner.post(`/api/v1/quotes/${quote.id}/purchase-order`, { po_number: "PO-1" }), 201);
  await vi.waitFor(async () => expect((await t.owner.get(`/api/v1/orders/${order.id}/cutting-list`)).status).toBe(200), { timeout: 15_000, interval: 100 });
  const [mo] = await tenantRows<{ id: string }>(t, "select id from manufacturing_orders where tenant_id = ? and order_id = ?", t.id, order.id);
  const checkpoint = await data<{ id: string; corrective_actions: { id: string }[] }>(
    t.owner.post(`/api/v1/manufacturing-orders/${mo.id}/qc-checkpoints`, {
      checkpoint_stage: "Glazing",
      inspector_name: "Ann",
      checks: [{ description: "Bead gap", status: "fail" }],
    }),
    201,
  );
  const photo = await data<{ id: string }>(
    t.owner.fetch(`/api/v1/manufacturing-orders/${mo.id}/qc-checkpoints/${checkpoint.id}/photos`, {
      method: "POST",
      body: tinyPng(),
      headers: { "content-type": "image/png" },
    }),
    201,
  );
  const lot = await data<{ lot_number: string }>(
    t.owner.post("/api/v1/lots", { material: "Frame profile", supplier: "Alu AG", supplier_lot: "S-1", quantity: 60, unit: "m" }),
    201,
  );
  const material = await data<{ id: string }>(
    t.owner.post("/api/v1/materials", { code: "Frame profile", name: "Frame profile", kind: "profile", unit: "m" }),
    201,
  );
  await completeProduction(t, mo.id);
  const { unit_serials } = await data<{ unit_serials: string[] }>(t.owner.get(`/api/v1/manufacturing-orders/${mo.id}`));
  const shipment = await data<{ id: string }>(t.owner.post(`/api/v1/orders/${order.id}/shipments`, shipmentOf(mo.id, 1)), 201);
  return {
    specification: specification.id,
    order: order.id,
    document: `order_confirmation.${order.id}`,
    manufacturingOrder: mo.id,
    qcCheckpoint: checkpoint.id,
    qcPhoto: photo.id,
    correctiveAction: checkpoint.corrective_actions[0].id,
    lot: lot.lot_number,
    material: material.id,
    unit: unit_serials[0],
    shipment: shipment.id,
  };
}

/** A signed-in user of the shop with a role: staff roles belong to no company, customer roles to `customerId`'s. */
export async function userWithRole(t: TestTenant, role: string, customerId: string | null = null): Promise<Client> {
  const user = await registerCustomer(t.host, role);
  await (await tenantDb(t.id))
    .prepare("update users set role = ?, customer_id = ? where id = ?")
    .bind(role, role.startsWith("customer_") ? (customerId ?? user.customerId) : null, user.userId)
    .run();
  return user.client;
}

/** A client that sends an API key (made by the owner) with exactly these scopes. */
export async function keyClient(t: TestTenant, scopes: string[]) {
  const { key } = await data<{ key: string }>(t.owner.post("/api/v1/api-keys", { name: scopes.join(" "), scopes, tier: "internal" }), 201);
  const c = new Client(t.host);
  return {
    fetch: (path: string, init: RequestInit & { json?: unknown } = {}) =>
      c.fetch(path, { ...init, headers: { ...init.headers, authorization: `Bearer ${key}` } }),
  };
}

export type Caller = { fetch: (path: string, init?: RequestInit & { json?: unknown }) => Promise<Response> };

/** An operation of the API as the OpenAPI document declares it. */
export interface Operation {
  method: string;
  path: string;
  name: string;
  permission: string | undefined;
  guest: boolean;
  security: Record<string, string[]>[] | undefined;
  body: "json" | "binary" | null;
  bodyRequired: boolean;
}

type OpenApiOperation = {
  "x-permission"?: string;
  "x-guest"?: boolean;
  security?: Record<string, string[]>[];
  requestBody?: { required?: boolean; content: Record<string, unknown> };
};

export async function operations(): Promise<Operation[]> {
  const doc = await (await new Client("localhost").get("/api/v1/openapi.json")).json<{ paths: Record<string, Record<string, OpenApiOperation>> }>();
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      name: `${method.toUpperCase()} ${path}`,
      permission: op["x-permission"],
      guest: op["x-guest"] === true,
      security: op.security,
      body: op.requestBody ? ("application/json" in op.requestBody.content ? ("json" as const) : ("binary" as const)) : null,
      bodyRequired: op.requestBody?.required === true,
    })),
  );
}

/** Calls an operation with a shop's ids; `json` is the body when the operation takes JSON (a minimal `{}` unless given). */
export function call(caller: Caller, op: Operation, ids: ShopIds, json: unknown = {}) {
  const path = fillPath(op.path, ids);
  if (path === undefined) throw new Error(`${op.name}: the shop fixture holds no resource for this {id}; add it to ID_OF and seedShop`);
  const init: RequestInit & { json?: unknown } = { method: op.method };
  if (op.body === "json") init.json = json;
  if (op.body === "binary") init.body = new Uint8Array(10);
  return caller.fetch(`/api/v1${path}`, init);
}

export type MoOperation = { code: string; status: string; work_centre: string; planned_minutes: number; qc_stage: string | null };
export type Mo = {
  id: string;
  number: string;
  order_id: string;
  order_number: string;
  status: string;
  quantity: number;
  due_at: string;
  operations: MoOperation[];
  bom: { cuts: unknown[] } | null;
  qc_checkpoints: { stage: string }[] | null;
};

/** A customer's order of `quantity` doors, placed on a purchase order; its manufacturing orders once written. */
export async function placedDoorOrder(t: TestTenant, quantity: number) {
  const { client, customerId } = await registerCustomer(t.host);
  const product = await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "Door", generator_key: "spw600e-door" }), 201);
  const configuration = await data<{ id: string }>(client.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
  const quote = await data<{ id: string }>(client.post("/api/v1/quotes", { items: [{ configuration_id: configuration.id, quantity }] }), 201);
  await data(t.owner.post(`/api/v1/quotes/${quote.id}/send`));
  await packageSettled(t.owner, quote.id);
  await data(client.post(`/api/v1/quotes/${quote.id}/accept`));
  const order = await data<{ id: string; number: string }>(client.post(`/api/v1/quotes/${quote.id}/purchase-order`, { po_number: "PO-MO" }), 201);
  return { order, mo: await orderMo(t, order.id), client, customerId };
}

/** The one manufacturing order a placed one-line order gets (made in the background: waits for it). */
export async function orderMo(t: TestTenant, orderId: string): Promise<Mo> {
  let mos: Mo[] = [];
  await vi.waitFor(
    async () => {
      mos = await data<Mo[]>(t.owner.get(`/api/v1/manufacturing-orders?order_id=${orderId}`));
      expect(mos).toHaveLength(1);
    },
    { timeout: 15_000, interval: 100 },
  );
  return mos[0];
}

/** Works through every operation of an MO: started (unless it is under way already), then finished or passed at its QC stage. */
export async function completeProduction(t: TestTenant, moId: string, underWay: string[] = []) {
  const mo = await data<Mo>(t.owner.get(`/api/v1/manufacturing-orders/${moId}`));
  for (const op of mo.operations) {
    if (!underWay.includes(op.code)) await data(t.owner.post(`/api/v1/manufacturing-orders/${moId}/operations/${op.code}/start`));
    if (op.qc_stage)
      await data(
        t.owner.post(`/api/v1/manufacturing-orders/${moId}/qc-checkpoints`, {
          checkpoint_stage: op.qc_stage,
          inspector_name: "Ann",
          checks: [{ description: "As drawn", status: "pass" }],
        }),
        201,
      );
    else await data(t.owner.post(`/api/v1/manufacturing-orders/${moId}/operations/${op.code}/finish`));
  }
}

/** A one-package shipment of `quantity` units of an MO. */
export const shipmentOf = (moId: string, quantity: number) => ({
  carrier: "DHL Freight",
  tracking_number: "JD0146",
  packages: [{ contents: [{ manufacturing_order_id: moId, quantity }], length_mm: 2400, width_mm: 1100, height_mm: 200, weight_kg: 95 }],
});
