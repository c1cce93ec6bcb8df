import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDb } from "../../worker/db/client.ts";
import { quotes } from "../../worker/db/schema/index.ts";
import { ofTenant } from "../../worker/db/scope.ts";
import { SHARD_COUNT, shardDatabase } from "../../worker/db/shards.ts";
import { strandedInboundEvents } from "../../worker/db/webhook-events.ts";
import type { Env } from "../../worker/env.ts";
import { createTenant } from "./helpers.ts";
import { checkedStatements, takeViolations, TENANT_TABLES, tenantScopeViolation } from "./tenant-scope-guard.ts";

const GUARD = /Tenant scope guard/;
/** The data shards, where tenant tables' rows live. */
const shards = Array.from({ length: SHARD_COUNT }, (_, n) => shardDatabase(env as unknown as Env, n));

describe("tenant scope guard (setup file of the workerd tests)", () => {
  it("knows the tenant tables from the schema, and not the control-plane ones", () => {
    for (const t of ["quotes", "quote_items", "models", "orders", "idempotency_keys", "webhook_deliveries"]) expect(TENANT_TABLES.has(t), t).toBe(true);
    expect(TENANT_TABLES.has("tenants")).toBe(false);
  });

  it("fails a SELECT on a tenant table without tenant_id in its predicate, on every database", async () => {
    for (const d1 of [env.DB, ...shards]) {
      await expect(openDb(d1).select().from(quotes).where(eq(quotes.id, "q-1"))).rejects.toThrow(GUARD);
      expect(takeViolations()).toEqual([expect.stringContaining('from "quotes" where "quotes"."id" = ?')]);
    }
  });

  it("fails UPDATE and DELETE without tenant_id, and an INSERT that binds none", async () => {
    const db = openDb(shards[1]);
    await expect(db.update(quotes).set({ title: "x" }).where(eq(quotes.id, "q-1"))).rejects.toThrow(GUARD);
    await expect(db.delete(quotes).where(eq(quotes.id, "q-1"))).rejects.toThrow(GUARD);
    // drizzle wraps this one in "Failed to run the query"; the guard's record says why.
    await expect(db.run(sql`INSERT INTO quotes (id, number) VALUES ('q-1', 'Q-1')`)).rejects.toThrow();
    const seen = takeViolations();
    expect(seen).toHaveLength(3);
    expect(seen[2]).toMatch(/INSERT into tenant table quotes without a tenant_id column/);
  });

  it("passes the same queries scoped with ofTenant", async () => {
    const db = openDb(shards[1]);
    const scope = { db, tenantId: "tenant-a" };
    expect(
      await db
        .select()
        .from(quotes)
        .where(ofTenant(scope, quotes, eq(quotes.id, "q-1"))),
    ).toEqual([]);
    await db
      .update(quotes)
      .set({ title: "x" })
      .where(ofTenant(scope, quotes, eq(quotes.id, "q-1")));
    expect(takeViolations()).toEqual([]);
  });

  it("lets the allow-listed cross-tenant sweep through", async () => {
    expect(Array.isArray(await strandedInboundEvents(openDb(shards[1]), 0, 10))).toBe(true);
    expect(takeViolations()).toEqual([]);
  });

  it("sees the Worker's own queries (requests run in the tests' isolate)", async () => {
    const t = await createTenant();
    const before = checkedStatements();
    const res = await t.owner.get("/api/v1/quotes");
    expect(res.status).toBe(200);
    expect(checkedStatements()).toBeGreaterThan(before);
  });

  it("judges SQL text: joins need a bound tenant_id, INSERT … SELECT reads need one too", () => {
    expect(tenantScopeViolation('select * from "orders" inner join "quotes" on "quotes"."tenant_id" = "orders"."tenant_id" where "orders"."id" = ?')).toMatch(
      /without a tenant_id predicate/,
    );
    expect(
      tenantScopeViolation(
        'select * from "orders" inner join "quotes" on "quotes"."tenant_id" = "orders"."tenant_id" where ("orders"."tenant_id" = ? and "orders"."id" = ?)',
      ),
    ).toBeNull();
    expect(
      tenantScopeViolation('insert into "webhook_deliveries" ("id", "tenant_id") select id, tenant_id from "webhook_endpoints" where enabled = 1'),
    ).toMatch(/INSERT … SELECT/);
    expect(tenantScopeViolation('select * from "tenants" where "tenants"."slug" = ?')).toBeNull();
  });
});
