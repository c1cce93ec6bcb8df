/**
 * A shop's move between shards as the platform operator makes it (`npm run shard:move` drives the
 * same two calls; docs/decisions/0061-sharding.md): the move, then its confirmation, which deletes
 * the old copy. The one place bench:scale knows how a move is driven.
 */
import { ensurePlatformToken } from "../../scripts/lib/dev-vars.mjs";
import { hostRequest } from "../../scripts/lib/host-request.mjs";

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
  const headers = { authorization: `Bearer ${ensurePlatformToken()}` };
  const call = async (path: string, json: unknown) => {
    const t0 = performance.now();
    const res = await hostRequest(port, "localhost", "POST", `/internal/shards/${path}`, { json, headers });
    if (res.status !== 200) throw new Error(`shard ${path}: ${res.status} ${res.json?.error?.message ?? res.text}`);
    return { data: res.json.data, seconds: (performance.now() - t0) / 1000 };
  };
  // The move goes in steps (decision 74): each call answers its step's progress until the one that
  // switches the map answers "done"; `busy` while another call's step runs.
  const t0 = performance.now();
  let moved = await call("move", { tenant, shard });
  while (moved.data.status !== "done") {
    if (moved.data.progress?.busy) await new Promise((r) => setTimeout(r, 1000));
    moved = await call("move", { tenant, shard });
  }
  const seconds = (performance.now() - t0) / 1000;
  const confirmed = await call("confirm", { tenant });
  return {
    from: moved.data.from,
    to: moved.data.to,
    seconds,
    confirmSeconds: confirmed.seconds,
    rows: moved.data.tables.reduce((n: number, t: { rows: number }) => n + t.rows, 0),
  };
}
