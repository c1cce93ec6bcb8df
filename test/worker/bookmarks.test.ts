import { env } from "cloudflare:workers";
import { createExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../worker/app.ts";
import type { Env } from "../../worker/env.ts";
import { createTenant, data, expectError, placeOnShard, type TestTenant } from "./helpers.ts";

/*
 * D1 bookmarks carried between requests by a cookie (decision 0062). Locally D1 has no replicas, so
 * what is checked is that the bookmark a write answered is the one the next request's D1 session
 * starts from: the app runs over the real local D1, with withSession's argument recorded.
 */

/** The app over the real D1, remembering the bookmark of each session it opened. */
function recordingApp() {
  const sessions: string[] = [];
  const DB = new Proxy(env.DB, {
    get(target, key) {
      if (key === "withSession")
        return (bookmark: string) => {
          sessions.push(bookmark);
          return target.withSession(bookmark);
        };
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const app = createApp();
  const fetch = (url: string, init: RequestInit = {}) => Promise.resolve(app.fetch(new Request(url, init), { ...env, DB } as Env, createExecutionContext()));
  return { fetch, sessions };
}

const cookieOf = (res: Response) => res.headers.getSetCookie().find((c) => /^(__Host-)?fq_d1=/.test(c));
/** The signed-in owner's cookies without the bookmark cookie, to send one of the test's own. */
const sessionOnly = () => shop.owner.cookie.replace(/(^|; )fq_d1=[^;]*/, "");
const entriesOf = (setCookie: string) => decodeURIComponent(setCookie.slice(setCookie.indexOf("=") + 1, setCookie.indexOf(";")));

let shop: TestTenant;

beforeAll(async () => {
  shop = await createTenant();
  // On shard 0, so its entries are named s0 and shard 3 is another database.
  await placeOnShard(shop, 0);
});

describe("D1 bookmark cookie", () => {
  it("a write answers its bookmark as a short-lived, host-only, HttpOnly cookie; a read sets none", async () => {
    const write = await shop.owner.fetch("/api/v1/tenant/business", { method: "PATCH", json: { legal_name: "Bookmark Works Ltd" } });
    expect(write.status).toBe(200);
    // The header answers the database the request's data came from, named (decision 0061): c or s{n}.
    const bookmark = write.headers.get("x-d1-bookmark");
    expect(bookmark).toMatch(/^(c|s\d):[0-9a-f-]+$/);
    const cookie = cookieOf(write);
    expect(cookie).toBeDefined();
    const attributes = (cookie ?? "").split("; ").slice(1);
    expect(attributes.sort()).toEqual(["HttpOnly", "Max-Age=120", "Path=/", "SameSite=Lax"]);
    // The cookie carries each database written or read: the control plane's (the shop's settings) and the shard's.
    const entries = entriesOf(cookie ?? "").split("|");
    expect(entries).toContain(bookmark);
    expect(entries.map((e) => e.split(":")[0]).sort()).toEqual(["c", "s0"]);

    const read = await shop.owner.get("/api/v1/tenant/business");
    expect(read.status).toBe(200);
    expect(read.headers.get("x-d1-bookmark")).toMatch(/^(c|s\d):[0-9a-f-]+$/);
    expect(cookieOf(read)).toBeUndefined();
  });

  it("the next request's session starts from the bookmark the write left in the cookie, and reads the write", async () => {
    const app = recordingApp();
    const headers = { cookie: shop.owner.cookie, origin: `http://${shop.host}`, "content-type": "application/json" };
    const write = await app.fetch(`http://${shop.host}/api/v1/tenant/business`, {
      method: "PATCH",
      headers,
      body: JSON.stringify({ legal_name: "Read Your Writes GmbH" }),
    });
    expect(write.status).toBe(200);
    const written = entriesOf(cookieOf(write) ?? "");
    const control = written.split("|").find((e) => e.startsWith("c:"))!;
    expect(control).toMatch(/^c:[0-9a-f-]+$/);

    app.sessions.length = 0;
    const read = await app.fetch(`http://${shop.host}/api/v1/tenant/business`, {
      headers: { cookie: `${sessionOnly()}; fq_d1=${encodeURIComponent(written)}` },
    });
    expect((await data<{ legal_name: string }>(read)).legal_name).toBe("Read Your Writes GmbH");
    // The control plane's session (the one recorded here) starts from its own entry.
    expect(app.sessions[0]).toBe(control.slice("c:".length));
  });

  it("an x-d1-bookmark header (an API client, or the UI within one page) wins over the cookie", async () => {
    const app = recordingApp();
    const fromCookie = await app.fetch(`http://${shop.host}/api/v1/health`, { headers: { cookie: "fq_d1=c%3A00000000-0000002a-00000000-0000" } });
    expect(fromCookie.status).toBe(200);
    const fromHeader = await app.fetch(`http://${shop.host}/api/v1/health`, {
      headers: { cookie: "fq_d1=c%3A00000000-0000002a-00000000-0000", "x-d1-bookmark": "c:00000000-0000002b-00000000-0000" },
    });
    expect(fromHeader.status).toBe(200);
    expect(app.sessions).toEqual(["00000000-0000002a-00000000-0000", "00000000-0000002b-00000000-0000"]);
  });

  it("keeps other databases' entries when a write updates its own", async () => {
    const app = recordingApp();
    const shard = "00000000-00000007-00000000-0000";
    const res = await app.fetch(`http://${shop.host}/api/v1/tenant/business`, {
      method: "PATCH",
      headers: {
        cookie: `${sessionOnly()}; fq_d1=${encodeURIComponent(`s3:${shard}`)}`,
        origin: `http://${shop.host}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ legal_name: "Two Databases AG" }),
    });
    expect(res.status).toBe(200);
    const entries = entriesOf(cookieOf(res) ?? "").split("|");
    expect(entries[0]).toBe(`s3:${shard}`);
    expect(entries).toContain(res.headers.get("x-d1-bookmark"));
    expect(
      entries
        .slice(1)
        .map((e) => e.split(":")[0])
        .sort(),
    ).toEqual(["c", "s0"]);
    expect(app.sessions[0]).toBe("first-unconstrained");
  });

  it("over https the cookie is __Host- and Secure", async () => {
    const app = recordingApp();
    const res = await app.fetch(`https://${shop.host}/api/v1/auth/login`, {
      method: "POST",
      headers: { origin: `https://${shop.host}`, "content-type": "application/json" },
      body: JSON.stringify({ email: shop.ownerEmail, password: "wrong password here" }),
    });
    expect(res.status).toBe(401);
    const cookie = cookieOf(res) ?? "";
    expect(cookie).toMatch(/^__Host-fq_d1=c%3A/);
    expect(cookie.split("; ")).toContain("Secure");
  });

  it("a malformed cookie only loses freshness; a malformed header is refused, naming it", async () => {
    const app = recordingApp();
    const garbled = await app.fetch(`http://${shop.host}/api/v1/health`, { headers: { cookie: "fq_d1=c%3Anot%20a%20bookmark%7Cx%3A%3B" } });
    expect(garbled.status).toBe(200);
    expect(app.sessions).toEqual(["first-unconstrained"]);

    const refused = await expectError(
      app.fetch(`http://${shop.host}/api/v1/health`, { headers: { "x-d1-bookmark": "'; drop table tenants" } }),
      400,
      "INVALID_REQUEST",
      "x-d1-bookmark",
    );
    expect(refused.error.message).toMatch(/bookmark/);
  });
});
