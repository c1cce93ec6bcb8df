import { env, exports } from "cloudflare:workers";
import { expect, vi } from "vitest";
import { responseProblems } from "./response-contract.ts";
import { confirmMove, moveTenant } from "../../worker/db/shard-move.ts";
import { requireScopeForTenant, shardDatabase } from "../../worker/db/shards.ts";
import type { Env } from "../../worker/env.ts";

/** A test client for one host: keeps its cookie and sends the Origin a browser would. */
export class Client {
  private readonly jar = new Map<string, string>();
  /** Each client looks like a different visitor to the rate limiters. */
  readonly ip = `10.${rand()}.${rand()}.${rand()}`;

  readonly host: string;

  constructor(host: string) {
    this.host = host;
  }

  async fetch(path: string, init: RequestInit & { json?: unknown } = {}) {
    const headers = new Headers(init.headers);
    if (this.cookie && !headers.has("cookie")) headers.set("cookie", this.cookie);
    if (init.method && init.method !== "GET" && !headers.has("origin")) headers.set("origin", `http://${this.host}`);
    if (!headers.has("cf-connecting-ip")) headers.set("cf-connecting-ip", this.ip);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(init.json);
    }
    const res = await exports.default.fetch(`http://${this.host}${path}`, { ...init, headers, body });
    const url = new URL(`http://${this.host}${path}`);
    if (isContractChecked(url, res)) expect(await responseProblems(init.method ?? "GET", url, res)).toEqual([]);
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(";");
      const name = pair.slice(0, pair.indexOf("="));
      if (pair.endsWith("=") || /max-age=0/i.test(set)) this.jar.delete(name);
      else this.jar.set(name, pair);
    }
    return res;
  }

  /** The Cookie header this client sends. */
  get cookie() {
    return [...this.jar.values()].join("; ");
  }

  get = (path: string, init: RequestInit = {}) => this.fetch(path, init);
  post = (path: string, json?: unknown, init: RequestInit = {}) => this.fetch(path, { ...init, method: "POST", json });
  delete = (path: string, init: RequestInit = {}) => this.fetch(path, { ...init, method: "DELETE" });
}

/** Every /api/v1 answer is held to the OpenAPI document, except the document itself and its page. */
const isContractChecked = (url: URL, res: Response) =>
  url.pathname.startsWith("/api/v1/") && !["/api/v1/openapi.json", "/api/v1/docs"].includes(url.pathname) && res.status !== 101;

function rand() {
  return Math.floor(Math.random() * 250) + 1;
}

export const PASSWORD = "correct horse battery";

export interface TestTenant {
  slug: string;
  host: string;
  id: string;
  owner: Client;
  ownerEmail: string;
}

/** Shops the running test made: the setup file lets their background work settle before the next test (settle-background.ts). */
export const shopsOfTest: string[] = [];

let counter = 0;
export const uniqueSlug = (base = "shop") => `${base}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/** Signs up a shop on the root host and signs its owner in on the shop's host. */
export async function createTenant(slug = uniqueSlug()): Promise<TestTenant> {
  const root = new Client("localhost");
  const ownerEmail = `owner@${slug}.test`;
  const res = await root.post("/api/v1/tenants", { name: `Shop ${slug}`, slug, owner_email: ownerEmail, owner_password: PASSWORD });
  expect(res.status, await res.clone().text()).toBe(201);
  const { data } = await res.json<{ data: { tenant: { id: string } } }>();
  shopsOfTest.push(data.tenant.id);
  const host = `${slug}.localhost`;
  const owner = new Client(host);
  await expectStatus(owner.post("/api/v1/auth/login", { email: ownerEmail, password: PASSWORD }), 200);
  return { slug, host, id: data.tenant.id, owner, ownerEmail };
}

/** Registers a customer (a new company) on a shop and returns the signed-in client. */
export async function registerCustomer(host: string, name = "Customer") {
  const client = new Client(host);
  const email = `${name.toLowerCase().replace(/\W+/g, "-")}-${uniqueSlug("c")}@example.test`;
  const registered = await client.post("/api/v1/auth/register", { email, password: PASSWORD, name });
  expect(registered.status, await registered.clone().text()).toBe(202);
  const res = await client.post("/api/v1/auth/login", { email, password: PASSWORD });
  expect(res.status, await res.clone().text()).toBe(200);
  const { data } = await res.json<{ data: { user: { id: string } } }>();
  const me = await (await client.get("/api/v1/me")).json<{ data: { user: { customer_id: string } } }>();
  return { client, email, userId: data.user.id, customerId: me.data.user.customer_id };
}

export async function expectStatus(res: Promise<Response> | Response, status: number) {
  const r = await res;
  expect(r.status, `${r.url}: ${await r.clone().text()}`).toBe(status);
  return r;
}

export interface ErrorBody {
  success: false;
  error: { code: string; message: string; details: { field: string; message: string; value?: unknown }[] };
  metadata: { request_id: string; timestamp: string; version: string };
}

/** Asserts the standard error envelope, its code, and (when given) the field at fault. */
export async function expectError(res: Promise<Response> | Response, status: number, code: string, field?: string) {
  const r = await expectStatus(res, status);
  const body = await r.json<ErrorBody>();
  expect(body.success).toBe(false);
  expect(body.error.code).toBe(code);
  expect(body.metadata.request_id).toBe(r.headers.get("x-request-id"));
  if (field) expect(body.error.details.map((d) => d.field)).toContain(field);
  return body;
}

export const data = async <T>(res: Promise<Response> | Response, status = 200): Promise<T> =>
  ((await (await expectStatus(res, status)).json()) as { data: T }).data;

/** The data shard holding a tenant's rows (from the control plane's shard map). */
export async function tenantDb(tenantId: string): Promise<D1Database> {
  const row = await env.DB.prepare("select shard from tenants where id = ?").bind(tenantId).first<{ shard: number }>();
  if (!row) throw new Error(`tenant ${tenantId} is not in the shard map`);
  return shardDatabase(env as unknown as Env, row.shard);
}

/** The scope the Worker itself uses for a tenant (its shard, and the control plane for its settings): for fixtures that call worker/ directly. */
export const scopeFor = (tenantId: string) => requireScopeForTenant(env as unknown as Env, tenantId);

/** Rows of a query on the tenant's data shard. */
export async function tenantRows<T = Record<string, unknown>>(t: Pick<TestTenant, "id">, sql: string, ...binds: unknown[]): Promise<T[]> {
  const db = await tenantDb(t.id);
  return (
    await db
      .prepare(sql)
      .bind(...binds)
      .all<T>()
  ).results;
}

/** Puts a tenant on a given data shard (new shops spread over the shards as in production): moved there, old copy dropped. */
export async function placeOnShard(t: Pick<TestTenant, "id">, shard: number) {
  const row = await env.DB.prepare("select shard from tenants where id = ?").bind(t.id).first<{ shard: number }>();
  if (row?.shard === shard) return;
  await moveTenant(env as unknown as Env, t.id, shard);
  await confirmMove(env as unknown as Env, t.id);
}

/**
 * Waits until the technical package a sent door quote queued is built (or has failed): a test that goes on to
 * work in another coordinator must not overlap it (docs/decisions/0067-harness-concurrent-objects.md).
 */
export async function packageSettled(client: Client, quoteId: string) {
  await vi.waitFor(
    async () => expect(["ready", "failed"]).toContain((await data<{ status: string }>(client.get(`/api/v1/quotes/${quoteId}/technical-package`))).status),
    { timeout: 30_000, interval: 200 },
  );
}
