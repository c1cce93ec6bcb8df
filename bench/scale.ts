/**
 * npm run bench:scale — 1,000 shops on `wrangler dev` (127.0.0.1 only), sharded across the four
 * local data shards, next to the same 1,000 shops on a single database in the same run
 * (docs/decisions/0073-scale-bench.md).
 *
 * Seeding: one template shop made through the API (template.ts), its rows cloned by SQL into the
 * other 999 (clone.ts): shop n on shard n mod 4 in the sharded state, every shop on shard 0 in the
 * single-database state (a copy of the same state, so the two hold the same rows).
 *
 * Load (load.ts): CLIENTS clients, each one request after another: 40 % storefront reads, 30 %
 * prices, 15 % quote writes, 15 % signed partner webhooks; one request in ten goes to the busy shop
 * (shop 1), the rest to shops drawn evenly from all 1,000. Both states are served at once and
 * loaded in turns (ROUNDS turns each, BENCH_SECONDS in all per state, after a warm-up), so the rest
 * of a shared machine weighs on both alike:
 *   scale.sharded.*   the load on the sharded state
 *   scale.single.*    the same load on the single-database state
 * Then, on the sharded state, the same load again while the busy shop is moved from shard 1 to
 * shard 2 (move.ts) MOVE_AT_S seconds in; clients retry a 503 after its Retry-After.
 *   scale.move_s       the move's wall time (call to switched map)
 *   scale.move_errors  the busy shop's requests that finally failed during that load, plus its
 *                      writes answered 2xx (in any phase) that are not on its new shard or were
 *                      not applied exactly once (verify.ts)
 * Every write answered 2xx in every phase is checked the same way: a lost or doubled one anywhere,
 * a failed request outside the move, or a seeding error ends the run with a non-zero exit.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { migrateFreshLocal, startDevServer } from "../scripts/lib/dev-server.mjs";
import { readTemplate, seedShops, type Shop } from "./scale/clone.ts";
import { BUSY_SHARE, MIX, type Outcome, printSummary, runLoad, summarise, type Written } from "./scale/load.ts";
import { moveShop, type Moved } from "./scale/move.ts";
import { makeTemplate, priceBody } from "./scale/template.ts";
import { drainInbox, verifyWrites } from "./scale/verify.ts";
import { SHARD_COUNT } from "../worker/db/shards.ts";

const PORT = 8799;
const SHOPS = Number(process.env.BENCH_SHOPS ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WARM_UP_S = 5;
const CLIENTS = 32;
const BUSY = 1;
const MOVE_TO = 2;
const MOVE_AT_S = 5;
const ROUNDS = 4;

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
const stateDir = (name: string) => mkdtempSync(join(tmpdir(), `fabquote-bench-scale-${name}-`));
const sharded = stateDir("sharded");
const single = stateDir("single");
const body = await priceBody();

interface State {
  title: string;
  persistTo: string;
  port: number;
  written: Written[];
  /** The measured turns' requests. */
  outcomes: Outcome[];
}

/**
 * Both states served at once and loaded in turns (ROUNDS slices each, alternating), so that what
 * the rest of a shared machine does in the meantime falls on both alike; then the move, under the
 * same load, on the sharded state; then each inbox queue is drained.
 */
async function measure(states: State[], shops: Shop[], templateEvents: number) {
  const servers = [];
  try {
    for (const st of states) {
      const t0 = performance.now();
      servers.push(await startDevServer({ port: st.port, persistTo: st.persistTo, quiet: true, migrate: false }));
      console.log(`${st.title}: wrangler dev up in ${seconds(t0)} s`);
    }
    const load = (st: State, secs: number, during?: Parameters<typeof runLoad>[0]["during"]) =>
      runLoad({ port: st.port, shops, busy: BUSY, clients: CLIENTS, seconds: secs, priceBody: body, during }).then((r) => {
        st.written.push(...r.written);
        return r;
      });
    for (const st of states) await load(st, WARM_UP_S);
    for (let round = 0; round < ROUNDS; round++) {
      for (const st of round % 2 === 0 ? states : [...states].reverse()) {
        const r = await load(st, SECONDS / ROUNDS);
        st.outcomes.push(...r.outcomes);
      }
    }
    const load1 = loadavg()[0].toFixed(1);
    for (const st of states)
      printSummary(
        `\n${st.title}, ${CLIENTS} clients, ${SECONDS} s in ${ROUNDS} turns (load average ${load1} at the end)`,
        summarise(st.outcomes, SECONDS * 1000, (SECONDS / ROUNDS) * 1000),
      );

    const [sharded] = states;
    let moved: Moved | undefined;
    const during = await load(sharded, SECONDS, async () => {
      await new Promise((r) => setTimeout(r, MOVE_AT_S * 1000));
      moved = await moveShop(sharded.port, shops[BUSY].id, MOVE_TO);
    });
    printSummary(`\n${sharded.title}, moving shop ${BUSY} from shard ${moved!.from} to ${moved!.to} ${MOVE_AT_S} s in`, summarise(during.outcomes, during.ms));
    const busy = during.outcomes.filter((o) => o.shop === BUSY);
    console.log(
      `  shop ${BUSY}: ${busy.length} requests, ${busy.filter((o) => o.retries > 0).length} retried after a 503, slowest ${Math.max(...busy.map((o) => o.ms)).toFixed(0)} ms; moved ${moved!.rows} rows in ${moved!.seconds.toFixed(2)} s, old copy deleted in ${moved!.confirmSeconds.toFixed(2)} s`,
    );
    for (const st of states) {
      const t0 = performance.now();
      await drainInbox(st.port, shops, st.written, templateEvents);
      console.log(`${st.title}: inbox queue drained in ${seconds(t0)} s`);
    }
    return { moved: moved!, during: during.outcomes };
  } finally {
    for (const server of servers) await server.stop();
  }
}

let failed = false;
const fail = (message: string) => {
  console.error(`FAILED: ${message}`);
  failed = true;
};

try {
  // The template, made through the API on the sharded state; the single state starts as its copy.
  let t0 = performance.now();
  migrateFreshLocal(sharded);
  const server = await startDevServer({ port: PORT, persistTo: sharded, quiet: true, migrate: false });
  let made: Awaited<ReturnType<typeof makeTemplate>>;
  try {
    made = await makeTemplate(PORT);
  } finally {
    await server.stop();
  }
  const template = readTemplate(sharded, made.tenantId);
  if (template.tenant.shard !== 0) throw new Error(`seeding: the template shop landed on shard ${template.tenant.shard}, not 0`);
  cpSync(sharded, single, { recursive: true });
  const rows = template.tables.reduce((n, t) => n + t.rows.length, 0);
  console.log(
    `template shop made through the API in ${seconds(t0)} s (migrations and wrangler dev included): ${rows} rows in ${template.tables.length} tables`,
  );
  t0 = performance.now();
  const shops = await seedShops(sharded, template, made.secret, SHOPS, (n) => n % SHARD_COUNT);
  await seedShops(single, template, made.secret, SHOPS, () => 0, shops);
  console.log(
    `seeded ${SHOPS} shops (${SHOPS * rows} rows each state) in ${seconds(t0)} s: sharded ${[0, 1, 2, 3].map((s) => shops.filter((x) => x.shard === s).length).join(" / ")} shops on shards 0–3; single all on shard 0`,
  );
  console.log(`mix: ${MIX.map((m) => `${m.weight} % ${m.what}`).join(", ")}; ${BUSY_SHARE * 100} % of requests to shop ${BUSY}`);
  const templateEvents = template.tables.find((t) => t.name === "webhook_events")?.rows.length ?? 0;

  const states: State[] = [
    { title: `sharded (${SHARD_COUNT} shards)`, persistTo: sharded, port: PORT, written: [], outcomes: [] },
    { title: "single database", persistTo: single, port: PORT + 1, written: [], outcomes: [] },
  ];
  const { moved, during } = await measure(states, shops, templateEvents);

  let lostOfBusy = 0;
  for (const [i, st] of states.entries()) {
    const v = verifyWrites(st.persistTo, shops, st.written, i === 0 ? [{ shop: BUSY, from: moved.from }] : []);
    console.log(`\n${st.title}: ${v.quotes} quote writes and ${v.events} accepted events checked: ${v.lost.length} lost, ${v.doubled.length} applied twice`);
    if (i === 0) {
      lostOfBusy = [...v.lost, ...v.doubled].filter((w) => w.shop === BUSY).length;
      const busyWrites = st.written.filter((w) => w.shop === BUSY);
      console.log(
        `  moved shop: ${busyWrites.length} writes answered 2xx, ${lostOfBusy} not on its new shard or not applied once; ${v.leftBehind} rows left on shard ${moved.from}`,
      );
      if (v.leftBehind > 0) fail(`the moved shop left ${v.leftBehind} rows behind after the confirmation`);
    }
    if (v.lost.length + v.doubled.length > 0) fail(`${st.title}: ${v.lost.length} writes lost, ${v.doubled.length} applied twice`);
    const steadyFailures = st.outcomes.filter((o) => !o.ok).length;
    if (steadyFailures > 0) fail(`${st.title}: ${steadyFailures} requests failed under the steady load`);
  }
  const busyFailures = during.filter((o) => o.shop === BUSY && !o.ok).length;
  const otherFailures = during.filter((o) => o.shop !== BUSY && !o.ok).length;
  if (otherFailures > 0) fail(`${otherFailures} requests to other shops failed during the move`);
  const moveErrors = busyFailures + lostOfBusy;
  const [a, b] = states.map((st) => summarise(st.outcomes, SECONDS * 1000, (SECONDS / ROUNDS) * 1000));

  const all = (r: ReturnType<typeof summarise>) => r.find((x) => x.kind === "all")!;
  console.log(`\nsharded / single = ${((all(a).rps / all(b).rps) * 100).toFixed(0)} % of the throughput\n`);
  for (const [name, r] of [
    ["sharded", a],
    ["single", b],
  ] as const) {
    console.log(`BENCH scale.${name}.rps ${all(r).rps.toFixed(1)} req/s`);
    console.log(`BENCH scale.${name}.p50_ms ${all(r).p50.toFixed(1)} ms`);
    console.log(`BENCH scale.${name}.p99_ms ${all(r).p99.toFixed(1)} ms`);
    for (const k of r.filter((x) => x.kind !== "all")) {
      console.log(`BENCH scale.${name}.${k.kind}.rps ${k.rps.toFixed(1)} req/s`);
      console.log(`BENCH scale.${name}.${k.kind}.p99_ms ${k.p99.toFixed(1)} ms`);
    }
  }
  console.log(`BENCH scale.move_s ${moved.seconds.toFixed(2)} s`);
  console.log(`BENCH scale.move_errors ${moveErrors} count (target 0: ${busyFailures} failed requests, ${lostOfBusy} lost or doubled writes)`);
  if (moveErrors > 0) fail(`the move cost ${moveErrors} errors`);
} catch (e) {
  fail((e as Error).stack ?? String(e));
} finally {
  rmSync(sharded, { recursive: true, force: true });
  rmSync(single, { recursive: true, force: true });
}
if (failed) process.exit(1);
