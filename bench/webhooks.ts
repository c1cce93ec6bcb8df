/**
 * npm run bench:webhooks — inbound webhooks on `wrangler dev` (127.0.0.1 only):
 * signed POST /webhooks/{source} through one WebhookInbox call (verify + claim
 * and hold + enqueue; the consumer writes D1), next to the bare GET /api/v1/ping
 * in the same Worker and run. One request in ten is an exact partner retry (same
 * webhook-id); afterwards every accepted (202) event must be stored and have had
 * its effect exactly once: the double-effect and lost counts must be 0.
 */
import autocannon from "autocannon";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localD1Query, shardBindingOf, startDevServer } from "../scripts/lib/dev-server.mjs";
import { hostRequest } from "../scripts/lib/host-request.mjs";
import { workerTimes } from "./worker-time.ts";
import { signWebhook } from "./webhook-sign.ts";

const PORT = 8796;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const RETRY_EVERY = 10;
const TIMED_REQUESTS = Number(process.env.BENCH_TIMED_REQUESTS ?? 300);
const SLUG = "benchhooks";
const HOST = `${SLUG}.localhost`;

async function load(title: string, opts: autocannon.Options) {
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION_S, ...opts });
  const failed = result.non2xx + result.errors;
  console.log(
    `${title.padEnd(26)} ${result.requests.average.toFixed(0).padStart(7)} req/s   p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   errors/non-2xx ${failed}`,
  );
  if (failed > 0) throw new Error(`${title}: ${failed} failed requests`);
  return result;
}

const persistTo = mkdtempSync(join(tmpdir(), "fabquote-bench-hooks-"));
const server = await startDevServer({ port: PORT, persistTo, quiet: true });
let tenantId = "";
try {
  const owner = { email: "o@benchhooks.test", password: "bench-password-1" };
  const created = await hostRequest(PORT, "localhost", "POST", "/api/v1/tenants", {
    json: { name: "Bench hooks", slug: SLUG, owner_email: owner.email, owner_password: owner.password },
  });
  tenantId = created.json.data.tenant.id;
  const login = await hostRequest(PORT, HOST, "POST", "/api/v1/auth/login", { json: owner });
  const cookie = String(login.headers["set-cookie"]).split(";")[0];
  const source = await hostRequest(PORT, HOST, "POST", "/api/v1/webhooks/sources", {
    json: { name: "nexus" },
    headers: { cookie, origin: `http://${HOST}:${PORT}` },
  });
  if (source.status !== 201) throw new Error(`source: ${source.status} ${source.text}`);
  const secret: string = source.json.data.secret;

  let sent = 0;
  let accepted = 0;
  let last: { id: string; ts: number; body: string; signature: string } | null = null;
  const fresh = () => {
    const id = `msg_${randomUUID()}`;
    const ts = Math.floor(Date.now() / 1000);
    // Each revision request bumps its drawing's revision when applied: applied twice shows as revision 2.
    const body = JSON.stringify({
      type: "drawing.revision_requested",
      data: { drawing_id: id, revision_reason: "bench", requested_changes: [{ type: "annotation_change" }] },
    });
    return { id, ts, body, signature: signWebhook(secret, id, ts, body) };
  };
  const next = () => {
    sent++;
    // An exact retry of the previous message: must come back as a duplicate.
    if (last && sent % RETRY_EVERY === 0) return last;
    last = fresh();
    return last;
  };
  const headersOf = (m: ReturnType<typeof fresh>) => ({
    "content-type": "application/json",
    "webhook-id": m.id,
    "webhook-timestamp": String(m.ts),
    "webhook-signature": m.signature,
  });

  console.log(`Load: ${CONNECTIONS} connections, ${DURATION_S} s each, wrangler dev on 127.0.0.1:${PORT}\n`);
  const bareOpts = { url: `http://127.0.0.1:${PORT}/api/v1/ping`, headers: { host: `${HOST}:${PORT}` } };
  await load("warm-up", { ...bareOpts, duration: 2 });
  const bare = await load("GET /api/v1/ping", bareOpts);
  const inbound = await load("POST /webhooks/nexus", {
    url: `http://127.0.0.1:${PORT}/webhooks/nexus`,
    requests: [
      {
        method: "POST",
        onResponse: (status) => {
          if (status === 202) accepted++;
        },
        setupRequest: (req) => {
          const m = next();
          return {
            ...req,
            body: m.body,
            headers: { host: `${HOST}:${PORT}`, ...headersOf(m) },
          };
        },
      },
    ],
  });

  // One at a time, for the time the Worker reports spending on each (fresh events: they count as accepted).
  const inboundTime = await workerTimes(TIMED_REQUESTS, async () => {
    const m = fresh();
    sent++;
    const res = await hostRequest(PORT, HOST, "POST", "/webhooks/nexus", { body: Buffer.from(m.body), headers: headersOf(m) });
    if (res.status === 202) accepted++;
    return res;
  });
  const bareTime = await workerTimes(TIMED_REQUESTS, () => hostRequest(PORT, HOST, "GET", "/api/v1/ping"));
  console.log(`\nWorker time (Server-Timing, ${TIMED_REQUESTS} requests one at a time; an upper bound on CPU time, decision 0062):`);
  console.log(`POST /webhooks/nexus p50 ${inboundTime.p50} ms p99 ${inboundTime.p99} ms; GET /api/v1/ping p50 ${bareTime.p50} ms p99 ${bareTime.p99} ms`);

  // Let the inbox queue drain (events reach D1 through it), then count effects in D1.
  const deadline = Date.now() + 120_000;
  let stats = { received: 0, processed: 0 };
  for (;;) {
    const res = await hostRequest(PORT, HOST, "GET", "/api/v1/webhooks/stats", { headers: { cookie } });
    const byStatus: Record<string, number> = res.json.data.inbound.by_status;
    stats = { received: Object.values(byStatus).reduce((a, b) => a + b, 0), processed: byStatus.processed ?? 0 };
    if ((stats.received >= accepted && stats.processed === stats.received) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  await server.stop();
  // Both counts from the shop's data shard, in one wrangler call.
  const [[records], [effects]] = localD1Query(
    shardBindingOf(tenantId, persistTo),
    `SELECT count(*) AS n, coalesce(sum(revision > 1), 0) AS doubled FROM partner_records WHERE tenant_id = '${tenantId}';
     SELECT count(*) AS n FROM webhook_effects WHERE tenant_id = '${tenantId}'`,
    persistTo,
  ) as Record<string, number>[][];
  const doubleEffects = records.doubled + Math.max(0, effects.n - stats.received);
  const lost = Math.max(0, accepted - stats.received);
  console.log(
    `\nrequests sent ${sent}, accepted ${accepted}, events stored ${stats.received}, processed ${stats.processed}, effects ${effects.n}, records ${records.n}`,
  );
  if (stats.processed !== stats.received) console.log("warning: not every event was processed before the deadline");
  console.log(`inbound / bare = ${((inbound.requests.average / bare.requests.average) * 100).toFixed(0)} %\n`);
  console.log(`BENCH webhooks.inbound.rps ${inbound.requests.average.toFixed(0)} req/s`);
  console.log(`BENCH webhooks.inbound.p99_ms ${inbound.latency.p99} ms`);
  console.log(`BENCH webhooks.bare.rps ${bare.requests.average.toFixed(0)} req/s`);
  console.log(`BENCH webhooks.inbound.cpu_ms_p50 ${inboundTime.p50} ms`);
  console.log(`BENCH webhooks.inbound.cpu_ms_p99 ${inboundTime.p99} ms`);
  console.log(`BENCH webhooks.bare.cpu_ms_p50 ${bareTime.p50} ms`);
  console.log(`BENCH webhooks.bare.cpu_ms_p99 ${bareTime.p99} ms`);
  console.log(`BENCH webhooks.double_effects ${doubleEffects} count`);
  console.log(`BENCH webhooks.lost_events ${lost} count`);
} finally {
  await server.stop();
  rmSync(persistTo, { recursive: true, force: true });
}
