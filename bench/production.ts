/**
 * npm run bench:production — lot trace on `wrangler dev` with local D1
 * (127.0.0.1 only). A generated genealogy: 13 received lots, each split five
 * ways at every level down to a fifth level (10,153 lots), 50,000 consumption
 * rows from the leaves into 500 manufacturing orders (each its own order and
 * quote). Timed through the API, median of 15 after 3 warm-ups:
 *   production.trace_forward_ms   GET /lots/{root}/forward-trace (781 lots, ~3,850 consumptions, 500 orders)
 *   production.trace_backward_ms  GET /manufacturing-orders/{id}/backward-trace (100 lots, each back to its root)
 * next to the baseline production.lot_get_ms (GET /lots/{number}, one indexed row) in the same server,
 * and the staff UI's recall view of the same root lot, server-rendered with the owner's session:
 *   production.lot_page_ms        GET /production/lots/{root} (lot, both traces, the tree and the recall table as HTML)
 *   production.recall_csv_ms      GET /production/lots/{root}/recall.csv
 *
 * Then orders placed by a customer on a purchase order, median of 3 each: the
 * order's job (engineering every door, the order's combined cutting list, and
 * one MO per line with its routing, BOM and QC checklist), timed by the job
 * itself (its `order.planned` log line):
 *   production.mo_create_50_doors_ms     an order of 50 doors, one line each, widths varied
 * next to the baseline production.mo_create_1_door_ms (an order of one door) in the same server;
 * the time from the order's 201 to the job's log line, queue hop included, is printed beside them.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { shardBindingOf, startDevServer } from "../scripts/lib/dev-server.mjs";
import { hostRequest } from "../scripts/lib/host-request.mjs";

const PORT = 8797;
const SLUG = "benchlots";
const HOST = `${SLUG}.localhost`;
const ROOTS = 13;
const BRANCHING = 5;
const LEVELS = 5;
const CONSUMPTIONS = 50_000;
const MOS = 500;
const RUNS = 15;
const ORDER_RUNS = 3;

const door = {
  door_type: "single",
  opening_direction: "inward",
  frame_width: 1000,
  frame_height: 2100,
  glazing_type: "double",
  glazing_thickness: 28,
  glazing_u_value: 1.1,
  threshold: "standard",
  finish: "powder_coating",
  color: "RAL 9016",
  hardware: { hinges: "standard", lock: "multipoint_3_point", handles: "lever_stainless_steel", closer: "none" },
};

/** The job's own time per order id, from its log lines. */
const planned = new Map<string, number>();
function onLine(line: string) {
  const at = line.indexOf('{"level":"info","event":"order.planned"');
  if (at < 0) return;
  const log = JSON.parse(line.slice(at)) as { order_id: string; ms: number };
  planned.set(log.order_id, log.ms);
}

const persistTo = mkdtempSync(join(tmpdir(), "fabquote-bench-lots-"));
const year = new Date().getUTCFullYear();

/** The genealogy as SQL, in multi-row inserts. */
function genealogySql(tenantId: string) {
  const now = Date.now();
  const lots: string[] = [];
  const links: string[] = [];
  const moves: string[] = [];
  const leaves: string[] = [];
  let n = 0;
  const lot = (origin: string, qty: number) => {
    n++;
    const id = `lot-${n}`;
    lots.push(`('${id}','${tenantId}','LOT-${year}-${String(n).padStart(5, "0")}','Frame profile','m',NULL,NULL,'${origin}',${now},NULL,NULL,${now})`);
    moves.push(`('in-${n}','${tenantId}','${id}','${origin === "received" ? "receive" : "split"}',${qty},NULL,NULL,${now})`);
    return id;
  };
  const grow = (parent: string, level: number, qty: number) => {
    if (level === LEVELS - 1) return leaves.push(parent);
    for (let i = 0; i < BRANCHING; i++) {
      const share = Math.floor(qty / (BRANCHING + 1));
      const child = lot("split", share);
      moves.push(`('out-${child}','${tenantId}','${parent}','split',${-share},NULL,NULL,${now})`);
      links.push(`('${tenantId}','${parent}','${child}',${share},${now})`);
      grow(child, level + 1, share);
    }
  };
  for (let r = 0; r < ROOTS; r++) grow(lot("received", 1_000_000_000), 0, 1_000_000_000);
  const quotes: string[] = [];
  const orders: string[] = [];
  const mos: string[] = [];
  for (let m = 0; m < MOS; m++) {
    quotes.push(`('q-${m}','${tenantId}','Q-${m}','accepted',1,'EUR',${now})`);
    orders.push(`('o-${m}','${tenantId}','q-${m}','ORD-${year}-${String(m + 1).padStart(4, "0")}','purchase_order','purchase_order',1000,'EUR',${now},${now})`);
    mos.push(
      `('mo-${m}','${tenantId}','o-${m}','qi-${m}','MO-${year}-${String(m + 1).padStart(4, "0")}','scheduled',1,'[]','{}',NULL,NULL,${now},${now},${now})`,
    );
  }
  for (let i = 0; i < CONSUMPTIONS; i++) moves.push(`('c-${i}','${tenantId}','${leaves[i % leaves.length]}','consume',-1000,'mo-${i % MOS}',NULL,${now})`);
  const insert = (table: string, columns: string, rows: string[]) => {
    const out: string[] = [];
    for (let i = 0; i < rows.length; i += 400) out.push(`INSERT INTO ${table} (${columns}) VALUES ${rows.slice(i, i + 400).join(",")};`);
    return out.join("\n");
  };
  return {
    lots: n,
    sql: [
      insert("lots", "id, tenant_id, lot_number, material, unit, supplier, supplier_lot, origin, received_at, expires_at, quality, created_at", lots),
      insert("lot_links", "tenant_id, parent_lot_id, child_lot_id, quantity_milli, created_at", links),
      insert("stock_moves", "id, tenant_id, lot_id, kind, quantity_milli, manufacturing_order_id, created_by, created_at", moves),
      insert("quotes", "id, tenant_id, number, status, price_book_version, currency, updated_at", quotes),
      insert("orders", "id, tenant_id, quote_id, number, status, payment_method, amount, currency, created_at, updated_at", orders),
      insert(
        "manufacturing_orders",
        "id, tenant_id, order_id, quote_item_id, number, status, quantity, routing, operations, bom, qc_checklist, due_at, created_at, updated_at",
        mos,
      ),
      // The counters those numbers came from, so orders placed afterwards are numbered on.
      insert("sequences", "tenant_id, name, value", [`('${tenantId}','ORD-${year}',${MOS})`, `('${tenantId}','MO-${year}',${MOS})`]),
    ].join("\n"),
  };
}

const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function expectStatus<R extends { status: number; text: string }>(res: R, status: number, what: string): R {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${res.text.slice(0, 300)}`);
  return res;
}

/** An order of `doors` doors placed by the customer: the job's time, and from the 201 to the job done; its MOs are checked. */
async function placeOrder(owner: string, customer: string, productId: string, doors: number) {
  const items = [];
  for (let i = 0; i < doors; i++) {
    const config = { ...door, frame_width: 900 + ((i * 7) % 180) };
    const made = expectStatus(
      await hostRequest(PORT, HOST, "POST", "/api/v1/configurations", { json: { product_id: productId, config }, headers: { cookie: customer } }),
      201,
      "configuration",
    );
    items.push({ configuration_id: made.json.data.id, quantity: 1 });
  }
  const quote = expectStatus(await hostRequest(PORT, HOST, "POST", "/api/v1/quotes", { json: { items }, headers: { cookie: customer } }), 201, "quote").json
    .data;
  expectStatus(await hostRequest(PORT, HOST, "POST", `/api/v1/quotes/${quote.id}/send`, { headers: { cookie: owner } }), 200, "send");
  expectStatus(await hostRequest(PORT, HOST, "POST", `/api/v1/quotes/${quote.id}/accept`, { headers: { cookie: customer } }), 200, "accept");
  const t0 = performance.now();
  const order = expectStatus(
    await hostRequest(PORT, HOST, "POST", `/api/v1/quotes/${quote.id}/purchase-order`, { json: { po_number: "PO-BENCH" }, headers: { cookie: customer } }),
    201,
    "purchase order",
  ).json.data;
  // Waits on the job's log, not by polling the API: requests would take the CPU the job is timed on.
  for (const deadline = Date.now() + 60_000; !planned.has(order.id); await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() > deadline) throw new Error(`order ${order.number} was not planned`);
  }
  const done = performance.now() - t0;
  const mos = await hostRequest(PORT, HOST, "GET", `/api/v1/manufacturing-orders?limit=100&order_id=${order.id}`, { headers: { cookie: owner } });
  if (mos.json.data.length !== doors) throw new Error(`order ${order.number}: ${mos.json.data.length} MOs, not ${doors}`);
  return { job: planned.get(order.id)!, done };
}

async function median(cookie: string, path: string) {
  const times: number[] = [];
  for (let i = 0; i < RUNS + 3; i++) {
    const t0 = performance.now();
    const res = await hostRequest(PORT, HOST, "GET", path, { headers: { cookie } });
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.text.slice(0, 300)}`);
    if (i >= 3) times.push(ms);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

let server = await startDevServer({ port: PORT, persistTo, quiet: true });
try {
  const owner = { email: "o@benchlots.test", password: "bench-password-1" };
  const created = await hostRequest(PORT, "localhost", "POST", "/api/v1/tenants", {
    json: { name: "Bench lots", slug: SLUG, owner_email: owner.email, owner_password: owner.password },
  });
  const tenantId: string = created.json.data.tenant.id;
  const login = await hostRequest(PORT, HOST, "POST", "/api/v1/auth/login", { json: owner });
  const cookie = String(login.headers["set-cookie"]).split(";")[0];
  await server.stop();

  const { lots, sql } = genealogySql(tenantId);
  const file = join(persistTo, "genealogy.sql");
  writeFileSync(file, sql);
  execFileSync("npx", ["wrangler", "d1", "execute", shardBindingOf(tenantId, persistTo), "--local", "--persist-to", persistTo, "--file", file], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  server = await startDevServer({ port: PORT, persistTo, quiet: true, onLine });

  const root = `LOT-${year}-00001`;
  const forward = await hostRequest(PORT, HOST, "GET", `/api/v1/lots/${root}/forward-trace`, { headers: { cookie } });
  const affected = forward.json.data.affected;
  console.log(`genealogy: ${lots} lots, ${LEVELS} levels, ${CONSUMPTIONS} consumptions into ${MOS} MOs; root reaches ${affected.orders.length} orders`);
  if (affected.orders.length === 0) throw new Error("the forward trace reached no order: the genealogy was not loaded");
  const baseline = await median(cookie, `/api/v1/lots/${root}`);
  const fwd = await median(cookie, `/api/v1/lots/${root}/forward-trace`);
  const back = await median(cookie, "/api/v1/manufacturing-orders/mo-7/backward-trace");
  console.log(`BENCH production.lot_get_ms ${baseline.toFixed(1)} ms`);
  console.log(`BENCH production.trace_forward_ms ${fwd.toFixed(1)} ms`);
  console.log(`BENCH production.trace_backward_ms ${back.toFixed(1)} ms`);
  const page = await median(cookie, `/production/lots/${root}`);
  const csv = await median(cookie, `/production/lots/${root}/recall.csv`);
  const sizes = await Promise.all(
    [`/production/lots/${root}`, `/production/lots/${root}/recall.csv`].map(
      async (p) => (await hostRequest(PORT, HOST, "GET", p, { headers: { cookie } })).text.length,
    ),
  );
  console.log(`BENCH production.lot_page_ms ${page.toFixed(1)} ms (${(sizes[0] / 1024).toFixed(0)} KiB of HTML)`);
  console.log(`BENCH production.recall_csv_ms ${csv.toFixed(1)} ms (${(sizes[1] / 1024).toFixed(0)} KiB)`);

  const customerLogin = { email: "c@benchlots.test", password: "bench-password-2" };
  expectStatus(await hostRequest(PORT, HOST, "POST", "/api/v1/auth/register", { json: { ...customerLogin, name: "Bench customer" } }), 202, "register");
  const customer = String(
    expectStatus(await hostRequest(PORT, HOST, "POST", "/api/v1/auth/login", { json: customerLogin }), 200, "customer login").headers["set-cookie"],
  ).split(";")[0];
  const product = expectStatus(
    await hostRequest(PORT, HOST, "POST", "/api/v1/products", { json: { name: "Door", generator_key: "spw600e-door" }, headers: { cookie } }),
    201,
    "product",
  ).json.data;
  await placeOrder(cookie, customer, product.id, 1); // warm-up
  const one = [];
  const fifty = [];
  for (let i = 0; i < ORDER_RUNS; i++) {
    one.push(await placeOrder(cookie, customer, product.id, 1));
    fifty.push(await placeOrder(cookie, customer, product.id, 50));
  }
  console.log(
    `order placed → planned (queue hop included): 1 door ${mid(one.map((r) => r.done)).toFixed(0)} ms, 50 doors ${mid(fifty.map((r) => r.done)).toFixed(0)} ms`,
  );
  console.log(`BENCH production.mo_create_1_door_ms ${mid(one.map((r) => r.job)).toFixed(1)} ms`);
  console.log(`BENCH production.mo_create_50_doors_ms ${mid(fifty.map((r) => r.job)).toFixed(1)} ms`);
} finally {
  await server.stop();
  rmSync(persistTo, { recursive: true, force: true });
}
