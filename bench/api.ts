/**
 * npm run bench:api — load on `wrangler dev` (127.0.0.1 only): POST /api/v1/price
 * at 50 connections next to the bare /api/v1/ping in the same Worker, same run;
 * then each one at a time, for the time the Worker reports spending on it.
 */
import autocannon from "autocannon";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDevServer } from "../scripts/lib/dev-server.mjs";
import { hostRequest } from "../scripts/lib/host-request.mjs";
import { analyzeMesh } from "../engine/mesh/index.ts";
import { workerTimes } from "./worker-time.ts";
import { binaryStl, cube, kernelModule } from "../test/unit/mesh/solids.ts";

const PORT = 8795;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const TIMED_REQUESTS = Number(process.env.BENCH_TIMED_REQUESTS ?? 300);

async function load(title: string, host: string, method: "GET" | "POST", path: string, body?: string) {
  const result = await autocannon({
    url: `http://127.0.0.1:${PORT}${path}`,
    method,
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: { host: `${host}:${PORT}`, "content-type": "application/json", origin: `http://${host}:${PORT}` },
    body,
  });
  const non2xx = result.non2xx + result.errors;
  console.log(
    `${title.padEnd(22)} ${result.requests.average.toFixed(0).padStart(7)} req/s   p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   errors/non-2xx ${non2xx}`,
  );
  if (non2xx > 0) throw new Error(`${title}: ${non2xx} failed requests`);
  return result;
}

const persistTo = mkdtempSync(join(tmpdir(), "fabquote-bench-"));
const server = await startDevServer({ port: PORT, persistTo, quiet: true });
try {
  const slug = "bench";
  await hostRequest(PORT, "localhost", "POST", "/api/v1/tenants", {
    json: { name: "Bench", slug, owner_email: "o@bench.test", owner_password: "bench-password-1" },
  });
  const kernel = kernelModule();
  const { analysis } = await analyzeMesh(binaryStl(cube(40)), { kernel });
  const body = JSON.stringify({ analysis, process: "fff", material: "pla", quantity: 10 });
  const check = await hostRequest(PORT, `${slug}.localhost`, "POST", "/api/v1/price", { json: JSON.parse(body) });
  if (check.status !== 200) throw new Error(`price check failed: ${check.status} ${check.text}`);

  console.log(`Load: ${CONNECTIONS} connections, ${DURATION_S} s each, wrangler dev on 127.0.0.1:${PORT}\n`);
  await load("warm-up", `${slug}.localhost`, "GET", "/api/v1/ping");
  const bare = await load("GET /api/v1/ping", `${slug}.localhost`, "GET", "/api/v1/ping");
  const priced = await load("POST /api/v1/price", `${slug}.localhost`, "POST", "/api/v1/price", body);
  const ratio = priced.requests.average / bare.requests.average;
  console.log(`\nprice / bare = ${(ratio * 100).toFixed(0)} % (target >= 50 %)\n`);
  const host = `${slug}.localhost`;
  const priceTime = await workerTimes(TIMED_REQUESTS, () => hostRequest(PORT, host, "POST", "/api/v1/price", { json: JSON.parse(body) }));
  const bareTime = await workerTimes(TIMED_REQUESTS, () => hostRequest(PORT, host, "GET", "/api/v1/ping"));
  console.log(`Worker time (Server-Timing, ${TIMED_REQUESTS} requests one at a time; an upper bound on CPU time, decision 0062):`);
  console.log(`POST /api/v1/price p50 ${priceTime.p50} ms p99 ${priceTime.p99} ms; GET /api/v1/ping p50 ${bareTime.p50} ms p99 ${bareTime.p99} ms\n`);
  console.log(`BENCH api.price.rps ${priced.requests.average.toFixed(0)} req/s`);
  console.log(`BENCH api.price.p50_ms ${priced.latency.p50} ms`);
  console.log(`BENCH api.price.p99_ms ${priced.latency.p99} ms`);
  console.log(`BENCH api.bare.rps ${bare.requests.average.toFixed(0)} req/s`);
  console.log(`BENCH api.bare.p99_ms ${bare.latency.p99} ms`);
  console.log(`BENCH api.price.cpu_ms_p50 ${priceTime.p50} ms`);
  console.log(`BENCH api.price.cpu_ms_p99 ${priceTime.p99} ms`);
  console.log(`BENCH api.bare.cpu_ms_p50 ${bareTime.p50} ms`);
  console.log(`BENCH api.bare.cpu_ms_p99 ${bareTime.p99} ms`);
} finally {
  await server.stop();
  rmSync(persistTo, { recursive: true, force: true });
}
