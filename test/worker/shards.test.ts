import { env, exports } from "cloudflare:workers";
import { Hono } from "hono";
import worker from "../../worker/index.ts";
import { describe, expect, it } from "vitest";
import { hashPassword } from "../../worker/auth/passwords.ts";
import { openDb } from "../../worker/db/client.ts";
import {
  confirmMove,
  DATA_TABLES,
  LEASE_MS,
  MIN_STEP_QUERIES,
  sweepLeftBehind,
  type MoveProgress,
  type MoveReport,
  moveStep,
  moveTenant,
  pageSql,
} from "../../worker/db/shard-move.ts";
import { isMovingError, openShards, placeNewTenant, SHARD_COUNT, shardDatabase, tenantScope } from "../../worker/db/shards.ts";
import { customers } from "../../worker/db/schema/index.ts";
import { fenceTriggerName, fenceTriggers } from "../../worker/db/write-fence.ts";
import { onError } from "../../worker/middleware/errors.ts";
import type { AppEnv } from "../../worker/api/context.ts";
import { quoteCoordinator } from "../../durable-objects/stubs.ts";
import { createTenantWithOwner } from "../../worker/db/tenants.ts";
import type { Env } from "../../worker/env.ts";
import { Client, createTenant, data, expectError, PASSWORD, registerCustomer, tenantDb, uniqueSlug } from "./helpers.ts";

const ENV = env as unknown as Env;
const control = () => openDb(env.DB);
const shard = (n: number) => shardDatabase(ENV, n);

/** The shard map's entry of a tenant, on the control plane. */
const mapOf = (id: string) =>
  env.DB.prepare("select shard, shard_moving_to, shard_previous from tenants where id = ?")
    .bind(id)
    .first<{ shard: number; shard_moving_to: number | null; shard_previous: number | null }>();

/** How many rows of the tenant each data table holds on one database. */
async function rowsOn(db: D1Database, tenantId: string): Promise<Record<string, number>> {
  const counts = await db.batch(DATA_TABLES.map((t) => db.prepare(`select count(*) as n from "${t.name}" where tenant_id = ?`).bind(tenantId)));
  return Object.fromEntries(DATA_TABLES.map((t, i) => [t.name, (counts[i].results[0] as { n: number }).n]).filter(([, n]) => (n as number) > 0));
}

/** A shop made straight on shard `n`, its owner signed in on its host. */
async function shopOn(n: number) {
  const slug = uniqueSlug("sharded");
  const email = `owner@${slug}.test`;
  const { tenant } = await createTenantWithOwner(
    ENV,
    control(),
    { name: `Shop ${slug}`, slug, owner: { email, name: "Owner", password_hash: await hashPassword(PASSWORD) } },
    undefined,
    n,
  );
  const owner = new Client(`${slug}.localhost`);
  await data(owner.post("/api/v1/auth/login", { email, password: PASSWORD }));
  return { id: tenant.id, slug, host: `${slug}.localhost`, owner };
}

const operator = (path: string, body: unknown, { host = "localhost", token = ENV.PLATFORM_TOKEN } = {}) =>
  exports.default.fetch(`http://${host}/internal/shards/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

/** The answer the API's error handler gives a request that failed with `error`. */
function answerTo(error: unknown) {
  const app = new Hono<AppEnv>().get("/", () => Promise.reject(error));
  app.onError(onError);
  return app.request("/");
}

describe("placement", () => {
  it("puts a new shop on the open shard with the fewest shops", async () => {
    const only23 = { ...ENV, SHARDS_OPEN: "2, 3" };
    const before = await placeNewTenant(only23, control());
    const other = before === 2 ? 3 : 2;
    await shopOn(before);
    expect(await placeNewTenant(only23, control())).toBe(other);
    await shopOn(other);
    await shopOn(other);
    expect(await placeNewTenant(only23, control())).toBe(before);
    // Sign-up goes through the same placement, every shard open (as in production and in the tests).
    const next = await placeNewTenant(ENV, control());
    const t = await createTenant();
    expect(await mapOf(t.id)).toEqual({ shard: next, shard_moving_to: null, shard_previous: null });
  });

  it("refuses a SHARDS_OPEN that names no bound shard", () => {
    expect(openShards({ ...ENV, SHARDS_OPEN: "" })).toEqual([...Array(SHARD_COUNT).keys()]);
    expect(() => openShards({ ...ENV, SHARDS_OPEN: `1,${SHARD_COUNT}` })).toThrow(/SHARDS_OPEN/);
  });
});

describe("a shop's rows", () => {
  it("live on its shard and on no other; the control plane keeps only the map", async () => {
    const t = await shopOn(3);
    await data(t.owner.post("/api/v1/customers", { name: "Shard Three Ltd" }), 201);
    await registerCustomer(t.host, "Buyer");
    const here = await rowsOn(shard(3), t.id);
    expect(here).toMatchObject({ users: 2, customers: 2, price_books: 1 });
    for (const n of [0, 1, 2]) expect(await rowsOn(shard(n), t.id)).toEqual({});
    expect(await rowsOn(env.DB, t.id)).toEqual({});
    expect(await mapOf(t.id)).toMatchObject({ shard: 3 });
    // The shard's copy of the tenant row anchors its foreign keys and names the shard it is on.
    expect(await shard(3).prepare("select slug, shard from tenants where id = ?").bind(t.id).first()).toEqual({ slug: t.slug, shard: 3 });
  });
});

describe("moving a shop", () => {
  it("copies every row, verified, switches the map, keeps the old copy until confirmed", async () => {
    const t = await shopOn(1);
    await data(t.owner.post("/api/v1/customers", { name: "Moving Co" }), 201);
    await registerCustomer(t.host, "Buyer");
    const before = await rowsOn(shard(1), t.id);

    const report = await moveTenant(ENV, t.id, 2);
    expect(report).toMatchObject({ tenant_id: t.id, from: 1, to: 2 });
    expect(Object.fromEntries(report.tables.filter((r) => r.rows > 0).map((r) => [r.table, r.rows]))).toEqual(before);
    expect(report.tables.every((r) => /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
    expect(await rowsOn(shard(2), t.id)).toEqual(before);
    expect(await rowsOn(shard(1), t.id)).toEqual(before);
    expect(await mapOf(t.id)).toEqual({ shard: 2, shard_moving_to: null, shard_previous: 1 });

    // The shop is served from its new shard: what it had, and what it writes now.
    const customers = await data<{ name: string }[]>(t.owner.get("/api/v1/customers"));
    expect(customers.map((c) => c.name)).toContain("Moving Co");
    await data(t.owner.post("/api/v1/customers", { name: "After The Move" }), 201);
    expect(await shard(2).prepare("select count(*) as n from customers where tenant_id = ? and name = 'After The Move'").bind(t.id).first("n")).toBe(1);
    expect(await shard(1).prepare("select count(*) as n from customers where tenant_id = ? and name = 'After The Move'").bind(t.id).first("n")).toBe(0);

    await expect(moveTenant(ENV, t.id, 3)).rejects.toMatchObject({ code: "CONFLICT" });
    // The step that switched the map is repeated (its answer was lost): the same finished move is answered, nothing redone.
    const again = await moveStep(ENV, t.id, 2);
    expect(again).toEqual({ ...report, progress: { ...report.progress, this_step_queries: again.progress.this_step_queries } });
    expect(await mapOf(t.id)).toEqual({ shard: 2, shard_moving_to: null, shard_previous: 1 });
    expect(await confirmMove(ENV, t.id)).toEqual({ tenant_id: t.id, dropped_from: 1, status: "done" });
    // Confirmed, the move's record is gone: the shop is simply on shard 2.
    await expect(moveStep(ENV, t.id, 2)).rejects.toMatchObject({ code: "CONFLICT", message: "The tenant is on shard 2 already" });
    expect(await rowsOn(shard(1), t.id)).toEqual({});
    expect(await shard(1).prepare("select count(*) as n from tenants where id = ?").bind(t.id).first("n")).toBe(0);
    expect(await mapOf(t.id)).toEqual({ shard: 2, shard_moving_to: null, shard_previous: null });
    await expect(confirmMove(ENV, t.id)).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("a signed-up shop moves too; confirming drops the old shard's copy, never the control plane's row", async () => {
    const t = await createTenant();
    const from = (await mapOf(t.id))!.shard;
    const to = (from + 1) % SHARD_COUNT;
    await moveTenant(ENV, t.id, to);
    await confirmMove(ENV, t.id);
    expect(await rowsOn(shard(from), t.id)).toEqual({});
    expect(await rowsOn(env.DB, t.id)).toEqual({});
    expect(await mapOf(t.id)).toMatchObject({ shard: to });
    await data(t.owner.get("/api/v1/me"));
  });

  it("while it runs, serves reads and refuses writes with a 503 to retry", async () => {
    const t = await shopOn(1);
    await env.DB.prepare("update tenants set shard_moving_to = 3 where id = ?").bind(t.id).run();
    await data(t.owner.get("/api/v1/customers"));
    const refused = await expectError(t.owner.post("/api/v1/customers", { name: "Too Soon" }), 503, "SERVICE_UNAVAILABLE");
    expect(refused.error.message).toMatch(/moving/);
    await expect(moveTenant(ENV, t.id, 2)).rejects.toMatchObject({ code: "CONFLICT" });
    await env.DB.prepare("update tenants set shard_moving_to = null where id = ?").bind(t.id).run();
    await data(t.owner.post("/api/v1/customers", { name: "Now" }), 201);
  });

  it("answers 503, not 500, when the move begins while a write is in its quote's coordinator", async () => {
    const t = await shopOn(1);
    await env.DB.prepare("update tenants set shard_moving_to = 3 where id = ?").bind(t.id).run();
    // What a request that passed the moving check a moment earlier meets when it re-prices its quote.
    const remote = await quoteCoordinator(ENV, { tenantId: t.id }, crypto.randomUUID())
      .reprice(t.id, crypto.randomUUID())
      .then(
        () => null,
        (e: unknown) => e,
      );
    await env.DB.prepare("update tenants set shard_moving_to = null where id = ?").bind(t.id).run();
    expect(isMovingError(remote)).toBe(true);
    const res = await answerTo(remote);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await res.json()).toMatchObject({ error: { code: "SERVICE_UNAVAILABLE", message: expect.stringMatching(/moving/) } });
  });

  it("undoes itself when a row cannot be copied: the map unchanged, nothing left on the target", async () => {
    const t = await shopOn(1);
    const customer = await data<{ id: string }>(t.owner.post("/api/v1/customers", { name: "Clash" }), 201);
    // Another shop on shard 3 holds a row with the same key: the copy of this one fails there.
    const other = await shopOn(3);
    await shard(3).prepare("insert into customers (id, tenant_id, name) values (?, ?, 'Squatter')").bind(customer.id, other.id).run();
    await expect(moveTenant(ENV, t.id, 3)).rejects.toMatchObject({ code: "INTERNAL_SERVER_ERROR", message: /undone/ });
    expect(await mapOf(t.id)).toEqual({ shard: 1, shard_moving_to: null, shard_previous: null });
    expect(await rowsOn(shard(3), t.id)).toEqual({});
    await data(t.owner.post("/api/v1/customers", { name: "Still Here" }), 201);
  });

  it("is driven through /internal/shards with the platform token, on the root host only", async () => {
    const t = await shopOn(1);
    await expectError(operator("move", { tenant: t.slug, shard: 2 }, { token: "" }), 401, "UNAUTHORIZED");
    await expectError(operator("move", { tenant: t.slug, shard: 2 }, { token: "wrong" }), 401, "UNAUTHORIZED");
    // On a shop's host the path is not served, and a bearer token there is taken for an API key.
    await expectError(operator("move", { tenant: t.slug, shard: 2 }, { host: t.host, token: "" }), 404, "NOT_FOUND");
    await expectError(operator("move", { tenant: t.slug, shard: 2 }, { host: t.host }), 401, "UNAUTHORIZED");
    expect(await mapOf(t.id)).toMatchObject({ shard: 1, shard_moving_to: null });
    await expectError(operator("move", { tenant: t.slug, shard: SHARD_COUNT }), 400, "VALIDATION_ERROR", "shard");
    await expectError(operator("move", { tenant: t.slug, shard: "two" }), 400, "VALIDATION_ERROR", "shard");
    await expectError(operator("move", { tenant: "no-such-shop", shard: 2 }), 404, "NOT_FOUND", "tenant");
    await expectError(operator("move", { tenant: t.slug, shard: 1 }), 409, "CONFLICT", "shard");
    // Each call is one step: called again until the map has switched.
    let moved = await data<MoveReport>(operator("move", { tenant: t.slug, shard: 2 }));
    while (moved.status === "copying") moved = await data<MoveReport>(operator("move", { tenant: t.slug, shard: 2 }));
    expect(moved).toMatchObject({ from: 1, to: 2, status: "done", progress: { phase: "done" } });
    expect(await mapOf(t.id)).toMatchObject({ shard: 2, shard_moving_to: null, shard_previous: 1 });
    expect(await data(operator("confirm", { tenant: t.id }))).toEqual({ tenant_id: t.id, dropped_from: 1, status: "done" });
    // Abort is the operator's too: the token, the root host, a tenant that is being moved.
    await expectError(operator("abort", { tenant: t.slug }, { token: "" }), 401, "UNAUTHORIZED");
    await expectError(operator("abort", { tenant: t.slug }, { host: t.host, token: "" }), 404, "NOT_FOUND");
    await expectError(operator("abort", { tenant: "no-such-shop" }), 404, "NOT_FOUND", "tenant");
    await expectError(operator("abort", {}), 400, "VALIDATION_ERROR", "tenant");
    await expectError(operator("abort", { tenant: t.slug }), 409, "CONFLICT");
  });
});

/** A shop on shard 1 with `n` customers, written on its shard. */
async function largeShopOn1(n: number) {
  const t = await shopOn(1);
  const db = await tenantDb(t.id);
  const rows = Array.from({ length: n }, (_, i) =>
    db.prepare("insert into customers (id, tenant_id, name) values (?, ?, ?)").bind(`cus_large_${t.slug}_${i}`, t.id, `Customer ${i}`),
  );
  await db.batch(rows);
  return t;
}

/** The move's record on the control plane (null once it has ended). */
const moveOf = (id: string) =>
  env.DB.prepare("select progress, lease, lease_until from shard_moves where tenant_id = ?")
    .bind(id)
    .first<{ progress: string; lease: string | null; lease_until: number }>();

/** The checksum the move reports, computed here over one database's rows: the sum of each row's SHA-256, modulo 2^256. */
async function checksumOf(db: D1Database, table: string, tenantId: string) {
  const columns = DATA_TABLES.find((t) => t.name === table)!
    .columns.map((c) => `"${c}"`)
    .join(", ");
  const rows = await db.prepare(`select ${columns} from "${table}" where tenant_id = ?`).bind(tenantId).raw();
  let sum = 0n;
  for (const r of rows) {
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(r))));
    sum += BigInt(`0x${[...digest].map((b) => b.toString(16).padStart(2, "0")).join("")}`);
  }
  return (sum % (1n << 256n)).toString(16).padStart(64, "0");
}

/** The Worker's bindings with shard `n` failing its batch number `failAt` (from 0) with D1's "Network connection lost". */
function flaky(n: number, failAt: number): Env {
  const real = shard(n);
  let batches = 0;
  const db = new Proxy(real, {
    get(target, prop) {
      if (prop === "batch")
        return (statements: D1PreparedStatement[]) => {
          if (batches++ === failAt) return Promise.reject(new Error("D1_ERROR: Network connection lost."));
          return target.batch(statements);
        };
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { ...ENV, [`DB_SHARD_${n}`]: db };
}

/** Small enough that a step copies at most 100 customers (20 rows per insert statement). */
const BUDGET = 12;

describe("the write fence of a moving shop (decision 76)", () => {
  it("stands on every tenant-owned table of every shard", async () => {
    for (const db of [env.DB, ...Array.from({ length: SHARD_COUNT }, (_, n) => shard(n))]) {
      const { results } = await db.prepare("select name from sqlite_master where type = 'trigger'").all<{ name: string }>();
      const present = new Set(results.map((r) => r.name));
      const missing = DATA_TABLES.flatMap((t) =>
        fenceTriggers(t.name).filter((_, i) => !present.has(fenceTriggerName(t.name, (["insert", "update", "delete"] as const)[i]))),
      );
      // A migration that adds a tenant-owned table creates these too.
      expect(missing, missing.join("\n")).toEqual([]);
    }
  });

  it("refuses a write that passed the API's check before the move began (503, nothing written); reads and their last-seen stamps go on; the old copy stays fenced until confirmed", async () => {
    const t = await largeShopOn1(30);
    // The owner's session is due its "last seen" stamp: a read during the move would write it.
    await shard(1).prepare("update sessions set last_seen_at = 0 where tenant_id = ?").bind(t.id).run();
    let step: MoveReport;
    do step = await moveStep(ENV, t.id, 2, { queries: BUDGET });
    while (step.progress.phase !== "verify");

    // An in-flight request's write, made on the old shard as the API would have: refused whole.
    const inFlight = tenantScope(ENV, { id: t.id, shard: 1 }, control());
    const refused = await inFlight.db
      .insert(customers)
      .values({ id: crypto.randomUUID(), tenant_id: t.id, name: "In flight" })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(isMovingError(refused)).toBe(true);
    const res = await answerTo(refused);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    // A read goes on; its session stamp meets the fence and is skipped, so the old copy is unchanged and the move verifies.
    await data(t.owner.get("/api/v1/customers?limit=5"));
    expect(await moveTenant(ENV, t.id, 2, { queries: BUDGET })).toMatchObject({ status: "done", to: 2 });
    expect(await shard(1).prepare("select count(*) as n from customers where tenant_id = ? and name = 'In flight'").bind(t.id).first("n")).toBe(0);

    // Switched: writes go to the new shard; a straggler to the old one is still refused, until the confirmation drops it.
    await data(t.owner.post("/api/v1/customers", { name: "After" }), 201);
    await expect(shard(1).prepare("update customers set name = 'Late' where tenant_id = ?").bind(t.id).run()).rejects.toSatisfy(isMovingError);

    // The scheduled chores pass over the fenced copy (its work belongs to the new home) and go on for the shard's other shops.
    const neighbour = await shopOn(1);
    const expire = (id: string) => shard(1).prepare("update sessions set expires_at = 0 where tenant_id = ?").bind(id).run();
    await expire(neighbour.id);
    const sessionsOn1 = (id: string) => shard(1).prepare("select count(*) as n from sessions where tenant_id = ?").bind(id).first<number>("n");
    const leftBehind = await sessionsOn1(t.id);
    await shard(1).prepare("drop trigger sessions_write_fence_update").run();
    await expire(t.id).finally(() => shard(1).prepare(fenceTriggers("sessions")[1]).run());
    const { createScheduledController } = await import("cloudflare:test");
    await worker.scheduled(createScheduledController(), ENV);
    expect(await sessionsOn1(neighbour.id)).toBe(0);
    expect(await sessionsOn1(t.id)).toBe(leftBehind);

    await confirmMove(ENV, t.id);
    expect(await rowsOn(shard(1), t.id)).toEqual({});
    expect(await shard(2).prepare("select count(*) as n from customers where tenant_id = ? and name = 'After'").bind(t.id).first("n")).toBe(1);
  });
});

describe("moving a large shop in steps", () => {
  it("moves more rows than one step's budget over many steps, each within its budget, verified; reads throughout, writes after", async () => {
    const t = await largeShopOn1(400);
    const before = await rowsOn(shard(1), t.id);
    expect(before.customers).toBe(400);
    const steps: MoveReport[] = [];
    for (;;) {
      const step = await moveStep(ENV, t.id, 2, { queries: BUDGET });
      steps.push(step);
      expect(step.progress.this_step_queries).toBeLessThanOrEqual(BUDGET);
      if (step.status === "done") break;
      expect(steps.length).toBeLessThan(500);
      if (steps.length % 3 !== 1) continue;
      // Reads go on from the old shard; writes wait for the move, with a hint when to try again.
      const customers = await data<unknown[]>(t.owner.get("/api/v1/customers?limit=5"));
      expect(customers.length).toBe(5);
      const refused = await t.owner.post("/api/v1/customers", { name: "During" });
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("5");
      expect(await mapOf(t.id)).toEqual({ shard: 1, shard_moving_to: 2, shard_previous: null });
    }
    // 400 customers at 12 queries a step cannot go in one: the copy took many steps, progress only forward.
    const copied = steps.map((s) => s.progress.rows_copied);
    expect(copied).toEqual([...copied].sort((a, b) => a - b));
    expect(steps.filter((s) => s.progress.table === "customers" && s.progress.phase === "copy").length).toBeGreaterThan(3);
    expect(steps.some((s) => s.progress.phase === "verify")).toBe(true);
    const done = steps[steps.length - 1];
    expect(done).toMatchObject({ tenant_id: t.id, from: 1, to: 2, status: "done" });
    expect(done.progress.steps).toBe(steps.length);
    expect(done.progress.rows_verified).toBe(Object.values(before).reduce((a, b) => a + b, 0));
    expect(Object.fromEntries(done.tables.filter((r) => r.rows > 0).map((r) => [r.table, r.rows]))).toEqual(before);
    // The reported checksums are the rows' on both shards, computed here independently.
    const customers = done.tables.find((r) => r.table === "customers")!;
    expect(customers.checksum).toBe(await checksumOf(shard(1), "customers", t.id));
    expect(customers.checksum).toBe(await checksumOf(shard(2), "customers", t.id));
    expect(await rowsOn(shard(2), t.id)).toEqual(before);
    expect(await mapOf(t.id)).toEqual({ shard: 2, shard_moving_to: null, shard_previous: 1 });
    // The finished move's record stays, let go, until the confirmation (a repeated step answers it).
    expect(await moveOf(t.id)).toMatchObject({ lease: null, lease_until: 0 });
    await data(t.owner.post("/api/v1/customers", { name: "After" }), 201);
    expect(await shard(2).prepare("select count(*) as n from customers where tenant_id = ? and name = 'After'").bind(t.id).first("n")).toBe(1);
  }, 60_000);

  it("reads each table in pages of an index, not a sort of all the shop's rows", async () => {
    const sorted: string[] = [];
    for (const table of DATA_TABLES) {
      const plan = await shard(1)
        .prepare(`explain query plan ${pageSql(table, true)}`)
        .bind("t", ...table.order.map(() => 0), 500)
        .all<{ detail: string }>();
      const details = plan.results.map((r) => r.detail).join(" | ");
      if (table.order.length > 1) expect(details, table.name).toMatch(/USING (COVERING )?INDEX .*\(tenant_id=\? AND /);
      if (/TEMP B-TREE/.test(details)) sorted.push(table.name);
    }
    // Only a table without an index of NOT NULL columns on (tenant_id, …) is sorted: read in rowid order (a few small ones).
    expect(sorted.filter((name) => DATA_TABLES.find((t) => t.name === name)!.order.length > 1)).toEqual([]);
    expect(sorted.length).toBeLessThanOrEqual(3);
  });

  it("answers 503 for a step that meets a passing D1 error, and goes on from its record when called again, verified", async () => {
    const t = await largeShopOn1(200);
    const before = await rowsOn(shard(1), t.id);
    let step: MoveReport;
    do step = await moveStep(ENV, t.id, 2, { queries: BUDGET });
    while (!(step.progress.phase === "copy" && step.progress.rows_copied > 0));
    // The new shard loses its connection on the step's first batch of inserts, mid-copy.
    await expect(moveStep(flaky(2, 0), t.id, 2, { queries: BUDGET })).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      headers: { "Retry-After": "5" },
      message: /passing database error \(D1_ERROR: Network connection lost\.\); call again/,
    });
    expect(await mapOf(t.id)).toEqual({ shard: 1, shard_moving_to: 2, shard_previous: null });
    expect(await moveOf(t.id)).toMatchObject({ lease: null, lease_until: 0 });
    expect(await moveTenant(ENV, t.id, 2, { queries: BUDGET })).toMatchObject({ status: "done" });
    expect(await rowsOn(shard(2), t.id)).toEqual(before);
  });

  it("undoes itself when a copied row differs on the new shard at verification", async () => {
    const t = await largeShopOn1(40);
    const customersCopied = DATA_TABLES.findIndex((table) => table.name === "customers") + 1;
    let step: MoveReport;
    do step = await moveStep(ENV, t.id, 2, { queries: BUDGET });
    while (!(step.progress.phase === "copy" && step.progress.tables_done >= customersCopied));
    // Changed on the new shard after its copy: only the verification can notice.
    await shard(2).prepare("update customers set name = 'Tampered' where id = ?").bind(`cus_large_${t.slug}_7`).run();
    await expect(moveTenant(ENV, t.id, 2, { queries: BUDGET })).rejects.toMatchObject({
      code: "INTERNAL_SERVER_ERROR",
      message: /undone: customers: 40 rows copied, but shard 2 holds something else \(40 rows, checksums differ\)/,
    });
    expect(await mapOf(t.id)).toEqual({ shard: 1, shard_moving_to: null, shard_previous: null });
    expect(await moveOf(t.id)).toBeNull();
    // The failing step's budget could not delete the whole partial copy: what is left is marked left
    // behind (writes refused there), and the next move to that shard clears it and goes through.
    expect(await shard(2).prepare("select shard_moving_to from tenants where id = ?").bind(t.id).first("shard_moving_to")).toBe(-1);
    await expect(shard(2).prepare("update customers set name = 'Stray' where tenant_id = ?").bind(t.id).run()).rejects.toSatisfy(isMovingError);
    await data(t.owner.post("/api/v1/customers", { name: "Between moves" }), 201);
    expect(await moveTenant(ENV, t.id, 2, { queries: BUDGET })).toMatchObject({ status: "done" });
    expect(await rowsOn(shard(2), t.id)).toEqual(await rowsOn(shard(1), t.id));
  });

  it("leaves what an undo could not delete to the scheduled sweep, which deletes only copies still marked left behind", async () => {
    const t = await largeShopOn1(40);
    const before = await rowsOn(shard(1), t.id);
    const customersCopied = DATA_TABLES.findIndex((table) => table.name === "customers") + 1;
    let step: MoveReport;
    do step = await moveStep(ENV, t.id, 2, { queries: BUDGET });
    while (!(step.progress.phase === "copy" && step.progress.tables_done >= customersCopied));
    await shard(2).prepare("update customers set name = 'Tampered' where id = ?").bind(`cus_large_${t.slug}_7`).run();
    await expect(moveTenant(ENV, t.id, 2, { queries: BUDGET })).rejects.toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
    const left = await rowsOn(shard(2), t.id);
    expect(left.customers).toBeGreaterThan(0);

    // Taken back (as a move to shard 2 does first): the sweep deletes nothing of it.
    await shard(2).prepare("update tenants set shard_moving_to = null where id = ?").bind(t.id).run();
    expect(await sweepLeftBehind(ENV, 2, { queries: MIN_STEP_QUERIES })).toEqual([]);
    expect(await rowsOn(shard(2), t.id)).toEqual(left);
    await shard(2).prepare("update tenants set shard_moving_to = -1 where id = ?").bind(t.id).run();

    // Marked again, and neither at home nor a move's target there: the scheduled chores delete it, then its row.
    const { createScheduledController } = await import("cloudflare:test");
    await worker.scheduled(createScheduledController(), ENV);
    expect(await rowsOn(shard(2), t.id)).toEqual({});
    expect(await shard(2).prepare("select count(*) as n from tenants where id = ?").bind(t.id).first("n")).toBe(0);
    expect(await rowsOn(shard(1), t.id)).toEqual(before);
    expect(await mapOf(t.id)).toEqual({ shard: 1, shard_moving_to: null, shard_previous: null });
  });

  it("deletes the old copy over as many confirmations as their budget needs, the copy's writes refused meanwhile", async () => {
    const t = await largeShopOn1(40);
    await moveTenant(ENV, t.id, 2);
    const held = Object.keys(await rowsOn(shard(1), t.id)).length;
    const answers: string[] = [];
    for (;;) {
      // The smallest budget a call takes: after its own queries, room for four deletes.
      const answer = await confirmMove(ENV, t.slug, { queries: MIN_STEP_QUERIES });
      expect(answer).toMatchObject({ tenant_id: t.id, dropped_from: 1 });
      answers.push(answer.status);
      if (answer.status === "done") break;
      expect(answers.length).toBeLessThan(60);
      const stray = shard(1).prepare("insert into customers (id, tenant_id, name) values (?, ?, 'Stray')").bind(crypto.randomUUID(), t.id);
      await expect(stray.run()).rejects.toSatisfy(isMovingError);
    }
    // One delete per table that held rows, four a call.
    expect(held).toBeGreaterThan(4);
    expect(answers.length).toBe(Math.ceil(held / 4));
    expect(await rowsOn(shard(1), t.id)).toEqual({});
    expect(await shard(1).prepare("select count(*) as n from tenants where id = ?").bind(t.id).first("n")).toBe(0);
    expect(await mapOf(t.id)).toEqual({ shard: 2, shard_moving_to: null, shard_previous: null });
    await expect(confirmMove(ENV, t.id)).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("goes on after a step that died: waits out its lease, deletes what it wrote unrecorded, finishes verified", async () => {
    const t = await largeShopOn1(200);
    const before = await rowsOn(shard(1), t.id);
    let step: MoveReport;
    do step = await moveStep(ENV, t.id, 2, { queries: BUDGET });
    while (!(step.progress.table === "customers" && step.progress.rows_copied > 50));
    // A step dies (the Worker restarted) after writing a page it never recorded, its lease still live.
    const recorded = JSON.parse((await moveOf(t.id))!.progress) as MoveProgress;
    // The next rows in the move's page order for customers (its (tenant_id, name) index, then rowid).
    expect(DATA_TABLES.find((table) => table.name === "customers")!.order).toEqual(["name", "rowid"]);
    const unrecorded = await shard(1)
      .prepare(
        "select id, tenant_id, name, order_approval_required, created_at from customers where tenant_id = ? and (name, rowid) > (?, ?) order by name, rowid limit 5",
      )
      .bind(t.id, ...recorded.after!)
      .all();
    expect(unrecorded.results).toHaveLength(5);
    await shard(2).batch(
      unrecorded.results.map((r) =>
        shard(2)
          .prepare("insert into customers (id, tenant_id, name, order_approval_required, created_at) values (?, ?, ?, ?, ?)")
          .bind(...Object.values(r)),
      ),
    );
    await env.DB.prepare("update shard_moves set lease = 'dead-step', lease_until = ? where tenant_id = ?")
      .bind(Date.now() + LEASE_MS, t.id)
      .run();

    // Until its lease runs out, calls find the move busy and change nothing; abort waits too.
    const busy = await moveStep(ENV, t.id, 2, { queries: BUDGET });
    expect(busy.progress).toMatchObject({ busy: true, rows_copied: step.progress.rows_copied, steps: step.progress.steps });
    await expectError(operator("abort", { tenant: t.id }), 409, "CONFLICT");
    await data(t.owner.get("/api/v1/customers?limit=5"));
    await expectError(t.owner.post("/api/v1/customers", { name: "Not Yet" }), 503, "SERVICE_UNAVAILABLE");

    await env.DB.prepare("update shard_moves set lease_until = ? where tenant_id = ?")
      .bind(Date.now() - 1, t.id)
      .run();
    const done = await moveTenant(ENV, t.id, 2, { queries: BUDGET });
    expect(done.status).toBe("done");
    expect(done.progress.steps).toBeGreaterThan(step.progress.steps + 1);
    expect(await rowsOn(shard(2), t.id)).toEqual(before);
    expect(done.tables.find((r) => r.table === "customers")!.checksum).toBe(await checksumOf(shard(2), "customers", t.id));
    expect(await mapOf(t.id)).toEqual({ shard: 2, shard_moving_to: null, shard_previous: 1 });
    await data(t.owner.post("/api/v1/customers", { name: "Resumed" }), 201);
  });

  it("is given up by abort: the old copy stays the shop's, the partial copy is deleted, writes go on", async () => {
    const t = await largeShopOn1(120);
    const before = await rowsOn(shard(1), t.id);
    let step: MoveReport;
    do step = await moveStep(ENV, t.id, 3, { queries: BUDGET });
    while (step.progress.rows_copied < 30);
    expect(Object.keys(await rowsOn(shard(3), t.id)).length).toBeGreaterThan(0);
    // Another shard than the move's is refused while it runs: go on with it or abort it.
    await expect(moveStep(ENV, t.id, 2, { queries: BUDGET })).rejects.toMatchObject({ code: "CONFLICT", message: /being moved to shard 3/ });

    expect(await data(operator("abort", { tenant: t.slug }))).toEqual({ tenant_id: t.id, shard: 1, dropped_from: 3 });
    expect(await mapOf(t.id)).toEqual({ shard: 1, shard_moving_to: null, shard_previous: null });
    expect(await moveOf(t.id)).toBeNull();
    expect(await rowsOn(shard(3), t.id)).toEqual({});
    expect(await shard(3).prepare("select count(*) as n from tenants where id = ?").bind(t.id).first("n")).toBe(0);
    expect(await rowsOn(shard(1), t.id)).toEqual(before);
    await expectError(operator("abort", { tenant: t.slug }), 409, "CONFLICT");
    await data(t.owner.post("/api/v1/customers", { name: "Stayed" }), 201);
    // A new move starts from the beginning.
    expect(await moveTenant(ENV, t.id, 3)).toMatchObject({ status: "done", to: 3 });
  });
});
