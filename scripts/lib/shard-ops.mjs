import { ensurePlatformToken } from "./dev-vars.mjs";
import { hostRequest } from "./host-request.mjs";

/**
 * The platform operator's shard calls against a running `wrangler dev` (docs/decisions/0061-sharding.md,
 * 0074-resumable-shard-moves.md): `npm run shard:move` and bench:scale drive moves through these.
 */

/** One `/internal/shards/{path}` call with the platform token; its data, or an error naming the call. */
export async function shardCall(port, path, json) {
  const res = await hostRequest(port, "localhost", "POST", `/internal/shards/${path}`, {
    json,
    headers: { authorization: `Bearer ${ensurePlatformToken()}` },
  });
  if (res.status !== 200)
    throw Object.assign(new Error(`${path}: ${res.status} ${res.json?.error?.message ?? res.text}`), {
      status: res.status,
      retryAfter: Number(res.headers?.["retry-after"] ?? 0),
    });
  return res.json.data;
}

/**
 * A step that met a passing database error answers 503, and a step whose answer was lost (the connection
 * dropped) may have made progress or switched the map: either way the move goes on, or answers its
 * finished state, when called again (this many times in a row at most).
 */
const TRANSIENT_RETRIES = 10;

/**
 * Steps a move until the map has switched: each call answers its step's progress until the one that
 * switches answers "done" (and so does a repeated call until the move is confirmed); `busy` while another
 * call's step runs (then waits a second); a 503 (a passing database error) is called again after its
 * Retry-After (5 s without one), a lost answer after a second. `onStep` sees each unfinished step's
 * answer. Resolves to the last answer.
 */
export async function driveMove(port, tenant, shard, onStep = () => {}) {
  for (let failures = 0; ; ) {
    let step;
    try {
      step = await shardCall(port, "move", { tenant, shard });
    } catch (e) {
      if ((e.status !== undefined && e.status !== 503) || ++failures > TRANSIENT_RETRIES) throw e;
      await new Promise((r) => setTimeout(r, 1000 * (e.status === 503 ? e.retryAfter || 5 : 1)));
      continue;
    }
    failures = 0;
    if (step.status === "done") return step;
    onStep(step);
    if (step.progress.busy) await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Deletes a finished move's old copy: each call deletes what its step's budget allows, until one answers "done". */
export async function driveConfirm(port, tenant) {
  for (;;) {
    const answer = await shardCall(port, "confirm", { tenant });
    if (answer.status === "done") return answer;
  }
}
