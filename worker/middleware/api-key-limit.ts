import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../api/context.ts";
import { ApiError } from "../api/errors.ts";
import type { RateLimitOutcome } from "../rate-limits/windows.ts";
import { apiKeyLimiter } from "../../durable-objects/stubs.ts";

const headersOf = (o: RateLimitOutcome): Record<string, string> => ({
  "RateLimit-Limit": String(o.limit),
  "RateLimit-Remaining": String(o.remaining),
  "RateLimit-Reset": String(o.reset_seconds),
  "RateLimit-Policy": o.policy,
});

/**
 * Requests made with an API key count against its tier (worker/rate-limits):
 * every answer carries `RateLimit-*`, and one over a limit is a 429 with
 * `Retry-After`, before the route runs. Sessions and guests are limited elsewhere.
 */
export const apiKeyRateLimit: MiddlewareHandler<AppEnv> = async (c, next) => {
  const principal = c.get("principal");
  const tenant = c.get("tenant");
  if (principal?.kind !== "api_key" || !tenant) return next();
  const outcome = await apiKeyLimiter(c.env, { tenantId: tenant.id }, principal.keyId).take(principal.tier);
  const headers = headersOf(outcome);
  if (!outcome.allowed) {
    throw new ApiError(
      "RATE_LIMIT_EXCEEDED",
      `This API key has made too many requests; try again in ${outcome.retry_after_seconds} seconds`,
      [{ field: "Authorization", message: `the key's ${principal.tier} tier allows no more requests now` }],
      {
        ...headers,
        "Retry-After": String(outcome.retry_after_seconds),
      },
    );
  }
  await next();
  // A WebSocket upgrade's answer cannot take headers afterwards.
  if (c.res.status === 101) return;
  for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
};
