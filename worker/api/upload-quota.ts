import type { Context } from "hono";
import type { TenantEnv } from "./context.ts";
import { ApiError } from "./errors.ts";
import { recentUploads } from "../db/upload-quota.ts";
import { scopeOf, tenantOf } from "../middleware/tenant.ts";

/** Files a signed-in customer account may upload in 24 hours unless the shop sets `customer_daily_uploads`. */
export const DEFAULT_CUSTOMER_DAILY_UPLOADS = 200;
const DAY_MS = 24 * 3600 * 1000;

/**
 * A customer's account (signed in, or through a key made by a customer user)
 * may start at most the shop's daily number of uploads in any 24 hours. Staff
 * are not limited; guests are limited per IP (worker/api/models.ts).
 */
export async function enforceCustomerUploadQuota(c: Context<TenantEnv>) {
  const principal = c.get("principal");
  if (!principal?.role.startsWith("customer_")) return;
  const limit = tenantOf(c).settings.customer_daily_uploads ?? DEFAULT_CUSTOMER_DAILY_UPLOADS;
  const now = Date.now();
  const recent = await recentUploads(scopeOf(c), principal.userId, now - DAY_MS);
  if (recent.count < limit) return;
  const waitMs = recent.oldest === null ? DAY_MS : recent.oldest + DAY_MS - now;
  throw new ApiError(
    "RATE_LIMIT_EXCEEDED",
    `You have uploaded ${recent.count} files in the last 24 hours, the most this shop accepts from one account in a day. You can upload again ${inAbout(waitMs)}.`,
    [{ field: "body", message: `at most ${limit} uploads in 24 hours` }],
    { "Retry-After": String(Math.max(1, Math.ceil(waitMs / 1000))) },
  );
}

function inAbout(ms: number) {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 60) return `in ${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.round(minutes / 60);
  return `in about ${hours} hour${hours === 1 ? "" : "s"}`;
}
