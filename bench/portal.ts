/**
 * npm run bench:portal — the customer's dashboard on `wrangler dev` with
 * local D1 (127.0.0.1 only). A company with 200 projects, 2,000 quotes
 * (sent, priced, accepted, draft, in and out of projects), 500 orders with
 * two manufacturing orders each (1,000 MOs at every stage), 300 shipments
 * and 400 drawing revisions, and 1,000 notifications of its admin (60 unread), written straight into D1. Timed through the
 * API with the company admin's session, median of 25 after 5 warm-ups:
 *   portal.dashboard_ms          GET /api/v1/portal/dashboard (every section, all 200 projects visible)
 *   portal.dashboard_user_ms     the same for a customer user assigned to 20 of the projects
 * next to the baseline portal.dashboard_1_project_ms (the same route for a company with
 * one project, one quote and one order) and portal.me_ms (GET /api/v1/me) in the same server,
 * and the page itself, server-rendered:
 *   portal.page_ms               GET /portal (the loader calling the API, and the HTML)
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { shardBindingOf, startDevServer } from "../scripts/lib/dev-server.mjs";
import { hostRequest } from "../scripts/lib/host-request.mjs";

const PORT = 8798;
const SLUG = "benchportal";
const HOST = `${SLUG}.localhost`;
const PROJECTS = 200;
const QUOTES = 2_000;
const ORDERS = 500;
const SHIPPED = 300;
const DRAWINGS = 400;
const NOTIFICATIONS = 1_000;
const UNREAD = 60;
const ASSIGNED = 20;
const RUNS = 25;
const WARM_UPS = 5;
const PASSWORD = "bench-password-1";
const DAY = 86_400_000;

const persistTo = mkdtempSync(join(tmpdir(), "fabquote-bench-portal-"));
const year = new Date().getUTCFullYear();
const pad = (n: number, width: number) => String(n).padStart(width, "0");
const text = (s: string | null) => (s === null ? "NULL" : `'${s.replaceAll("'", "''")}'`);

const routing = JSON.stringify(
  ["cut", "weld", "glaze", "assemble", "inspect"].map((code, i) => ({
    code,
    name: code[0].toUpperCase() + code.slice(1),
    work_centre: code,
    planned_minutes: 10 + i,
  })),
);
const MO_STAGES = ["scheduled", "in_production", "in_production", "ready", "shipped", "delivered", "on_hold"] as const;

/** Multi-row inserts of 50 rows: D1 refuses a statement over 100 KB, and an MO row carries its routing. */
function insert(table: string, columns: string, rows: string[]) {
  const out: string[] = [];
  for (let i = 0; i < rows.length; i += 50) out.push(`INSERT INTO ${table} (${columns}) VALUES ${rows.slice(i, i + 50).join(",")};`);
  return out.join("\n");
}

/** A company's history as SQL. `tag` keeps ids and numbers apart between companies of the shop. */
function companySql(
  t: { tenantId: string; customerId: string; adminId: string; userId: string | null; tag: string },
  size: { projects: number; quotes: number; orders: number },
) {
  const now = Date.now();
  const { tenantId, customerId, tag } = t;
  const projects: string[] = [];
  const members: string[] = [];
  const quotes: string[] = [];
  const orders: string[] = [];
  const mos: string[] = [];
  const shipments: string[] = [];
  const drawings: string[] = [];
  const revisions: string[] = [];
  const notifications: string[] = [];
  for (let p = 0; p < size.projects; p++) {
    const at = now - (size.projects - p) * DAY;
    projects.push(
      `('${tag}-p${p}','${tenantId}','${customerId}','PRJ-${year}-${tag}${pad(p, 3)}','Project ${p}',${text(`REF-${p}`)},'${p % 10 === 9 ? "completed" : "active"}',NULL,${at},${at})`,
    );
    if (t.userId && p < ASSIGNED) members.push(`('${tenantId}','${tag}-p${p}','${t.userId}',${at})`);
  }
  for (let q = 0; q < size.quotes; q++) {
    // The first `orders` quotes were accepted and ordered; the rest are sent, priced or drafts.
    const status = q < size.orders ? "accepted" : ["sent", "sent", "priced", "draft", "rejected"][q % 5];
    const created = now - (size.quotes - q) * 3_600_000;
    const sent = status === "draft" || status === "priced" ? null : created + 60_000;
    const decided = status === "accepted" || status === "rejected" ? created + 120_000 : null;
    const validUntil = status === "sent" || status === "priced" ? now + ((q % 40) - 10) * DAY : null;
    const project = size.projects > 0 && q % 7 !== 0 ? `'${tag}-p${q % size.projects}'` : "NULL";
    quotes.push(
      `('${tag}-q${q}','${tenantId}','Q-${tag}-${pad(q, 5)}','${status}',1,'${customerId}','${t.adminId}','EUR','{"gross_total":${10_000 + q}}',${validUntil ?? "NULL"},${sent ?? "NULL"},${decided ?? "NULL"},${project},${created},${created})`,
    );
  }
  for (let o = 0; o < size.orders; o++) {
    const created = now - (size.quotes - o) * 3_600_000 + 180_000;
    const paid = o % 2 === 0 ? created + 60_000 : null;
    const status = o % 25 === 24 ? "cancelled" : paid ? "paid" : "purchase_order";
    orders.push(
      `('${tag}-o${o}','${tenantId}','${tag}-q${o}','ORD-${year}-${tag}${pad(o, 4)}','${status}','${paid ? "stripe" : "purchase_order"}',${10_000 + o},'EUR',${paid ?? "NULL"},${created},${created})`,
    );
    for (let line = 0; line < 2; line++) {
      const stage = status === "cancelled" ? "cancelled" : MO_STAGES[(o + line) % MO_STAGES.length];
      const done = { scheduled: 0, in_production: 2, on_hold: 1, ready: 5, shipped: 5, delivered: 5, cancelled: 0 }[stage];
      const operations = Object.fromEntries(
        ["cut", "weld", "glaze", "assemble", "inspect"].map((c, i) => [
          c,
          i < done ? "done" : i === done && stage === "in_production" ? "in_progress" : "pending",
        ]),
      );
      mos.push(
        `('${tag}-mo${o}-${line}','${tenantId}','${tag}-o${o}','${tag}-qi${o}-${line}','MO-${year}-${tag}${pad(o * 2 + line, 5)}','${stage}',1,'${routing}','${JSON.stringify(operations)}',NULL,NULL,${now + ((o % 30) + line) * DAY},${created},${now})`,
      );
    }
    if (o < Math.min(SHIPPED, size.orders)) {
      const shipped = created + 5 * DAY;
      const delivered = o % 3 === 0 ? null : shipped + 2 * DAY;
      shipments.push(
        `('${tag}-s${o}','${tenantId}','${tag}-o${o}','SHP-${year}-${tag}${pad(o, 4)}','DHL',NULL,'https://track.example/${o}','[]','${delivered ? "delivered" : "shipped"}',${shipped},${delivered ?? "NULL"},NULL,${shipped})`,
      );
    }
  }
  for (let d = 0; d < Math.min(DRAWINGS, size.quotes); d++) {
    const at = now - d * 7_200_000;
    drawings.push(
      `('${tag}-d${d}','${tenantId}','DOOR-PLAN-${tag}${pad(d, 4)}','r-${tag}-${d}','c-${tag}-${d}','${tag}-q${size.quotes - 1 - d}','door','plan','current','1:20','A3','["pdf"]','A',NULL,'${customerId}',NULL,${at},${at})`,
    );
    revisions.push(`('${tag}-dr${d}','${tenantId}','${tag}-d${d}','A','current','First issue','[]',${at},NULL)`);
  }
  // The admin's bell: the newest UNREAD unread, the rest read.
  for (let n = 0; n < Math.min(NOTIFICATIONS, size.quotes); n++) {
    const at = now - n * 600_000;
    notifications.push(
      `('${tag}-n${n}','${tenantId}','${t.adminId}','${tag}-ne${n}','quote.sent','Quote Q-${tag}-${pad(n, 5)} sent','Body','/quotes/${tag}-q${n}',1,${n < UNREAD ? "NULL" : at + 60_000},'sent',${at})`,
    );
  }
  return [
    insert("projects", "id, tenant_id, customer_id, number, name, reference, status, created_by, created_at, updated_at", projects),
    insert("project_members", "tenant_id, project_id, user_id, created_at", members),
    insert(
      "quotes",
      "id, tenant_id, number, status, price_book_version, customer_id, owner_user_id, currency, totals, valid_until, sent_at, decided_at, project_id, created_at, updated_at",
      quotes,
    ),
    insert("orders", "id, tenant_id, quote_id, number, status, payment_method, amount, currency, paid_at, created_at, updated_at", orders),
    insert(
      "manufacturing_orders",
      "id, tenant_id, order_id, quote_item_id, number, status, quantity, routing, operations, bom, qc_checklist, due_at, created_at, updated_at",
      mos,
    ),
    insert(
      "shipments",
      "id, tenant_id, order_id, number, carrier, tracking_number, tracking_url, packages, status, shipped_at, delivered_at, received_by, created_at",
      shipments,
    ),
    insert(
      "drawings",
      "id, tenant_id, drawing_number, request_id, configuration_id, quote_id, family, drawing_type, status, scale, sheet, formats, revision, owner_user_id, customer_id, guest_session_hash, created_at, updated_at",
      drawings,
    ),
    insert("drawing_revisions", "id, tenant_id, drawing_id, revision, status, reason, changes, created_at, created_by", revisions),
    insert("notifications", "id, tenant_id, user_id, event_id, type, title, body, path, in_app, read_at, email_state, created_at", notifications),
  ]
    .filter((s) => s.length > 0)
    .join("\n");
}

function expectStatus<R extends { status: number; text: string }>(res: R, status: number, what: string): R {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${res.text.slice(0, 300)}`);
  return res;
}

/** A customer of the shop signed in: their session cookie, user id and company id. */
async function customer(email: string, name: string) {
  expectStatus(await hostRequest(PORT, HOST, "POST", "/api/v1/auth/register", { json: { email, password: PASSWORD, name } }), 202, "register");
  const login = expectStatus(await hostRequest(PORT, HOST, "POST", "/api/v1/auth/login", { json: { email, password: PASSWORD } }), 200, "login");
  const cookie = String(login.headers["set-cookie"]).split(";")[0];
  const me = expectStatus(await hostRequest(PORT, HOST, "GET", "/api/v1/me", { headers: { cookie } }), 200, "me").json.data.user;
  return { cookie, userId: me.id as string, customerId: me.customer_id as string };
}

async function median(cookie: string, path: string) {
  const times: number[] = [];
  for (let i = 0; i < RUNS + WARM_UPS; i++) {
    const t0 = performance.now();
    const res = await hostRequest(PORT, HOST, "GET", path, { headers: { cookie } });
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.text.slice(0, 300)}`);
    if (i >= WARM_UPS) times.push(ms);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

let server = await startDevServer({ port: PORT, persistTo, quiet: true });
try {
  const created = expectStatus(
    await hostRequest(PORT, "localhost", "POST", "/api/v1/tenants", {
      json: { name: "Bench portal", slug: SLUG, owner_email: "o@benchportal.test", owner_password: PASSWORD },
    }),
    201,
    "tenant",
  );
  const tenantId: string = created.json.data.tenant.id;
  const big = await customer("admin@big.test", "Big admin");
  const member = await customer("user@big.test", "Big user");
  const small = await customer("admin@small.test", "Small admin");
  await server.stop();

  const sql = [
    `UPDATE users SET role = 'customer_user', customer_id = '${big.customerId}' WHERE id = '${member.userId}';`,
    companySql(
      { tenantId, customerId: big.customerId, adminId: big.userId, userId: member.userId, tag: "B" },
      { projects: PROJECTS, quotes: QUOTES, orders: ORDERS },
    ),
    companySql({ tenantId, customerId: small.customerId, adminId: small.userId, userId: null, tag: "S" }, { projects: 1, quotes: 1, orders: 1 }),
  ].join("\n");
  const file = join(persistTo, "portal.sql");
  writeFileSync(file, sql);
  execFileSync("npx", ["wrangler", "d1", "execute", shardBindingOf(tenantId, persistTo), "--local", "--persist-to", persistTo, "--file", file], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  server = await startDevServer({ port: PORT, persistTo, quiet: true });

  const first = expectStatus(await hostRequest(PORT, HOST, "GET", "/api/v1/portal/dashboard", { headers: { cookie: big.cookie } }), 200, "dashboard").json.data;
  const sizes = `${first.projects.total} active projects, ${first.outstanding_quotes.total} quotes to decide, ${first.orders_in_progress.total} orders in progress, ${first.unread_notifications.total} unread notifications`;
  console.log(
    `company: ${PROJECTS} projects, ${QUOTES} quotes, ${ORDERS} orders, ${ORDERS * 2} MOs, ${SHIPPED} shipments, ${DRAWINGS} drawings, ${NOTIFICATIONS} notifications; dashboard: ${sizes}`,
  );
  if (first.orders_in_progress.total < 100 || first.outstanding_quotes.total < 100 || first.unread_notifications.total !== UNREAD)
    throw new Error("the company's history was not loaded");

  const me = await median(big.cookie, "/api/v1/me");
  const baseline = await median(small.cookie, "/api/v1/portal/dashboard");
  const dashboard = await median(big.cookie, "/api/v1/portal/dashboard");
  const user = await median(member.cookie, "/api/v1/portal/dashboard");
  const page = await median(big.cookie, "/portal");
  console.log(`BENCH portal.me_ms ${me.toFixed(1)} ms`);
  console.log(`BENCH portal.dashboard_1_project_ms ${baseline.toFixed(1)} ms`);
  console.log(`BENCH portal.dashboard_ms ${dashboard.toFixed(1)} ms (target ≤ 50 ms)`);
  console.log(`BENCH portal.dashboard_user_ms ${user.toFixed(1)} ms (${ASSIGNED} assigned projects)`);
  console.log(`BENCH portal.page_ms ${page.toFixed(1)} ms`);
} finally {
  await server.stop();
  rmSync(persistTo, { recursive: true, force: true });
}
