import { driveConfirm, driveMove, shardCall } from "./lib/shard-ops.mjs";

// `npm run shard:move -- <tenant id or slug> <shard> [--confirm]` against the running `npm start`
// (PORT, default 8787): moves the shop's rows to the shard, step by step (each call to
// /internal/shards/move makes one step within the Worker's D1 query budget and answers its progress;
// this polls until the map has switched), verified table by table; the old copy stays until the same
// command runs with --confirm, which deletes it. An interrupted move goes on where it got to when the
// command runs again; `npm run shard:move -- <tenant> --abort` gives it up instead (the old copy stays
// the shop's). docs/decisions/0061-sharding.md, 0074-resumable-shard-moves.md
const args = process.argv.slice(2);
const confirm = args.includes("--confirm");
const abort = args.includes("--abort");
const [tenant, shardText] = args.filter((a) => !a.startsWith("--"));
const shard = Number(shardText);
if (!tenant || (!abort && !Number.isInteger(shard))) {
  console.error("usage: npm run shard:move -- <tenant id or slug> <shard> [--confirm]\n       npm run shard:move -- <tenant id or slug> --abort");
  process.exit(2);
}
const port = Number(process.env.PORT ?? 8787);
const call = (path, json) => shardCall(port, path, json);

/** Steps the move until the map has switched, one progress line per step. */
const move = () =>
  driveMove(port, tenant, shard, ({ progress: p }) =>
    console.log(
      p.busy
        ? "  another call's step is running; waiting"
        : `  step ${String(p.steps).padStart(4)}: ${p.phase.padEnd(6)} ${String(p.table).padEnd(28)} tables ${p.tables_done}/${p.tables_total}, ` +
            `${p.rows_copied} rows copied, ${p.rows_verified} verified (${p.this_step_queries} queries)`,
    ),
  );

try {
  if (abort) {
    const aborted = await call("abort", { tenant });
    console.log(`Gave up the move of ${aborted.tenant_id}: it stays on shard ${aborted.shard}; the partial copy on shard ${aborted.dropped_from} is deleted.`);
    process.exit(0);
  }
  const moved = await move().catch((e) => {
    // Moved there already by an earlier run: --confirm goes on to delete the old copy.
    if (confirm && /on shard \d+ already/.test(e.message)) return null;
    throw e;
  });
  if (moved) {
    const p = moved.progress;
    console.log(
      `Moved ${moved.tenant_id} from shard ${moved.from} to shard ${moved.to} in ${(moved.duration_ms / 1000).toFixed(1)} s (${p.steps} steps, ${p.queries} queries):`,
    );
    for (const t of moved.tables.filter((t) => t.rows > 0))
      console.log(`  ${t.table.padEnd(28)} ${String(t.rows).padStart(7)} rows  ${t.checksum.slice(0, 16)}`);
  }
  if (confirm) {
    const dropped = await driveConfirm(port, tenant);
    console.log(`Deleted the old copy from shard ${dropped.dropped_from}.`);
  } else if (moved) {
    console.log(`The old copy stays on shard ${moved.from}; run again with --confirm to delete it.`);
  }
} catch (e) {
  console.error(e.message);
  if (!/undone/.test(e.message)) console.error("If a move is under way, the same command goes on with it; with --abort it gives it up.");
  process.exit(1);
}
