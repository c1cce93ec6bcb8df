import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../api/context.ts";
import { openDb } from "../db/client.ts";
import { bookmarkFor, bookmarkLabel, tagBookmark } from "../db/shards.ts";

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;
/** The D1 bookmark a client carries between requests, naming its database (worker/db/shards.ts). */
export const BOOKMARK_HEADER = "x-d1-bookmark";

/**
 * Gives every request an id (a well-formed incoming X-Request-Id is kept, for
 * tracing across partners), a D1 session, and one structured log line.
 */
export const requestContext: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = Date.now();
  const incoming = c.req.header("x-request-id");
  const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
  c.set("requestId", requestId);
  c.set("db", openDb(c.env.DB, bookmarkFor(bookmarkLabel(null), c.req.header(BOOKMARK_HEADER))));
  c.set("tenant", null);
  c.set("scope", null);
  c.set("principal", null);
  await next();
  c.header("X-Request-Id", requestId);
  // A shop's writes are on its shard: that is the bookmark to carry; elsewhere the control plane's.
  const shard = c.get("tenant")?.shard ?? null;
  const bookmark = tagBookmark(bookmarkLabel(shard), (c.get("scope")?.db ?? c.get("db")).bookmark());
  if (bookmark) c.header(BOOKMARK_HEADER, bookmark);
  console.log(
    JSON.stringify({
      level: c.res.status >= 500 ? "error" : "info",
      request_id: requestId,
      tenant_id: c.get("tenant")?.id ?? null,
      method: c.req.method,
      route: c.req.routePath,
      path: c.req.path,
      status: c.res.status,
      duration_ms: Date.now() - started,
    }),
  );
};
