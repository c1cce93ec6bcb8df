import type { Db } from "../db/client.ts";
import { strandedTechnicalPackages, transitionTechnicalPackage, unchangedSince } from "../db/technical-packages.ts";
import type { Env } from "../env.ts";
import { TIMED_OUT } from "../drawings/run.ts";
import { MAX_ATTEMPTS } from "./build.ts";

/**
 * A package with no change for this long is stranded: its message never
 * reached the queue, or its build died. A build takes seconds and its
 * retries wait 1, 2 and 4 s, so ten minutes is never a build still running.
 */
export const STRANDED_AFTER_MS = 10 * 60_000;
const SWEEP_LIMIT = 200;

/**
 * The scheduled repair (as the cutting lists' sweep): stranded packages are
 * queued again; one that has used its attempts ends failed with TIMED_OUT, so
 * the quote page offers "try again" instead of a spinner. A queued row never
 * started, so its lost message is charged as an attempt here; a building row
 * was charged when it started. Returns how many were queued again.
 */
export async function sweepTechnicalPackages(env: Env, db: Db, now = Date.now()) {
  let queued = 0;
  for (const p of await strandedTechnicalPackages(db, now - STRANDED_AFTER_MS, SWEEP_LIMIT)) {
    const scope = { db, tenantId: p.tenant_id };
    const attempts = p.status === "queued" ? p.attempts + 1 : p.attempts;
    if (attempts >= MAX_ATTEMPTS) {
      await transitionTechnicalPackage(
        scope,
        p.quote_id,
        [p.status],
        {
          status: "failed",
          attempts,
          error_code: TIMED_OUT,
          error_message: `The build stopped before it finished ${attempts} times`,
          finished_at: now,
        },
        unchangedSince(p.updated_at),
      );
      continue;
    }
    if (!(await transitionTechnicalPackage(scope, p.quote_id, [p.status], { status: "queued", attempts }, unchangedSince(p.updated_at)))) continue;
    await env.JOBS_QUEUE.send({ kind: "technical_package.build", tenant_id: p.tenant_id, quote_id: p.quote_id });
    queued++;
  }
  return queued;
}
