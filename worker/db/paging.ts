import { and, asc, desc, eq, gt, lt, or, type Column, type SQL } from "drizzle-orm";

/**
 * One way to page every list: keyset pages over (a time column, id), newest
 * first unless a list asks for oldest first. The cursor is the last row's key,
 * opaque to callers (base64url of `[time, id]`), so rows sharing a millisecond
 * are neither skipped nor repeated at a page boundary and a page costs an
 * index range, not an OFFSET.
 */
export interface PageRequest {
  limit: number;
  cursor?: string;
  order?: "newest" | "oldest";
}

export interface Pagination {
  next_cursor: string | null;
  has_next: boolean;
  limit: number;
}

type Key = readonly [at: number, id: string];

export function encodeCursor([at, id]: Key): string {
  return btoa(JSON.stringify([at, id]))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** The key a cursor carries, or undefined when it is not one this API wrote. */
export function decodeCursor(cursor: string): Key | undefined {
  try {
    const value: unknown = JSON.parse(atob(cursor.replace(/-/g, "+").replace(/_/g, "/")));
    if (Array.isArray(value) && value.length === 2 && Number.isSafeInteger(value[0]) && typeof value[1] === "string") return [value[0], value[1]];
  } catch {
    // Not base64 or not JSON: not a cursor.
  }
  return undefined;
}

/** The WHERE condition and ORDER BY of one page over `at` then `id`. */
export function keyset(at: Column, id: Column, page: PageRequest): { after: SQL | undefined; orderBy: SQL[] } {
  const oldest = page.order === "oldest";
  const key = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
  // The API validates cursors (400 naming `cursor`); a bad one reaching here is a bug, not an empty page.
  if (page.cursor !== undefined && !key) throw new Error("keyset: invalid cursor");
  const beyond = oldest ? gt : lt;
  return {
    after: key && or(beyond(at, key[0]), and(eq(at, key[0]), beyond(id, key[1]))),
    orderBy: oldest ? [asc(at), asc(id)] : [desc(at), desc(id)],
  };
}

/** Slices the extra row a `limit + 1` query fetched into a page and the cursor of its last row. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => Key): { data: T[]; pagination: Pagination } {
  const has_next = rows.length > limit;
  const data = has_next ? rows.slice(0, limit) : rows;
  return { data, pagination: { next_cursor: has_next ? encodeCursor(keyOf(data[data.length - 1])) : null, has_next, limit } };
}

/** The page of a list the caller may see nothing of. */
export const emptyPage = <T>(limit: number): { data: T[]; pagination: Pagination } => ({ data: [], pagination: { next_cursor: null, has_next: false, limit } });
