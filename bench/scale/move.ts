/**
 * A shop's move between shards as the platform operator makes it (`npm run shard:move` drives the
 * same two calls; docs/decisions/0061-sharding.md): the move, then its confirmation, which deletes
 * the old copy. The one place bench:scale knows how a move is driven.
 */
import { driveConfirm, driveMove } from "../../scripts/lib/shard-ops.mjs";

export interface Moved {
  from: number;
  to: number;
  /** Wall time of the move itself, from the first call to the switched map. */
  seconds: number;
  /** Wall time of the confirmation (deleting the old copy). */
  confirmSeconds: number;
  /** The tenant's rows copied and verified. */
  rows: number;
}

export async function moveShop(port: number, tenant: string, shard: number): Promise<Moved> {
  const t0 = performance.now();
  const moved = await driveMove(port, tenant, shard);
  const t1 = performance.now();
  await driveConfirm(port, tenant);
  return {
    from: moved.from,
    to: moved.to,
    seconds: (t1 - t0) / 1000,
    confirmSeconds: (performance.now() - t1) / 1000,
    rows: moved.tables.reduce((n: number, t: { rows: number }) => n + t.rows, 0),
  };
}
