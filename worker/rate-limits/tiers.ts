/**
 * API-key rate-limit tiers (issue 11, seed SPW600e §5.4.3), set per key by the
 * shop admin. `null` is "no limit" for that window.
 */
export const API_KEY_TIERS = ["standard", "premium", "internal"] as const;
export type ApiKeyTier = (typeof API_KEY_TIERS)[number];

export interface TierLimits {
  per_minute: number;
  per_hour: number | null;
  per_day: number | null;
  /** Requests that may arrive at once: the token bucket's size, refilled at `per_minute`. */
  burst: number;
}

export const TIER_LIMITS: Record<ApiKeyTier, TierLimits> = {
  standard: { per_minute: 100, per_hour: 5_000, per_day: 100_000, burst: 20 },
  premium: { per_minute: 500, per_hour: 20_000, per_day: 500_000, burst: 50 },
  internal: { per_minute: 1_000, per_hour: null, per_day: null, burst: 100 },
};
