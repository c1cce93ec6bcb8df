import { ApiError } from "../api/errors.ts";

/** The caller's IP as Cloudflare saw it; never X-Forwarded-For, which the client controls. */
export const clientIp = (req: Request) => req.headers.get("cf-connecting-ip") ?? "local";

/** Consumes one token for each key; any exhausted key answers 429 with Retry-After. */
export async function enforceRateLimit(limiter: RateLimit, keys: string[], periodSeconds = 60) {
  const outcomes = await Promise.all(keys.map((key) => limiter.limit({ key })));
  if (outcomes.some((o) => !o.success)) {
    throw new ApiError("RATE_LIMIT_EXCEEDED", "Too many attempts; wait a minute and try again", [], {
      "Retry-After": String(periodSeconds),
    });
  }
}
