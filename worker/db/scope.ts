import type { Db } from "./client.ts";

/** A tenant context: every tenant-owned query in worker/db takes one. */
export interface Scope {
  db: Db;
  tenantId: string;
}

/** True when D1 refused a write because of a UNIQUE constraint. */
export const isUniqueViolation = (e: unknown): boolean => {
  for (let err = e as { message?: string; cause?: unknown } | undefined; err; err = err.cause as typeof err) {
    if (typeof err.message === "string" && err.message.includes("UNIQUE constraint failed")) return true;
  }
  return false;
};
