/**
 * bench:scale's check that no write was lost: every quote answered 2xx is on its shop's shard, and
 * every partner event answered 202 was stored there and applied exactly once (one effect row, its
 * drawing record at revision 1). First waits, through the API, until the inbox queue has processed
 * every accepted event; then, with the server stopped, reads the local D1 files.
 */
import { DatabaseSync } from "node:sqlite";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { localD1Path } from "../../scripts/lib/dev-server.mjs";
import type { Shop } from "./clone.ts";
import type { Written } from "./load.ts";
import { SHARD_COUNT } from "../../worker/db/shards.ts";

/** Polls each shop that accepted events (its owner's GET /webhooks/stats) until all are processed. */
export async function drainInbox(port: number, shops: Shop[], written: Written[], before: number, timeoutMs = 180_000) {
  const expected = new Map<number, number>();
  for (const w of written) if (w.kind === "webhook") expected.set(w.shop, (expected.get(w.shop) ?? 0) + 1);
  const deadline = Date.now() + timeoutMs;
  const check = async (n: number, count: number) => {
    const shop = shops[n];
    const res = await hostRequest(port, `${shop.slug}.localhost`, "GET", "/api/v1/webhooks/stats", { headers: { cookie: `fq_session=${shop.ownerToken}` } });
    if (res.status !== 200) throw new Error(`stats of ${shop.slug}: ${res.status} ${res.text.slice(0, 200)}`);
    const byStatus: Record<string, number> = res.json.data.inbound.by_status;
    const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
    if (total >= before + count && byStatus.processed === total) expected.delete(n);
  };
  while (expected.size > 0) {
    // A few shops at a time: the server is otherwise idle by now.
    const pending = [...expected];
    for (let i = 0; i < pending.length; i += 8) await Promise.all(pending.slice(i, i + 8).map(([n, count]) => check(n, count)));
    if (expected.size === 0) return;
    if (Date.now() > deadline) {
      console.log(`warning: ${expected.size} shops still had events waiting in the inbox queue after ${timeoutMs / 1000} s`);
      return;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export interface Verified {
  quotes: number;
  events: number;
  /** Writes answered 2xx and not found on the shop's shard (or not processed). */
  lost: Written[];
  /** Events applied more than once. */
  doubled: Written[];
  /** Rows of moved shops still on the shard they left. */
  leftBehind: number;
}

/** Checks every recorded write against the local D1 files (server stopped). */
export function verifyWrites(persistTo: string, shops: Shop[], written: Written[], moved: { shop: number; from: number }[] = []): Verified {
  const control = new DatabaseSync(localD1Path("DB", persistTo), { readOnly: true });
  const shardOf = new Map((control.prepare("select id, shard from tenants").all() as { id: string; shard: number }[]).map((t) => [t.id, t.shard]));
  control.close();
  const quotes = new Set<string>();
  const events = new Map<string, { status: string; effects: number; revision: number | null }>();
  let leftBehind = 0;
  for (let s = 0; s < SHARD_COUNT; s++) {
    const db = new DatabaseSync(localD1Path(`DB_SHARD_${s}`, persistTo), { readOnly: true });
    const home = (tenant: string) => shardOf.get(tenant) === s;
    for (const q of db.prepare("select tenant_id, id from quotes").all() as { tenant_id: string; id: string }[])
      if (home(q.tenant_id)) quotes.add(`${q.tenant_id}/${q.id}`);
    const rows = db
      .prepare(
        `select e.tenant_id, e.external_id, e.status,
           (select count(*) from webhook_effects f where f.tenant_id = e.tenant_id and f.event_id = e.id) as effects,
           (select max(revision) from partner_records p where p.tenant_id = e.tenant_id and p.external_id = e.external_id) as revision
         from webhook_events e`,
      )
      .all() as { tenant_id: string; external_id: string; status: string; effects: number; revision: number | null }[];
    for (const e of rows) if (home(e.tenant_id)) events.set(`${e.tenant_id}/${e.external_id}`, e);
    for (const m of moved.filter((m) => m.from === s))
      leftBehind += (
        db
          .prepare("select (select count(*) from quotes where tenant_id = ?) + (select count(*) from users where tenant_id = ?) as n")
          .get(shops[m.shop].id, shops[m.shop].id) as { n: number }
      ).n;
    db.close();
  }
  const lost: Written[] = [];
  const doubled: Written[] = [];
  for (const w of written) {
    const key = `${shops[w.shop].id}/${w.id}`;
    if (w.kind === "quote") {
      if (!quotes.has(key)) lost.push(w);
      continue;
    }
    const e = events.get(key);
    if (e?.status !== "processed" || e.revision === null) lost.push(w);
    else if (e.effects !== 1 || e.revision > 1) doubled.push(w);
  }
  return { quotes: written.filter((w) => w.kind === "quote").length, events: written.filter((w) => w.kind === "webhook").length, lost, doubled, leftBehind };
}
