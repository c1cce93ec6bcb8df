import { describe, expect, it } from "vitest";
import { TIER_LIMITS } from "../../../worker/rate-limits/tiers.ts";
import { takeToken, type WindowState } from "../../../worker/rate-limits/windows.ts";

/** Takes `n` tokens at `at`, returning the last outcome and the state after. */
function takeMany(state: WindowState | null, tier: keyof typeof TIER_LIMITS, n: number, at: number) {
  let last = takeToken(state, TIER_LIMITS[tier], at);
  for (let i = 1; i < n; i++) last = takeToken(last.state, TIER_LIMITS[tier], at);
  return last;
}

const T0 = Date.UTC(2026, 0, 1, 10, 0, 0);

describe("API-key rate windows", () => {
  it("a standard key passes its burst of 20 at once, the 21st waits for the bucket to refill", () => {
    const twenty = takeMany(null, "standard", 20, T0);
    expect(twenty.outcome).toMatchObject({ allowed: true, limit: 20, remaining: 0 });
    const refused = takeToken(twenty.state, TIER_LIMITS.standard, T0);
    // 100 a minute refills one token every 0.6 s.
    expect(refused.outcome).toMatchObject({ allowed: false, limit: 20, remaining: 0, retry_after_seconds: 1 });
    expect(takeToken(refused.state, TIER_LIMITS.standard, T0 + 600).outcome.allowed).toBe(true);
  });

  it("a refused request consumes nothing", () => {
    const full = takeMany(null, "standard", 20, T0);
    const again = takeMany(full.state, "standard", 50, T0);
    expect(again.state.windows.minute.count).toBe(20);
  });

  it("never more than 100 in one minute however the requests are spread", () => {
    let state: WindowState | null = null;
    let passed = 0;
    // One request every 100 ms for a minute: the bucket would allow 120 (20 + 100), the minute allows 100.
    for (let ms = 0; ms < 60_000; ms += 100) {
      const r = takeToken(state, TIER_LIMITS.standard, T0 + ms);
      state = r.state;
      if (r.outcome.allowed) passed++;
    }
    expect(passed).toBe(100);
    // The next minute starts afresh.
    expect(takeToken(state, TIER_LIMITS.standard, T0 + 60_000).outcome.allowed).toBe(true);
  });

  it("the hour and day windows refuse standard and premium keys, never internal ones", () => {
    const at = T0 + 30 * 60_000;
    const busy = (hour: number, day: number): WindowState => ({
      tokens: 100,
      refilled_at: at,
      windows: {
        minute: { start: at - (at % 60_000), count: 0 },
        hour: { start: at - (at % 3_600_000), count: hour },
        day: { start: at - (at % 86_400_000), count: day },
      },
    });
    const hourly = takeToken(busy(5_000, 5_000), TIER_LIMITS.standard, at).outcome;
    expect(hourly).toMatchObject({ allowed: false, limit: 5_000, remaining: 0, retry_after_seconds: 30 * 60 });
    expect(takeToken(busy(19_999, 19_999), TIER_LIMITS.premium, at).outcome).toMatchObject({ allowed: true, remaining: 0 });
    expect(takeToken(busy(1_000, 500_000), TIER_LIMITS.premium, at).outcome).toMatchObject({ allowed: false, limit: 500_000 });
    const internal = takeToken(busy(1_000_000, 10_000_000), TIER_LIMITS.internal, at).outcome;
    expect(internal).toMatchObject({ allowed: true, policy: "1000;w=60" });
  });

  it("reports the window closest to refusing, with its policy", () => {
    const first = takeToken(null, TIER_LIMITS.premium, T0).outcome;
    expect(first).toEqual({
      allowed: true,
      limit: 50,
      remaining: 49,
      reset_seconds: 1,
      retry_after_seconds: 0,
      policy: "500;w=60, 20000;w=3600, 500000;w=86400",
    });
  });
});
