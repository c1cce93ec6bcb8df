import { z } from "@hono/zod-openapi";
import { isCommonPassword } from "../auth/common-passwords.ts";
import { ROLES } from "../auth/permissions.ts";
import { decodeCursor } from "../db/paging.ts";

/** Shared request and response pieces. */

export const RESERVED_SLUGS = new Set([
  "www",
  "api",
  "app",
  "admin",
  "root",
  "mail",
  "smtp",
  "static",
  "assets",
  "cdn",
  "docs",
  "status",
  "help",
  "support",
  "billing",
  "dashboard",
  "auth",
  "login",
  "signup",
  "webhooks",
  "files",
  "internal",
  "localhost",
  "fabquote",
  "test",
  "staging",
  "dev",
]);

export const Slug = z
  .string()
  .min(3, "must be at least 3 characters")
  .max(63, "must be at most 63 characters")
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "lowercase letters, digits and inner hyphens only")
  .refine((s) => !RESERVED_SLUGS.has(s), "is reserved")
  .openapi({ example: "acme-fab" });

export const Email = z.string().trim().toLowerCase().max(254).pipe(z.email("must be an e-mail address")).openapi({ example: "owner@acme-fab.test" });

export const Password = z
  .string()
  .min(10, "must be at least 10 characters")
  .max(200, "must be at most 200 characters")
  .refine((p) => !isCommonPassword(p), "is one of the most common passwords; choose another")
  .openapi({ example: "correct horse battery" });

export const Name = z.string().trim().min(1, "is required").max(120);

export const Id = z.string().min(1).max(64).openapi({ example: "6f1c1a8e-4f3e-4f4f-9a55-0d3c0f7a1e2b" });
export const IdParam = z.object({ id: Id.openapi({ param: { name: "id", in: "path" } }) });

export const Role = z.enum(ROLES);

/** A list's `cursor`: the `next_cursor` of the page before, nothing else. */
export const Cursor = z
  .string()
  .max(200)
  .refine((s) => decodeCursor(s) !== undefined, "must be a cursor from a previous page")
  .openapi({ description: "The `next_cursor` of the previous page" });

/** Every list's query: a page size and where to continue (worker/db/paging.ts). */
export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: Cursor.optional(),
});

export const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());
