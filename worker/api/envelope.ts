import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { JSONValue } from "hono/utils/types";
import type { RequestEnv } from "./context.ts";
import type { ErrorCode, ErrorDetail } from "./errors.ts";

/** The response envelope of ARCHITECTURE.md, as zod schemas (they feed the OpenAPI document). */
export const Metadata = z.object({ request_id: z.string(), timestamp: z.string(), version: z.literal("v1") }).openapi("Metadata");

export const Pagination = z.object({ next_cursor: z.string().nullable(), has_next: z.boolean(), limit: z.number().int() }).openapi("Pagination");

export const ErrorEnvelope = z
  .object({
    success: z.literal(false),
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ field: z.string(), message: z.string(), value: z.unknown().optional() })),
    }),
    metadata: Metadata,
  })
  .openapi("Error");

/**
 * A named (component) schema or null. zod's `.nullable()` on a component becomes
 * `allOf [$ref, object|null]` in the document, which no null satisfies; this is `anyOf`.
 */
export const orNull = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);

export const envelope = <T extends z.ZodType>(data: T) => z.object({ success: z.literal(true), data, metadata: Metadata });

/** A JSON answer in the standard envelope, for a route's `responses`. */
export const jsonResponse = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { "application/json": { schema: envelope(schema) } },
});

export const listEnvelope = <T extends z.ZodType>(item: T) =>
  z.object({ success: z.literal(true), data: z.array(item), pagination: Pagination, metadata: Metadata });

export const metadata = (requestId: string) => ({
  request_id: requestId,
  timestamp: new Date().toISOString(),
  version: "v1" as const,
});

export function ok<T, S extends ContentfulStatusCode = 200, E extends RequestEnv = RequestEnv>(c: Context<E>, data: T, status?: S) {
  return c.json({ success: true as const, data, metadata: metadata(c.get("requestId")) }, (status ?? 200) as S);
}

export function okList<T, E extends RequestEnv = RequestEnv>(
  c: Context<E>,
  data: T[],
  pagination: { next_cursor: string | null; has_next: boolean; limit: number },
) {
  return c.json({ success: true as const, data, pagination, metadata: metadata(c.get("requestId")) }, 200);
}

/** For views holding stored JSON (typed `unknown`): asserts they serialise as JSON. */
export const asJson = <T>(value: T) => value as unknown as { [key: string]: JSONValue };

export const errorBody = (requestId: string, code: ErrorCode, message: string, details: ErrorDetail[] = []) => ({
  success: false as const,
  error: { code, message, details },
  metadata: metadata(requestId),
});

/** The error responses every route may give, for the OpenAPI document. */
export const errorResponses = (...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503)[]) =>
  Object.fromEntries(statuses.map((s) => [s, { description: "Error", content: { "application/json": { schema: ErrorEnvelope } } }]));
