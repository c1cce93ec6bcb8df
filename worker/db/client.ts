import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema/index.ts";

export type Db = ReturnType<typeof openDb>;

/**
 * One drizzle client per request over a D1 session, so reads may be served by a
 * nearby replica while the bookmark keeps them at least as fresh as the
 * client's last write (sequential consistency across requests).
 */
export function openDb(d1: D1Database, bookmark?: string | null) {
  const session = d1.withSession(bookmark ?? "first-unconstrained");
  // drizzle only calls prepare() and batch(), which a D1 session has too.
  const db = drizzle(session as unknown as D1Database, { schema });
  return Object.assign(db, { bookmark: () => session.getBookmark() });
}
