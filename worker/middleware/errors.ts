import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "@hono/zod-openapi";
import type { AppEnv, RequestEnv } from "../api/context.ts";
import { errorBody } from "../api/envelope.ts";
import { ApiError, codeForStatus, type ErrorCode, type ErrorDetail } from "../api/errors.ts";
import { isEngineError } from "../../engine/errors.ts";
import { isMovingError, movingError } from "../db/shards.ts";

const ENGINE_CODES: Record<number, ErrorCode> = {
  400: "INVALID_REQUEST",
  404: "NOT_FOUND",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  422: "UNPROCESSABLE_ENTITY",
};

/** Engine errors that already speak the API's vocabulary keep their code. */
const API_CODES = new Set<string>(["VALIDATION_ERROR", "NOT_FOUND", "CONFLICT", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"]);

const send = <E extends RequestEnv>(
  c: Context<E>,
  status: ContentfulStatusCode,
  code: ErrorCode,
  message: string,
  details: ErrorDetail[] = [],
  headers: Record<string, string> = {},
) => {
  for (const [k, v] of Object.entries(headers)) c.header(k, v);
  return c.json(errorBody(c.get("requestId") ?? crypto.randomUUID(), code, message, details), status);
};

/** Every failure leaves as the error envelope; only the unexpected is a 500, and it never shows a stack. */
export const onError: ErrorHandler<AppEnv> = (thrown, c) => {
  // The move's refusal from a Durable Object or the old shard's write fence (decisions 74, 76): answered as the 503 it is.
  const err = isMovingError(thrown) ? movingError() : thrown;
  if (err instanceof ApiError) return send(c, err.status, err.code, err.message, err.details, err.headers);
  if (isEngineError(err)) {
    const code = API_CODES.has(err.code) ? (err.code as ErrorCode) : (ENGINE_CODES[err.status] ?? "UNPROCESSABLE_ENTITY");
    return send(c, err.status as ContentfulStatusCode, code, err.message, err.details);
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    return send(c, status, codeForStatus(status), err.message || "Request refused");
  }
  console.error(JSON.stringify({ level: "error", request_id: c.get("requestId"), error: String(err), stack: (err as Error)?.stack }));
  return send(c, 500, "INTERNAL_SERVER_ERROR", "Something went wrong on our side; it has been logged.");
};

export const onNotFound: NotFoundHandler<AppEnv> = (c) => send(c, 404, "NOT_FOUND", `No route for ${c.req.method} ${new URL(c.req.url).pathname}`);

/** Values of these fields are never echoed back in error details. */
const SECRET_FIELD = /password|secret|token/i;

/** zod issues → the envelope's details, one per field at fault. */
export function validationDetails(error: { issues: readonly z.core.$ZodIssue[] }, target: string, prefix: PropertyKey[] = []): ErrorDetail[] {
  return error.issues.flatMap((issue): ErrorDetail[] => {
    const at = [...prefix, ...issue.path];
    const path = at.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((k) => ({ field: path ? `${path}.${k}` : k, message: "is not a known field" }));
    }
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      // Report the alternative the input came closest to, not every alternative's complaints.
      const closest = issue.errors.reduce((best, errs) => (errs.length < best.length ? errs : best));
      return validationDetails({ issues: closest }, target, at);
    }
    const secret = SECRET_FIELD.test(path);
    return [{ field: path || target, message: issue.message, ...("input" in issue && !secret ? { value: issue.input } : {}) }];
  });
}

/** defaultHook of every OpenAPI route: a failed zod validation is a 400 VALIDATION_ERROR. */
export const validationHook = <E extends RequestEnv>(result: { success: boolean; error?: z.ZodError; target: string }, c: Context<E>) => {
  if (!result.success && result.error) {
    return send(c, 400, "VALIDATION_ERROR", "The request is not valid", validationDetails(result.error, result.target));
  }
};

/**
 * The hook of routes whose contract answers bad input with 422 naming the field (checkout and its
 * addresses, issue 15): the same details as VALIDATION_ERROR, as UNPROCESSABLE_ENTITY.
 */
export const unprocessableHook = (result: { success: boolean; error?: z.ZodError; target: string }): undefined => {
  if (!result.success && result.error)
    throw new ApiError("UNPROCESSABLE_ENTITY", "Please correct the fields named", validationDetails(result.error, result.target));
};
