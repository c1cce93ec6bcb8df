/**
 * bench:scale's mixed load: a fixed number of clients, each sending one request after another for a
 * fixed time, every request to a shop drawn at random (one in ten to the busy shop, the rest spread
 * evenly over all of them) and of a kind drawn by the mix. A 503 is retried after its Retry-After,
 * as a real client does (a quote write with the same Idempotency-Key, a webhook as the same
 * delivery); a request fails only when it finally fails. Writes that got a 2xx are recorded for
 * the check that none was lost.
 */
import { randomUUID } from "node:crypto";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { webhookHeaders } from "../webhook-sign.ts";
import type { Shop } from "./clone.ts";
import { revisionEvent, SOURCE } from "./template.ts";

export const MIX = [
  { kind: "storefront", weight: 40, what: "GET /api/v1/catalog (anonymous visitor)" },
  { kind: "price", weight: 30, what: "POST /api/v1/price (anonymous visitor)" },
  { kind: "quote", weight: 15, what: "POST /api/v1/quotes (signed-in buyer, one part)" },
  { kind: "webhook", weight: 15, what: "POST /webhooks/erp (signed partner event)" },
] as const;
export type Kind = (typeof MIX)[number]["kind"];

/** Share of all requests that go to the busy shop. */
export const BUSY_SHARE = 0.1;
const MAX_ATTEMPTS = 12;

export interface Written {
  shop: number;
  kind: "quote" | "webhook";
  /** The quote's id, or the delivery's webhook-id. */
  id: string;
}

export interface Outcome {
  shop: number;
  kind: Kind;
  ok: boolean;
  status: number;
  /** From the first attempt to the final answer, Retry-After waits included. */
  ms: number;
  retries: number;
  /** When it was sent, ms since the load began. */
  at: number;
}

interface LoadOptions {
  port: number;
  shops: Shop[];
  busy: number;
  clients: number;
  seconds: number;
  priceBody: string;
  /** Runs alongside the load (the move); the load lasts at least until it settles. */
  during?: (elapsedMs: () => number) => Promise<unknown>;
}

function pick(random: number) {
  let r = random * 100;
  for (const m of MIX) {
    r -= m.weight;
    if (r < 0) return m.kind;
  }
  return MIX[MIX.length - 1].kind;
}

/** One request of `kind` to `shop`, with its retries. */
async function send(port: number, shop: Shop, kind: Kind, priceBody: string, written: Written[]) {
  const host = `${shop.slug}.localhost`;
  const cookie = (token: string) => `fq_session=${token}`;
  let attempt: () => ReturnType<typeof hostRequest>;
  let record: ((res: Awaited<ReturnType<typeof hostRequest>>) => void) | undefined;
  if (kind === "storefront") attempt = () => hostRequest(port, host, "GET", "/api/v1/catalog");
  else if (kind === "price")
    attempt = () => hostRequest(port, host, "POST", "/api/v1/price", { body: Buffer.from(priceBody), headers: { "content-type": "application/json" } });
  else if (kind === "quote") {
    const json = { items: [{ model_id: shop.modelId, process: "fff", material: "pla", quantity: 1 + Math.floor(Math.random() * 20) }] };
    const headers = { cookie: cookie(shop.buyerToken), "idempotency-key": randomUUID() };
    attempt = () => hostRequest(port, host, "POST", "/api/v1/quotes", { json, headers });
    record = (res) => written.push({ shop: shop.n, kind, id: res.json.data.id });
  } else {
    // The partner's delivery: the same id, timestamp and signature on every retry.
    const id = `msg_${randomUUID()}`;
    const body = Buffer.from(revisionEvent(id));
    const headers = webhookHeaders(shop.secret, id, Math.floor(Date.now() / 1000), body.toString());
    attempt = () => hostRequest(port, host, "POST", `/webhooks/${SOURCE}`, { body, headers });
    record = (res) => {
      if (res.status === 202) written.push({ shop: shop.n, kind, id });
    };
  }
  for (let retries = 0; ; retries++) {
    let res: Awaited<ReturnType<typeof attempt>>;
    try {
      res = await attempt();
    } catch {
      res = { status: 0, headers: {}, json: undefined, text: "connection failed" };
    }
    if (res.status >= 200 && res.status < 300) {
      record?.(res);
      return { ok: true, status: res.status, retries };
    }
    const after = Number(res.headers["retry-after"]);
    if (res.status !== 503 || !(after >= 0) || retries + 1 >= MAX_ATTEMPTS) {
      console.error(`failed: ${kind} on ${host} after ${retries} retries: ${res.status} ${res.text.slice(0, 300)}`);
      return { ok: false, status: res.status, retries };
    }
    await new Promise((r) => setTimeout(r, after * 1000));
  }
}

/** Runs the load; returns every request's outcome and the writes that were answered 2xx. */
export async function runLoad({ port, shops, busy, clients, seconds, priceBody, during }: LoadOptions) {
  const outcomes: Outcome[] = [];
  const written: Written[] = [];
  const t0 = performance.now();
  const elapsed = () => performance.now() - t0;
  let settled = during === undefined;
  const side = during?.(elapsed).finally(() => (settled = true));
  const client = async () => {
    while (elapsed() < seconds * 1000 || !settled) {
      const shop = Math.random() < BUSY_SHARE ? shops[busy] : shops[Math.floor(Math.random() * shops.length)];
      const kind = pick(Math.random());
      const at = elapsed();
      const r = await send(port, shop, kind, priceBody, written);
      outcomes.push({ shop: shop.n, kind, ...r, ms: elapsed() - at, at });
    }
  };
  await Promise.all([...Array.from({ length: clients }, client), side]);
  return { outcomes, written, ms: elapsed() };
}

const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : Number.NaN);

/**
 * Requests per second and latency quantiles, per kind and overall. With `slice` (each load's
 * length), throughput counts only the requests answered within their load's time, over `ms` (the
 * sum of those lengths): the tail in which the clients finish their last requests is left out.
 */
export function summarise(outcomes: Outcome[], ms: number, slice?: number) {
  const rows = [...MIX.map((m) => m.kind), "all"].map((kind) => {
    const of = outcomes.filter((o) => kind === "all" || o.kind === kind);
    const times = of.map((o) => o.ms).sort((a, b) => a - b);
    return {
      kind,
      requests: of.length,
      failed: of.filter((o) => !o.ok).length,
      rps: of.filter((o) => slice === undefined || o.at + o.ms <= slice).length / (ms / 1000),
      p50: quantile(times, 0.5),
      p99: quantile(times, 0.99),
    };
  });
  return rows;
}

export function printSummary(title: string, rows: ReturnType<typeof summarise>) {
  console.log(title);
  for (const r of rows)
    console.log(
      `  ${r.kind.padEnd(11)} ${r.rps.toFixed(1).padStart(6)} req/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(7)} ms   ${String(r.requests).padStart(6)} requests, ${r.failed} failed`,
    );
}
