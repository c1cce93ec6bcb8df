import type { Db } from "../db/client.ts";
import { requestUnchangedSince, strandedDrawingRequests, transitionDrawingRequest } from "../db/drawings.ts";
import type { Env } from "../env.ts";
import { failRequestStatements, MAX_ATTEMPTS, TIMED_OUT } from "./run.ts";

/**
 * A request with no change for this long is stranded: its message never
 * reached the queue, or its run died. A run records progress after every
 * drawing and its retries wait at most 4 s, so ten minutes is never a run
 * still going.
 */
export const STRANDED_AFTER_MS = 10 * 60_000;
const SWEEP_LIMIT = 200;

/**
 * The scheduled repair (as the cutting lists' and technical packages'
 * sweeps): stranded drawing requests are queued again; one that has used its
 * attempts ends failed with TIMED_OUT, its drawings with it. A pending
 * request never started, so its lost message is charged as an attempt here.
 * Returns how many were queued again.
 */
export async function sweepDrawingRequests(env: Env, db: Db, now = Date.now()) {
  let queued = 0;
  for (const r of await strandedDrawingRequests(db, now - STRANDED_AFTER_MS, SWEEP_LIMIT)) {
    const scope = { db, tenantId: r.tenant_id };
    const attempts = r.status === "pending" ? r.attempts + 1 : r.attempts;
    const unchanged = requestUnchangedSince(r.updated_at);
    if (attempts >= MAX_ATTEMPTS) {
      await db.batch(failRequestStatements(scope, r.id, [r.status], TIMED_OUT, `The drawings stopped before they were finished ${attempts} times`, unchanged));
      continue;
    }
    if (!(await transitionDrawingRequest(scope, r.id, [r.status], { status: "pending", attempts }, unchanged))) continue;
    await env.JOBS_QUEUE.send({ kind: "drawings.run", tenant_id: r.tenant_id, request_id: r.id, configuration_id: r.configuration_id, quote_id: r.quote_id });
    queued++;
  }
  return queued;
}
