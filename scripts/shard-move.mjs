import { ensurePlatformToken } from "./lib/dev-vars.mjs";
import { hostRequest } from "./lib/host-request.mjs";

// `npm run shard:move -- <tenant id or slug> <shard> [--confirm]` against the running `npm start`
// (PORT, default 8787): moves the shop's rows to the shard, verified table by table, and switches it
// there; the old copy stays until the same command runs with --confirm, which deletes it.
// docs/decisions/0061-sharding.md
const args = process.argv.slice(2);
const confirm = args.includes("--confirm");
const [tenant, shardText] = args.filter((a) => a !== "--confirm");
const shard = Number(shardText);
if (!tenant || !Number.isInteger(shard)) {
  console.error("usage: npm run shard:move -- <tenant id or slug> <shard> [--confirm]");
  process.exit(2);
}
const port = Number(process.env.PORT ?? 8787);
const headers = { authorization: `Bearer ${ensurePlatformToken()}` };
const call = async (path, json) => {
  const res = await hostRequest(port, "localhost", "POST", `/internal/shards/${path}`, { json, headers });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.json?.error?.message ?? res.text}`);
  return res.json.data;
};

try {
  const moved = await call("move", { tenant, shard }).catch((e) => {
    // Moved there already by an earlier run: --confirm goes on to delete the old copy.
    if (confirm && /on shard \d+ already/.test(e.message)) return null;
    throw e;
  });
  if (moved) {
    console.log(`Moved ${moved.tenant_id} from shard ${moved.from} to shard ${moved.to} in ${(moved.duration_ms / 1000).toFixed(1)} s:`);
    for (const t of moved.tables.filter((t) => t.rows > 0))
      console.log(`  ${t.table.padEnd(28)} ${String(t.rows).padStart(7)} rows  ${t.checksum.slice(0, 16)}`);
  }
  if (confirm) {
    const dropped = await call("confirm", { tenant });
    console.log(`Deleted the old copy from shard ${dropped.dropped_from}.`);
  } else if (moved) {
    console.log(`The old copy stays on shard ${moved.from}; run again with --confirm to delete it.`);
  }
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
