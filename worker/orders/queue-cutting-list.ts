import type { Db } from "../db/client.ts";
import { strandedCuttingLists } from "../db/orders.ts";
import type { Env } from "../env.ts";

/** Asks the `jobs` queue for an ordered order's cutting list; call once the order's batch has committed. */
export async function queueCuttingList(env: Env, tenantId: string, orderId: string) {
  await env.JOBS_QUEUE.send({ kind: "order.cutting_list", tenant_id: tenantId, order_id: orderId });
}

/** Orders younger than this are left to the request that ordered them. */
const SWEEP_GRACE_MS = 60_000;
const SWEEP_LIMIT = 200;

/** The scheduled repair: cutting lists whose message never reached the queue (or was lost) are queued again; building one twice is harmless. */
export async function sweepCuttingLists(env: Env, db: Db, now = Date.now()) {
  const stranded = await strandedCuttingLists(db, now - SWEEP_GRACE_MS, SWEEP_LIMIT);
  for (const o of stranded) await queueCuttingList(env, o.tenant_id, o.id);
  return stranded.length;
}
