import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createApi } from "../../worker/api/index.ts";
import { PERMISSIONS, ROLES, SCOPE_NAMES, roleAllows, scopesAllow, scopesGranting, type Permission, type Role } from "../../worker/auth/permissions.ts";
import { binaryStl, boxTriangles } from "./fixtures.ts";
import { Client, createTenant, type TestTenant } from "./helpers.ts";
import { call, keyClient, operations, seedShop, userWithRole, type Caller, type Operation, type ShopIds } from "./shop-fixture.ts";

/**
 * Permissions are declared where each route is defined and published in the
 * OpenAPI document; these tests read the document, so a new route is checked
 * the moment it exists.
 */
const isPermission = (p: string | undefined): p is Permission => !!p && p in PERMISSIONS;

describe("every operation declares its permission", () => {
  let ops: Operation[];
  beforeAll(async () => {
    ops = await operations();
  });

  it("in the OpenAPI document: x-permission, and security with the API-key scopes that grant it", () => {
    expect(ops.length).toBeGreaterThan(80);
    const undeclared = ops
      .filter((op) => !(isPermission(op.permission) || op.permission === "public" || op.permission === "signed_in" || op.permission === "session"))
      .map((op) => op.name);
    expect(undeclared).toEqual([]);
    for (const op of ops) {
      expect(op.guest && !isPermission(op.permission), `${op.name}: guest access qualifies a permission`).toBe(false);
      if (op.permission === "public") expect(op.security, op.name).toEqual([]);
      // A person's own second factor and sessions: no API key is accepted.
      if (op.permission === "session") expect(op.security, op.name).toEqual([{ session: [] }]);
      if (isPermission(op.permission)) {
        const scopes = scopesGranting(op.permission);
        expect(op.security, op.name).toEqual([...(op.guest ? [{}] : []), ...(scopes.length ? [{ apiKey: scopes }] : []), { session: [] }]);
      }
    }
  });

  it("every route the API serves is in the document (none bypasses the declaration)", () => {
    const documented = new Set(ops.map((op) => op.name));
    const served = createApi()
      .routes.filter((r) => r.method !== "ALL" && !["/openapi.json", "/docs"].includes(r.path))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
    expect(served.filter((name) => !documented.has(name))).toEqual([]);
  });
});

type Who = { name: string; role: Role | null; scopes: string[] | null };
const WHO: Who[] = [
  ...ROLES.map((role) => ({ name: role, role, scopes: null })),
  { name: "guest (anonymous)", role: null, scopes: null },
  ...SCOPE_NAMES.map((scope) => ({ name: `API key [${scope}]`, role: "owner" as const, scopes: [scope] })),
];

/** What the declaration says this caller gets: allowed, or the status that refuses it. */
function expected(op: Operation, who: Who, guestQuoting: boolean): "allowed" | 401 | 403 {
  if (op.permission === "public") return "allowed";
  if (!who.role) return op.guest && guestQuoting ? "allowed" : 401;
  if (op.permission === "signed_in") return "allowed";
  if (op.permission === "session") return who.scopes ? 403 : "allowed";
  const permission = op.permission as Permission;
  return roleAllows(who.role, permission) && (!who.scopes || scopesAllow(who.scopes, permission)) ? "allowed" : 403;
}

/** A visitor without an account who has uploaded a part, so holds a guest session (one without could see nothing). */
async function guestWithSession(t: TestTenant) {
  const guest = new Client(t.host);
  expect((await guest.fetch("/api/v1/models?filename=g.stl", { method: "POST", body: binaryStl(boxTriangles([3, 3, 3])) })).status).toBe(202);
  return guest;
}

/** Logging out ends the caller's session and deletes remove the fixture's rows: they run last. */
const lateness = (op: Operation) => (op.path === "/auth/logout" ? 2 : op.method === "DELETE" ? 1 : 0);

describe("the permission matrix: every operation as every role and every single-scope API key", () => {
  let t: TestTenant, ids: ShopIds, ops: Operation[];
  const callers = new Map<string, Caller>();
  beforeAll(async () => {
    t = await createTenant();
    ids = await seedShop(t);
    ops = (await operations()).sort((a, b) => lateness(a) - lateness(b));
    for (const who of WHO) {
      if (who.scopes) callers.set(who.name, await keyClient(t, who.scopes));
      else if (who.role === "owner") callers.set(who.name, t.owner);
      else if (who.role) callers.set(who.name, await userWithRole(t, who.role, ids.customer));
      else callers.set(who.name, await guestWithSession(t));
    }
  }, 90_000);

  /** Calls every operation as `who`; allowed means past the permission gate (any answer but 401/403, never a 5xx). */
  async function mismatches(who: Who, list: Operation[], guestQuoting: boolean) {
    const wrong: string[] = [];
    for (const op of list) {
      let res = await call(callers.get(who.name)!, op, ids);
      // A key's burst runs out over this many operations: wait as told (a refused request did nothing) and call again.
      while (res.status === 429) {
        await res.body?.cancel();
        await new Promise((r) => setTimeout(r, Number(res.headers.get("retry-after") ?? 1) * 1000));
        res = await call(callers.get(who.name)!, op, ids);
      }
      const want = expected(op, who, guestQuoting);
      const ok = want === "allowed" ? res.status !== 401 && res.status !== 403 && res.status < 500 : res.status === want;
      if (!ok) wrong.push(`${op.name}: ${res.status}, declared ${op.permission}${op.guest ? " (guest)" : ""} → ${want}: ${(await res.text()).slice(0, 200)}`);
      else await res.body?.cancel();
    }
    return wrong;
  }

  it.each(WHO)(
    "$name",
    async (who) => {
      expect(await mismatches(who, ops, true)).toEqual([]);
    },
    120_000,
  );

  it("a guest on a shop without guest quoting: every guest operation is 401", async () => {
    await env.DB.prepare("update tenants set settings = json_set(settings, '$.guest_quoting', json('false')) where id = ?").bind(t.id).run();
    const anonymous = WHO.find((w) => !w.role)!;
    const guestOps = ops.filter((op) => op.guest);
    expect(guestOps.length).toBeGreaterThan(20);
    expect(await mismatches(anonymous, guestOps, false)).toEqual([]);
  }, 60_000);
});
