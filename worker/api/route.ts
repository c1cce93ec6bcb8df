import { createRoute, z, type RouteConfig } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./context.ts";
import { errorResponses } from "./envelope.ts";
import { ApiError } from "./errors.ts";
import { scopesGranting } from "../auth/permissions.ts";
import { enforce, type Access } from "../middleware/auth.ts";
import { idempotent } from "../middleware/idempotency.ts";
import { requireRoot, requireTenant } from "../middleware/tenant.ts";

/** Which host serves the route: a shop's (the default), the platform's root, or either. */
type Host = "tenant" | "root" | "any";

/** How the OpenAPI document states a route's access: `security` with the API-key scopes that grant it. */
function security({ permission, guest }: Access) {
  if (permission === "public") return [];
  if (permission === "session") return [{ session: [] }];
  const apiKey = permission === "signed_in" ? [] : scopesGranting(permission);
  return [...(guest ? [{}] : []), ...(permission === "signed_in" || apiKey.length > 0 ? [{ apiKey }] : []), { session: [] }];
}

const IdempotencyKey = z.object({
  "idempotency-key": z
    .string()
    .optional()
    .openapi({ description: "Retry safely: the same key and body from the same caller get the first answer again (24 h), marked `idempotent-replayed: true`" }),
});

/** A POST answering 201 creates something: a retry with the same Idempotency-Key must not create it twice. */
const creates = (route: Pick<RouteConfig, "method" | "responses">, host: Host) => route.method === "post" && "201" in route.responses && host === "tenant";

/**
 * How much body a route takes: JSON up to JSON_BODY_LIMIT (the default); its
 * own cap for a body read whole (a QC photo), counted as it streams in and
 * refused past the cap; or "streamed" for an upload whose handler counts and
 * stores the bytes as it reads them (parts, calibration G-code).
 */
export type BodyLimit = { bytes: number; what: string } | "streamed";

export const JSON_BODY_LIMIT = 256 * 1024;
const JSON_BODY: BodyLimit = { bytes: JSON_BODY_LIMIT, what: "The request body" };

const sizeText = (bytes: number) => (bytes % 1048576 === 0 ? `${bytes / 1048576} MB` : `${bytes / 1024} KB`);

const limitBody = ({ bytes, what }: Exclude<BodyLimit, "streamed">): MiddlewareHandler<AppEnv> =>
  bodyLimit({
    maxSize: bytes,
    onError: () => {
      throw new ApiError("PAYLOAD_TOO_LARGE", `${what} is larger than ${sizeText(bytes)}`, [{ field: "body", message: `must be at most ${bytes} bytes` }]);
    },
  });

const HOST_GUARD: Record<Host, MiddlewareHandler<AppEnv>[]> = { tenant: [requireTenant], root: [requireRoot], any: [] };

/**
 * createRoute with the route's access declared in the same place: the
 * enforcing middleware runs before the request is validated, and the OpenAPI
 * operation carries it as `x-permission` (with `x-guest` when a guest may
 * call it) and as `security` scopes. A POST that answers 201 on a shop's host honours
 * `Idempotency-Key`. Its body is capped as `body` declares. Every route of the API is made here.
 */
export function defineRoute<P extends string, R extends Omit<RouteConfig, "path"> & { path: P }>(config: R & Access & { host?: Host; body?: BodyLimit }) {
  const { permission, guest = false, host = "tenant", body = JSON_BODY, middleware = [], ...route } = config;
  const access: Access = { permission, guest };
  const idempotency = creates(route, host);
  // What the middleware added here may answer, declared with the route's own answers.
  // Any route may meet an unknown host (404) and an API key's rate limit (429); a write on a shop's host,
  // the shop being moved between data shards for a moment (503, retry; docs/decisions/0061-sharding.md).
  const guarded = {
    ...errorResponses(404, 429),
    ...(host !== "root" && route.method !== "get" ? errorResponses(503) : {}),
    ...(permission === "public" ? {} : errorResponses(401, 403)),
    ...(idempotency ? errorResponses(400, 409) : {}),
  };
  return createRoute({
    ...route,
    responses: { ...guarded, ...route.responses },
    ...(idempotency
      ? {
          request: { ...route.request, headers: route.request?.headers ? (route.request.headers as z.ZodObject).extend(IdempotencyKey.shape) : IdempotencyKey },
        }
      : {}),
    middleware: [
      ...(body === "streamed" || route.method === "get" ? [] : [limitBody(body)]),
      ...HOST_GUARD[host],
      enforce(access),
      ...(idempotency ? [idempotent] : []),
      ...(Array.isArray(middleware) ? middleware : [middleware]),
    ],
    security: security(access),
    "x-permission": permission,
    ...(guest ? { "x-guest": true } : {}),
  } as unknown as R);
}
